/**
 * Bluesky notifications for the inbox (MON-2) through `@atproto/api`: replies, mentions and quotes
 * from app.bsky.notification.listNotifications (the PDS passes it to the AppView), and a reply
 * posted as an app.bsky.feed.post with its thread's root and parent.
 */
import { blueskyError } from './bluesky-errors.ts';
import { AtpAgent, XRPCError } from '@atproto/api';
import { parsePostUri, POST_COLLECTION, postUrl } from './bluesky-post.ts';
import { rkeyFor } from './tid.ts';
import { PermanentError } from './errors.ts';
import { timedFetch } from './timed-fetch.ts';
import type { InboxNotification, NotificationReader } from './notifications.ts';
import type { AccountAccess } from './types.ts';

export interface BlueskyReaderOptions {
  defaultService?: string;
  appUrl?: string;
  timeoutMs?: number;
  /** Pages of 50 read at most per run. */
  maxPages?: number;
}

const REASONS = new Set(['reply', 'mention', 'quote']);

interface Ref {
  uri: string;
  cid: string;
}

export function blueskyNotifications(options: BlueskyReaderOptions = {}): NotificationReader {
  const defaultService = options.defaultService ?? 'https://bsky.social';
  const appUrl = options.appUrl ?? 'https://bsky.app';
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxPages = options.maxPages ?? 4;

  async function signIn(account: AccountAccess): Promise<{ agent: AtpAgent; did: string; secrets: string[] }> {
    const c = account.credentials;
    if (!c?.identifier.trim() || !c.secret)
      throw new PermanentError(
        'no-credentials',
        'No Bluesky sign-in details are stored for this account. The account administrator can add the handle and an app password',
      );
    const secrets = [c.secret];
    const agent = new AtpAgent({ service: c.service || defaultService, fetch: timedFetch(timeoutMs) });
    try {
      const res = await agent.login({ identifier: c.identifier, password: c.secret });
      secrets.push(res.data.accessJwt, res.data.refreshJwt);
      return { agent, did: res.data.did, secrets };
    } catch (error) {
      throw blueskyError(error, 'sign-in', secrets);
    }
  }

  return {
    platform: 'bluesky',

    async read(account, cursor) {
      const { agent, secrets } = await signIn(account);
      const since = cursor ? Date.parse(cursor) : Number.NEGATIVE_INFINITY;
      const found: InboxNotification[] = [];
      let newest = cursor;
      let page: string | undefined;
      try {
        for (let i = 0; i < maxPages; i++) {
          const res = await agent.app.bsky.notification.listNotifications({ limit: 50, cursor: page });
          let older = false;
          for (const n of res.data.notifications) {
            const at = Date.parse(n.indexedAt);
            if (!(at > since)) {
              older = true;
              continue;
            }
            if (!newest || at > Date.parse(newest)) newest = n.indexedAt;
            if (!REASONS.has(n.reason)) continue;
            const record = n.record as { text?: unknown; reply?: { root?: Ref; parent?: Ref } };
            const rkey = parsePostUri(n.uri)?.rkey;
            found.push({
              platformId: n.uri,
              arrivedAs: n.reason as InboxNotification['arrivedAs'],
              text: typeof record.text === 'string' ? record.text : '',
              author: n.author.displayName?.trim() || n.author.handle,
              authorHandle: n.author.handle,
              link: rkey ? postUrl(appUrl, n.author.did, rkey) : null,
              arrivedAt: new Date(at),
              remote: { uri: n.uri, cid: n.cid, root: record.reply?.root ?? null },
            });
          }
          page = res.data.cursor;
          if (older || !page) break;
        }
      } catch (error) {
        throw blueskyError(error, 'check', secrets);
      }
      return { notifications: found, cursor: newest };
    },

    replyText: (_target, text) => text,

    async reply(account, target, text, { idempotencyKey, startedAt }) {
      const { agent, did, secrets } = await signIn(account);
      const parent = { uri: String(target.remote.uri ?? ''), cid: String(target.remote.cid ?? '') };
      const root = (target.remote.root as Ref | null) ?? parent;
      if (!parent.uri || !parent.cid)
        throw new PermanentError(
          'not-supported',
          'Postwarden cannot tell which Bluesky post to reply to. Reply on Bluesky',
        );
      // The record key comes from the claim, so a repeat of this attempt writes to the same key (as publishing does).
      const rkey = rkeyFor(idempotencyKey, startedAt);
      try {
        const res = await agent.com.atproto.repo.createRecord({
          repo: did,
          collection: POST_COLLECTION,
          rkey,
          record: { $type: POST_COLLECTION, text, reply: { root, parent }, createdAt: startedAt.toISOString() },
        });
        return { remoteId: res.data.uri, url: postUrl(appUrl, did, parsePostUri(res.data.uri)?.rkey ?? rkey) };
      } catch (error) {
        throw blueskyError(error, 'publish', secrets);
      }
    },

    async findReply(account, _target, _text, { idempotencyKey, startedAt }) {
      const { agent, did, secrets } = await signIn(account);
      const rkey = rkeyFor(idempotencyKey, startedAt);
      try {
        const res = await agent.com.atproto.repo.getRecord({ repo: did, collection: POST_COLLECTION, rkey });
        return { remoteId: res.data.uri, url: postUrl(appUrl, did, rkey) };
      } catch (error) {
        if (error instanceof XRPCError && error.error === 'RecordNotFound') return null;
        throw blueskyError(error, 'check', secrets);
      }
    },
  };
}
