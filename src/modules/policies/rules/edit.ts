// Editing a policy document (POL-1): add, remove, reword and reorder clauses. Each function returns
// a new document and leaves its argument untouched; a key or section that does not exist throws.
// Keys never change, so citations survive renumbering. Pure: no I/O, no clock.
import type { Clause, PolicyDocument, Section } from '../model/types.ts';

export type Position = { after: string } | { before: string } | 'start' | 'end';

function clone(doc: PolicyDocument): PolicyDocument {
  return structuredClone(doc);
}

function sectionOf(doc: PolicyDocument, sectionKey: string): Section {
  const section = doc.sections.find((s) => s.key === sectionKey);
  if (!section) throw new Error(`There is no section ‘${sectionKey}’`);
  return section;
}

function hasClause(doc: PolicyDocument, key: string): boolean {
  return doc.sections.some((s) => s.clauses.some((c) => c.key === key));
}

function indexFor(clauses: Clause[], position: Position): number {
  if (position === 'start') return 0;
  if (position === 'end') return clauses.length;
  const anchor = 'after' in position ? position.after : position.before;
  const found = clauses.map((c) => c.key).lastIndexOf(anchor);
  if (found < 0) throw new Error(`There is no clause ‘${anchor}’ in that section`);
  return 'after' in position ? found + 1 : clauses.findIndex((c) => c.key === anchor);
}

/** Adds a clause to a section. Its key must be new, unless it is an alternative of an existing one. */
export function addClause(
  doc: PolicyDocument,
  sectionKey: string,
  clause: Clause,
  position: Position = 'end',
): PolicyDocument {
  if (hasClause(doc, clause.key) && clause.when === undefined)
    throw new Error(`The key ‘${clause.key}’ is already used`);
  const copy = clone(doc);
  const section = sectionOf(copy, sectionKey);
  section.clauses.splice(indexFor(section.clauses, position), 0, structuredClone(clause));
  return copy;
}

/** Removes a clause, with all its alternatives. */
export function removeClause(doc: PolicyDocument, key: string): PolicyDocument {
  if (!hasClause(doc, key)) throw new Error(`There is no clause ‘${key}’`);
  const copy = clone(doc);
  for (const section of copy.sections) section.clauses = section.clauses.filter((c) => c.key !== key);
  return copy;
}

/**
 * Rewords or retitles a clause. Where the key has alternatives, `whenValue` says which one
 * (e.g. 'designated-place'); without it, a key with alternatives throws.
 */
export function updateClause(
  doc: PolicyDocument,
  key: string,
  change: { title?: string; text?: string },
  whenValue?: string | boolean,
): PolicyDocument {
  const copy = clone(doc);
  const matches = copy.sections.flatMap((s) => s.clauses).filter((c) => c.key === key);
  if (matches.length === 0) throw new Error(`There is no clause ‘${key}’`);
  const targets = whenValue === undefined ? matches : matches.filter((c) => c.when?.value === whenValue);
  if (targets.length !== 1) {
    throw new Error(
      whenValue === undefined
        ? `The clause ‘${key}’ has alternatives: say which one to change`
        : `The clause ‘${key}’ has no alternative for ‘${String(whenValue)}’`,
    );
  }
  Object.assign(targets[0]!, change);
  return copy;
}

/** Moves a clause (and its alternatives, kept together) to a position in a section, which may be its own. */
export function moveClause(
  doc: PolicyDocument,
  key: string,
  toSectionKey: string,
  position: Position = 'end',
): PolicyDocument {
  if (!hasClause(doc, key)) throw new Error(`There is no clause ‘${key}’`);
  sectionOf(doc, toSectionKey);
  const copy = clone(doc);
  const moving = copy.sections.flatMap((s) => s.clauses).filter((c) => c.key === key);
  for (const section of copy.sections) section.clauses = section.clauses.filter((c) => c.key !== key);
  const target = sectionOf(copy, toSectionKey);
  target.clauses.splice(indexFor(target.clauses, position), 0, ...moving);
  return copy;
}

/** Adds a section, after another section or at the end. */
export function addSection(doc: PolicyDocument, section: Section, afterSectionKey?: string): PolicyDocument {
  if (doc.sections.some((s) => s.key === section.key))
    throw new Error(`The section key ‘${section.key}’ is already used`);
  const copy = clone(doc);
  const index =
    afterSectionKey === undefined ? copy.sections.length : copy.sections.indexOf(sectionOf(copy, afterSectionKey)) + 1;
  copy.sections.splice(index, 0, structuredClone(section));
  return copy;
}

/** Removes a section and every clause in it. */
export function removeSection(doc: PolicyDocument, sectionKey: string): PolicyDocument {
  sectionOf(doc, sectionKey);
  const copy = clone(doc);
  copy.sections = copy.sections.filter((s) => s.key !== sectionKey);
  return copy;
}
