// Turning a policy document and a school's settings into numbered, filled-in text (POL-1, POL-6).
// Pure: no I/O, no clock.
import { SETTINGS, isSettingKey, settingDefinition, type PolicySettings, type SettingKey } from '../model/settings.ts';
import type { Condition, PolicyDocument } from '../model/types.ts';
import { formatQuantity } from './settings.ts';

export interface NumberedClause {
  key: string;
  /** "5.2" */
  number: string;
  title: string;
  /** With every {{placeholder}} filled in. */
  text: string;
  sectionKey: string;
}

export interface NumberedSection {
  key: string;
  /** "5" */
  number: string;
  title: string;
  clauses: NumberedClause[];
}

export interface Citation {
  number: string;
  title: string;
  /** "§5.2 Confidential information" */
  label: string;
}

/** Values for placeholders that are not settings, such as {{schoolName}} on a cover page. */
export type PlaceholderExtras = Readonly<Record<string, string>>;

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const KEY_FORMAT = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;
const MAX_NESTING = 3;

/** The names inside {{…}} in a piece of text, in order, trimmed. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!.trim());
}

/**
 * Fills {{setting}} placeholders: whole numbers with their unit ("24 hours"), choices with their
 * wording in text ("your line manager"), text as typed. Extras are filled first. A name that is
 * neither throws, naming it.
 */
export function fillPlaceholders(text: string, settings: PolicySettings, extras: PlaceholderExtras = {}): string {
  return fill(text, settings, extras, 0);
}

function fill(text: string, settings: PolicySettings, extras: PlaceholderExtras, depth: number): string {
  return text.replace(PLACEHOLDER, (_whole, inner: string) => {
    const name = inner.trim();
    if (Object.hasOwn(extras, name)) return extras[name]!;
    if (!isSettingKey(name)) {
      throw new Error(`The policy text uses the placeholder {{${name}}}, which is not a setting Postwarden knows`);
    }
    return settingInText(name, settings, extras, depth);
  });
}

function settingInText(key: SettingKey, settings: PolicySettings, extras: PlaceholderExtras, depth: number): string {
  const def = settingDefinition(key);
  const value = settings[key] ?? SETTINGS[key].default;
  switch (def.type) {
    case 'integer':
      return formatQuantity(Number(value), def.unit);
    case 'choice': {
      const wording = def.options.find((o) => o.value === value)?.inText;
      if (wording === undefined) return String(value);
      if (depth >= MAX_NESTING) throw new Error(`The wording for {{${key}}} refers to itself`);
      return fill(wording, settings, extras, depth + 1);
    }
    case 'boolean':
      return value ? 'yes' : 'no';
    case 'text':
      return String(value);
    case 'people':
      return Array.isArray(value) ? value.join(', ') : String(value);
  }
}

/** Whether a clause or section with this condition appears under these settings. */
export function conditionHolds(when: Condition | undefined, settings: PolicySettings): boolean {
  if (when === undefined) return true;
  return isSettingKey(when.setting) && settings[when.setting] === when.value;
}

/**
 * The policy as the school's settings make it: alternatives not chosen are dropped, then any
 * section left empty; sections are numbered from 1 and clauses "5.1", "5.2"…; placeholders filled.
 */
export function numberPolicy(
  doc: PolicyDocument,
  settings: PolicySettings,
  extras: PlaceholderExtras = {},
): NumberedSection[] {
  const numbered: NumberedSection[] = [];
  for (const section of doc.sections) {
    if (!conditionHolds(section.when, settings)) continue;
    const clauses = section.clauses.filter((clause) => conditionHolds(clause.when, settings));
    if (clauses.length === 0) continue;
    // A policy brought in from the school's own document keeps its own numbers (POL-7).
    const number = section.number ?? String(numbered.length + 1);
    numbered.push({
      key: section.key,
      number,
      title: fillPlaceholders(section.title, settings, extras),
      clauses: clauses.map((clause, i) => ({
        key: clause.key,
        number: clause.number ?? `${number}.${i + 1}`,
        title: fillPlaceholders(clause.title, settings, extras),
        text: fillPlaceholders(clause.text, settings, extras),
        sectionKey: section.key,
      })),
    });
  }
  return numbered;
}

/** How to cite every clause that appears under these settings, by key. */
export function citations(doc: PolicyDocument, settings: PolicySettings): Map<string, Citation> {
  const byKey = new Map<string, Citation>();
  for (const section of numberPolicy(doc, settings)) {
    for (const { key, number, title } of section.clauses)
      byKey.set(key, { number, title, label: `§${number} ${title}` });
  }
  return byKey;
}

