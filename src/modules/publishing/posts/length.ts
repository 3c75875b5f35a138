/**
 * Whether a post's words fit its account's platform (PUB-2, PUB-6): pure. Going over is a problem to
 * fix like any blocking check, found as the author types, on saving, on sending for approval and at
 * the decision, rather than only when publishing fails and the post needs a second approval.
 */
import type { RuleId } from '../checks/index.ts';
import { countText, textLimitFor, tooLongMessage, type TextCount } from '../connectors/text-limit.ts';
import type { PostFinding } from './checks.ts';

/** The policy checks' rules, and the platform's own limit on length. */
export type PostRule = RuleId | 'platform-limit';

/** The words counted against the platform's limit, or null when Postwarden knows no limit for it. */
export function textCountFor(text: string, platform: string | null | undefined): TextCount | null {
  const limit = textLimitFor(platform);
  return limit ? countText(text, limit) : null;
}

export function lengthFinding(text: string, platform: string | null | undefined): PostFinding | null {
  const count = textCountFor(text, platform);
  const message = count ? tooLongMessage(count) : null;
  if (!message) return null;
  // No clause: the platform sets this limit, not the school's policy.
  return {
    rule: 'platform-limit',
    code: 'too-long',
    severity: 'blocking',
    clauseKey: '',
    message,
    spans: [],
    where: 'text',
  };
}
