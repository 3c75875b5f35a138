/**
 * How long a post may be on each platform (PUB-2, PUB-6), counted the way that platform counts. One
 * pure rule, used by the checks beside a draft as the author types, on saving, on sending for
 * approval, and by the connectors just before publishing, so a post that passes here is never
 * refused there for its length. No network, no clock.
 *
 * Bluesky allows 300 graphemes (what a reader sees as one character: an emoji with a skin tone, a
 * flag, a letter with a combining accent each count once) and 3,000 bytes of UTF-8. Mastodon allows
 * 500 by default, counting every link as 23 and a remote mention by its local part. Platforms
 * Postwarden does not publish to itself have no limit here: the operator sees the platform's own
 * counter when posting by hand.
 */

export interface TextLimit {
  /** The platform's name as staff know it. */
  label: string;
  /** The most the platform takes, in its own unit (see `measure`). */
  max: number;
  /** The length as the platform counts it. */
  measure: (text: string) => number;
  /** A second limit on the encoded text (Bluesky: 3,000 bytes of UTF-8). */
  maxBytes?: number;
}

export interface TextCount {
  label: string;
  length: number;
  max: number;
  /** How many over the limit; 0 when it fits. */
  over: number;
  /** Within `max` but over `maxBytes` (many emoji or special characters). */
  tooManyBytes: boolean;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * What a reader sees as characters (extended grapheme clusters): emoji and accents count once.
 *
 * Node 20's Intl.Segmenter takes time that grows with the square of the text's length when iterated
 * (10,000 characters about 0.2 s, 100,000 about 11 s on this machine), so the text is counted in
 * pieces of about CHUNK characters, cut only where a new character certainly begins, and plain ASCII
 * pieces are counted without it. The result is the same as segmenting the whole text at once.
 */
export function graphemeLength(text: string): number {
  let n = 0;
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + CHUNK);
    while (end < text.length && !certainBoundary(text, end)) end++;
    n += countPiece(text.slice(start, end));
    start = end;
  }
  return n;
}

const CHUNK = 200;
const ASCII = /^[\x00-\x7f]*$/;
/** Letters, digits, punctuation and spaces: the characters a cut may fall between. */
const PLAIN = /^[\p{L}\p{N}\p{P}\p{Zs}]$/u;
const HANGUL = /^\p{Script=Hangul}$/u;
/** The plain characters that join the one after them (Prepend: Malayalam dot reph). */
const JOINS_NEXT = new Set([0x0d4e]);
/** The plain characters that join the one before them (Thai and Lao AM are SpacingMarks; half-width kana voiced marks extend). */
const JOINS_PREVIOUS = new Set([0x0e33, 0x0eb3, 0xff9e, 0xff9f]);

/**
 * Whether a new grapheme cluster begins at `i` whatever surrounds it: a conservative test, false when
 * unsure. Two plain characters (letters, digits, punctuation, spaces) are always separate clusters,
 * except Hangul jamo, which combine into syllables, and the few listed above. A surrogate half is
 * never plain, so a cut never falls inside a character outside the Basic Multilingual Plane.
 */
function certainBoundary(text: string, i: number): boolean {
  const a = text.charCodeAt(i - 1);
  const b = text.charCodeAt(i);
  // Between two ASCII characters there is always a boundary, except inside CR LF.
  if (a < 0x80 && b < 0x80) return !(a === 0x0d && b === 0x0a);
  if (JOINS_NEXT.has(a) || JOINS_PREVIOUS.has(b)) return false;
  const before = text[i - 1]!;
  const after = text[i]!;
  return PLAIN.test(before) && PLAIN.test(after) && !HANGUL.test(before) && !HANGUL.test(after);
}

function countPiece(piece: string): number {
  if (ASCII.test(piece)) return piece.length - (piece.match(/\r\n/g)?.length ?? 0);
  let n = 0;
  for (const _ of segmenter.segment(piece)) n++;
  return n;
}

/** Every link counts as this many characters on Mastodon, however long it is. */
const MASTODON_URL_LENGTH = 23;
const URL_PATTERN = /https?:\/\/[^\s<>"]+/gi;
/** A mention of someone on another server counts only its local part: "@jo@example.org" is "@jo". */
const REMOTE_MENTION = /(^|[^\w/@])(@[a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_]+)?)@[a-z0-9.-]+\.[a-z0-9-]+/gi;

/** The length Mastodon checks against its limit (StatusLengthValidator): links 23, remote mentions local part only. */
export function mastodonLength(text: string): number {
  const countable = text.replace(URL_PATTERN, 'x'.repeat(MASTODON_URL_LENGTH)).replace(REMOTE_MENTION, '$1$2');
  return graphemeLength(countable);
}

/** From the app.bsky.feed.post lexicon: 300 graphemes and 3,000 bytes. */
export const BLUESKY_TEXT: TextLimit = { label: 'Bluesky', max: 300, measure: graphemeLength, maxBytes: 3_000 };

/** Mastodon's default; a server can set its own. */
export const MASTODON_TEXT: TextLimit = { label: 'Mastodon', max: 500, measure: mastodonLength };

const BY_PLATFORM: Readonly<Record<string, TextLimit>> = { bluesky: BLUESKY_TEXT, mastodon: MASTODON_TEXT };

/** The limit on a post's words for an account on this platform (a value of PLATFORMS), or null when Postwarden knows none. */
export function textLimitFor(platform: string | null | undefined): TextLimit | null {
  return platform ? (BY_PLATFORM[platform] ?? null) : null;
}

export function countText(text: string, limit: TextLimit): TextCount {
  const length = limit.measure(text);
  const over = Math.max(0, length - limit.max);
  const tooManyBytes = over === 0 && limit.maxBytes !== undefined && Buffer.byteLength(text, 'utf8') > limit.maxBytes;
  return { label: limit.label, length, max: limit.max, over, tooManyBytes };
}

/** What to tell the author when the words do not fit, or null when they do. */
export function tooLongMessage(count: TextCount): string | null {
  if (count.over > 0) {
    return `The post is ${characters(count.length)} long and ${count.label} allows ${count.max.toLocaleString('en-GB')}. Shorten it by ${characters(count.over)}`;
  }
  if (count.tooManyBytes) return `The post uses too many special characters or emoji for ${count.label}. Shorten it`;
  return null;
}

function characters(n: number): string {
  return `${n.toLocaleString('en-GB')} character${n === 1 ? '' : 's'}`;
}
