/**
 * Publishing to Bluesky (AT Protocol) with `@atproto/api` (PUB-6, PUB-5 takedown).
 *
 * Signs in with the account's handle and an app password, uploads each image as a blob with its
 * alt text, and writes an app.bsky.feed.post record whose record key is derived from the
 * idempotency key and the time publishing started (see tid.ts). A retry therefore writes to the
 * same key: if the earlier write landed, the retry finds it instead of posting twice.
 */
import { createHash } from 'node:crypto';
import { AtpAgent, RichText, XRPCError } from '@atproto/api';
import { blueskyError, type BlueskyStep } from './bluesky-errors.ts';
import {
  BLUESKY_CAPABILITIES,
  POST_COLLECTION,
  aspectRatio,
  parsePostUri,
  postRecord,
  postUrl,
  validateForBluesky,
  type PostParts,
} from './bluesky-post.ts';
import { PermanentError, TransientError } from './errors.ts';
import { rkeyFor } from './tid.ts';
import { timedFetch } from './timed-fetch.ts';
import type { AccountAccess, Connector, ConnectorCredentials, PublishedRef } from './types.ts';

export interface BlueskyOptions {
  /** Where to sign in when the stored details name no server. */
  defaultService?: string;
  /** Where people open posts. */
  appUrl?: string;
  /** Per request. */
  timeoutMs?: number;
}

interface Session {
  agent: AtpAgent;
  did: string;
  /** Values never to repeat in a message: the app password and the session's tokens. */
  secrets: string[];
  /** Stops reusing this session (the platform refused it). */
  forget: () => void;
  /** True when the session was kept from an earlier call rather than signed in for this one. */
  reused: boolean;
}

export interface BlueskyPrepared {
  session: Session;
  parts: PostParts;
}

