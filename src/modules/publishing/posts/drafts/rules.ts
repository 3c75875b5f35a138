/** The draft form of a post (PUB-1): pure validation, no database. */
import type { FieldError } from '../../../../platform/http/errors.ts';
import { MAX_ALT_TEXT, MAX_TEXT_LENGTH } from '../model.ts';

export interface DraftForm {
  accountId: string;
  text: string;
  sharesMaterial: string;
  sharedSource: string;
  sharedPermission: string;
}

export interface Draft {
  accountId: string;
  text: string;
  sharesMaterial: boolean;
  sharedSource: string | null;
  sharedPermission: boolean | null;
}

export function checkDraft(form: DraftForm, accountIds: readonly string[]): { value: Draft; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const text = form.text.replace(/\r\n/g, '\n');
  if (!accountIds.includes(form.accountId)) {
    errors.push({
      href: '#accountId',
      text: accountIds.length
        ? 'Select the account this post is for'
        : 'You do not run an official account of this school, so you cannot write a post for one',
    });
  }
  if (text.length > MAX_TEXT_LENGTH)
    errors.push({
      href: '#text',
      text: `The post must be ${MAX_TEXT_LENGTH.toLocaleString('en-GB')} characters or fewer. It has ${text.length.toLocaleString('en-GB')}`,
    });
  const shares = form.sharesMaterial === 'yes';
  if (form.sharesMaterial !== 'yes' && form.sharesMaterial !== 'no' && form.sharesMaterial !== '')
    errors.push({ href: '#sharesMaterial', text: 'Select whether the post shares someone else’s material' });
  const source = form.sharedSource.trim();
  if (source.length > 300) errors.push({ href: '#sharedSource', text: 'The source must be 300 characters or fewer' });
  let permission: boolean | null = null;
  if (shares) {
    if (form.sharedPermission === 'yes') permission = true;
    else if (form.sharedPermission === 'no') permission = false;
  }
  return {
    value: {
      accountId: form.accountId,
      text,
      sharesMaterial: shares,
      sharedSource: shares && source ? source : null,
      sharedPermission: permission,
    },
    errors,
  };
}

/** What must be true before a post can be sent for approval: words or photos, and every photo described and tagged. */
export function submissionErrors(
  post: { text: string },
  images: readonly {
    alt_text: string;
    no_pupils_visible: boolean;
    tagged_pupil_ids: readonly string[];
    confirmed_pupils: number | null;
  }[],
): FieldError[] {
  const errors: FieldError[] = [];
  if (!post.text.trim() && images.length === 0)
    errors.push({ href: '#text', text: 'Write the post, or add a photo, before sending it for approval' });
  images.forEach((image, i) => {
    if (!image.alt_text.trim())
      errors.push({
        href: `#photo-${i + 1}`,
        text: `Photo ${i + 1}: describe the photo for people who cannot see it (alt text)`,
      });
    if (!image.no_pupils_visible && image.confirmed_pupils === null)
      errors.push({ href: `#photo-${i + 1}`, text: `Photo ${i + 1}: say how many pupils can be seen` });
  });
  return errors;
}

export interface PhotoDetailsForm {
  altText: string;
  noPupilsVisible: string;
  confirmedPupils: string;
  taggedPupilIds: readonly string[];
}

export function checkPhotoDetails(form: PhotoDetailsForm): {
  value: { altText: string; noPupilsVisible: boolean; confirmedPupils: number | null; taggedPupilIds: string[] };
  errors: FieldError[];
} {
  const errors: FieldError[] = [];
  const altText = form.altText.trim();
  if (!altText) errors.push({ href: '#altText', text: 'Describe the photo for people who cannot see it' });
  else if (altText.length > MAX_ALT_TEXT)
    errors.push({ href: '#altText', text: `The description must be ${MAX_ALT_TEXT} characters or fewer` });
  const tagged = [...new Set(form.taggedPupilIds)];
  const none = form.noPupilsVisible === 'yes';
  if (none && tagged.length)
    errors.push({
      href: '#noPupilsVisible',
      text: 'You tagged pupils, so you cannot also confirm that no pupils can be seen. Remove the tags or untick the box',
    });
  if (!none && tagged.length === 0)
    errors.push({
      href: '#pupil-search',
      text: 'Tag every pupil who can be seen, or confirm that no pupils can be seen',
    });
  // The uploader always says how many pupils can be seen. The face detector is a hint that can miss
  // small, turned or covered faces: finding none (or any number) never makes the count optional.
  let confirmed: number | null = null;
  const raw = form.confirmedPupils.trim();
  if (raw) {
    if (!/^\d{1,3}$/.test(raw))
      errors.push({
        href: '#confirmedPupils',
        text: 'Enter the number of pupils who can be seen as a whole number, like 3',
      });
    else confirmed = Number(raw);
  } else if (!none) {
    errors.push({
      href: '#confirmedPupils',
      text: 'Enter how many pupils can be seen in the photo, or confirm that no pupils can be seen',
    });
  }
  if (none && confirmed !== null && confirmed > 0)
    errors.push({
      href: '#confirmedPupils',
      text: 'You confirmed that no pupils can be seen, so leave the number of pupils empty, or untick the box',
    });
  return { value: { altText, noPupilsVisible: none, confirmedPupils: confirmed, taggedPupilIds: tagged }, errors };
}
