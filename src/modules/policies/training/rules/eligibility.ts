/**
 * Training and operator eligibility as pure rules (POL-5, ACC-3): no I/O, no clock. The service
 * gathers the facts; these functions decide, and say why in plain English.
 */

/** The requirement that marks a course as needed by everyone who runs an official account. */
export const OPERATOR_REQUIREMENT = 'account-operator';
const ROLE_PREFIX = 'role:';

export function roleRequirement(role: string): string {
  return `${ROLE_PREFIX}${role}`;
}

/** The role id a requirement names, or undefined when it is not a role requirement. */
export function roleOfRequirement(requirement: string): string | undefined {
  return requirement.startsWith(ROLE_PREFIX) ? requirement.slice(ROLE_PREFIX.length) : undefined;
}

const longDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

/** "3 March 2026" from "2026-03-03". */
export function ukLongDate(iso: string): string {
  return longDate.format(new Date(`${iso}T12:00:00Z`));
}

export interface CompletionFact {
  courseId: string;
  completedOn: string;
  /** The day the completion stops counting; null when the course never expires. */
  expiresOn: string | null;
}

/** A completion counts until the day before it expires: on its expiry date it has expired. */
export function isCurrent(completion: { expiresOn: string | null }, today: string): boolean {
  return completion.expiresOn === null || completion.expiresOn > today;
}

export type CourseState<C extends CompletionFact = CompletionFact> =
  | { state: 'current'; completion: C }
  | { state: 'expired'; completion: C }
  | { state: 'missing' };

/**
 * Where a person stands on one course: the completion that lasts longest if any is current,
 * else the one that expired last, else missing.
 */
export function courseState<C extends CompletionFact>(
  completions: readonly C[],
  courseId: string,
  today: string,
): CourseState<C> {
  const mine = completions.filter((c) => c.courseId === courseId);
  if (!mine.length) return { state: 'missing' };
  const current = mine.filter((c) => isCurrent(c, today));
  if (current.length) {
    const best = current.reduce((a, b) =>
      a.expiresOn === null ? a : b.expiresOn === null ? b : a.expiresOn >= b.expiresOn ? a : b,
    );
    return { state: 'current', completion: best };
  }
  const latest = mine.reduce((a, b) => ((a.expiresOn ?? '') >= (b.expiresOn ?? '') ? a : b));
  return { state: 'expired', completion: latest };
}

export interface EligibilityFacts {
  today: string;
  /** The person's leaving date, if they have one. */
  leavingDate: string | null;
  /** The approved policy version in force for the school, or null when none is. */
  policyVersion: { number: number } | null;
  signedPolicyVersion: boolean;
  /** The policy setting operatorTrainingRequired. */
  trainingRequired: boolean;
  /** Every course required for account operators. */
  operatorCourses: readonly { id: string; title: string }[];
  completions: readonly CompletionFact[];
}

/** Why a person may not run an official account; empty when they may (ACC-3). */
export function eligibilityReasons(facts: EligibilityFacts): string[] {
  const reasons: string[] = [];
  if (facts.leavingDate !== null && facts.leavingDate <= facts.today)
    reasons.push(`Left on ${ukLongDate(facts.leavingDate)}`);
  if (!facts.policyVersion)
    reasons.push('There is no approved social media policy in force yet, so nobody can have signed it');
  else if (!facts.signedPolicyVersion)
    reasons.push(`Has not signed version ${facts.policyVersion.number} of the social media policy`);
  if (facts.trainingRequired) {
    if (!facts.operatorCourses.length)
      reasons.push(
        'The policy says operators must be trained first, but no training course is marked as required for account operators',
      );
    const courses = [...facts.operatorCourses].sort((a, b) => a.title.localeCompare(b.title, 'en-GB'));
    for (const course of courses) {
      const state = courseState(facts.completions, course.id, facts.today);
      if (state.state === 'missing') reasons.push(`Has not completed ‘${course.title}’`);
      else if (state.state === 'expired')
        reasons.push(`Their ‘${course.title}’ training expired on ${ukLongDate(state.completion.expiresOn!)}`);
    }
  }
  return reasons;
}
