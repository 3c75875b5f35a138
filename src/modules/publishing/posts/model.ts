import type { PostStatus } from '../../../platform/db/schema.ts';

/** How each status of a post reads, and the colour of its tag. */
export const POST_STATUSES: Record<PostStatus, { text: string; tag: string }> = {
  draft: { text: 'Draft', tag: 'govuk-tag--grey' },
  submitted: { text: 'Awaiting approval', tag: 'govuk-tag--blue' },
  changes_requested: { text: 'Changes requested', tag: 'govuk-tag--orange' },
  approved: { text: 'Approved, not yet published', tag: 'govuk-tag--turquoise' },
  scheduled: { text: 'Scheduled', tag: 'govuk-tag--light-blue' },
  publishing: { text: 'Publishing', tag: 'govuk-tag--light-blue' },
  published: { text: 'Published', tag: 'govuk-tag--green' },
  failed: { text: 'Publishing stopped', tag: 'govuk-tag--red' },
  rejected: { text: 'Rejected', tag: 'govuk-tag--red' },
  taken_down: { text: 'Taken down', tag: 'govuk-tag--grey' },
};

/** Statuses in which the author may still change the post. */
export const EDITABLE: readonly PostStatus[] = ['draft', 'changes_requested', 'submitted', 'approved', 'failed'];

/**
 * The checks a person makes before approving a post (PUB-4, PUB-1). `photos`: asked only when the post
 * has photos (how pupils are dressed and shown is about what a photo shows).
 */
export const HUMAN_CHECKS = [
  { value: 'dressed', text: 'Everyone in the photos is suitably dressed', photos: true },
  {
    value: 'not-ridiculed',
    text: 'Nobody in the photos is made fun of or shown in a way they could be embarrassed by',
    photos: true,
  },
  { value: 'appropriate', text: 'The post shows the pupils and the school appropriately', photos: false },
  {
    value: 'not-controversial',
    text: 'Nothing in it is controversial, or a senior leader has agreed it',
    photos: false,
  },
] as const;

export type HumanCheck = (typeof HUMAN_CHECKS)[number];

/** The checks that apply to a post: the photo checks only when it has photos. */
export function humanChecksFor(hasPhotos: boolean): HumanCheck[] {
  return HUMAN_CHECKS.filter((c) => hasPhotos || !c.photos);
}

/** How each step reads on a post's timeline. */
export const POST_EVENT_TEXT: Record<string, string> = {
  'post.drafted': 'Draft started',
  'post.edited': 'Post changed',
  'post.photo-added': 'Photo added',
  'post.photo-tagged': 'Photo tagged',
  'post.photo-removed': 'Photo removed',
  'post.submitted': 'Sent for approval',
  'post.approval-voided': 'Approval withdrawn because the post changed',
  'post.approved': 'Approved',
  'post.changes-requested': 'Changes requested',
  'post.rejected': 'Rejected',
  'post.finding-overridden': 'Advice overridden',
  'post.finding-confirmed': 'A point of the checks confirmed by the approver',
  'post.publish-started': 'Publishing started',
  'post.scheduled': 'Scheduled',
  'post.schedule-cancelled': 'Schedule cancelled',
  'post.publish-retry': 'Publishing will be tried again',
  'post.publish-failed': 'Publishing stopped',
  'post.published': 'Published',
  'post.handed-off': 'Published by hand',
  'post.taken-down': 'Taken down',
};

/** The longest post Postwarden takes (a platform's own limit is checked when publishing). */
export const MAX_TEXT_LENGTH = 10_000;
export const MAX_PHOTOS = 4;
export const MAX_ALT_TEXT = 1_000;
