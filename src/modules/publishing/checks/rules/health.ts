/**
 * Issue 16: someone's health details (a member of staff's operation and its complications, a
 * diagnosis, treatment, a stay in hospital) — special category data, published only with that
 * person's agreement. A medical word about a person in the same sentence (a title and a name, "he",
 * "her", "our caretaker"); not the names of charities, hospitals or campaigns ("Cancer Research UK",
 * "Linford General Hospital", "Operation Christmas Child"), nor "the operation of the new system".
 */
import { hasCue } from '../lexicon/lists.ts';
import type { Span } from '../types.ts';
import { sentenceAt, sentencesOf } from '../text/sentences.ts';

/** Every term below has one of these inside: the cues of lexicon/data/health-cues.txt, as one expression. */
const QUICK =
  /operat|surger|diagnos|cancer|chemo|radiother|miscarri|stillbirth|stroke|heart attack|intensive care|hospital|tumou?r|leuka?emia|dementia|terminal|seriously ill|complications|treatment for|sclerosis|epilep|seizure|breakdown|transplant/i;

// Lower case, or capitalised only to open a sentence: a capital mid-sentence is a name ("Cancer Research").
const TERMS =
  /\b(?:(?:hip|knee|heart|back|spine|spinal|brain|eye|major|emergency|serious|big|an|her|his|their)\s+)?(?:operations?|surgery)\b(?!\s+(?:of|on the|manager|team|room))|\b(?:diagnosed|diagnosis)\b|\b(?:(?:breast|bowel|lung|skin|prostate|blood|brain)\s+)?cancer\b|\b(?:chemotherapy|chemo|radiotherapy|miscarriage|stillbirth|tumou?r|leuka?emia|dementia|transplant)\b|\b(?:had|having|suffered|with)\s+a\s+(?:stroke|heart attack|seizure|breakdown)\b|\bheart attack\b|\bintensive care\b|\b(?:in|to|into|from)\s+hospital\b|\bterminal(?:ly)?\s+ill(?:ness)?\b|\bseriously ill\b|\btreatment for\b|\bmultiple sclerosis\b|\bepilep(?:sy|tic)\b|\bcomplications\b/gi;
const NOT_MEDICAL_BEFORE =
  /\b(?:gp|doctor'?s|doctors'?|dental|dentist'?s|vet'?s|veterinary|the|our|local|keyhole)\s*$/i;
const TITLED = /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z]/;
const PERSON =
  /\b(?:he|she|his|her|him|hers|himself|herself|teacher|caretaker|headteacher|head teacher|deputy|assistant|cook|chef|manager|coach|lollipop|governor|colleague|receptionist|secretary|bursar|cleaner|nurse|pupil|child|son|daughter|mum|dad|grandad|grandma)\b/i;
const aboutSomeone = (words: string): boolean => TITLED.test(words) || PERSON.test(words);

export interface HealthHit {
  spans: Span[];
}

/** The sentences that give someone's health details, with the medical words in each. */
export function healthDetails(text: string): HealthHit[] {
  if (!hasCue(text, 'health-cues', QUICK)) return [];
  const sentences = sentencesOf(text);
  const bySentence = new Map<number, Span[]>();
  for (const m of text.matchAll(TERMS)) {
    const word = m[0];
    const start = m.index;
    const first = word.charCodeAt(0);
    const s = sentenceAt(sentences, start);
    const sentenceStart = sentences.starts[s]!;
    // a capital mid-sentence makes a name: "Operation Christmas Child", "Cancer Research UK"
    if (first >= 65 && first <= 90 && text.slice(sentenceStart, start).trim() !== '') continue;
    if (
      /^(?:surgery|operations?)$/i.test(word) &&
      NOT_MEDICAL_BEFORE.test(text.slice(Math.max(sentenceStart, start - 20), start))
    )
      continue;
    if (/^operations?$/i.test(word) && /^\s+[A-Z]/.test(text.slice(start + word.length, start + word.length + 2)))
      continue;
    const list = bySentence.get(s);
    const span = { start, end: start + word.length };
    if (list) list.push(span);
    else bySentence.set(s, [span]);
  }
  const out: HealthHit[] = [];
  for (const [s, spans] of bySentence) {
    const sentence = text.slice(sentences.starts[s], sentences.starts[s + 1] ?? text.length);
    // "complications" alone is as likely a lunch system's: only with another medical word
    if (spans.every((sp) => /^complications$/i.test(text.slice(sp.start, sp.end)))) continue;
    if (!aboutSomeone(sentence)) continue;
    out.push({ spans });
  }
  return out;
}
