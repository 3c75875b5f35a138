/** How findings read on a page (PUB-2): pure, no database. */
import type { Span } from '../checks/index.ts';
import type { KeyedFinding } from './checks.ts';

export interface Segment { text: string; mark: boolean; severity?: 'blocking' | 'advisory' }

/** The text cut into plain and highlighted pieces; overlapping spans merge, blocking wins. */
export function highlight(text: string, findings: readonly { spans: readonly Span[]; severity: 'blocking' | 'advisory' }[]): Segment[] {
  const marks: { start: number; end: number; severity: 'blocking' | 'advisory' }[] = [];
  for (const f of findings) for (const s of f.spans) if (s.end > s.start && s.start >= 0 && s.end <= text.length) marks.push({ start: s.start, end: s.end, severity: f.severity });
  marks.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: typeof marks = [];
  for (const m of marks) {
    const last = merged.at(-1);
    if (last && m.start < last.end) {
      last.end = Math.max(last.end, m.end);
      if (m.severity === 'blocking') last.severity = 'blocking';
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
  severity: 'blocking' | 'advisory';
  severityText: string;
  message: string;
  /** The policy clause, or for a platform's own limit, a plain statement that the platform sets it. */
  citation: string;
  basis: 'policy' | 'platform';
  place: string;
  words: string[];
}

export function findingItems(findings: readonly KeyedFinding[], citations: ReadonlyMap<string, string>, text: string, altTexts: readonly string[]): FindingItem[] {
  return findings.map((f, i) => {
    const source = f.where === 'alt' ? altTexts[f.image ?? 0] ?? '' : text;
    const place = f.where === 'text' ? 'In the post' : f.where === 'alt' ? `In the description of photo ${(f.image ?? 0) + 1}` : f.where === 'photo' ? `Photo ${(f.image ?? 0) + 1}` : 'The post as a whole';
    return {
      key: f.key, number: i + 1, severity: f.severity, severityText: f.severity === 'blocking' ? 'Must be fixed' : 'Advice',
      message: f.message, place,
      ...(f.rule === 'platform-limit'
        ? { citation: 'Set by the platform, not by the school’s policy', basis: 'platform' as const }
        : { citation: citations.get(f.clauseKey) ?? 'the school’s social media policy', basis: 'policy' as const }),
      words: f.spans.map((s) => source.slice(s.start, s.end)).filter(Boolean),
    };
  });
}
