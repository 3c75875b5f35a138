/**
 * The pure parts of posting to Mastodon (PUB-6): its limits, how it counts a post's length, and
 * which server an account lives on. No network here.
 */
import { mastodonServer } from './manual-links.ts';
import type { AccountAccess, Capabilities, Problem, PublishablePost } from './types.ts';
import { MASTODON_TEXT } from './text-limit.ts';
import { validateWithLimit } from './validate-post.ts';

export { mastodonLength } from './text-limit.ts';

/**
 * Mastodon's defaults (servers can change them): 500 characters, 4 attachments, images up to
 * 16 MB, descriptions (alt text) up to 1,500 characters.
 */
export const MASTODON_CAPABILITIES: Capabilities = {
  deletion: true,
  images: true,
  maxTextLength: MASTODON_TEXT.max,
  textUnit: 'mastodon',
  maxImages: 4,
  maxImageBytes: 16 * 1024 * 1024,
  maxAltTextLength: 1_500,
};

export function validateForMastodon(post: PublishablePost): Problem[] {
  return validateWithLimit(post, MASTODON_CAPABILITIES, MASTODON_TEXT);
}

/** The server to talk to: the one stored with the sign-in details, or the one in the account's address. */
export function mastodonServerUrl(account: AccountAccess): string | null {
  const stored = account.credentials?.service?.trim();
  if (stored) {
    try {
      const url = new URL(stored);
      if (url.protocol === 'https:' || url.protocol === 'http:') return url.origin;
    } catch {
      return null;
    }
    return null;
  }
  const host = mastodonServer(account.credentials?.identifier ?? null) ?? mastodonServer(account.handle);
  return host ? `https://${host}` : null;
}

/** Text compared the way Mastodon keeps it: line endings and surrounding space do not matter. */
export function sameText(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/\r\n?/g, '\n').trim();
  return norm(a) === norm(b);
}

/** Mastodon takes an ISO 639 language code: 'en-GB' goes as 'en'. */
export function mastodonLanguage(tag: string | undefined): string | undefined {
  const primary = tag?.split('-')[0]?.toLowerCase();
  return primary && /^[a-z]{2,3}$/.test(primary) ? primary : undefined;
}
