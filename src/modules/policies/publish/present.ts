// The policy as it is read (POL-6) and what changed between two versions (POL-2), shaped for the
// page and the PDF. Pure: no I/O, no clock.
import type { PolicySettings } from '../model/settings.ts';
import type { PolicyDocument } from '../model/types.ts';
import { numberPolicy, type NumberedClause, type NumberedSection } from '../rules/render.ts';
import { diffPolicies, summariseDiff, type ClauseChange, type PolicyDiff } from '../rules/diff.ts';

/** Stable anchors, by key rather than number, so a link to a clause survives renumbering. */
export const sectionAnchor = (key: string): string => `section-${key}`;
export const clauseAnchor = (key: string): string => `clause-${key}`;

export interface VersionFacts {
  number: number;
  status: 'draft' | 'approved';
  approvedBy: string | null;
  approvedOn: string | null;
  effectiveFrom: string | null;
  reviewDue: string | null;
  consultation: string | null;
  changeSummary: string | null;
}

export interface PresentedClause extends NumberedClause {
  anchor: string;
  /** The clause text split into paragraphs at line breaks. */
  paragraphs: string[];
}

export interface PresentedSection extends Omit<NumberedSection, 'clauses'> {
  anchor: string;
  clauses: PresentedClause[];
}

export interface PresentedPolicy {
  title: string;
  /** Whose policy this is as read: the school's name (or the trust's, in the trust view). */
  ownerName: string;
  /** True when the trust adopted it for all its schools. */
  trustWide: boolean;
  facts: VersionFacts;
  sections: PresentedSection[];
  relatedPolicies: string[];
  legislation: { title: string; why: string }[];
}

export interface RevisionEntry {
  number: number;
  approvedBy: string | null;
  approvedOn: string | null;
  effectiveFrom: string | null;
  changeSummary: string | null;
  consultation: string | null;
}

export function paragraphsOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export function presentPolicy(
  doc: PolicyDocument,
  settings: PolicySettings,
  meta: { ownerName: string; trustWide: boolean; facts: VersionFacts },
): PresentedPolicy {
  const sections = numberPolicy(doc, settings).map((section) => ({
    ...section,
    anchor: sectionAnchor(section.key),
    clauses: section.clauses.map((clause) => ({
      ...clause,
      anchor: clauseAnchor(clause.key),
      paragraphs: paragraphsOf(clause.text),
    })),
  }));
  return {
    title: doc.title,
    ownerName: meta.ownerName,
    trustWide: meta.trustWide,
    facts: meta.facts,
    sections,
    relatedPolicies: doc.relatedPolicies.filter((p) => p.trim() !== ''),
    legislation: doc.legislation.filter((l) => l.title.trim() !== ''),
  };
}

export function factsOf(version: {
  number: number;
  status: 'draft' | 'approved';
  approved_by_body: string | null;
  approved_on: string | null;
  effective_from: string | null;
  review_due: string | null;
  consultation: string | null;
  change_summary: string | null;
}): VersionFacts {
  return {
    number: version.number,
    status: version.status,
    approvedBy: version.approved_by_body,
    approvedOn: version.approved_on,
    effectiveFrom: version.effective_from,
    reviewDue: version.review_due,
    consultation: version.consultation,
    changeSummary: version.change_summary,
  };
}

/** One row of the changes page: what happened to a clause, in the words a reader needs. */
export interface ClauseChangeRow {
  kind: ClauseChange['kind'];
  /** "Changed", "Added"… */
  label: string;
  key: string;
  /** "§4.1 Friend and follow requests from pupils" as it is now (or was, when removed). */
  heading: string;
  before?: { title: string; paragraphs: string[] };
  after?: { title: string; paragraphs: string[] };
  /** For moves and renumbering: "§3.2 → §3.4", and the sections when it moved between them. */
  movement?: string;
}

const KIND_ORDER: Record<ClauseChange['kind'], number> = { changed: 0, added: 1, removed: 2, moved: 3, renumbered: 4 };
const KIND_LABEL: Record<ClauseChange['kind'], string> = {
  changed: 'Changed',
  added: 'Added',
  removed: 'Removed',
  moved: 'Moved',
  renumbered: 'Renumbered',
};

function compareNumbers(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function numberOf(change: ClauseChange): string {
  return 'number' in change ? change.number : change.to;
}

export function clauseChangeRows(diff: PolicyDiff): ClauseChangeRow[] {
  const sorted = [...diff.clauses].sort(
    (a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || compareNumbers(numberOf(a), numberOf(b)),
  );
  // biome-ignore lint/suspicious/useIterableCallbackReturn: the switch covers every kind and TypeScript checks the return type of each branch
  return sorted.map((change): ClauseChangeRow => {
    const base = { kind: change.kind, label: KIND_LABEL[change.kind], key: change.key };
    switch (change.kind) {
      case 'added':
        return {
          ...base,
          heading: `§${change.number} ${change.title}`,
          after: { title: change.title, paragraphs: paragraphsOf(change.text) },
        };
      case 'removed':
        return {
          ...base,
          heading: `§${change.number} ${change.title}`,
          before: { title: change.title, paragraphs: paragraphsOf(change.text) },
        };
      case 'changed':
        return {
          ...base,
          heading: `§${change.number} ${change.title}`,
          before: { title: change.before.title, paragraphs: paragraphsOf(change.before.text) },
          after: { title: change.after.title, paragraphs: paragraphsOf(change.after.text) },
        };
      case 'moved':
        return {
          ...base,
          heading: `§${change.to} ${change.title}`,
          movement:
            change.fromSection === change.toSection
              ? `Moved from §${change.from} to §${change.to}, within ‘${change.toSection}’`
              : `Moved from §${change.from} in ‘${change.fromSection}’ to §${change.to} in ‘${change.toSection}’`,
        };
      case 'renumbered':
        return {
          ...base,
          heading: `§${change.to} ${change.title}`,
          movement: `Renumbered from §${change.from} to §${change.to} because clauses before it were added or removed`,
        };
    }
  });
}

export interface PresentedChanges {
  diff: PolicyDiff;
  summary: string[];
  /** Clauses added, removed, reworded or moved: the ones a reader needs to look at. */
  clauses: ClauseChangeRow[];
  /** Clauses with the same words whose number changed only because others were added or removed. */
  renumbered: { key: string; title: string; from: string; to: string }[];
}

export function presentChanges(
  before: PolicyDocument,
  after: PolicyDocument,
  settingsBefore: PolicySettings,
  settingsAfter: PolicySettings,
): PresentedChanges {
  const diff = diffPolicies(before, after, settingsBefore, settingsAfter);
  return {
    diff,
    summary: summariseDiff(diff),
    clauses: clauseChangeRows(diff).filter((c) => c.kind !== 'renumbered'),
    renumbered: diff.clauses
      .flatMap((c) => (c.kind === 'renumbered' ? [{ key: c.key, title: c.title, from: c.from, to: c.to }] : []))
      .sort((a, b) => compareNumbers(a.to, b.to)),
  };
}
