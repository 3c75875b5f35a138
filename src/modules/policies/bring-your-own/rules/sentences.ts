import type { SplitDocument } from './split.ts';

export interface Sentence {
  text: string;
  /** Where it is: section and clause index in the split document. */
  section: number;
  clause: number;
  /** The section's title, which gives a sentence its context ("Using social media on behalf of the school"). */
  sectionTitle: string;
}

/** Every sentence of the document, in order; list items and lines are sentences of their own. */
export function sentencesOf(doc: SplitDocument): Sentence[] {
  const out: Sentence[] = [];
  doc.sections.forEach((section, s) => {
    out.push({ text: section.title, section: s, clause: -1, sectionTitle: section.title });
    section.clauses.forEach((clause, c) => {
      for (const line of clause.text.split('\n')) {
        for (const piece of line.replace(/^•\s*/, '').split(/(?<=[.!?])\s+(?=[A-Z“‘"'(•])|\s+•\s+/)) {
          const text = piece.trim();
          if (text) out.push({ text, section: s, clause: c, sectionTitle: section.title });
        }
      }
    });
  });
  return out;
}
