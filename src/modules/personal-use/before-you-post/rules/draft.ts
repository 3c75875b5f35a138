/** STF-1: what a draft may be before it is checked. Pure. */
import type { FieldError } from '../../../../platform/http/errors.ts';

/** Longer than any personal post on the platforms staff use; a longer text is checked in parts. */
export const MAX_DRAFT = 10_000;

export function draftErrors(text: string): FieldError[] {
  if (!text.trim()) return [{ href: '#draft', text: 'Enter the words of your post' }];
  if (text.length > MAX_DRAFT)
    return [
      {
        href: '#draft',
        text: `Your post must be ${MAX_DRAFT.toLocaleString('en-GB')} characters or fewer (it is ${text.length.toLocaleString('en-GB')}). Check a long post in parts.`,
      },
    ];
  return [];
}
