/**
 * The manual hand-off (PUB-6), always available for every platform: Postwarden gives the operator
 * the approved text to copy and the cleaned images to download; they post by hand and paste the
 * link to the post, which is what "publishing" records.
 */
import { platformName } from '../../accounts/model.ts';
import { PermanentError } from './errors.ts';
import { checkPostLink } from './manual-links.ts';
import type { Capabilities, Connector, Problem, PublishablePost } from './types.ts';
import { graphemeLength, validateAgainst } from './validate-post.ts';

export interface HandOff {
  platform: string;
  handle: string | null;
}

/** Limits when the platform's own connector does not supply them: generous, so only real mistakes show. */
const DEFAULT_CAPABILITIES: Capabilities = {
  deletion: false,
  images: true,
  maxTextLength: 63_206,
  textUnit: 'graphemes',
  maxImages: 20,
  maxImageBytes: 50_000_000,
  maxAltTextLength: 5_000,
};

/**
 * @param platform a value of PLATFORMS
 * @param platformRules when Postwarden also publishes to this platform itself, its connector's
 *   validation: a post too long for Bluesky is too long when pasted by hand too.
 */
export function manualConnector(
  platform: string,
  platformRules?: Pick<Connector, 'validate' | 'capabilities'>,
): Connector<HandOff> {
  const name = platformName(platform);
  const capabilities: Capabilities = { ...(platformRules?.capabilities ?? DEFAULT_CAPABILITIES), deletion: false };
  return {
    platform,
    label: `Post by hand on ${name}`,
    capabilities,
    validate(post: PublishablePost): Problem[] {
      return platformRules ? platformRules.validate(post) : validateAgainst(post, capabilities, name, graphemeLength);
    },
    async prepare(post, account) {
      return {
        platform,
        text: post.text,
        images: post.images.map((i) => ({ ref: i.ref, fileName: i.fileName, altText: i.altText })),
        payload: { platform, handle: account.handle },
      };
    },
    async publish(prepared, options) {
      const check = checkPostLink(prepared.payload.platform, prepared.payload.handle, options.reportedUrl ?? '');
      if (!check.ok) throw new PermanentError('bad-link', check.message);
      return { remoteId: check.url, url: check.url };
    },
    async confirm(attempt) {
      // Postwarden cannot look: the pasted link is the record. Recording it again is harmless.
      return attempt.remoteId
        ? { state: 'published', remoteId: attempt.remoteId, url: attempt.remoteId }
        : { state: 'absent' };
    },
    async remove() {
      throw new PermanentError(
        'not-supported',
        `Postwarden cannot take down a post made by hand. Delete it on ${name} yourself, then record the takedown here`,
      );
    },
  };
}
