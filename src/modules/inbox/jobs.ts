/**
 * The inbox's jobs (MON-2). Every 15 minutes one run books a read of each live Bluesky and Mastodon
 * account with stored sign-in details (one per account per slot: dedupe keys). A read that fails for
 * a reason that may pass is recorded on the account ("not read since …") and thrown, so the job table
 * retries it with backoff; a refused sign-in (a 401) marks the account as needing new sign-in details
 * and tells its administrators once, and reading stops until someone asks for it again. The clock
 * jobs remind whoever has the item 4 hours before its deadline and alert them and the account's
 * administrators when it passes, unless it has been answered by then.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { enqueueJob, type JobRunner } from '../../platform/jobs/jobs.ts';
import { queueMail } from '../../platform/mail/mail.ts';
import { transact } from '../../platform/db/transact.ts';
import { formatDateTime } from '../../platform/views/nunjucks.ts';
import { credentialsForPublishing } from '../accounts/index.ts';
import { connectorCredentials } from '../publishing/connectors/credentials.ts';
import { PermanentError } from '../publishing/connectors/errors.ts';
import { recordItemEvent } from './events.ts';
import { KINDS } from './rules/kinds.ts';
import { accountAdministrators } from './repo.ts';
import { INBOX_CLOCK_JOB, storeArrivals, type InboxDeps } from './service.ts';

export const INBOX_SCHEDULE_JOB = 'inbox.schedule-reads';
export const INBOX_READ_JOB = 'inbox.read';
const SLOT = 15 * 60_000;
const READABLE = ['bluesky', 'mastodon'];

export async function scheduleInboxReads(db: Kysely<Database>, now: Date): Promise<void> {
  const next = new Date(Math.ceil(now.getTime() / SLOT) * SLOT);
  await enqueueJob(db, INBOX_SCHEDULE_JOB, {}, { runAt: next, dedupeKey: `inbox-schedule:${next.toISOString()}` });
}

/** Books one read now for every account that can be read (also what "Read now" on an account page does). */
export async function bookReads(db: Kysely<Database>, now: Date, accountId?: string): Promise<number> {
  let q = db
    .selectFrom('official_account as a')
    .innerJoin('account_secret as k', 'k.account_id', 'a.id')
    .leftJoin('inbox_source as s', 's.account_id', 'a.id')
    .select(['a.id'])
    .where('a.platform', 'in', READABLE)
    .where('a.status', 'in', ['active', 'under_review'])
    .where((eb) => eb.or([eb('s.needs_sign_in', 'is', null), eb('s.needs_sign_in', '=', false)]));
  if (accountId) q = q.where('a.id', '=', accountId);
  const accounts = await q.execute();
  const slot = Math.floor(now.getTime() / SLOT);
  for (const a of accounts)
    await enqueueJob(
      db,
      INBOX_READ_JOB,
      { accountId: a.id },
      { runAt: now, dedupeKey: `inbox-read:${a.id}:${slot}${accountId ? `:${now.getTime()}` : ''}`, maxAttempts: 6 },
    );
  return accounts.length;
}

async function source(db: Kysely<Database>, account: { id: string; trust_id: string; school_id: string }) {
  await db
    .insertInto('inbox_source')
    .values({ account_id: account.id, trust_id: account.trust_id, school_id: account.school_id })
    .onConflict((oc) => oc.column('account_id').doNothing())
    .execute();
  return db.selectFrom('inbox_source').selectAll().where('account_id', '=', account.id).executeTakeFirstOrThrow();
}

