/**
 * Sending a reply from Postwarden at most once (MON-2), in two phases as publishing does (PUB-6):
 *  1. claim: one row per item in inbox_reply, with a new idempotency key, committed before the
 *     platform is called; a second person replying at the same moment finds the claim and is refused;
 *  2. send under the key (Mastodon's Idempotency-Key header, Bluesky's record key), then record.
 * A claim still 'sending' (a crash between the platform's answer and the write, or no answer at all)
 * is shown on the item and never sent again silently: "check" asks the platform whether the reply
 * is there, records it if so, and only otherwise lets it be sent again.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/audit/audit.ts';
import { ValidationError } from '../../platform/http/errors.ts';
import { transact } from '../../platform/db/transact.ts';
import { formatDateTime } from '../../platform/views/nunjucks.ts';
import { credentialsForPublishing, postingAccount } from '../accounts/index.ts';
import { connectorCredentials } from '../publishing/connectors/credentials.ts';
import { PermanentError, TransientError } from '../publishing/connectors/errors.ts';
import type {
  NotificationReader,
  ReaderRegistry,
  ReplyAttempt,
  ReplyTarget,
} from '../publishing/connectors/notifications.ts';
import type { AccountAccess, PublishedRef } from '../publishing/connectors/types.ts';
import { recordItemEvent } from './events.ts';
import { findItem, type ItemRow, type School, type Viewer } from './repo.ts';
import { REFUSAL_TEXT } from './rules/reply.ts';

type PersonActor = Actor & { id: string };

/** How long a claim may be in flight before "check" may release it (the readers time out at 30 s). */
export const CLAIM_SETTLE_MS = 2 * 60_000;

export class ReplyNotFound extends Error {}

export async function claimOf(db: Kysely<Database>, itemId: string) {
  return db.selectFrom('inbox_reply').selectAll().where('item_id', '=', itemId).executeTakeFirst();
}

export function claimInFlightText(claim: { started_by_label: string; started_at: Date | string }, platform: string) {
  return `A reply to this item is already being sent: ${claim.started_by_label} started it at ${formatDateTime(new Date(claim.started_at))}, and Postwarden has not recorded whether ${platform} took it. Nothing more was sent. Use “Check whether the reply went out” before trying again`;
}

const asAttempt = (claim: { idempotency_key: string; started_at: Date | string }): ReplyAttempt => ({
  idempotencyKey: claim.idempotency_key,
  startedAt: new Date(claim.started_at),
});

async function accountAccess(
  db: Kysely<Database>,
  masterKey: Buffer,
  account: { id: string; handle: string | null },
): Promise<AccountAccess> {
  const stored = await credentialsForPublishing(db, masterKey, account.id);
  return { handle: account.handle, credentials: stored ? connectorCredentials(stored) : null };
}

/** Phase 3: the item is answered and the claim is marked sent, in one transaction with the timeline entry. */
async function recordSent(
  db: Kysely<Database>,
  now: Date,
  school: School,
  viewer: Viewer,
  actor: Actor,
  itemId: string,
  text: string,
  remote: PublishedRef,
  how: 'sent' | 'found',
): Promise<void> {
  await transact(db, async (trx) => {
    const locked = await findItem(trx, school, viewer, itemId, true);
    if (!locked) throw new ReplyNotFound();
    await trx
      .updateTable('inbox_item')
      .set({
        reply_text: text,
        reply_remote_id: remote.remoteId,
        reply_url: remote.url,
        responded_at: locked.responded_at ?? now,
        response: 'replied',
        state: 'answered',
        updated_at: now,
      })
      .where('id', '=', locked.id)
      .execute();
    await trx
      .updateTable('inbox_reply')
      .set({ status: 'sent', remote_id: remote.remoteId, url: remote.url, sent_at: now })
      .where('item_id', '=', locked.id)
      .execute();
    await recordItemEvent(trx, now, locked, actor, 'inbox.replied', {
      text,
      detail: {
        url: remote.url,
        ...(how === 'found' ? { foundOnPlatform: true } : {}),
        ...(locked.kind === 'press' ? { approvedBy: locked.approved_by, approvedAt: locked.approved_at } : {}),
      },
    });
  });
}

