// What changed between two versions of a policy (POL-2), clause by clause, matched by key.
// Both versions are compared as the school sees them: alternatives chosen, placeholders filled.
// Pure: no I/O, no clock.
import { SETTINGS, SETTING_KEYS, type PolicySettings, type SettingKey, type SettingValue } from '../model/settings.ts';
import type { PolicyDocument } from '../model/types.ts';
import { numberPolicy, type NumberedClause } from './render.ts';
import { describeSetting } from './settings.ts';

export type ClauseChange =
  | { kind: 'added'; key: string; number: string; title: string; text: string }
  | { kind: 'removed'; key: string; number: string; title: string; text: string }
  /** The wording (or heading) changed; `number` is the new number. */
  | {
      kind: 'changed';
      key: string;
      number: string;
      title: string;
      before: { title: string; text: string };
      after: { title: string; text: string };
    }
  /** Moved to another section, or reordered among the clauses around it. */
  | { kind: 'moved'; key: string; title: string; from: string; to: string; fromSection: string; toSection: string }
  /** Only its number changed, because clauses before it were added or removed. */
  | { kind: 'renumbered'; key: string; title: string; from: string; to: string };

export type SectionChange =
  | { kind: 'added'; key: string; number: string; title: string }
  | { kind: 'removed'; key: string; number: string; title: string }
  | { kind: 'renamed'; key: string; number: string; from: string; to: string };

export interface SettingChange {
  key: SettingKey;
  label: string;
  from: string;
  to: string;
}

export interface PolicyDiff {
  title?: { from: string; to: string };
  sections: SectionChange[];
  clauses: ClauseChange[];
  settings: SettingChange[];
  relatedPolicies: { added: string[]; removed: string[] };
  legislation: { added: string[]; removed: string[] };
  unchanged: boolean;
}

export function diffPolicies(
  before: PolicyDocument,
  after: PolicyDocument,
  settingsBefore: PolicySettings,
  settingsAfter: PolicySettings,
): PolicyDiff {
  const oldSections = numberPolicy(before, settingsBefore);
  const newSections = numberPolicy(after, settingsAfter);

  const sections: SectionChange[] = [];
  const oldSectionByKey = new Map(oldSections.map((s) => [s.key, s]));
  const newSectionKeys = new Set(newSections.map((s) => s.key));
  for (const section of newSections) {
    const old = oldSectionByKey.get(section.key);
    if (!old) sections.push({ kind: 'added', key: section.key, number: section.number, title: section.title });
    else if (old.title !== section.title)
      sections.push({ kind: 'renamed', key: section.key, number: section.number, from: old.title, to: section.title });
  }
  for (const old of oldSections) {
    if (!newSectionKeys.has(old.key))
      sections.push({ kind: 'removed', key: old.key, number: old.number, title: old.title });
  }

  const oldClauses = oldSections.flatMap((s) => s.clauses);
  const newClauses = newSections.flatMap((s) => s.clauses);
  const oldByKey = new Map(oldClauses.map((c) => [c.key, c]));
  const newByKey = new Map(newClauses.map((c) => [c.key, c]));
  const reordered = reorderedKeys(oldClauses, newClauses, newByKey);
  const sectionTitle = (key: string, list: typeof oldSections): string => list.find((s) => s.key === key)?.title ?? key;

  const clauses: ClauseChange[] = [];
  for (const now of newClauses) {
    const was = oldByKey.get(now.key);
    if (!was) {
      clauses.push({ kind: 'added', key: now.key, number: now.number, title: now.title, text: now.text });
      continue;
    }
    if (was.text !== now.text || was.title !== now.title) {
      clauses.push({
        kind: 'changed',
        key: now.key,
        number: now.number,
        title: now.title,
        before: { title: was.title, text: was.text },
        after: { title: now.title, text: now.text },
      });
    }
    if (was.sectionKey !== now.sectionKey || reordered.has(now.key)) {
      clauses.push({
        kind: 'moved',
        key: now.key,
        title: now.title,
        from: was.number,
        to: now.number,
        fromSection: sectionTitle(was.sectionKey, oldSections),
        toSection: sectionTitle(now.sectionKey, newSections),
      });
    } else if (was.number !== now.number) {
      clauses.push({ kind: 'renumbered', key: now.key, title: now.title, from: was.number, to: now.number });
    }
  }
  for (const was of oldClauses) {
    if (!newByKey.has(was.key))
      clauses.push({ kind: 'removed', key: was.key, number: was.number, title: was.title, text: was.text });
  }

  const settings: SettingChange[] = [];
  for (const key of SETTING_KEYS) {
    const from = settingsBefore[key] as SettingValue;
    const to = settingsAfter[key] as SettingValue;
    if (!sameValue(from, to))
      settings.push({
        key,
        label: SETTINGS[key].label,
        from: describeSetting(key, from),
        to: describeSetting(key, to),
      });
  }

  const title = before.title !== after.title ? { from: before.title, to: after.title } : undefined;
  const relatedPolicies = listChanges(before.relatedPolicies, after.relatedPolicies);
  const legislation = listChanges(
    before.legislation.map((l) => l.title),
    after.legislation.map((l) => l.title),
  );
  const unchanged =
    !title &&
    sections.length === 0 &&
    clauses.length === 0 &&
    settings.length === 0 &&
    relatedPolicies.added.length +
      relatedPolicies.removed.length +
      legislation.added.length +
      legislation.removed.length ===
      0;
  return { ...(title ? { title } : {}), sections, clauses, settings, relatedPolicies, legislation, unchanged };
}

