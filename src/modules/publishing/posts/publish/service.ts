// Publishing an approved post (PUB-6) and taking it down (PUB-5). Publishing directly runs as a
// durable job (now or at a scheduled time) through the platform's connector, two-phase and
// idempotent, so a retry after a timeout or a 500 never posts twice; the manual hand-off records
// the link the operator pasted. Only the post exactly as approved (same content hash) goes out.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../../../platform/db/schema.ts';
import type { Actor } from '../../../../platform/audit/audit.ts';
import { ValidationError } from '../../../../platform/http/errors.ts';
import { enqueueJob } from '../../../../platform/jobs/jobs.ts';
import { queueMail } from '../../../../platform/mail/mail.ts';
import {
  credentialsForPublishing,
  operatesAccount,
  postingAccount,
  type PostingAccount,
} from '../../../accounts/index.ts';
import { connectorCredentials } from '../../connectors/credentials.ts';
import { publishOnce } from '../../connectors/publish.ts';
import type { PlatformConnectors } from '../../connectors/registry.ts';
import { takeDown } from '../../connectors/take-down.ts';
import type { AccountAccess } from '../../connectors/types.ts';
import { recordPostEvent } from '../events.ts';
import { lockPost, type PostRow } from '../repo.ts';
import { approversOf } from '../review/service.ts';
import { publishableOf } from './content.ts';
import { DatabasePublicationStore } from './store.ts';
import { transact } from '../../../../platform/db/transact.ts';

interface School {
  trustId: string;
  schoolId: string;
}
type PersonActor = Actor & { id: string };
export type ConnectorRegistry = (platform: string) => PlatformConnectors;

declare module '../../../../platform/http/module-context.ts' {
  interface ModuleServices {
    /** The publishing connectors for each platform (tests point them at servers on loopback). */
    connectors: ConnectorRegistry;
  }
}

export interface PublishDeps {
  masterKey: Buffer;
  connectors: ConnectorRegistry;
}

export const PUBLISH_JOB = 'posts.publish';
const SYSTEM: Actor = { id: null, label: 'Postwarden' };

/** Whether the post can go out directly, and if not, why; the manual hand-off is always there. */
export async function directPublishing(
  db: Kysely<Database>,
  deps: PublishDeps,
  account: PostingAccount,
): Promise<{ available: true; label: string } | { available: false; reason: string }> {
  const direct = deps.connectors(account.platform).direct;
  if (!direct)
    return {
      available: false,
      reason: 'Postwarden cannot publish to this platform itself: post it by hand and record the link',
    };
  const stored = await db
    .selectFrom('account_secret')
    .select('account_id')
    .where('account_id', '=', account.id)
    .executeTakeFirst();
  if (!stored)
    return {
      available: false,
      reason:
        'No sign-in details are stored for this account. Ask the account administrator to store them, or post it by hand',
    };
  return { available: true, label: direct.label };
}

function isApprovedAsIs(post: PostRow): boolean {
  return post.approved_hash !== null && post.approved_hash === post.content_hash;
}

async function mayPublish(db: Kysely<Database>, post: PostRow, actor: PersonActor): Promise<boolean> {
  return operatesAccount(db, post.account_id, actor.id);
}

