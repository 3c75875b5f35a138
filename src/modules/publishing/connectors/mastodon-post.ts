/**
 * The pure parts of posting to Mastodon (PUB-6): its limits, how it counts a post's length, and
 * which server an account lives on. No network here.
 */
import { mastodonServer } from './manual-links.ts';
import type { AccountAccess, Capabilities, Problem, PublishablePost } from './types.ts';
import { graphemeLength, validateAgainst } from './validate-post.ts';

/**
 * Mastodon's defaults (servers can change them): 500 characters, 4 attachments, images up to
 * 16 MB, descriptions (alt text) up to 1,500 characters.
 */
export const MASTODON_CAPABILITIES: Capabilities = {
  deletion: true,
  images: true,
  maxTextLength: 500,
  textUnit: 'mastodon',
  maxImages: 4,
  maxImageBytes: 16 * 1024 * 1024,
  maxAltTextLength: 1_500,
};

/** Every link counts as this many characters, however long it is. */
const URL_LENGTH = 23;
const URL_PATTERN = /https?:\/\/[^\s<>"]+/gi;
/** A mention of someone on another server counts only its local part: "@jo@example.org" is "@jo". */
const REMOTE_MENTION = /(^|[^\w/@])(@[a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_]+)?)@[a-z0-9.-]+\.[a-z0-9-]+/gi;

/** The length Mastodon checks against its limit (StatusLengthValidator): links 23, remote mentions local part only. */
export function mastodonLength(text: string): number {
  const countable = text.replace(URL_PATTERN, 'x'.repeat(URL_LENGTH)).replace(REMOTE_MENTION, '$1$2');
  return graphemeLength(countable);
}

export function validateForMastodon(post: PublishablePost): Problem[] {
  return validateAgainst(post, MASTODON_CAPABILITIES, 'Mastodon', mastodonLength);
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
