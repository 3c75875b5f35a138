/**
 * Whether a reply may go (MON-2, MON-4). Pure. A press enquiry's reply goes only with exactly the
 * words a named senior leader approved in writing (000 §5.2); any change needs approval again.
 */
import type { ItemKind } from '../schema.ts';

export type ReplyRefusal = 'empty' | 'too-long' | 'press-not-approved' | 'press-approval-stale' | 'already-answered';

export function normaliseReply(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

export function replyRefusal(item: {
  kind: ItemKind;
  responded: boolean;
  approvedText: string | null;
  text: string;
}): ReplyRefusal | null {
  const text = normaliseReply(item.text);
  if (!text) return 'empty';
  if (item.kind === 'press') {
    if (item.approvedText === null) return 'press-not-approved';
    if (normaliseReply(item.approvedText) !== text) return 'press-approval-stale';
  }
  return null;
}

export const REFUSAL_TEXT: Record<ReplyRefusal, string> = {
  empty: 'Enter the reply',
  'too-long': 'The reply is too long for the platform',
  'press-not-approved':
    'A press enquiry cannot be answered until a named senior leader has approved the reply in writing. Send it for approval first',
  'press-approval-stale':
    'These words are not the ones a senior leader approved. Send the changed reply for approval again',
  'already-answered': 'This item has already been answered',
};