export async function startPublishing(
  db: Kysely<Database>,
  now: Date,
  deps: PublishDeps,
  school: School,
  actor: PersonActor,
  postId: string,
  when: { at: Date | null },
): Promise<'started' | 'scheduled' | 'not-found'> {
  const post0 = await db
    .selectFrom('post')
    .selectAll()
    .where('id', '=', postId)
    .where('school_id', '=', school.schoolId)
    .where('trust_id', '=', school.trustId)
    .executeTakeFirst();
  if (!post0) return 'not-found';
  const account = await postingAccount(db, school, post0.account_id);
  if (!account) return 'not-found';
  const direct = await directPublishing(db, deps, account);
  return transact(db, async (trx) => {
    const post = await lockPost(trx, school, postId);
    if (!post) return 'not-found' as const;
    if (!(await mayPublish(trx, post, actor)))
      throw new ValidationError([
        { href: '#when', text: 'Only the people who run this account can publish its posts' },
      ]);
    if (!['approved', 'failed'].includes(post.status) || !isApprovedAsIs(post)) {
      throw new ValidationError([
        {
          href: '#when',
          text:
            post.status === 'published'
              ? 'This post has already been published'
              : 'This post has not been approved as it is now, so it cannot be published. Send it for approval',
        },
      ]);
    }
    if (!account.live)
      throw new ValidationError([
        { href: '#when', text: 'This account is not live, so nothing can be published on it' },
      ]);
    if (!direct.available) throw new ValidationError([{ href: '#when', text: direct.reason }]);
    if (when.at && when.at.getTime() <= now.getTime())
      throw new ValidationError([{ href: '#at', text: 'The time to publish must be in the future' }]);
    // One key for the post as approved, kept across every retry, so the platform sees one post.
    const key = post.publication_key ?? randomUUID();
    const scheduled = when.at !== null;
    await trx
      .updateTable('post')
      .set({
        status: scheduled ? 'scheduled' : 'publishing',
        publish_via: 'direct',
        publication_key: key,
        scheduled_for: when.at,
        published_by: actor.id,
        last_error: null,
        updated_at: now,
      })
      .where('id', '=', post.id)
      .execute();
    if (post.status === 'failed') {
      // A person has looked at why it stopped and tries again: the attempt may run again.
      await trx
        .updateTable('post_publication')
        .set({ status: 'pending', failures: 0, last_error: null, next_attempt_at: null })
        .where('idempotency_key', '=', key)
        .where('status', '=', 'failed')
        .execute();
    }
    await enqueueJob(
      trx,
      PUBLISH_JOB,
      { postId: post.id, key },
      { runAt: when.at ?? now, dedupeKey: `post-publish:${key}:${now.getTime()}` },
    );
    await recordPostEvent(trx, now, post, actor, scheduled ? 'post.scheduled' : 'post.publish-started', {
      detail: { platform: account.platform, ...(scheduled ? { at: when.at!.toISOString() } : {}) },
    });
    return scheduled ? ('scheduled' as const) : ('started' as const);
  });
}

export async function cancelSchedule(
  db: Kysely<Database>,
  now: Date,
  school: School,
  actor: PersonActor,
  postId: string,
): Promise<'cancelled' | 'not-found' | 'not-scheduled'> {
  return transact(db, async (trx) => {
    const post = await lockPost(trx, school, postId);
    if (!post || !(await mayPublish(trx, post, actor))) return 'not-found' as const;
    if (post.status !== 'scheduled') return 'not-scheduled' as const;
    await trx
      .updateTable('post')
      .set({ status: 'approved', scheduled_for: null, updated_at: now })
      .where('id', '=', post.id)
      .execute();
    await recordPostEvent(trx, now, post, actor, 'post.schedule-cancelled');
    return 'cancelled' as const;
  });
}

async function accessFor(db: Kysely<Database>, deps: PublishDeps, account: PostingAccount): Promise<AccountAccess> {
  const stored = await credentialsForPublishing(db, deps.masterKey, account.id);
  return { handle: account.handle, credentials: stored ? connectorCredentials(stored) : null };
}

