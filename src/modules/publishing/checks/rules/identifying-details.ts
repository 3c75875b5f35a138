/**
 * PUB-2: anything else that identifies a pupil (images.identifying-details):
 * - a first name with that pupil's class or year group in the same sentence ("Jo in 4H", "Year 8:
 *   Grace and Joy…"), when a pupil of that name is in that class or year — advisory, the approver decides;
 * - a date of birth: a date with "born", "birthday" or "DOB" in its sentence, or the birth date of a
 *   pupil named in the same sentence, in a year a pupil could have been born — blocking;
 * - a home address: a street address in a sentence about where someone lives — blocking;
 * - a full postal address (number, street, town, postcode) anywhere (issue 16: one buried in a long
 *   newsletter was missed): a person's or a family's just before it — blocking; a venue's (a hall, a
 *   centre, a church… just before it, "held at") — nothing; otherwise the post waits for the approver
 *   to confirm it is a public place's address, not anyone's home;
 * - a postcode (other than the school's) in a sentence about where someone lives or naming a pupil — blocking.
 */
import { finding, quote } from '../clauses.ts';
import { analyseNames, type ClassRef, type NameAnalysis } from '../names/mentions.ts';
import { findAddresses, findPostalAddresses } from '../patterns/addresses.ts';
import { findDates } from '../patterns/dates.ts';
import { findPostcodes, normalisePostcode } from '../patterns/postcodes.ts';
import { listMatches, type ListName } from '../lexicon/lists.ts';
import { sentenceAt, sentencesOf, type Sentences } from '../text/sentences.ts';
import type { CheckContext, Finding, Rule } from '../types.ts';

export const identifyingDetails: Rule = (post, ctx) => {
  const text = post.text;
  if (!text) return [];
  const names = analyseNames(text, ctx.roster);
  return [...nameWithClass(text, names), ...datesOfBirth(text, names, ctx), ...homes(text, names, ctx)].sort(
    (a, b) => a.spans[0]!.start - b.spans[0]!.start,
  );
};

