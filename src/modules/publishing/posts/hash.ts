import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../platform/audit/audit.ts';

export interface HashedPost {
  accountId: string;
  text: string;
  sharesMaterial: boolean;
  sharedSource: string | null;
  sharedPermission: boolean | null;
}

export interface HashedImage {
  sha256: string;
  altText: string;
  taggedPupilIds: readonly string[];
  noPupilsVisible: boolean;
  confirmedPupils: number | null;
}

/**
 * The fingerprint of everything an approver approves (PUB-1): the account, the words, what is
 * shared, each photo and its alt text and tags. An approval holds this hash; any edit changes it,
 * which voids the approval.
 */
export function contentHash(post: HashedPost, images: readonly HashedImage[]): string {
  const canonical = canonicalJson({
    ...post,
    images: images.map((i) => ({ ...i, taggedPupilIds: [...new Set(i.taggedPupilIds)].sort() })),
  });
  return createHash('sha256').update(canonical).digest('hex');
}
