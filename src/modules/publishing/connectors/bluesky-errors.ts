/**
 * Bluesky's XRPC errors, turned into Postwarden's two kinds (PUB-6) with plain-English messages.
 * Nothing here repeats a password or a session token: the platform's own words pass through `redact`.
 */
import { XRPCError } from '@atproto/api';
import { PermanentError, TransientError, redact, retryAfterFrom } from './errors.ts';
import { isTimeout } from './timed-fetch.ts';

export type BlueskyStep = 'sign-in' | 'upload' | 'publish' | 'check' | 'delete';

const DOING: Record<BlueskyStep, string> = {
  'sign-in': 'signing in to Bluesky',
  upload: 'uploading an image to Bluesky',
  publish: 'posting to Bluesky',
  check: 'checking the post on Bluesky',
  delete: 'deleting the post on Bluesky',
};

export function blueskyError(
  error: unknown,
  step: BlueskyStep,
  secrets: readonly string[],
  now: Date = new Date(),
): TransientError | PermanentError {
  if (error instanceof TransientError || error instanceof PermanentError) return error;
  const doing = DOING[step];
  if (isTimeout(error))
    return new TransientError(`Bluesky did not answer in time while ${doing}. Postwarden will check and try again`);
  if (!(error instanceof XRPCError)) {
    return new TransientError(`Postwarden could not reach Bluesky while ${doing}. Postwarden will try again`);
  }
  const said = redact(error.message ?? '', secrets);
  const code = error.error ?? '';
  const status = error.status;
  if (code === 'AuthFactorTokenRequired') {
    return new PermanentError(
      'sign-in-refused',
      'Bluesky asked for an emailed sign-in code. Store an app password for this account (Bluesky: Settings, Privacy and security, App passwords) instead of the main password',
    );
  }
  if (code === 'AccountTakedown' || code === 'AccountDeactivated') {
    return new PermanentError(
      'not-allowed',
      'Bluesky says this account is suspended or deactivated. Sign in to Bluesky to find out why',
    );
  }
  if (status === 401 || code === 'AuthenticationRequired' || code === 'InvalidToken' || code === 'ExpiredToken') {
    return new PermanentError(
      'sign-in-refused',
      'Bluesky refused the stored sign-in details. Check the handle and app password stored for this account',
    );
  }
  if (status === 403)
    return new PermanentError('not-allowed', `Bluesky did not allow ${doing}${said ? `: ${said}` : ''}`);
  if (status === 429) {
    const retryAfterMs = retryAfterFrom(
      { retryAfter: header(error, 'retry-after'), rateLimitReset: header(error, 'ratelimit-reset') },
      now,
    );
    return new TransientError(`Bluesky asked Postwarden to slow down while ${doing}. Postwarden will try again later`, {
      retryAfterMs,
      outcomeUnknown: false,
    });
  }
  if (status === 413) return new PermanentError('rejected', 'Bluesky refused an image as too large');
  if (status >= 500 || status < 200) {
    return new TransientError(
      `Bluesky had a problem while ${doing} (${status >= 500 ? `error ${status}` : 'no usable answer'}). Postwarden will check and try again`,
    );
  }
  return new PermanentError('rejected', `Bluesky refused the post while ${doing}${said ? `: ${said}` : ''}`);
}

function header(error: XRPCError, name: string): string | null {
  const headers = error.headers as Record<string, string> | undefined;
  return headers?.[name] ?? null;
}
