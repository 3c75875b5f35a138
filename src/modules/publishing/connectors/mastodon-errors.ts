/**
 * Mastodon's errors (through `masto`), turned into Postwarden's two kinds (PUB-6) with plain-English
 * messages. The access token never appears: Mastodon's own words pass through `redact`.
 */
import { MastoHttpError } from 'masto';
import { PermanentError, TransientError, redact, retryAfterFrom } from './errors.ts';
import { isTimeout } from './timed-fetch.ts';

export type MastodonStep = 'sign-in' | 'upload' | 'publish' | 'check' | 'delete';

const DOING: Record<MastodonStep, string> = {
  'sign-in': 'signing in to Mastodon',
  upload: 'uploading an image to Mastodon',
  publish: 'posting to Mastodon',
  check: 'checking the post on Mastodon',
  delete: 'deleting the post on Mastodon',
};

export function mastodonError(
  error: unknown,
  step: MastodonStep,
  secrets: readonly string[],
  now: Date = new Date(),
): TransientError | PermanentError {
  if (error instanceof TransientError || error instanceof PermanentError) return error;
  const doing = DOING[step];
  if (isTimeout(error))
    return new TransientError(`Mastodon did not answer in time while ${doing}. Postwarden will check and try again`);
  if (!(error instanceof MastoHttpError)) {
    // Network failures, and answers that are not Mastodon's (a proxy's error page while the server is down).
    return new TransientError(
      `Postwarden could not get a usable answer from Mastodon while ${doing}. Postwarden will try again`,
    );
  }
  const said = redact([error.message, error.description].filter(Boolean).join(': '), secrets);
  const status = error.statusCode;
  if (status === 401) {
    return new PermanentError(
      'sign-in-refused',
      'Mastodon refused the stored access token. Create a new one (Preferences, Development, New application, with write access) and store it for this account',
    );
  }
  if (status === 403)
    return new PermanentError('not-allowed', `Mastodon did not allow ${doing}${said ? `: ${said}` : ''}`);
  if (status === 429) {
    const headers = (error.cause as Response | undefined)?.headers;
    const retryAfterMs = retryAfterFrom(
      { retryAfter: headers?.get('retry-after'), rateLimitReset: headers?.get('x-ratelimit-reset') },
      now,
    );
    return new TransientError(
      `Mastodon asked Postwarden to slow down while ${doing}. Postwarden will try again later`,
      { retryAfterMs, outcomeUnknown: false },
    );
  }
  if (status === 413) return new PermanentError('rejected', 'Mastodon refused an image as too large');
  if (status >= 500)
    return new TransientError(
      `Mastodon had a problem while ${doing} (error ${status}). Postwarden will check and try again`,
    );
  return new PermanentError('rejected', `Mastodon refused the post while ${doing}${said ? `: ${said}` : ''}`);
}

export function isNotFound(error: unknown): boolean {
  return error instanceof MastoHttpError && error.statusCode === 404;
}