export function blueskyConnector(options: BlueskyOptions = {}): Connector<BlueskyPrepared> {
  const defaultService = options.defaultService ?? 'https://bsky.social';
  const appUrl = options.appUrl ?? 'https://bsky.app';
  const timeoutMs = options.timeoutMs ?? 30_000;

  /**
   * Signed-in sessions, kept per account so retries and checks do not sign in each time (Bluesky
   * limits sign-ins per account); the agent refreshes its own tokens. Dropped when the platform
   * refuses it, so the next call signs in afresh.
   */
  const sessions = new Map<string, Promise<Session>>();

  function signIn(account: AccountAccess): Promise<Session> {
    const credentials = requireCredentials(account.credentials);
    const service = credentials.service || defaultService;
    const key = [service, credentials.identifier, createHash('sha256').update(credentials.secret).digest('hex')].join(
      '\n',
    );
    const kept = sessions.get(key);
    const entry = kept ?? openSession(service, credentials);
    const forget = () => {
      if (sessions.get(key) === entry) sessions.delete(key);
    };
    if (!kept) {
      sessions.set(key, entry);
      entry.catch(forget);
    }
    return entry.then((s) => ({ ...s, reused: kept !== undefined, forget }));
  }

  async function openSession(service: string, credentials: ConnectorCredentials): Promise<Session> {
    const secrets = [credentials.secret];
    const agent = new AtpAgent({ service, fetch: timedFetch(timeoutMs) });
    try {
      const res = await agent.login({ identifier: credentials.identifier, password: credentials.secret });
      secrets.push(res.data.accessJwt, res.data.refreshJwt);
      return { agent, did: res.data.did, secrets, forget: () => undefined, reused: false };
    } catch (error) {
      throw blueskyError(error, 'sign-in', secrets);
    }
  }

  async function step<T>(session: Session, name: BlueskyStep, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw failureOf(session, name, error);
    }
  }

  function failureOf(session: Session, name: BlueskyStep, error: unknown): TransientError | PermanentError {
    const failure = blueskyError(error, name, session.secrets);
    if (failure instanceof PermanentError && failure.reason === 'sign-in-refused') {
      session.forget();
      // A kept session that has run out is not a reason to stop: the next try signs in afresh.
      if (session.reused)
        return new TransientError(
          'Bluesky ended Postwarden’s signed-in session. Postwarden will sign in again and try again',
          { outcomeUnknown: false },
        );
    }
    return failure;
  }

  /** The post at `rkey` in the account's repository, or null when there is none. */
  async function find(session: Session, did: string, rkey: string): Promise<PublishedRef | null> {
    return step(session, 'check', async () => {
      try {
        const res = await session.agent.com.atproto.repo.getRecord({ repo: did, collection: POST_COLLECTION, rkey });
        return { remoteId: res.data.uri, url: postUrl(appUrl, did, rkey) };
      } catch (error) {
        if (error instanceof XRPCError && error.error === 'RecordNotFound') return null;
        throw error;
      }
    });
  }

  return {
    platform: 'bluesky',
    label: 'Bluesky',
    capabilities: BLUESKY_CAPABILITIES,
    validate: validateForBluesky,

    async prepare(post, account) {
      const session = await signIn(account);
      const images = [];
      for (const image of post.images) {
        const res = await step(session, 'upload', () =>
          session.agent.uploadBlob(image.bytes, { encoding: image.mimeType }),
        );
        images.push({ alt: image.altText, image: res.data.blob, aspectRatio: aspectRatio(image.width, image.height) });
      }
      const rt = new RichText({ text: post.text });
      await step(session, 'publish', () => rt.detectFacets(session.agent));
      return {
        platform: 'bluesky',
        text: post.text,
        images: post.images.map((i) => ({ ref: i.ref, fileName: i.fileName, altText: i.altText })),
        payload: {
          session,
          parts: { text: rt.text, facets: resolvedFacets(rt.facets), images, language: post.language },
        },
      };
    },

    async publish(prepared, { idempotencyKey, startedAt }) {
      const { session, parts } = prepared.payload;
      const rkey = rkeyFor(idempotencyKey, startedAt);
      const record = postRecord(parts, startedAt);
      try {
        const res = await session.agent.com.atproto.repo.createRecord({
          repo: session.did,
          collection: POST_COLLECTION,
          rkey,
          record,
          validate: true,
        });
        return { remoteId: res.data.uri, url: postUrl(appUrl, session.did, rkey) };
      } catch (error) {
        // The answer was lost, or an earlier attempt of this same post already holds the key (a
        // PDS answers that with an error, a 500 today): look before reporting a failure. A record
        // at this key can only be this post's.
        const found = await find(session, session.did, rkey).catch(() => null);
        if (found) return found;
        throw failureOf(session, 'publish', error);
      }
    },

    async confirm(attempt, account) {
      const session = await signIn(account);
      const known = attempt.remoteId ? parsePostUri(attempt.remoteId) : null;
      const did = known?.did ?? session.did;
      const rkey = known?.rkey ?? rkeyFor(attempt.idempotencyKey, attempt.startedAt);
      const found = await find(session, did, rkey);
      return found ? { state: 'published', ...found } : { state: 'absent' };
    },

    async remove(ref, account) {
      const target = parsePostUri(ref.remoteId);
      if (!target)
        throw new PermanentError(
          'not-supported',
          'Postwarden does not recognise this Bluesky post’s address, so cannot delete it. Delete it on Bluesky yourself',
        );
      const session = await signIn(account);
      if (target.did !== session.did) {
        throw new PermanentError(
          'not-allowed',
          'This post belongs to a different Bluesky account from the one whose sign-in details are stored. Delete it on Bluesky yourself',
        );
      }
      const existing = await find(session, target.did, target.rkey);
      if (!existing) return { alreadyGone: true };
      await step(session, 'delete', () =>
        session.agent.com.atproto.repo.deleteRecord({
          repo: target.did,
          collection: POST_COLLECTION,
          rkey: target.rkey,
        }),
      );
      return { alreadyGone: false };
    },
  };
}

function requireCredentials(credentials: ConnectorCredentials | null): ConnectorCredentials {
  if (!credentials?.identifier.trim() || !credentials.secret) {
    throw new PermanentError(
      'no-credentials',
      'No Bluesky sign-in details are stored for this account. The account administrator can add the handle and an app password',
    );
  }
  return credentials;
}

/**
 * Facets whose mentions resolved. A mention of a handle that does not exist comes back with an
 * empty DID, which Bluesky would refuse; it stays in the text as plain words.
 */
function resolvedFacets(facets: RichText['facets']): unknown[] | undefined {
  if (!facets) return undefined;
  const kept = facets
    .map((facet) => ({
      ...facet,
      features: facet.features.filter(
        (f) => !(f.$type === 'app.bsky.richtext.facet#mention' && !(f as { did?: string }).did),
      ),
    }))
    .filter((facet) => facet.features.length > 0);
  return kept.length > 0 ? kept : undefined;
}