function nameWithClass(text: string, names: NameAnalysis): Finding[] {
  const { mentions, classRefs, tokens, namedInFull } = names;
  if (classRefs.length === 0) return [];
  const refsBySentence = new Map<number, ClassRef[]>();
  for (const ref of classRefs) {
    const list = refsBySentence.get(ref.sentence);
    if (list) list.push(ref);
    else refsBySentence.set(ref.sentence, [ref]);
  }
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const mention of mentions) {
    if (mention.kind !== 'first' && mention.kind !== 'first-initial') continue;
    const refs = refsBySentence.get(mention.sentence);
    if (!refs) continue;
    // a pupil named in full is already a finding; their first name again adds nothing
    if (mention.couldMean(namedInFull)) continue;
    // the nearest class or year in the sentence that a pupil of this name is in
    let best: ClassRef | undefined;
    let bestDistance = Infinity;
    for (const ref of refs) {
      if (ref.firstToken <= mention.lastToken && mention.firstToken <= ref.lastToken) continue;
      const distance =
        ref.firstToken > mention.lastToken ? ref.firstToken - mention.lastToken : mention.firstToken - ref.lastToken;
      if (distance < bestDistance && mention.mayBeIn(ref)) [best, bestDistance] = [ref, distance];
    }
    if (!best) continue;
    const refSpan = { start: tokens.start[best.firstToken]!, end: tokens.end[best.lastToken]! };
    const key = `${mention.sentence}:${text.slice(mention.start, mention.end).toLowerCase()}:${refSpan.start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const span = { start: mention.start, end: mention.end };
    out.push(
      finding(
        'identifying-details',
        'advisory',
        `${quote(text, span)} with ${quote(text, refSpan)} could identify a pupil. Leave out the class or year group, or the name.`,
        [span, refSpan],
      ),
    );
  }
  return out;
}

function plausibleBirthYear(year: number, today: Date): boolean {
  const now = today.getUTCFullYear();
  return year >= now - 20 && year <= now - 1;
}

/** The sentences (indexes) with a cue word from a list (lexicon/data/*-cues.txt). */
function sentencesWith(text: string, list: ListName, sentences: Sentences): Set<number> {
  return new Set(listMatches(text, list).map((m) => sentenceAt(sentences, m.span.start)));
}

const DIGIT_RUNS = /[0-9]+/g;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Whether the text has a date that could be a pupil's birth date: a year in range, or a short d/m/yy date. */
function mayHaveBirthDate(text: string, today: Date): boolean {
  const now = today.getUTCFullYear();
  DIGIT_RUNS.lastIndex = 0;
  while (DIGIT_RUNS.test(text)) {
    const j = DIGIT_RUNS.lastIndex;
    let i = j - 1;
    while (i > 0 && isDigit(text.charCodeAt(i - 1))) i--;
    if (j - i === 4) {
      const year = Number(text.slice(i, j));
      if (year >= now - 20 && year <= now - 1) return true;
    } else if (j - i <= 2 && j + 1 < text.length && '/.-'.includes(text[j]!) && isDigit(text.charCodeAt(j + 1)))
      return true;
  }
  return false;
}

function datesOfBirth(text: string, names: NameAnalysis, ctx: CheckContext): Finding[] {
  if (!mayHaveBirthDate(text, ctx.today)) return [];
  const dates = findDates(text).filter((d) => plausibleBirthYear(Number(d.iso.slice(0, 4)), ctx.today));
  if (dates.length === 0) return [];
  const sentences = sentencesOf(text);
  const withCue = sentencesWith(text, 'birth-cues', sentences);
  const out: Finding[] = [];
  for (const date of dates) {
    const s = sentenceAt(sentences, date.span.start);
    const dateOfNamedPupil = () =>
      names.mentions.some(
        (mention) =>
          sentenceAt(sentences, mention.start) === s &&
          mention.pupils.some((p) => ctx.roster.pupils[p]!.dateOfBirth === date.iso),
      );
    if (!withCue.has(s) && !dateOfNamedPupil()) continue;
    out.push(
      finding(
        'identifying-details',
        'blocking',
        `${quote(text, date.span)} looks like a date of birth. Take it out: a date of birth can identify a pupil.`,
        [date.span],
      ),
    );
  }
  return out;
}

function homes(text: string, names: NameAnalysis, ctx: CheckContext): Finding[] {
  const sentences = sentencesOf(text);
  const sentenceText = (s: number) => text.slice(sentences.starts[s], sentences.starts[s + 1] ?? text.length);
  const residence = sentencesWith(text, 'residence-cues', sentences);
  const out: Finding[] = [];
  const postal = findPostalAddresses(text);
  // addresses only in sentences about where someone lives (all of a full postal address)
  for (const s of residence) {
    const offset = sentences.starts[s]!;
    for (const a of findAddresses(sentenceText(s))) {
      const street = { start: a.start + offset, end: a.end + offset };
      const address = postal.find((p) => p.start <= street.start && street.end <= p.end) ?? street;
      out.push(
        finding('identifying-details', 'blocking', `${quote(text, address)} looks like a home address. Take it out.`, [
          address,
        ]),
      );
    }
  }
  for (const address of postal) {
    if (out.some((f) => f.spans[0]!.start < address.end && address.start < f.spans[0]!.end)) continue;
    const s = sentenceAt(sentences, address.start);
    const before = text.slice(Math.max(sentences.starts[s]!, address.start - 60), address.start);
    const whose = addressOf(before, text.slice(address.start, address.end));
    if (whose === 'venue') continue;
    if (whose === 'person')
      out.push(
        finding(
          'identifying-details',
          'blocking',
          `${quote(text, address)} looks like someone’s home address. Take it out.`,
          [address],
        ),
      );
    else {
      out.push(
        finding(
          'identifying-details',
          'confirm',
          `${quote(text, address)} is a full postal address. If it is anyone’s home, take it out; the approver must confirm it is a public place’s address.`,
          [address],
          {
            confirm:
              'This is the address of a public place (a venue, a business or an organisation), not anyone’s home.',
          },
        ),
      );
    }
  }
  out.sort((a, b) => a.spans[0]!.start - b.spans[0]!.start);
  const postcodes = findPostcodes(text);
  if (postcodes.length === 0) return out;
  const own = new Set((ctx.schoolPostcodes ?? []).map(normalisePostcode));
  const named = new Set(names.mentions.map((m) => sentenceAt(sentences, m.start)));
  for (const { span, postcode } of postcodes) {
    if (own.has(postcode) || out.some((f) => f.spans[0]!.start <= span.start && span.start < f.spans[0]!.end)) continue;
    const s = sentenceAt(sentences, span.start);
    if (!named.has(s) && !residence.has(s)) continue;
    out.push(
      finding(
        'identifying-details',
        'blocking',
        `${quote(text, span)} is a postcode, and with it the post could show where someone lives. Take it out.`,
        [span],
      ),
    );
  }
  return out;
}

/** The words just before a place: a venue ("Village Hall, ", "held at"), someone ("Mrs Evans at", "the Marsh family at") or nothing to tell. */
// biome-ignore lint/complexity/useRegexLiterals: the pattern is one long alternation kept readable as a string
const VENUE_BEFORE = new RegExp(
  '(?:\\b(?:hall|centre|center|church|chapel|cathedral|abbey|school|academy|college|university|library|museum|theatre|theater|cinema|gallery|studios?|park|farm|zoo|aquarium|reserve|castle|palace|club|stadium|ground|pavilion|pool|inn|hotel|caf[eé]|restaurant|shop|store|market|garage|surgery|clinic|practice|hospital|station|office|offices|works|factory|plant|depot|site|arena|hub|motors|ltd|limited|plc|unit)\\b(?:\\s+(?:is|are|was|will be)?\\s*(?:at|on))?|\\b(?:held|hosted|based|located|found|takes? place|meet(?:ing)?|venue)\\s+(?:is\\s+)?(?:at|on)|\\bvenue\\b.*)\\W*$',
  'i',
);
const VENUE_IN = /\b(?:industrial estate|business park|retail park|trading estate)\b/i;
const PERSON_BEFORE =
  /(?:\b(?:mr|mrs|ms|miss|mx|dr)\.?\s+[A-Z][\p{L}'’-]*|\bfamily|\bfamilies|\bgrandparents?|\bgran(?:ny|dad|dma|dpa)?|\bnan|\bneighbours?|\bresidents?|\bfront garden|\bback garden|\bdoorstep)\W*(?:at|is|:)?\W*$/iu;

function addressOf(before: string, address: string): 'venue' | 'person' | 'unknown' {
  if (PERSON_BEFORE.test(before)) return 'person';
  if (VENUE_BEFORE.test(before) || VENUE_IN.test(address)) return 'venue';
  return 'unknown';
}
