/**
 * PUB-2: an opinion on a political or contested matter given as the school's view
 * (prohibited.opinions-on-behalf): an opinion cue ("we believe", "we stand with", "vote for") and a
 * contested topic (a party, the government, an election, Brexit, immigration…) in the same sentence.
 * Advisory: the approver decides, with a senior leader's view.
 */
import { finding } from '../clauses.ts';
import { listMatches } from '../lexicon/lists.ts';
import { sentenceAt, sentencesOf } from '../text/sentences.ts';
import type { LexiconMatch } from '../lexicon/lexicon.ts';
import type { Finding, Rule, Span } from '../types.ts';

export const political: Rule = (post) => {
  if (!post.text) return [];
  const cues = listMatches(post.text, 'political-cues');
  if (cues.length === 0) return [];
  const topics = listMatches(post.text, 'political-topics');
  if (topics.length === 0) return [];
  const sentences = sentencesOf(post.text);
  const out: Finding[] = [];
  const done = new Set<number>();
  for (const cue of cues) {
    const s = sentenceAt(sentences, cue.span.start);
    if (done.has(s)) continue;
    const inSentence = (m: LexiconMatch): boolean => sentenceAt(sentences, m.span.start) === s;
    const about = topics.filter(inSentence);
    if (about.length === 0) continue;
    done.add(s);
    const spans = mergeSpans([...cues.filter(inSentence), ...about].map((m) => m.span));
    out.push(
      finding(
        'political',
        'advisory',
        'This gives an opinion on a political or contested matter as the school’s view. Only post it if a senior leader has agreed it speaks for the school.',
        spans,
      ),
    );
  }
  return out;
};

/** Sorted, with overlapping spans joined ("should vote" and "vote" highlight once). */
function mergeSpans(spans: Span[]): Span[] {
  const out: Span[] = [];
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}
