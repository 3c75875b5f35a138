/**
 * The policy clause each check enforces, by stable key (see policies/model/model-policy.ts). Every
 * one is on policies/citations.ts CITED_CLAUSES, so a school cannot delete a clause a check cites.
 */
import type { Finding, FindingPlace, RuleId, Severity, Span } from './types.ts';

export const CLAUSE_OF: Readonly<Record<RuleId, string>> = {
  'pupil-surname': 'images.first-names-only',
  'never-publish': 'images.never-publish',
  'photo-consent': 'images.consent',
  'identifying-details': 'images.identifying-details',
  confidential: 'prohibited.confidential',
  offensive: 'prohibited.offensive',
  'contact-details': 'contact.personal-details',
  attribution: 'images.attribution',
  political: 'prohibited.opinions-on-behalf',
};

export function finding(
  rule: RuleId,
  severity: Severity,
  message: string,
  spans: Span[],
  extra: { where?: FindingPlace; image?: number; pupilId?: string; confirm?: string } = {},
): Finding {
  const f: Finding = {
    rule,
    severity,
    clauseKey: CLAUSE_OF[rule],
    message,
    spans,
    where: extra.where ?? (spans.length > 0 ? 'text' : 'post'),
  };
  if (extra.image !== undefined) f.image = extra.image;
  if (extra.pupilId !== undefined) f.pupilId = extra.pupilId;
  if (severity === 'confirm') f.confirm = extra.confirm ?? 'I have checked this, and it is right to publish.';
  return f;
}

/** “words” in curly quotes, shortened if long. */
export const quote = (text: string, span: Span): string => {
  const words = text.slice(span.start, span.end).replace(/\s+/g, ' ');
  return `“${words.length > 60 ? `${words.slice(0, 57)}…` : words}”`;
};
