/**
 * PUB-2: confidential matters (prohibited.confidential): exclusions and discipline, staff absence
 * and personnel matters, complaints and disputes, inspection outcomes before the report is published,
 * plans not yet announced. A maintained list (lexicon/data/confidential.txt) the school can extend
 * (ctx.extraConfidentialTerms). One finding per sentence, highlighting every word that set it off.
 *
 * Issue 16 adds two detectors: someone's health details (health.ts), which wait for the approver to
 * confirm the person agreed; and an inspection grade (inspection.ts), which blocks when the post says
 * the report is not out yet and otherwise waits for the approver to confirm it is published.
 */
import { finding } from '../clauses.ts';
import type { LexiconMatch } from '../lexicon/lexicon.ts';
import { extraConfidentialLexicon, listMatches } from '../lexicon/lists.ts';
import { streamOf } from '../lexicon/streams.ts';
import { sentenceAt, sentencesOf } from '../text/sentences.ts';
import type { Rule, Severity, Span } from '../types.ts';
import { healthDetails } from './health.ts';
import { inspectionGrades } from './inspection.ts';

type Kind = 'list' | 'health' | 'inspection';
interface Hit {
  spans: Span[];
  severity: Severity;
  kind: Kind;
}

const RANK: Readonly<Record<Severity, number>> = { advisory: 0, confirm: 1, blocking: 2 };
const MESSAGES: Readonly<Record<Kind, string>> = {
  list: 'This looks like a confidential matter (about a pupil, a member of staff, a complaint or dispute, an inspection or an unannounced plan). Keep it off social media.',
  health:
    'This gives someone’s health details (an operation, a diagnosis, treatment, a stay in hospital). Only publish them if that person (or a pupil’s parents) agreed: the approver must confirm it.',
  inspection:
    'This shares an inspection grade. Until the inspection report is published the grade is confidential: the approver must confirm the report is out.',
};
const EARLY_INSPECTION =
  'This shares an inspection grade before the inspection report is published. Keep it off social media until the report is out.';
const CONFIRMS: Readonly<Record<Kind, string | undefined>> = {
  list: undefined,
  health: 'The person these health details are about (or a pupil’s parents) agreed to them being published.',
  inspection: 'The inspection report has been published, so the grade is public.',
};

export const confidential: Rule = (post, ctx) => {
  if (!post.text) return [];
  const text = post.text;
  const matches = listMatches(text, 'confidential');
  const extra = extraConfidentialLexicon(ctx.extraConfidentialTerms);
  if (extra) matches.push(...extra.match(streamOf(text)));
  const hits: Hit[] = bySentence(text, matches).map((group) => ({
    spans: group.map((m) => m.span),
    severity: group.some((m) => m.term.severity === 'blocking') ? 'blocking' : 'advisory',
    kind: 'list',
  }));
  for (const h of healthDetails(text)) hits.push({ spans: h.spans, severity: 'confirm', kind: 'health' });
  for (const h of inspectionGrades(text))
    hits.push({ spans: h.spans, severity: h.early ? 'blocking' : 'confirm', kind: 'inspection' });
  if (hits.length === 0) return [];
  return oneBySentence(text, hits).map((h) =>
    finding(
      'confidential',
      h.severity,
      h.kind === 'inspection' && h.severity === 'blocking' ? EARLY_INSPECTION : MESSAGES[h.kind],
      h.spans,
      { confirm: CONFIRMS[h.kind] },
    ),
  );
};

/** One finding per sentence: every word that set it off, the gravest severity, that one's message. */
function oneBySentence(text: string, hits: Hit[]): Hit[] {
  if (hits.length === 1) return hits;
  const sentences = sentencesOf(text);
  const merged = new Map<number, Hit>();
  for (const h of hits) {
    const s = sentenceAt(sentences, h.spans[0]!.start);
    const kept = merged.get(s);
    if (!kept) merged.set(s, { ...h, spans: [...h.spans] });
    else {
      if (RANK[h.severity] > RANK[kept.severity] || (RANK[h.severity] === RANK[kept.severity] && kept.kind === 'list'))
        [kept.severity, kept.kind] = [h.severity, h.kind];
      for (const span of h.spans) if (!kept.spans.some((k) => k.start === span.start)) kept.spans.push(span);
    }
  }
  return [...merged.values()]
    .map((h) => ({ ...h, spans: h.spans.sort((a, b) => a.start - b.start) }))
    .sort((a, b) => a.spans[0]!.start - b.spans[0]!.start);
}

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
