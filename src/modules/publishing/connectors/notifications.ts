/**
 * Reading an official account's notifications for the inbox (MON-2), and replying to one, behind one
 * small interface so the inbox never knows a platform's API. Readers throw TransientError (try again
 * later, with backoff) or PermanentError (a person must act: 'sign-in-refused' for a 401).
 */
import { blueskyNotifications, type BlueskyReaderOptions } from './bluesky-notifications.ts';
import { mastodonNotifications, type MastodonReaderOptions } from './mastodon-notifications.ts';
import type { AccountAccess, PublishedRef } from './types.ts';

/** One comment, reply, mention or quote, as the platform reported it. */
export interface InboxNotification {
  /** The platform's id for the post that arrived (a Bluesky at:// URI, a Mastodon notification id): stored once. */
  platformId: string;
  arrivedAs: 'reply' | 'mention' | 'quote';
  text: string;
  author: string;
  authorHandle: string | null;
  link: string | null;
  arrivedAt: Date;
  /** What the reader needs later to reply (Bluesky: uri, cid and thread root; Mastodon: status id). */
  remote: Record<string, unknown>;
}

export interface ReadResult {
  notifications: InboxNotification[];
  /** Kept with the account and passed back next time (the newest seen). */
  cursor: string | null;
}

export interface ReplyTarget {
  remote: Record<string, unknown>;
  authorHandle: string | null;
}

/** A reply claimed in the database before the platform is called (MON-2): the same key on every try. */
export interface ReplyAttempt {
  idempotencyKey: string;
  startedAt: Date;
}

export interface NotificationReader {
  readonly platform: 'bluesky' | 'mastodon';
  /** The notifications newer than `cursor` (all the platform gives on a first read, up to a few pages). */
  read(account: AccountAccess, cursor: string | null): Promise<ReadResult>;
  /**
   * Posts `text` as a reply to the item on the platform under the attempt's key (Mastodon's
   * Idempotency-Key header; Bluesky's record key), so a repeat of the same attempt cannot make a second reply.
   */
  reply(account: AccountAccess, target: ReplyTarget, text: string, attempt: ReplyAttempt): Promise<PublishedRef>;
  /** Whether the attempt's reply is on the platform (after a crash or a lost answer): never sends anything. */
  findReply(
    account: AccountAccess,
    target: ReplyTarget,
    text: string,
    attempt: ReplyAttempt,
  ): Promise<PublishedRef | null>;
  /** The text exactly as it will be sent (Mastodon starts a reply with the author's address). */
  replyText(target: ReplyTarget, text: string): string;
}

export interface ReaderOptions {
  bluesky?: BlueskyReaderOptions;
  mastodon?: MastodonReaderOptions;
}

export type ReaderRegistry = (platform: string) => NotificationReader | null;

export function createReaders(options: ReaderOptions = {}): ReaderRegistry {
  const bluesky = blueskyNotifications(options.bluesky);
  const mastodon = mastodonNotifications(options.mastodon);
  return (platform) => (platform === 'bluesky' ? bluesky : platform === 'mastodon' ? mastodon : null);
}

export const notificationReaders = createReaders();