/** The publishing job: one run of publishOnce for a post still approved as it is. */
export async function runPublishJob(
  db: Kysely<Database>,
  now: Date,
  deps: PublishDeps & { baseUrl: string },
  payload: { postId: string; key: string },
): Promise<void> {
  const post = await db.selectFrom('post').selectAll().where('id', '=', payload.postId).executeTakeFirst();
  if (!post || post.publication_key !== payload.key) return;
  if (post.status !== 'publishing' && post.status !== 'scheduled') return; // cancelled, edited or already done
  if (post.status === 'scheduled' && post.scheduled_for && new Date(post.scheduled_for).getTime() > now.getTime())
    return; // rescheduled later
  const school = { trustId: post.trust_id, schoolId: post.school_id };
  const account = await postingAccount(db, school, post.account_id);
  const stop = async (message: string) => {
    await transact(db, async (trx) => {
      await trx
        .updateTable('post')
        .set({ status: 'failed', last_error: message, updated_at: now })
        .where('id', '=', post.id)
        .execute();
      await recordPostEvent(trx, now, post, SYSTEM, 'post.publish-failed', { comment: message });
      await tellPublishingStopped(trx, now, post, message, deps.baseUrl);
    });
  };
  if (!isApprovedAsIs(post)) return stop('The post changed after it was approved, so it was not published');
  if (!account?.live) return stop('The account is no longer live, so the post was not published');
  const connector = deps.connectors(account.platform).direct;
  if (!connector) return stop('Postwarden cannot publish to this platform itself: post it by hand');
  let access: AccountAccess;
  try {
    access = await accessFor(db, deps, account);
  } catch {
    return stop(
      'The account’s stored sign-in details cannot be opened. Ask the account administrator to store them again',
    );
  }
  if (!access.credentials)
    return stop(
      'No sign-in details are stored for this account. Ask the account administrator to store them, or post it by hand',
    );
  if (post.status === 'scheduled')
    await db.updateTable('post').set({ status: 'publishing', updated_at: now }).where('id', '=', post.id).execute();

  const outcome = await publishOnce(
    { connector, store: new DatabasePublicationStore(db, post, 'direct'), now: () => now },
    { idempotencyKey: payload.key, post: await publishableOf(db, post), account: access },
  );
  await transact(db, async (trx) => {
    if (outcome.status === 'published') {
      await trx
        .updateTable('post')
        .set({
          status: 'published',
          remote_id: outcome.ref.remoteId,
          url: outcome.ref.url,
          published_at: now,
          last_error: null,
          updated_at: now,
        })
        .where('id', '=', post.id)
        .execute();
      await recordPostEvent(trx, now, post, SYSTEM, 'post.published', {
        detail: { link: outcome.ref.url, platform: account.platform },
      });
    } else if (outcome.status === 'retry') {
      await trx
        .updateTable('post')
        .set({ last_error: outcome.message, updated_at: now })
        .where('id', '=', post.id)
        .execute();
      await enqueueJob(trx, PUBLISH_JOB, payload, {
        runAt: outcome.at,
        dedupeKey: `post-publish:${payload.key}:${outcome.at.getTime()}`,
      });
      await recordPostEvent(trx, now, post, SYSTEM, 'post.publish-retry', {
        comment: outcome.message,
        detail: { at: outcome.at.toISOString() },
      });
    } else {
      const warned = /already went out|already have gone out/.test(outcome.message);
      const message =
        outcome.status === 'failed' && outcome.outcomeUnknown && !warned
          ? `${outcome.message}. Check the account before posting by hand: it may already have gone out`
          : outcome.message;
      await trx
        .updateTable('post')
        .set({ status: 'failed', last_error: message, updated_at: now })
        .where('id', '=', post.id)
        .execute();
      await recordPostEvent(trx, now, post, SYSTEM, 'post.publish-failed', { comment: message });
      await tellPublishingStopped(trx, now, post, message, deps.baseUrl);
    }
  });
}

/** The author, and whoever started publishing, hear at once that a post did not go out. */
async function tellPublishingStopped(
  trx: Kysely<Database>,
  now: Date,
  post: PostRow,
  message: string,
  baseUrl: string,
): Promise<void> {
  const ids = [...new Set([post.author_id, post.published_by].filter((id): id is string => id !== null))];
  const people = await trx
    .selectFrom('person')
    .select(['email', 'given_name'])
    .where('id', 'in', ids)
    .where('email', 'is not', null)
    .execute();
  for (const p of people) {
    await queueMail(trx, now, {
      trustId: post.trust_id,
      schoolId: post.school_id,
      to: p.email!,
      subject: 'A post was not published',
      text: `Hello ${p.given_name},\n\nPostwarden could not publish a post: ${message}.\n\nSee the post and what to do next: ${baseUrl}/posts/${post.id}\n\nPostwarden`,
    });
  }
}

/** The manual hand-off: the operator posted the approved text by hand and pastes the link. */
export async function recordHandOff(
  db: Kysely<Database>,
  now: Date,
  deps: PublishDeps,
  school: School,
  actor: PersonActor,
  postId: string,
  link: string,
): Promise<'published' | 'not-found'> {
  const post = await db
    .selectFrom('post')
    .selectAll()
    .where('id', '=', postId)
    .where('school_id', '=', school.schoolId)
    .where('trust_id', '=', school.trustId)
    .executeTakeFirst();
  if (!post || !(await mayPublish(db, post, actor))) return 'not-found';
  if (!['approved', 'failed'].includes(post.status) || !isApprovedAsIs(post)) {
    throw new ValidationError([
      {
        href: '#link',
        text:
          post.status === 'published'
            ? 'This post has already been published'
            : 'This post has not been approved as it is now. Send it for approval before posting it',
      },
    ]);
  }
  const account = (await postingAccount(db, school, post.account_id))!;
  if (!link.trim()) throw new ValidationError([{ href: '#link', text: 'Paste the link to the post you made' }]);
  const connector = deps.connectors(account.platform).manual;
  const key = `manual:${post.id}:${post.approved_hash}`;
  const outcome = await publishOnce(
    { connector, store: new DatabasePublicationStore(db, post, 'manual'), now: () => now },
    {
      idempotencyKey: key,
      post: await publishableOf(db, post),
      account: { handle: account.handle, credentials: null },
      reportedUrl: link.trim(),
    },
  );
  if (outcome.status !== 'published') throw new ValidationError([{ href: '#link', text: outcome.message }]);
  await transact(db, async (trx) => {
    const locked = await lockPost(trx, school, post.id);
    if (locked?.status === 'published') return;
    await trx
      .updateTable('post')
      .set({
        status: 'published',
        publish_via: 'manual',
        remote_id: outcome.ref.remoteId,
        url: outcome.ref.url,
        published_at: now,
        published_by: actor.id,
        last_error: null,
        updated_at: now,
      })
      .where('id', '=', post.id)
      .execute();
    await recordPostEvent(trx, now, post, actor, 'post.handed-off', { detail: { link: outcome.ref.url } });
  });
  return 'published';
}

