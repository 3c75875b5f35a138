/**
 * A policy as structured data: sections of numbered clauses, each with a stable key that other
 * modules cite ("images.first-names-only"), whatever its number after editing. Clause text may
 * name settings in double braces ({{headTitle}}, {{responseDeadlineHours}}); they are filled in
 * from the school's settings when the policy is shown.
 */

/**
 * Where the school chooses between alternatives (POL-1), a clause or section appears only when
 * the setting has this value: e.g. { setting: 'businessUse', value: 'not-permitted' }.
 */
export interface Condition {
  setting: string;
  value: string | boolean;
}

export interface Clause {
  /**
   * Stable, unique within the policy: lower-case words joined by dots and hyphens. Alternatives
   * share one key (each with `when` on the same setting, for a different value), so a citation
   * of 'personal-use.at-work' finds whichever wording the school chose.
   */
  key: string;
  /** Short heading shown in citations, e.g. "Confidential information". */
  title: string;
  text: string;
  when?: Condition;
  /** The school's own number for the clause ("3.2", "a"), kept when its own policy is brought in (POL-7). */
  number?: string;
}

export interface Section {
  key: string;
  title: string;
  /** The whole section appears only when this holds (e.g. official accounts, when business use is permitted). */
  when?: Condition;
  /** The school's own number for the section, kept when its own policy is brought in (POL-7). */
  number?: string;
  clauses: Clause[];
}

export interface PolicyDocument {
  title: string;
  sections: Section[];
  /** Other school policies to read alongside (POL-6). */
  relatedPolicies: string[];
  /** The law and guidance the policy relies on (POL-6). */
  legislation: { title: string; why: string }[];
}