/** "§5.2 Confidential information", or undefined when the clause is not in the policy as chosen. */
export function citation(doc: PolicyDocument, settings: PolicySettings, key: string): Citation | undefined {
  return citations(doc, settings).get(key);
}

/**
 * Problems that stop a document being saved or approved, in plain English; empty when it is sound.
 * Clauses may share a key only as alternatives: each with `when` on the same setting, for a
 * different value.
 */
export function validateDocument(doc: PolicyDocument): string[] {
  const problems: string[] = [];
  const checkText = (what: string, text: string, missing: string): void => {
    if (text.trim() === '') {
      problems.push(`${what} has no ${missing}`);
      return;
    }
    for (const name of placeholdersIn(text)) {
      if (!isSettingKey(name)) problems.push(`${what} uses {{${name}}}, which is not a setting Postwarden knows`);
    }
    const rest = text.replace(PLACEHOLDER, '');
    if (rest.includes('{{') || rest.includes('}}')) {
      problems.push(`${what} has a placeholder with unmatched braces`);
    }
  };
  const checkCondition = (what: string, when: Condition | undefined): void => {
    if (when === undefined) return;
    if (!isSettingKey(when.setting)) {
      problems.push(`${what} depends on ‘${when.setting}’, which is not a setting Postwarden knows`);
      return;
    }
    const def = settingDefinition(when.setting);
    const fits =
      def.type === 'choice'
        ? def.options.some((o) => o.value === when.value)
        : def.type === 'boolean'
          ? typeof when.value === 'boolean'
          : false;
    if (!fits)
      problems.push(
        `${what} depends on ‘${when.setting}’ being ‘${String(when.value)}’, which that setting can never be`,
      );
  };

  if (doc.title.trim() === '') problems.push('The policy has no title');
  if (doc.sections.length === 0) problems.push('The policy has no sections');

  const sectionKeys = new Set<string>();
  const clausesByKey = new Map<string, { when?: Condition }[]>();
  doc.sections.forEach((section, i) => {
    const what = `Section ${i + 1}${section.title.trim() ? ` (‘${section.title}’)` : ''}`;
    if (!KEY_FORMAT.test(section.key))
      problems.push(
        `${what} has the key ‘${section.key}’: keys are lower-case letters, numbers and hyphens, joined by dots`,
      );
    else if (sectionKeys.has(section.key))
      problems.push(`${what} has the key ‘${section.key}’, which another section already uses`);
    sectionKeys.add(section.key);
    checkText(what, section.title, 'title');
    checkCondition(what, section.when);
    if (section.clauses.length === 0) problems.push(`${what} has no clauses`);
    for (const clause of section.clauses) {
      const clauseWhat = `The clause ‘${clause.key}’`;
      if (!KEY_FORMAT.test(clause.key))
        problems.push(
          `${clauseWhat} in section ${i + 1} has a key that is not lower-case letters, numbers and hyphens, joined by dots (like ‘images.consent’)`,
        );
      checkText(clauseWhat, clause.title, 'title');
      checkText(clauseWhat, clause.text, 'text');
      checkCondition(clauseWhat, clause.when);
      clausesByKey.set(clause.key, [...(clausesByKey.get(clause.key) ?? []), clause]);
    }
  });

  for (const [key, clauses] of clausesByKey) {
    if (clauses.length < 2) continue;
    const setting = clauses[0]!.when?.setting;
    const values = clauses.map((c) => c.when?.value);
    const areAlternatives =
      setting !== undefined &&
      clauses.every((c) => c.when?.setting === setting) &&
      new Set(values).size === values.length;
    if (!areAlternatives) {
      problems.push(
        `The key ‘${key}’ is used by ${clauses.length} clauses: clauses may share a key only as alternatives chosen by one setting, each for a different value`,
      );
    }
  }

  doc.relatedPolicies.forEach((name, i) => {
    if (name.trim() === '') problems.push(`Related policy ${i + 1} has no name`);
  });
  doc.legislation.forEach((law, i) => {
    if (law.title.trim() === '') problems.push(`Legislation entry ${i + 1} has no title`);
    if (law.why.trim() === '')
      problems.push(
        `Legislation entry ${i + 1}${law.title.trim() ? ` (${law.title})` : ''} does not say why it matters`,
      );
  });
  return problems;
}
