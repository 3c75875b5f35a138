/**
 * Issue 16: an inspection grade shared before the report is published ("the inspectors told us we are
 * Good!"). A grade word used as a judgement (after "we are", "judged", "rated", or in a sentence with
 * "Ofsted" or an inspector) in or just after a sentence about an inspection. Not when the post says the
 * report is out ("our report has been published", "read the full report"), unless it also says it is
 * not ("until the report is published"). Said before publication: blocking; not said either way: the
 * approver must confirm the report is published.
 */
import { hasCue } from '../lexicon/lists.ts';
import type { Span } from '../types.ts';
import { sentenceAt, sentencesOf } from '../text/sentences.ts';

/** The cues of lexicon/data/inspection-cues.txt, as one expression: every INSPECTION word has one inside. */
const QUICK = /ofsted|inspect|\bhmi\b|siams|estyn/i;
const INSPECTION = /\b(?:ofsted|inspection|inspections|inspectors?|hmi|siams|estyn)\b/gi;
const GRADE =
  /\b(?:outstanding|good|requires? improvement|inadequate|special measures|serious weaknesses|exceptional|strong standard|expected standard|needs attention|urgent improvement)\b/gi;
/** The words just before a grade that make it a judgement: "we are Good", "judged outstanding". */
const JUDGED_BEFORE =
  /\b(?:we|school|it|academy|provision|years|leadership|behaviour|we're|were|are|is|as|be|been|judged|rated|graded|remain|remains|still|now|overall|that)\s+(?:(?:still|now|officially|rated|judged|graded|been|being)\s+)?$/i;
const JUDGED_AFTER = /^\s+(?:in every area|in all areas|across the board|overall|with)\b/i;
const PUBLISHED =
  /\b(?:report (?:has|have) (?:now |just |finally )?been published|report (?:is|was) (?:now |finally )?(?:published|out)|(?:has|have) (?:now )?published (?:our|the) (?:inspection |ofsted )?report|published (?:report|in \w+)|read (?:the|our) (?:full |latest |new )?(?:inspection |ofsted )?report|(?:last|latest|previous) (?:ofsted |inspection |siams )?(?:report|inspection))\b/i;
const BEFORE_PUBLICATION =
  /\b(?:until|before|till) (?:the|our) (?:full |final |official )?(?:inspection |ofsted )?report|not (?:allowed|able|supposed) to (?:share|say|tell)|can(?:'|’)?t (?:officially )?(?:share|say|tell)|cannot (?:officially )?(?:share|say|tell)|(?:will|should) be (?:published|out)|when (?:the|our) report (?:is|comes) (?:out|published)|report comes out|keep it (?:to yourselves|quiet)|between us|off the record|provisional|verbal feedback|(?:just |have |has )?told us|(?:have |has )?just left|feedback\b/i;

export interface InspectionHit {
  spans: Span[];
  early: boolean;
}

export function inspectionGrades(text: string): InspectionHit[] {
  if (!hasCue(text, 'inspection-cues', QUICK)) return [];
  const sentences = sentencesOf(text);
  const inspectionSentences = new Map<number, Span[]>();
  for (const m of text.matchAll(INSPECTION)) {
    const s = sentenceAt(sentences, m.index);
    const list = inspectionSentences.get(s) ?? [];
    list.push({ start: m.index, end: m.index + m[0].length });
    inspectionSentences.set(s, list);
  }
  if (inspectionSentences.size === 0) return [];
  const published = PUBLISHED.test(text);
  const early = BEFORE_PUBLICATION.test(text);
  if (published && !early) return [];
  const bySentence = new Map<number, Span[]>();
  // grades about an inspection: in its sentence, or the next two ("good" is everywhere else)
  const near = new Set<number>();
  for (const s of inspectionSentences.keys())
    for (let k = s; k <= s + 2 && k < sentences.starts.length; k++) near.add(k);
  const grades: RegExpMatchArray[] = [];
  for (const s of [...near].sort((a, b) => a - b)) {
    GRADE.lastIndex = sentences.starts[s]!;
    const end = sentences.starts[s + 1] ?? text.length;
    for (let m = GRADE.exec(text); m && m.index < end; m = GRADE.exec(text)) grades.push(m);
  }
  for (const m of grades) {
    const s = sentenceAt(sentences, m.index!);
    const at = m.index!;
    const sentenceStart = sentences.starts[s]!;
    const before = text.slice(Math.max(sentenceStart, at - 40), at);
    const after = text.slice(at + m[0].length, at + m[0].length + 30);
    if (!JUDGED_BEFORE.test(before) && !JUDGED_AFTER.test(after)) continue;
    const spans = bySentence.get(s) ?? [...(inspectionSentences.get(s) ?? [])];
    spans.push({ start: at, end: at + m[0].length });
    bySentence.set(s, spans);
  }
  return [...bySentence.values()].map((spans) => ({ spans: spans.sort((a, b) => a.start - b.start), early }));
}
