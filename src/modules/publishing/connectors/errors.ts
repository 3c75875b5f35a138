/**
 * The two kinds of failure a connector reports (PUB-6). Shared code never looks at a platform's own
 * error shapes: each connector turns them into one of these.
 *
 * Messages are plain English for school staff and never carry a secret: connectors build them from
 * fixed text plus, at most, the platform's own explanation passed through `redact`.
 */

/** Worth trying again later: a timeout, a server error (5xx), a rate limit, the network. */
export class TransientError extends Error {
  override readonly name = 'TransientError';
  /** When the platform said when to come back (a rate limit), in milliseconds from now. */
  readonly retryAfterMs: number | null;
  /**
   * True when the request may have reached the platform and done its work even though no answer
   * came back (a timeout, a dropped connection, a 5xx after sending). The post may be out there:
   * confirm before trying again.
   */
  readonly outcomeUnknown: boolean;

  constructor(message: string, opts: { retryAfterMs?: number | null; outcomeUnknown?: boolean } = {}) {
    super(message);
    this.retryAfterMs = opts.retryAfterMs ?? null;
    this.outcomeUnknown = opts.outcomeUnknown ?? true;
  }
}

/** Trying again will not help until a person changes something: sign-in refused, content rejected. */
export class PermanentError extends Error {
  override readonly name = 'PermanentError';
  /** A short machine-readable reason, for tests and for choosing what to show. */
  readonly reason: PermanentReason;

  constructor(reason: PermanentReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

export type PermanentReason =
  | 'no-credentials'
  | 'sign-in-refused'
  | 'not-allowed'
  | 'rejected'
  | 'not-supported'
  | 'bad-link';

/**
 * Removes every secret (and anything that looks like a bearer token) from text that came from a
 * platform, and shortens it. Used on the platform's explanation before it goes into a message.
 */
export function redact(text: string, secrets: readonly (string | null | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('[hidden]');
  }
  out = out.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [hidden]');
  out = out.replace(/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '[hidden]');
  out = out.replace(/\s+/g, ' ').trim();
  return out.length > 300 ? `${out.slice(0, 297)}...` : out;
}

/** Reads an HTTP Retry-After or RateLimit-Reset value into milliseconds from `now`. */
export function retryAfterFrom(
  headers: { retryAfter?: string | null; rateLimitReset?: string | null },
  now: Date,
): number | null {
  const after = headers.retryAfter?.trim();
  if (after) {
    if (/^\d+$/.test(after)) return Number(after) * 1000;
    const at = Date.parse(after);
    if (!Number.isNaN(at)) return Math.max(0, at - now.getTime());
  }
  const reset = headers.rateLimitReset?.trim();
  if (reset && /^\d+$/.test(reset)) {
    // Bluesky sends seconds since the epoch; Mastodon sends an ISO date in X-RateLimit-Reset.
    return Math.max(0, Number(reset) * 1000 - now.getTime());
  }
  if (reset) {
    const at = Date.parse(reset);
    if (!Number.isNaN(at)) return Math.max(0, at - now.getTime());
  }
  return null;
}
