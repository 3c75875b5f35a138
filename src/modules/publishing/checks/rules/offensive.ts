/**
 * PUB-2: offensive, discriminatory, harassing, threatening or sexual language, including disguised
 * spellings (prohibited.offensive). The list is data (lexicon/data/offensive.txt); milder words advise.
 * Issue 16: a sneer at another school's staff, a referee or the opposition's adults (sneers.ts) blocks.
 */
import { finding } from '../clauses.ts';
import { listMatches } from '../lexicon/lists.ts';
import type { Rule } from '../types.ts';
import { sneers } from './sneers.ts';

const SNEER =
  'This mocks another school, its staff or a match official. The school’s accounts never belittle anyone: take it out.';

export const offensive: Rule = (post) => {
  if (!post.text) return [];
  const listed = listMatches(post.text, 'offensive');
  const sneered = sneers(post.text)
    .map((h) => ({
      ...h,
      spans: h.spans.filter((s) => !listed.some((m) => m.span.start < s.end && s.start < m.span.end)),
    }))
    .filter((h) => h.spans.length > 0)
    .map((h) => finding('offensive', 'blocking', SNEER, h.spans));
  const found = listed.map((m) =>
    finding(
      'offensive',
      m.term.severity,
      m.term.severity === 'blocking'
        ? 'This is offensive, abusive or discriminatory language, even in a quotation or a joke. Take it out.'
        : 'This word may offend some readers. Check it suits a post from the school.',
      [m.span],
    ),
  );
  if (sneered.length === 0) return found;
  return [...found, ...sneered].sort((a, b) => a.spans[0]!.start - b.spans[0]!.start);
};
