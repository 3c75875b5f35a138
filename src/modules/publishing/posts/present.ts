/** How findings read on a page (PUB-2): pure, no database. */
import type { Severity, Span } from '../checks/index.ts';
import type { KeyedFinding } from './checks.ts';

export interface Segment {
  text: string;
  mark: boolean;
  severity?: Severity;
}

const GRAVITY: Readonly<Record<Severity, number>> = { advisory: 0, confirm: 1, blocking: 2 };

/** What each severity is called on a page (issue 16: a finding the approver confirms is neither a block nor advice). */
export const SEVERITY_TEXT: Readonly<Record<Severity, string>> = {
  blocking: 'Must be fixed',
  confirm: 'Approver must confirm',
  advisory: 'Advice',
};

/** The text cut into plain and highlighted pieces; overlapping spans merge, the gravest severity wins. */
export function highlight(
  text: string,
  findings: readonly { spans: readonly Span[]; severity: Severity }[],
): Segment[] {
  const marks: { start: number; end: number; severity: Severity }[] = [];
  for (const f of findings)
    for (const s of f.spans)
      if (s.end > s.start && s.start >= 0 && s.end <= text.length)
        marks.push({ start: s.start, end: s.end, severity: f.severity });
  marks.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: typeof marks = [];
  for (const m of marks) {
    const last = merged.at(-1);
    if (last && m.start < last.end) {
      last.end = Math.max(last.end, m.end);
      if (GRAVITY[m.severity] > GRAVITY[last.severity]) last.severity = m.severity;
    } else merged.push({ ...m });
  }
  const out: Segment[] = [];
  let at = 0;
  for (const m of merged) {
    if (m.start > at) out.push({ text: text.slice(at, m.start), mark: false });
    out.push({ text: text.slice(m.start, m.end), mark: true, severity: m.severity });
    at = m.end;
  }
  if (at < text.length) out.push({ text: text.slice(at), mark: false });
  return out;
}

export interface FindingItem {
  key: string;
  number: number;
  severity: Severity;
  severityText: string;
  /** For a finding the approver must confirm: what they confirm. */
  confirm?: string;
  message: string;
  /** The policy clause, or for a platform's own limit, a plain statement that the platform sets it. */
  citation: string;
  basis: 'policy' | 'platform';
  place: string;
  words: string[];
}

export function findingItems(
  findings: readonly KeyedFinding[],
  citations: ReadonlyMap<string, string>,
  text: string,
  altTexts: readonly string[],
): FindingItem[] {
  return findings.map((f, i) => {
    const source = f.where === 'alt' ? (altTexts[f.image ?? 0] ?? '') : text;
    const place =
      f.where === 'text'
        ? 'In the post'
        : f.where === 'alt'
          ? `In the description of photo ${(f.image ?? 0) + 1}`
          : f.where === 'photo'
            ? `Photo ${(f.image ?? 0) + 1}`
            : 'The post as a whole';
    return {
      key: f.key,
      number: i + 1,
      severity: f.severity,
      severityText: SEVERITY_TEXT[f.severity],
      ...(f.confirm ? { confirm: f.confirm } : {}),
      message: f.message,
      place,
      ...(f.rule === 'platform-limit'
        ? { citation: 'Set by the platform, not by the school’s policy', basis: 'platform' as const }
        : { citation: citations.get(f.clauseKey) ?? 'the school’s social media policy', basis: 'policy' as const }),
      words: f.spans.map((s) => source.slice(s.start, s.end)).filter(Boolean),
    };
  });
}
