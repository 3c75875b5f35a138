/**
 * Mastodon notifications for the inbox (MON-2) with `masto`: mentions (a reply to the account's post
 * is a mention whose status answers another), GET /api/v1/notifications?types[]=mention, read from
 * the newest id seen; a reply is a status with in_reply_to_id that starts with the author's address.
 */
import { createRestAPIClient } from 'masto';
import { parseHTML } from 'linkedom';
import { PermanentError } from './errors.ts';
import { mastodonError } from './mastodon-errors.ts';
import { mastodonServerUrl, sameText } from './mastodon-post.ts';
import { isNotFound } from './mastodon-errors.ts';
import type { InboxNotification, NotificationReader, ReplyTarget } from './notifications.ts';
import type { AccountAccess } from './types.ts';

export interface MastodonReaderOptions {
  timeoutMs?: number;
  /** Tests only: the server to use whatever the account's address says (a loopback server). */
  serverUrl?: string;
  maxPages?: number;
}

function client(account: AccountAccess, timeoutMs: number, serverUrl?: string) {
  const token = account.credentials?.secret;
  const url = serverUrl ?? mastodonServerUrl(account);
  if (!token || !url)
    throw new PermanentError(
      'no-credentials',
      'No Mastodon access token and address are stored for this account. The account administrator can add them',
    );
  return { api: createRestAPIClient({ url, accessToken: token, timeout: timeoutMs }), secrets: [token] };
}

/** Mastodon sends a status's words as HTML: keep the words, with paragraphs and line breaks as new lines. */
export function plainText(html: string): string {
  const { document } = parseHTML(
    `<html><body>${html.replace(/<br\s*\/?>/gi, '\n').replace(/<\/p>\s*<p>/gi, '\n\n')}</body></html>`,
  );
  return (document.body.textContent ?? '').trim();
}

function mention(target: ReplyTarget): string | null {
  const handle = target.authorHandle?.trim();
  return handle ? `@${handle.replace(/^@/, '')}` : null;
}

export function mastodonNotifications(options: MastodonReaderOptions = {}): NotificationReader {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxPages = options.maxPages ?? 4;
  const replyText = (target: ReplyTarget, text: string) => {
    const m = mention(target);
    return m && !text.toLowerCase().includes(m.toLowerCase()) ? `${m} ${text}` : text;
  };
  return {
    platform: 'mastodon',

    async read(account, cursor) {
      const { api, secrets } = client(account, timeoutMs, options.serverUrl);
      const found: InboxNotification[] = [];
      let newest = cursor;
      let maxId: string | undefined;
      try {
        for (let i = 0; i < maxPages; i++) {
          const page = await api.v1.notifications.list({
            types: ['mention'],
            limit: 40,
            ...(cursor ? { sinceId: cursor } : {}),
            ...(maxId ? { maxId } : {}),
          });
          if (page.length === 0) break;
          for (const n of page) {
            if (!newest || BigInt(n.id) > BigInt(newest)) newest = n.id;
            if (n.type !== 'mention' || !n.status) continue;
            found.push({
              platformId: n.id,
              arrivedAs: n.status.inReplyToId ? 'reply' : 'mention',
              text: plainText(n.status.content),
              author: n.account.displayName?.trim() || n.account.acct,
              authorHandle: n.account.acct,
              link: n.status.url ?? n.status.uri,
              arrivedAt: new Date(n.status.createdAt),
              remote: { statusId: n.status.id },
            });
          }
          maxId = page.at(-1)!.id;
          if (page.length < 40) break;
        }
      } catch (error) {
        throw mastodonError(error, 'check', secrets);
      }
      return { notifications: found, cursor: newest ?? null };
    },

    replyText,

    async reply(account, target, text, { idempotencyKey }) {
      const { api, secrets } = client(account, timeoutMs, options.serverUrl);
      const inReplyToId = String(target.remote.statusId ?? '');
      if (!inReplyToId)
        throw new PermanentError(
          'not-supported',
          'Postwarden cannot tell which Mastodon post to reply to. Reply on Mastodon',
        );
      try {
        const status = await api.v1.statuses.create(
          { status: replyText(target, text), inReplyToId, visibility: 'public' },
          { requestInit: { headers: { 'Idempotency-Key': idempotencyKey } } },
        );
        return { remoteId: status.id, url: status.url ?? status.uri };
      } catch (error) {
        throw mastodonError(error, 'publish', secrets);
      }
    },

    /**
     * The account's own recent status answering the item with exactly these words. Not by time: the
     * server's clock and Postwarden's may differ.
     */
    async findReply(account, target, text) {
      const { api, secrets } = client(account, timeoutMs, options.serverUrl);
      const inReplyToId = String(target.remote.statusId ?? '');
      try {
        const me = await api.v1.accounts.verifyCredentials();
        const recent = await api.v1.accounts.$select(me.id).statuses.list({ limit: 40, excludeReblogs: true });
        for (const status of recent) {
          if (status.inReplyToId !== inReplyToId) continue;
          const source = await api.v1.statuses.$select(status.id).source.fetch();
          if (sameText(source.text, replyText(target, text)))
            return { remoteId: status.id, url: status.url ?? status.uri };
        }
        return null;
      } catch (error) {
        if (isNotFound(error)) return null;
        throw mastodonError(error, 'check', secrets);
      }
    },
  };
}
