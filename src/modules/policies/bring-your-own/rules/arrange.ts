/**
 * What the person may do to the split before going on (POL-7): rename a section, merge it into
 * the one before, split it at a clause, move it up or down. Pure: each returns a new document, or a
 * message when the change cannot be made.
 */
import type { SplitDocument } from './split.ts';

export type Arrangement =
  | { action: 'rename'; section: number; title: string }
  | { action: 'merge'; section: number }
  | { action: 'split'; section: number; clause: number; title: string }
  | { action: 'up' | 'down'; section: number };

export function arrange(doc: SplitDocument, change: Arrangement): SplitDocument | { error: string } {
  const sections = doc.sections.map((s) => ({ ...s, clauses: [...s.clauses] }));
  const at = sections[change.section];
  if (!at) return { error: 'That section is no longer there. Look at the sections again' };
  switch (change.action) {
    case 'rename': {
      const title = change.title.replace(/\s+/g, ' ').trim();
      if (!title) return { error: 'Enter a name for the section' };
      if (title.length > 200) return { error: 'A section name must be 200 characters or fewer' };
      at.title = title;
      break;
    }
    case 'merge': {
      const before = sections[change.section - 1];
      if (!before) return { error: 'The first section has no section before it to join' };
      before.clauses.push(...at.clauses);
      sections.splice(change.section, 1);
      break;
    }
    case 'split': {
      if (change.clause <= 0 || change.clause >= at.clauses.length)
        return { error: 'Choose a clause after the first to start the new section' };
      const title = change.title.replace(/\s+/g, ' ').trim();
      if (!title) return { error: 'Enter a name for the new section' };
      if (title.length > 200) return { error: 'A section name must be 200 characters or fewer' };
      const moved = at.clauses.splice(change.clause);
      sections.splice(change.section + 1, 0, { title, clauses: moved });
      break;
    }
    case 'up':
    case 'down': {
      const to = change.action === 'up' ? change.section - 1 : change.section + 1;
      if (to < 0 || to >= sections.length) return { error: 'That section cannot move further' };
      [sections[change.section], sections[to]] = [sections[to]!, sections[change.section]!];
      break;
    }
  }
  return { ...doc, sections };
}