export type TakeDownResult = { outcome: 'removed' | 'recorded' } | { outcome: 'not-found' };

/**
 * Takes a published post down with a reason (PUB-5): through its connector where the platform allows
 * it; for a post made by hand, the person confirms they deleted it there. The record is kept.
 */
export async function takeDownPost(
  db: Kysely<Database>,
  now: Date,
  deps: PublishDeps,
  school: School,
  actor: PersonActor & { mayManageAccounts: boolean },
  postId: string,
  form: { reason: string; deletedByHand: boolean },
): Promise<TakeDownResult> {
  const post = await db
    .selectFrom('post')
    .selectAll()
    .where('id', '=', postId)
    .where('school_id', '=', school.schoolId)
    .where('trust_id', '=', school.trustId)
    .executeTakeFirst();
  if (!post) return { outcome: 'not-found' };
  const approvers = await approversOf(db, school, now);
  if (!(await mayTakeDown(db, post, actor, approvers.ids))) return { outcome: 'not-found' };
  const reason = form.reason.trim();
  const errors = [];
  if (post.status !== 'published') errors.push({ href: '#reason', text: 'Only a published post can be taken down' });
  if (reason.length < 10)
    errors.push({ href: '#reason', text: 'Say why the post is being taken down (at least 10 characters)' });
  if (errors.length) throw new ValidationError(errors);
  const account = (await postingAccount(db, school, post.account_id))!;
  const platform = deps.connectors(account.platform);
  const viaConnector = takenDownThroughPlatform(post, platform);
  if (viaConnector) {
    let access: AccountAccess;
    try {
      access = await accessFor(db, deps, account);
    } catch {
      throw new ValidationError([
        {
          href: '#reason',
          text: 'The account’s stored sign-in details cannot be opened. Delete the post on the platform yourself, then record it here',
        },
      ]);
    }
    const result = await takeDown(platform.direct!, { remoteId: post.remote_id!, url: post.url! }, access);
    if (result.status === 'retry' || result.status === 'failed') {
      // Nothing retries a takedown on its own: say what the person can do now.
      const what = result.message.replace(/\.? Postwarden will.*$/, '');
      throw new ValidationError([
        {
          href: '#reason',
          text: `The post could not be taken down: ${what}. It is still published. Try again in a few minutes, or delete it on the platform yourself and record that here`,
        },
      ]);
    }
    if (result.status === 'by-hand' && !form.deletedByHand)
      throw new ValidationError([{ href: '#deletedByHand', text: result.message }]);
  } else if (!form.deletedByHand) {
    throw new ValidationError([
      {
        href: '#deletedByHand',
        text: `Delete the post on the platform yourself (${post.url}), then confirm that you have`,
      },
    ]);
  }
  await transact(db, async (trx) => {
    await trx
      .updateTable('post')
      .set({
        status: 'taken_down',
        taken_down_at: now,
        taken_down_by: actor.id,
        takedown_reason: reason,
        updated_at: now,
      })
      .where('id', '=', post.id)
      .execute();
    await recordPostEvent(trx, now, post, actor, 'post.taken-down', {
      comment: reason,
      detail: { how: viaConnector ? 'through the platform' : 'deleted by hand' },
    });
  });
  return { outcome: viaConnector ? 'removed' : 'recorded' };
}

/** Whether Postwarden deletes the post on the platform itself, or the person deletes it by hand. */
export function takenDownThroughPlatform(
  post: Pick<PostRow, 'publish_via'>,
  platform: PlatformConnectors | null,
): boolean {
  return post.publish_via === 'direct' && Boolean(platform?.direct?.capabilities.deletion);
}

export async function mayTakeDown(
  db: Kysely<Database>,
  post: PostRow,
  actor: PersonActor & { mayManageAccounts: boolean },
  approvers: ReadonlySet<string>,
): Promise<boolean> {
  return actor.mayManageAccounts || approvers.has(actor.id) || (await operatesAccount(db, post.account_id, actor.id));
}
