/**
 * Publishing to Mastodon with `masto` (PUB-6, PUB-5 takedown).
 *
 * Uploads each image with its description (alt text), then posts a public status with the
 * `Idempotency-Key` header: Mastodon remembers the key for an hour and answers a repeat with the
 * status it already made. After a lost answer, `confirm` looks among the account's recent posts for
 * one with exactly this text, started no earlier than this attempt.
 */
import { createRestAPIClient, type mastodon } from 'masto';
import { PermanentError } from './errors.ts';
import { isNotFound, mastodonError, type MastodonStep } from './mastodon-errors.ts';
import {
  MASTODON_CAPABILITIES,
  mastodonLanguage,
  mastodonServerUrl,
  sameText,
  validateForMastodon,
} from './mastodon-post.ts';
import type { AccountAccess, Connector, PublishedRef } from './types.ts';

export interface MastodonOptions {
  /** Per request. */
  timeoutMs?: number;
  /** How often to ask whether a large image has finished processing, and for how long. */
  mediaPollMs?: number;
  mediaTimeoutMs?: number;
  /** How far back from the attempt's start to look for the post when confirming (clocks differ). */
  clockSkewMs?: number;
}

interface Session {
  client: mastodon.rest.Client;
  accountId: string;
  secrets: string[];
}

export interface MastodonPrepared {
  session: Session;
  status: string;
  mediaIds: string[];
  language?: string;
}

export function mastodonConnector(options: MastodonOptions = {}): Connector<MastodonPrepared> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const mediaPollMs = options.mediaPollMs ?? 1_000;
  const mediaTimeoutMs = options.mediaTimeoutMs ?? 60_000;
  const clockSkewMs = options.clockSkewMs ?? 5 * 60_000;

  async function step<T>(session: Pick<Session, 'secrets'>, name: MastodonStep, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw mastodonError(error, name, session.secrets);
    }
  }

  async function signIn(account: AccountAccess): Promise<Session> {
    const token = account.credentials?.secret;
    if (!token) {
      throw new PermanentError(
        'no-credentials',
        'No Mastodon access token is stored for this account. The account administrator can add one',
      );
    }
    const url = mastodonServerUrl(account);
    if (!url) {
      throw new PermanentError(
        'no-credentials',
        'Postwarden cannot tell which Mastodon server this account is on. Store its address in the form @name@server',
      );
    }
    const secrets = [token];
    const client = createRestAPIClient({ url, accessToken: token, timeout: timeoutMs, mediaTimeout: mediaTimeoutMs });
    const me = await step({ secrets }, 'sign-in', () => client.v1.accounts.verifyCredentials());
    return { client, accountId: me.id, secrets };
  }

  async function upload(session: Session, bytes: Uint8Array, type: string, description: string): Promise<string> {
    return step(session, 'upload', async () => {
      // Polled here rather than by masto, which waits a second even for an image that is ready.
      let media = await session.client.v2.media.create({
        file: new Blob([new Uint8Array(bytes)], { type }),
        description,
        skipPolling: true,
      });
      const deadline = Date.now() + mediaTimeoutMs;
      while (!media.url) {
        if (Date.now() > deadline)
          throw new PermanentError(
            'rejected',
            'Mastodon did not finish processing an image in time. Try a smaller image',
          );
        await new Promise((resolve) => setTimeout(resolve, mediaPollMs));
        media = await session.client.v1.media.$select(media.id).fetch();
      }
      return media.id;
    });
  }

  async function fetchStatus(session: Session, id: string): Promise<mastodon.v1.Status | null> {
    return step(session, 'check', async () => {
      try {
        return await session.client.v1.statuses.$select(id).fetch();
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    });
  }

  const published = (status: mastodon.v1.Status): PublishedRef => ({
    remoteId: status.id,
    url: status.url ?? status.uri,
  });

  return {
    platform: 'mastodon',
    label: 'Mastodon',
    capabilities: MASTODON_CAPABILITIES,
    validate: validateForMastodon,

    async prepare(post, account) {
      const session = await signIn(account);
      const mediaIds: string[] = [];
      for (const image of post.images) mediaIds.push(await upload(session, image.bytes, image.mimeType, image.altText));
      return {
        platform: 'mastodon',
        text: post.text,
        images: post.images.map((i) => ({ ref: i.ref, fileName: i.fileName, altText: i.altText })),
        payload: { session, status: post.text, mediaIds, language: mastodonLanguage(post.language) },
      };
    },

    async publish(prepared, { idempotencyKey }) {
      const { session, status, mediaIds, language } = prepared.payload;
      const params =
        mediaIds.length > 0
          ? { status, mediaIds, visibility: 'public' as const, language }
          : { status, visibility: 'public' as const, language };
      const created = await step(session, 'publish', () =>
        session.client.v1.statuses.create(params, { requestInit: { headers: { 'Idempotency-Key': idempotencyKey } } }),
      );
      return published(created);
    },

    async confirm(attempt, account) {
      const session = await signIn(account);
      if (attempt.remoteId) {
        const status = await fetchStatus(session, attempt.remoteId);
        return status ? { state: 'published', ...published(status) } : { state: 'absent' };
      }
      const since = attempt.startedAt.getTime() - clockSkewMs;
      const recent = await step(
        session,
        'check',
        async () =>
          await session.client.v1.accounts
            .$select(session.accountId)
            .statuses.list({ limit: 40, excludeReblogs: true }),
      );
      for (const status of recent) {
        if (Date.parse(status.createdAt) < since) continue;
        const source = await step(session, 'check', () => session.client.v1.statuses.$select(status.id).source.fetch());
        if (sameText(source.text, attempt.text)) return { state: 'published', ...published(status) };
      }
      return { state: 'absent' };
    },

    async remove(ref, account) {
      const session = await signIn(account);
      const status = await fetchStatus(session, ref.remoteId);
      if (!status) return { alreadyGone: true };
      if (status.account.id !== session.accountId) {
        throw new PermanentError(
          'not-allowed',
          'This post belongs to a different Mastodon account from the one whose access token is stored. Delete it on Mastodon yourself',
        );
      }
      try {
        await session.client.v1.statuses.$select(ref.remoteId).remove();
      } catch (error) {
        if (isNotFound(error)) return { alreadyGone: true };
        throw mastodonError(error, 'delete', session.secrets);
      }
      return { alreadyGone: false };
    },
  };
}