/** Sends `text` (already checked) as the reply to `item` through `reader`, at most once. */
export async function sendReply(
  db: Kysely<Database>,
  now: Date,
  school: School,
  viewer: Viewer,
  actor: PersonActor,
  item: ItemRow,
  account: { id: string; handle: string | null; platform: string },
  reader: NotificationReader,
  text: string,
  masterKey: Buffer,
): Promise<PublishedRef> {
  const platform = account.platform === 'bluesky' ? 'Bluesky' : 'Mastodon';
  const claim = await transact(db, async (trx) => {
    const locked = await findItem(trx, school, viewer, item.id, true);
    if (!locked) throw new ReplyNotFound();
    if (locked.responded_at && locked.response !== 'acknowledged')
      throw new ValidationError([{ href: '#reply', text: REFUSAL_TEXT['already-answered'] }]);
    const taken = await claimOf(trx, locked.id);
    if (taken?.status === 'sent')
      throw new ValidationError([{ href: '#reply', text: REFUSAL_TEXT['already-answered'] }]);
    if (taken) throw new ValidationError([{ href: '#reply', text: claimInFlightText(taken, platform) }]);
    const row = await trx
      .insertInto('inbox_reply')
      .values({
        item_id: locked.id,
        trust_id: locked.trust_id,
        school_id: locked.school_id,
        idempotency_key: `inbox-reply:${locked.id}:${crypto.randomUUID()}`,
        text,
        status: 'sending',
        started_at: now,
        started_by: actor.id,
        started_by_label: actor.label,
      })
      .onConflict((oc) => oc.column('item_id').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new ValidationError([{ href: '#reply', text: REFUSAL_TEXT['already-answered'] }]);
    await recordItemEvent(trx, now, locked, actor, 'inbox.reply-started', { text });
    return row;
  });

  const access = await accountAccess(db, masterKey, account);
  const target: ReplyTarget = { remote: item.remote, authorHandle: item.author_handle };
  let remote: PublishedRef;
  try {
    remote = await reader.reply(access, target, text, asAttempt(claim));
  } catch (error) {
    const nothingSent = error instanceof PermanentError || (error instanceof TransientError && !error.outcomeUnknown);
    if (nothingSent) {
      await transact(db, async (trx) => {
        await trx.deleteFrom('inbox_reply').where('item_id', '=', item.id).execute();
        await recordItemEvent(trx, now, item, actor, 'inbox.reply-refused', {
          text: (error as Error).message,
          detail: { key: claim.idempotency_key },
        });
      });
      throw new ValidationError([
        {
          href: '#reply',
          text: `${(error as Error).message}. Nothing was sent. You can try again, or reply on the platform and record it here`,
        },
      ]);
    }
    // The answer may have been lost after the reply was made: look before saying anything.
    const found = await reader.findReply(access, target, text, asAttempt(claim)).catch(() => null);
    if (!found)
      throw new ValidationError([
        {
          href: '#reply',
          text: `Postwarden did not hear back from ${platform}, so the reply may or may not have gone out. It will not be sent again until someone checks: use “Check whether the reply went out”`,
        },
      ]);
    remote = found;
  }
  await recordSent(db, now, school, viewer, actor, item.id, text, remote, 'sent');
  return remote;
}

export type CheckOutcome = 'found' | 'not-sent' | 'too-soon';

/**
 * A claim still 'sending': ask the platform whether the reply is there (MON-2). Found: recorded as
 * sent. Absent, and the claim older than any request could still take: released, so the reply can
 * be sent again. Nothing is ever posted here.
 */
export async function checkReply(
  db: Kysely<Database>,
  now: Date,
  school: School,
  viewer: Viewer,
  actor: PersonActor,
  id: string,
  deps: { masterKey: Buffer; readers: ReaderRegistry },
): Promise<CheckOutcome> {
  const item = await findItem(db, school, viewer, id);
  const claim = item ? await claimOf(db, item.id) : undefined;
  if (!item || claim?.status !== 'sending') throw new ReplyNotFound();
  const account = await postingAccount(db, school, item.account_id);
  const reader = account ? deps.readers(account.platform) : null;
  if (!account || !reader) throw new ReplyNotFound();
  const target: ReplyTarget = { remote: item.remote, authorHandle: item.author_handle };
  let found: PublishedRef | null;
  try {
    found = await reader.findReply(
      await accountAccess(db, deps.masterKey, account),
      target,
      claim.text,
      asAttempt(claim),
    );
  } catch (error) {
    if (error instanceof PermanentError || error instanceof TransientError)
      throw new ValidationError([
        { href: '#reply-check', text: `${error.message}. Nothing was sent. Try the check again later` },
      ]);
    throw error;
  }
  if (found) {
    await recordSent(db, now, school, viewer, actor, item.id, claim.text, found, 'found');
    return 'found';
  }
  if (now.getTime() - new Date(claim.started_at).getTime() < CLAIM_SETTLE_MS) return 'too-soon';
  await transact(db, async (trx) => {
    const locked = await findItem(trx, school, viewer, item.id, true);
    if (!locked) throw new ReplyNotFound();
    const removed = await trx
      .deleteFrom('inbox_reply')
      .where('item_id', '=', locked.id)
      .where('status', '=', 'sending')
      .where('idempotency_key', '=', claim.idempotency_key)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) return;
    await recordItemEvent(trx, now, locked, actor, 'inbox.reply-not-sent', {
      text: claim.text,
      detail: { key: claim.idempotency_key },
    });
  });
  return 'not-sent';
}
