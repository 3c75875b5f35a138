/** How the "before you post" findings read on the page (STF-1): pure, no database. */
import type { PersonalFinding, PersonalRule } from './rules/check.ts';

const HEADINGS: Readonly<Record<PersonalRule, string>> = {
  'school-name': 'The school’s name',
  pupil: 'A pupil',
  colleague: 'A colleague',
  'school-event': 'A school event or trip',
  confidential: 'A confidential matter',
  'contact-details': 'Contact details',
  opinion: 'A view that could be read as the school’s',
};

export interface Segment {
  text: string;
  mark: boolean;
}

export function highlight(text: string, findings: readonly PersonalFinding[]): Segment[] {
  const spans = findings
    .flatMap((f) => f.spans)
    .filter((s) => s.end > s.start && s.start >= 0 && s.end <= text.length)
    .sort((a, b) => a.start - b.start);
  const out: Segment[] = [];
  let at = 0;
  for (const s of spans) {
    if (s.end <= at) continue;
    const start = Math.max(s.start, at);
    if (start > at) out.push({ text: text.slice(at, start), mark: false });
    out.push({ text: text.slice(start, s.end), mark: true });
    at = s.end;
  }
  if (at < text.length) out.push({ text: text.slice(at), mark: false });
  return out;
}

export function presentFindings(findings: readonly PersonalFinding[], citations: ReadonlyMap<string, string>) {
  return findings.map((f, i) => ({
    number: i + 1,
    heading: HEADINGS[f.rule],
    message: f.message,
    citation: citations.get(f.clauseKey) ?? 'the school’s social media policy',
    clauseKey: f.clauseKey,
  }));
}
