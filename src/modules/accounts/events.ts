import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';

export interface AccountRef {
  id: string;
  trust_id: string;
  school_id: string;
}

/**
 * Appends one step to an account's timeline and to the audit log, in the caller's transaction.
 * `detail` is shown to people who can see the account and kept in the audit log: never put a
 * secret in it (a reveal records the reason, not what was revealed).
 */
export async function recordAccountEvent(
  trx: Kysely<Database>,
  now: Date,
  account: AccountRef,
  actor: Actor,
  kind: string,
  options: { comment?: string | null; detail?: Record<string, unknown> } = {},
): Promise<void> {
  await trx
    .insertInto('account_event')
    .values({
      account_id: account.id,
      trust_id: account.trust_id,
      school_id: account.school_id,
      at: now,
      actor_id: actor.id,
      actor_label: actor.label,
      kind,
      comment: options.comment ?? null,
      detail: JSON.stringify(options.detail ?? {}),
    })
    .execute();
  await recordAudit(trx, now, {
    actor,
    action: `account.${kind}`,
    entityType: 'official_account',
    entityId: account.id,
    trustId: account.trust_id,
    schoolId: account.school_id,
    summary: { ...(options.detail ?? {}), ...(options.comment ? { comment: options.comment } : {}) },
  });
}
