/** When to try publishing again after a failure that may pass (PUB-6). Pure. */

export const RETRY = {
  firstDelayMs: 30_000,
  maxDelayMs: 60 * 60_000,
  /** Tries before Postwarden stops and hands the post to the operator. */
  maxAttempts: 8,
} as const;

/**
 * Doubling delays from 30 seconds, at most an hour; never sooner than the platform asked
 * (`retryAfterMs`, from a rate limit), and never later than a day whatever it asked.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | null = null,
  policy: { firstDelayMs: number; maxDelayMs: number } = RETRY,
): number {
  const n = Math.max(1, Math.floor(attempt));
  const doubled = policy.firstDelayMs * 2 ** Math.min(n - 1, 30);
  const delay = Math.min(policy.maxDelayMs, doubled);
  const asked =
    retryAfterMs === null || !Number.isFinite(retryAfterMs) ? 0 : Math.min(Math.max(0, retryAfterMs), 24 * 60 * 60_000);
  return Math.max(delay, asked);
}