/**
 * Clauses that stayed in their section but changed places relative to the others there: those
 * outside the longest run of clauses kept in the same order.
 */
function reorderedKeys(
  oldClauses: NumberedClause[],
  newClauses: NumberedClause[],
  newByKey: Map<string, NumberedClause>,
): Set<string> {
  const reordered = new Set<string>();
  const sectionKeys = new Set(newClauses.map((c) => c.sectionKey));
  for (const sectionKey of sectionKeys) {
    const stayed = (c: NumberedClause): boolean =>
      c.sectionKey === sectionKey && newByKey.get(c.key)?.sectionKey === sectionKey;
    const oldOrder = oldClauses.filter(stayed).map((c) => c.key);
    const newOrder = newClauses
      .filter((c) => c.sectionKey === sectionKey && oldOrder.includes(c.key))
      .map((c) => c.key);
    const kept = new Set(longestCommonSubsequence(oldOrder, newOrder));
    for (const key of newOrder) if (!kept.has(key)) reordered.add(key);
  }
  return reordered;
}

function longestCommonSubsequence(a: string[], b: string[]): string[] {
  const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i]![j] = a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }
  const common: string[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      common.push(a[i]!);
      i++;
      j++;
    } else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) i++;
    else j++;
  }
  return common;
}

function sameValue(a: SettingValue, b: SettingValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => item === b[i]);
  return a === b;
}

function listChanges(before: string[], after: string[]): { added: string[]; removed: string[] } {
  return { added: after.filter((x) => !before.includes(x)), removed: before.filter((x) => !after.includes(x)) };
}

/** One plain-English line per change, for a version's revision history. Renumbering is counted, not listed. */
export function summariseDiff(diff: PolicyDiff): string[] {
  const lines: string[] = [];
  if (diff.title) lines.push(`Title changed from ‘${diff.title.from}’ to ‘${diff.title.to}’`);
  for (const s of diff.sections) {
    if (s.kind === 'added') lines.push(`New section ${s.number}: ${s.title}`);
    else if (s.kind === 'removed') lines.push(`Section ${s.number} (${s.title}) removed`);
    else lines.push(`Section ${s.number} renamed from ‘${s.from}’ to ‘${s.to}’`);
  }
  let renumbered = 0;
  for (const c of diff.clauses) {
    if (c.kind === 'added') lines.push(`§${c.number} ${c.title} added`);
    else if (c.kind === 'removed') lines.push(`§${c.number} ${c.title} removed`);
    else if (c.kind === 'changed')
      lines.push(
        c.before.text === c.after.text
          ? `§${c.number} retitled from ‘${c.before.title}’ to ‘${c.after.title}’`
          : `§${c.number} ${c.title} reworded`,
      );
    else if (c.kind === 'moved') lines.push(`§${c.from} ${c.title} moved to §${c.to}`);
    else renumbered++;
  }
  if (renumbered > 0) lines.push(renumbered === 1 ? '1 clause renumbered' : `${renumbered} clauses renumbered`);
  for (const s of diff.settings) lines.push(`${s.label}: changed from ${s.from} to ${s.to}`);
  for (const name of diff.relatedPolicies.added) lines.push(`Related policy added: ${name}`);
  for (const name of diff.relatedPolicies.removed) lines.push(`Related policy removed: ${name}`);
  for (const name of diff.legislation.added) lines.push(`Legislation added: ${name}`);
  for (const name of diff.legislation.removed) lines.push(`Legislation removed: ${name}`);
  return lines;
}
