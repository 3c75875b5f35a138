import { XRPCError } from '@atproto/api';
import { MastoHttpError, MastoTimeoutError, MastoUnexpectedError } from 'masto';
import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff.ts';
import { blueskyError } from './bluesky-errors.ts';
import { PermanentError, TransientError, redact, retryAfterFrom } from './errors.ts';
import { mastodonError } from './mastodon-errors.ts';

const NOW = new Date('2026-11-22T09:00:00Z');
const SECRET = 'abcd-efgh-ijkl-mnop';

const xrpc = (status: number, error: string, message: string, headers?: Record<string, string>) =>
  new XRPCError(status, error, message, headers);
const masto = (statusCode: number, message: string, headers: Record<string, string> = {}) =>
  new MastoHttpError({ statusCode, message }, { cause: new Response('{}', { status: statusCode, headers }) });

describe('PUB-6: connector failures are typed, plain English and free of secrets', () => {
  it('PUB-6: redact removes the secrets it is given, bearer tokens and JWTs, and shortens', () => {
    expect(redact(`password ${SECRET} was wrong`, [SECRET])).toBe('password [hidden] was wrong');
    expect(redact('Authorization: Bearer eyJhbGciOi.abc.def', [])).toBe('Authorization: Bearer [hidden]');
    expect(redact('token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig here', [])).toBe('token [hidden] here');
    expect(redact('short', ['abc'])).toBe('short');
    expect(redact('x'.repeat(500), [])).toHaveLength(300);
  });

  it('PUB-6: reads Retry-After (seconds or a date) and rate-limit reset times', () => {
    expect(retryAfterFrom({ retryAfter: '120' }, NOW)).toBe(120_000);
    expect(retryAfterFrom({ retryAfter: 'Sun, 22 Nov 2026 09:05:00 GMT' }, NOW)).toBe(300_000);
    expect(retryAfterFrom({ rateLimitReset: String(NOW.getTime() / 1000 + 60) }, NOW)).toBe(60_000);
    expect(retryAfterFrom({ rateLimitReset: '2026-11-22T09:10:00.000Z' }, NOW)).toBe(600_000);
    expect(retryAfterFrom({}, NOW)).toBeNull();
    expect(retryAfterFrom({ retryAfter: 'soon' }, NOW)).toBeNull();
  });

  it('PUB-6: Bluesky: bad sign-in, takedown, refusal and 413 are permanent; 5xx, 429, timeouts and the network are transient', () => {
    const kind = (e: unknown) => blueskyError(e, 'publish', [SECRET], NOW);
    expect(kind(xrpc(401, 'AuthenticationRequired', 'Invalid identifier or password'))).toMatchObject({
      name: 'PermanentError',
      reason: 'sign-in-refused',
    });
    expect(kind(xrpc(401, 'AuthFactorTokenRequired', 'A sign in code has been sent'))).toMatchObject({
      reason: 'sign-in-refused',
      message: expect.stringMatching(/app password/),
    });
    expect(kind(xrpc(400, 'AccountTakedown', 'Account has been taken down'))).toMatchObject({ reason: 'not-allowed' });
    expect(kind(xrpc(400, 'InvalidRequest', `Invalid record with ${SECRET}`))).toMatchObject({
      reason: 'rejected',
      message: 'Bluesky refused the post while posting to Bluesky: Invalid record with [hidden]',
    });
    expect(kind(xrpc(413, 'PayloadTooLarge', 'too big'))).toMatchObject({ reason: 'rejected' });
    expect(kind(xrpc(500, 'InternalServerError', 'Internal Server Error'))).toBeInstanceOf(TransientError);
    expect(kind(xrpc(502, 'UpstreamFailure', ''))).toBeInstanceOf(TransientError);
    const limited = kind(
      xrpc(429, 'RateLimitExceeded', 'Rate Limit Exceeded', { 'ratelimit-reset': String(NOW.getTime() / 1000 + 90) }),
    );
    expect(limited).toMatchObject({ name: 'TransientError', retryAfterMs: 90_000, outcomeUnknown: false });
    expect(kind(new TypeError('fetch failed'))).toMatchObject({
      name: 'TransientError',
      message: 'Postwarden could not reach Bluesky while posting to Bluesky. Postwarden will try again',
    });
    expect(kind(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))).toMatchObject({
      name: 'TransientError',
      outcomeUnknown: true,
    });
    expect(kind(xrpc(1, 'Unknown', 'fetch failed'))).toBeInstanceOf(TransientError);
  });

  it('PUB-6: Mastodon: 401, 403, 422 and 413 are permanent; 5xx, 429, timeouts, unreadable answers and the network are transient', () => {
    const kind = (e: unknown) => mastodonError(e, 'publish', [SECRET], NOW);
    expect(kind(masto(401, 'The access token is invalid'))).toMatchObject({ reason: 'sign-in-refused' });
    expect(kind(masto(403, 'This action is outside the authorized scopes'))).toMatchObject({
      reason: 'not-allowed',
      message: 'Mastodon did not allow posting to Mastodon: This action is outside the authorized scopes',
    });
    expect(kind(masto(422, 'Validation failed: Text character limit of 500 exceeded'))).toMatchObject({
      reason: 'rejected',
    });
    expect(kind(masto(413, 'Payload too large'))).toMatchObject({ reason: 'rejected' });
    expect(kind(masto(503, 'Service unavailable'))).toMatchObject({
      name: 'TransientError',
      message: 'Mastodon had a problem while posting to Mastodon (error 503). Postwarden will check and try again',
    });
    expect(kind(masto(429, 'Too many requests', { 'x-ratelimit-reset': '2026-11-22T09:02:00.000Z' }))).toMatchObject({
      retryAfterMs: 120_000,
      outcomeUnknown: false,
    });
    expect(kind(new MastoTimeoutError('Request timed out'))).toMatchObject({
      name: 'TransientError',
      message: expect.stringMatching(/did not answer in time/),
    });
    expect(
      kind(new MastoUnexpectedError('The server returned data with an unknown encoding. The server may be down.')),
    ).toBeInstanceOf(TransientError);
    expect(kind(new TypeError('fetch failed'))).toBeInstanceOf(TransientError);
  });

  it('PUB-6: no message from either connector contains the secret it was given', () => {
    const cases = [
      xrpc(400, 'InvalidRequest', SECRET),
      xrpc(403, 'Forbidden', `no ${SECRET}`),
      masto(422, `bad ${SECRET}`),
      masto(403, SECRET),
    ];
    for (const e of cases) {
      const mapped =
        e instanceof XRPCError ? blueskyError(e, 'publish', [SECRET]) : mastodonError(e, 'publish', [SECRET]);
      expect(mapped).toBeInstanceOf(PermanentError);
      expect(mapped.message).not.toContain(SECRET);
    }
  });

  it('PUB-6: retries back off from 30 seconds, doubling to an hour at most, and wait at least as long as a rate limit asked (up to a day)', () => {
    expect([1, 2, 3, 4, 8, 9, 50].map((n) => retryDelayMs(n))).toEqual([
      30_000, 60_000, 120_000, 240_000, 3_600_000, 3_600_000, 3_600_000,
    ]);
    expect(retryDelayMs(0)).toBe(30_000);
    expect(retryDelayMs(1, 600_000)).toBe(600_000);
    expect(retryDelayMs(8, 600_000)).toBe(3_600_000);
    expect(retryDelayMs(1, 7 * 24 * 3_600_000)).toBe(24 * 3_600_000);
    expect(retryDelayMs(1, -5)).toBe(30_000);
    expect(retryDelayMs(1, Number.NaN)).toBe(30_000);
  });
});
