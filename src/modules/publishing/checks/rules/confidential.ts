/**
 * PUB-2: confidential matters (prohibited.confidential): exclusions and discipline, staff absence
 * and personnel matters, complaints and disputes, inspection outcomes before the report is published,
 * plans not yet announced. A maintained list (lexicon/data/confidential.txt) the school can extend
 * (ctx.extraConfidentialTerms). One finding per sentence, highlighting every word that set it off.
 */
import { finding } from '../clauses.ts';
import type { LexiconMatch } from '../lexicon/lexicon.ts';
import { extraConfidentialLexicon, listMatches } from '../lexicon/lists.ts';
import { streamOf } from '../lexicon/streams.ts';
import { sentenceAt, sentencesOf } from '../text/sentences.ts';
import type { Rule } from '../types.ts';

export const confidential: Rule = (post, ctx) => {
  if (!post.text) return [];
  const matches = listMatches(post.text, 'confidential');
  const extra = extraConfidentialLexicon(ctx.extraConfidentialTerms);
  if (extra) matches.push(...extra.match(streamOf(post.text)));
  return bySentence(post.text, matches).map((group) =>
    finding(
      'confidential',
      group.some((m) => m.term.severity === 'blocking') ? 'blocking' : 'advisory',
      'This looks like a confidential matter (about a pupil, a member of staff, a complaint or dispute, an inspection or an unannounced plan). Keep it off social media.',
      group.map((m) => m.span),
    ),
  );
};

export function bySentence(text: string, matches: LexiconMatch[]): LexiconMatch[][] {
  if (matches.length === 0) return [];
  const sentences = sentencesOf(text);
  const groups = new Map<number, LexiconMatch[]>();
  for (const m of [...matches].sort((a, b) => a.span.start - b.span.start)) {
    const s = sentenceAt(sentences, m.span.start);
    const group = groups.get(s);
    if (group) group.push(m);
    else groups.set(s, [m]);
  }
  return [...groups.values()];
}
