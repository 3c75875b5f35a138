/**
 * The pure parts of posting to Bluesky (PUB-6): its limits, the record a post becomes, and the
 * addresses of a post. No network here.
 */
import type { Capabilities, Problem, PublishablePost } from './types.ts';
import { BLUESKY_TEXT } from './text-limit.ts';
import { validateWithLimit } from './validate-post.ts';

export const POST_COLLECTION = 'app.bsky.feed.post';

/** From the app.bsky.feed.post and app.bsky.embed.images lexicons. */
export const BLUESKY_CAPABILITIES: Capabilities = {
  deletion: true,
  images: true,
  maxTextLength: BLUESKY_TEXT.max,
  textUnit: 'graphemes',
  maxImages: 4,
  maxImageBytes: 2_000_000,
  // The lexicon sets no limit on alt text; the Bluesky app stops at 2,000 characters.
  maxAltTextLength: 2_000,
};

export function validateForBluesky(post: PublishablePost): Problem[] {
  return validateWithLimit(post, BLUESKY_CAPABILITIES, BLUESKY_TEXT);
}

export interface EmbeddedImage {
  alt: string;
  /** The blob reference Bluesky gave back for the upload. */
  image: unknown;
  aspectRatio: { width: number; height: number };
}

export interface PostParts {
  text: string;
  facets?: unknown[];
  images: EmbeddedImage[];
  language?: string;
}

/** The record written to the account's repository. Identical on every retry of the same post. */
export function postRecord(parts: PostParts, createdAt: Date): Record<string, unknown> {
  const record: Record<string, unknown> = {
    $type: POST_COLLECTION,
    text: parts.text,
    createdAt: createdAt.toISOString(),
  };
  if (parts.facets && parts.facets.length > 0) record.facets = parts.facets;
  if (parts.images.length > 0) record.embed = { $type: 'app.bsky.embed.images', images: parts.images };
  if (parts.language) record.langs = [parts.language];
  return record;
}

export function postUri(did: string, rkey: string): string {
  return `at://${did}/${POST_COLLECTION}/${rkey}`;
}

export function parsePostUri(uri: string): { did: string; rkey: string } | null {
  const m = /^at:\/\/(did:[a-z]+:[A-Za-z0-9._:%-]+)\/app\.bsky\.feed\.post\/([A-Za-z0-9._~:-]{1,512})$/.exec(uri);
  return m ? { did: m[1]!, rkey: m[2]! } : null;
}

/** The link a person opens: by DID, which survives a change of handle. */
export function postUrl(appUrl: string, did: string, rkey: string): string {
  return `${appUrl.replace(/\/$/, '')}/profile/${did}/post/${rkey}`;
}

/** Sizes Bluesky accepts for an aspect ratio: positive whole numbers. */
export function aspectRatio(width: number, height: number): { width: number; height: number } {
  return { width: Math.max(1, Math.round(width)), height: Math.max(1, Math.round(height)) };
}
