/**
 * Taking a published post down through its connector (PUB-5). The reason, the timeline entry and
 * the record are the caller's; this only talks to the platform and says what happened.
 */
import { PermanentError, TransientError } from './errors.ts';
import type { AccountAccess, Connector, PublishedRef } from './types.ts';

export type TakeDownOutcome =
  | { status: 'removed' }
  | { status: 'already-gone' }
  /** The platform cannot be asked (the manual hand-off): a person deletes it there. */
  | { status: 'by-hand'; message: string }
  | { status: 'retry'; message: string; retryAfterMs: number | null }
  | { status: 'failed'; message: string };

export async function takeDown(
  connector: Connector,
  ref: PublishedRef,
  account: AccountAccess,
): Promise<TakeDownOutcome> {
  if (!connector.capabilities.deletion) {
    return {
      status: 'by-hand',
      message: `Delete the post on the platform yourself (${ref.url}), then record the takedown here`,
    };
  }
  try {
    const result = await connector.remove(ref, account);
    return result.alreadyGone ? { status: 'already-gone' } : { status: 'removed' };
  } catch (error) {
    if (error instanceof PermanentError) {
      return error.reason === 'not-supported'
        ? { status: 'by-hand', message: error.message }
        : { status: 'failed', message: error.message };
    }
    if (error instanceof TransientError)
      return { status: 'retry', message: error.message, retryAfterMs: error.retryAfterMs };
    return {
      status: 'retry',
      message: 'Something unexpected went wrong while taking the post down. Try again',
      retryAfterMs: null,
    };
  }
}