export async function readAccount(
  db: Kysely<Database>,
  now: Date,
  deps: Pick<InboxDeps, 'masterKey' | 'readers' | 'baseUrl'>,
  accountId: string,
): Promise<void> {
  const account = await db
    .selectFrom('official_account')
    .select(['id', 'trust_id', 'school_id', 'name', 'platform', 'handle', 'status'])
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (!account || !['active', 'under_review'].includes(account.status)) return;
  const reader = deps.readers(account.platform);
  if (!reader) return;
  const state = await source(db, account);
  if (state.needs_sign_in) return;
  const stored = await credentialsForPublishing(db, deps.masterKey, account.id);
  const access = { handle: account.handle, credentials: stored ? connectorCredentials(stored) : null };
  try {
    const result = await reader.read(access, state.cursor);
    await storeArrivals(db, now, account, result.notifications, deps.baseUrl);
    await db
      .updateTable('inbox_source')
      .set({ last_read_at: now, last_attempt_at: now, failing_since: null, last_error: null, cursor: result.cursor })
      .where('account_id', '=', account.id)
      .execute();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const refused =
      error instanceof PermanentError && (error.reason === 'sign-in-refused' || error.reason === 'no-credentials');
    await transact(db, async (trx) => {
      await trx
        .updateTable('inbox_source')
        .set({
          last_attempt_at: now,
          failing_since: state.failing_since ?? now,
          last_error: message.slice(0, 500),
          ...(refused ? { needs_sign_in: true } : {}),
        })
        .where('account_id', '=', account.id)
        .execute();
      if (!refused) return;
      const school = { trustId: account.trust_id, schoolId: account.school_id };
      for (const p of await accountAdministrators(trx, school, account.id)) {
        if (!p.email) continue;
        await queueMail(trx, now, {
          to: p.email,
          subject: `New sign-in details needed for ${account.name}`,
          text: `Postwarden could not read the comments and replies on ${account.name}: ${message}.\n\nUntil new sign-in details are stored, nothing new arrives in its inbox. Store them, then choose "Read now" on the account's inbox.\n\n${deps.baseUrl}/inbox/accounts/${account.id}`,
          trustId: account.trust_id,
          schoolId: account.school_id,
        });
      }
    });
    // Anything that may pass goes back to the job table, which tries again with backoff.
    if (!(error instanceof PermanentError)) throw error;
  }
}

export function registerInboxJobs(jobs: JobRunner, deps: InboxDeps): void {
  jobs.register(INBOX_SCHEDULE_JOB, async (_payload, { db, now }) => {
    await scheduleInboxReads(db, new Date(now.getTime() + 1));
    if (!deps.demoMode) await bookReads(db, now);
  });
  jobs.register(INBOX_READ_JOB, async (payload, { db, now }) => {
    await readAccount(db, now, deps, String(payload.accountId));
  });
  jobs.register(INBOX_CLOCK_JOB, async (payload, { db, now }) => {
    const stage = payload.stage === 'overdue' ? 'overdue' : 'reminder';
    await transact(db, async (trx) => {
      const item = await trx
        .selectFrom('inbox_item as i')
        .innerJoin('official_account as a', 'a.id', 'i.account_id')
        .selectAll('i')
        .select('a.name as account_name')
        .where('i.id', '=', String(payload.itemId))
        .forUpdate()
        .executeTakeFirst();
      if (!item || item.responded_at || item.state === 'closed') return;
      if (stage === 'reminder' ? item.reminded_at : item.overdue_alerted_at) return;
      const school = { trustId: item.trust_id, schoolId: item.school_id };
      const admins = await accountAdministrators(trx, school, item.account_id);
      const assignee = item.assignee_id
        ? await trx.selectFrom('person').select(['id', 'email']).where('id', '=', item.assignee_id).execute()
        : [];
      const to = stage === 'reminder' && assignee.length ? assignee : [...assignee, ...admins];
      const due = formatDateTime(item.deadline_at);
      const link = `${deps.baseUrl}/inbox/items/${item.id}`;
      const sent = new Set<string>();
      for (const p of to) {
        if (!p.email || sent.has(p.email)) continue;
        sent.add(p.email);
        await queueMail(trx, now, {
          to: p.email,
          subject:
            stage === 'reminder'
              ? `Due ${due}: a response on ${item.account_name}`
              : `Overdue: a response on ${item.account_name}`,
          text:
            stage === 'reminder'
              ? `A ${KINDS[item.kind].text.toLowerCase()} from ${item.author} on ${item.account_name} needs a response by ${due}. An acknowledgement counts.\n\n${link}`
              : `A ${KINDS[item.kind].text.toLowerCase()} from ${item.author} on ${item.account_name} was due a response by ${due} and has none yet.\n\n${link}`,
          trustId: item.trust_id,
          schoolId: item.school_id,
        });
      }
      await trx
        .updateTable('inbox_item')
        .set(stage === 'reminder' ? { reminded_at: now } : { overdue_alerted_at: now })
        .where('id', '=', item.id)
        .execute();
      await recordItemEvent(
        trx,
        now,
        item,
        { id: null, label: 'Postwarden' },
        stage === 'reminder' ? 'inbox.reminder' : 'inbox.overdue',
        { audit: false },
      );
    });
  });
}
