/**
 * The checks every connector makes before publishing (PUB-6), driven only by its capabilities and
 * its way of counting text: no platform names here.
 */
import { countText, tooLongMessage, type TextLimit } from './text-limit.ts';
import type { Capabilities, Problem, PublishablePost } from './types.ts';

export { graphemeLength } from './text-limit.ts';

/** `text`: the platform's own rule for the length of the words (text-limit.ts), the one the checks on a draft use. */
export function validateWithLimit(post: PublishablePost, caps: Capabilities, text: TextLimit): Problem[] {
  return validateAgainst(post, { ...caps, maxTextLength: text.max }, text.label, text.measure, text.maxBytes);
}

export function validateAgainst(
  post: PublishablePost,
  caps: Capabilities,
  label: string,
  textLength: (text: string) => number,
  maxBytes?: number,
): Problem[] {
  const problems: Problem[] = [];
  const text = post.text.trim();
  if (!text && post.images.length === 0) {
    problems.push({ code: 'empty', message: 'The post has no text and no images' });
  }
  const tooLong = tooLongMessage(
    countText(post.text, {
      label,
      max: caps.maxTextLength,
      measure: textLength,
      ...(maxBytes !== undefined ? { maxBytes } : {}),
    }),
  );
  if (tooLong) problems.push({ code: 'text-too-long', message: tooLong });
  if (post.images.length > 0 && !caps.images) {
    problems.push({ code: 'images-not-supported', message: `${label} posts cannot carry images through Postwarden` });
  } else if (post.images.length > caps.maxImages) {
    problems.push({
      code: 'too-many-images',
      message: `The post has ${post.images.length} images and ${label} allows ${caps.maxImages}. Remove ${count(post.images.length - caps.maxImages, 'image')}`,
    });
  }
  post.images.forEach((image, i) => {
    const which = `image ${i + 1} (${image.fileName})`;
    if (!image.altText.trim()) problems.push({ code: 'alt-text-missing', message: `Add alt text to ${which}` });
    else if ([...image.altText].length > caps.maxAltTextLength) {
      problems.push({
        code: 'alt-text-too-long',
        message: `The alt text of ${which} is longer than the ${caps.maxAltTextLength.toLocaleString('en-GB')} characters ${label} allows`,
      });
    }
    if (image.bytes.byteLength > caps.maxImageBytes) {
      problems.push({
        code: 'image-too-large',
        message: `The file of ${which} is ${megabytes(image.bytes.byteLength)} and ${label} accepts images up to ${megabytes(caps.maxImageBytes)}`,
      });
    }
  });
  return problems;
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-GB')} ${noun}${n === 1 ? '' : 's'}`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`;
}
