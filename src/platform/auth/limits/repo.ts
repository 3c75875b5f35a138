import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { LimitScope, LimitState } from './rules.ts';

/** Rows are keyed by a hash, so the table never holds what someone typed into the email box. */
export function limitSubject(scope: LimitScope, value: string): string {
  return createHash('sha256').update(`${scope}:${value.trim().toLowerCase()}`).digest('hex');
}

const STALE_AFTER_MS = 24 * 60 * 60_000;

function toState(row: {
  failures: number;
  window_started_at: Date | string;
  last_failure_at: Date | string;
  locked_until: Date | string | null;
}): LimitState {
  return {
    failures: row.failures,
    windowStartedAt: new Date(row.window_started_at),
    lastFailureAt: new Date(row.last_failure_at),
    pausedUntil: row.locked_until ? new Date(row.locked_until) : null,
  };
}

export async function readLimit(
  db: Kysely<Database>,
  scope: LimitScope,
  subject: string,
): Promise<LimitState | undefined> {
  const row = await db
    .selectFrom('sign_in_throttle')
    .selectAll()
    .where('scope', '=', scope)
    .where('subject', '=', subject)
    .executeTakeFirst();
  return row ? toState(row) : undefined;
}

/**
 * Reads a subject's state locked for update, so two attempts at once are counted one after the
 * other. A subject seen for the first time gets an empty row first (failures 0), which nothing
 * treats as a pause.
 */
export async function readLimitForUpdate(
  trx: Kysely<Database>,
  scope: LimitScope,
  subject: string,
  now: Date,
): Promise<LimitState> {
  await trx
    .insertInto('sign_in_throttle')
    .values({ scope, subject, failures: 0, window_started_at: now, last_failure_at: now, locked_until: null })
    .onConflict((oc) => oc.columns(['scope', 'subject']).doNothing())
    .execute();
  const row = await trx
    .selectFrom('sign_in_throttle')
    .selectAll()
    .where('scope', '=', scope)
    .where('subject', '=', subject)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return toState(row);
}

export async function writeLimit(
  trx: Kysely<Database>,
  scope: LimitScope,
  subject: string,
  state: LimitState,
): Promise<void> {
  await trx
    .updateTable('sign_in_throttle')
    .set({
      failures: state.failures,
      window_started_at: state.windowStartedAt,
      last_failure_at: state.lastFailureAt,
      locked_until: state.pausedUntil,
    })
    .where('scope', '=', scope)
    .where('subject', '=', subject)
    .execute();
}

export async function clearLimit(db: Kysely<Database>, scope: LimitScope, subject: string): Promise<void> {
  await db.deleteFrom('sign_in_throttle').where('scope', '=', scope).where('subject', '=', subject).execute();
}

/** Forgets counts nobody has added to for a day (longer than any window) and that pause nothing. */
export async function forgetStaleLimits(db: Kysely<Database>, now: Date): Promise<void> {
  await db
    .deleteFrom('sign_in_throttle')
    .where('last_failure_at', '<', new Date(now.getTime() - STALE_AFTER_MS))
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .execute();
}
