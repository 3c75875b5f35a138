/**
 * Issue 16: a sneering remark about another school or its staff, a referee or an opposing team's
 * adults ("their PE teacher's refereeing was pathetic… can't count"). A word of contempt in a sentence
 * that names them, or in the sentence after one that sneered at them ("They can't even count to ten").
 * Not the school laughing at itself ("we were hopeless at the quiz").
 */
import { hasCue } from '../lexicon/lists.ts';
import type { Span } from '../types.ts';
import { sentenceAt, sentencesOf } from '../text/sentences.ts';

const QUICK =
  /pathetic|useless|hopeless|clueless|incompetent|a joke|laughable|embarrassing|disgrace|shambl|so-called|can(?:'|’)?t (?:even )?count|couldn(?:'|’)?t (?:even )?(?:count|organise)|amateurish|idiots?|morons?|clowns?|muppets?/i;
const CONTEMPT =
  /\b(?:pathetic(?:ally)?|useless|hopeless|clueless|incompetent|a joke|laughable|embarrassing|(?:a )?disgrace(?:ful)?|shambles|shambolic|so-called|can(?:'|’)?t (?:even )?count|couldn(?:'|’)?t (?:even )?(?:count|organise|organize)|amateurish|idiots?|morons?|clowns?|muppets?)\b/gi;
/** Another school or its adults: "Brookside's PE teacher", "their coach", "the referee", "Westfield Primary". */
const TARGET =
  /\b(?:(?:their|the other|opposition|opposing|visiting|home)\s+(?:\w+\s+)?(?:school|staff|teachers?|coach(?:es)?|head(?:teacher)?|manager|referee|ref|umpire|officials?|pe teacher|head of sport)|(?:the\s+)?(?:referee|ref|umpire|officials?)|[A-Z][\p{L}]+(?:['’]s)?\s+(?:(?:so-called|PE|pe)\s+)*(?:staff|teachers?|coach(?:es)?|head(?:teacher)?|head of sport|manager|referee)|[A-Z][\p{L}]+\s+(?:Primary|Academy|High|School|College|Junior|Infant)s?)/u;
const SELF = /\b(?:we|us|our|ourselves|I|me|my)\b[^.!?]{0,25}$/i;

export interface SneerHit {
  spans: Span[];
}

export function sneers(text: string): SneerHit[] {
  // the cues (lexicon/data/sneer-cues.txt) come from the shared pass; QUICK, which is narrower than
  // CONTEMPT ("couldn't organize" alone is not a sneer), runs only on the few posts that have one
  if (!hasCue(text, 'sneer-cues', QUICK) || !QUICK.test(text)) return [];
  const sentences = sentencesOf(text);
  const sentenceText = (s: number) => text.slice(sentences.starts[s], sentences.starts[s + 1] ?? text.length);
  const bySentence = new Map<number, Span[]>();
  for (const m of text.matchAll(CONTEMPT)) {
    const s = sentenceAt(sentences, m.index);
    const start = sentences.starts[s]!;
    const before = text.slice(start, m.index);
    const target = TARGET.exec(sentenceText(s));
    // "we were hopeless at the quiz": about the school itself, unless another school's adults are named
    const aboutUs = SELF.test(before) && !target;
    const aboutThem = target !== null || (s > 0 && bySentence.has(s - 1));
    if (!aboutThem || aboutUs) continue;
    const list = bySentence.get(s);
    const span = { start: m.index, end: m.index + m[0].length };
    if (list) list.push(span);
    else bySentence.set(s, [span]);
  }
  return [...bySentence.values()].map((spans) => ({ spans }));
}
