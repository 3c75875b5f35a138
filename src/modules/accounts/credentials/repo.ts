// Sealed sign-in details (ACC-4): the SQL. Only the credentials service and posting.ts read `sealed`:
// to open it for a reveal with a reason, to re-seal it under a new key, or to hand it to a connector.
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';

export async function sealedSecretOf(db: Kysely<Database>, accountId: string) {
  return db
    .selectFrom('account_secret')
    .select(['sealed', 'updated_at', 'rotate_required', 'rotate_reason'])
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

/** Whether details are stored, without the sealed text. */
export async function secretFacts(db: Kysely<Database>, accountId: string) {
  return db
    .selectFrom('account_secret')
    .select(['updated_at', 'rotate_required', 'rotate_reason'])
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

export async function saveSealed(
  trx: Kysely<Database>,
  row: { accountId: string; trustId: string; schoolId: string; sealed: string; now: Date; by: string | null },
): Promise<void> {
  await trx
    .insertInto('account_secret')
    .values({
      account_id: row.accountId,
      trust_id: row.trustId,
      school_id: row.schoolId,
      sealed: row.sealed,
      updated_at: row.now,
      updated_by: row.by,
      rotate_required: false,
      rotate_reason: null,
    })
    .onConflict((oc) =>
      oc.column('account_id').doUpdateSet({
        sealed: row.sealed,
        updated_at: row.now,
        updated_by: row.by,
        rotate_required: false,
        rotate_reason: null,
      }),
    )
    .execute();
}

/** Every stored secret of the instance, locked until the transaction ends (key rotation). */
export async function lockAllSecrets(trx: Kysely<Database>) {
  return trx
    .selectFrom('account_secret as s')
    .innerJoin('official_account as a', 'a.id', 's.account_id')
    .innerJoin('school as sc', 'sc.id', 's.school_id')
    .select(['s.account_id', 's.trust_id', 's.sealed', 'a.name as account_name', 'sc.name as school_name'])
    .orderBy('s.account_id')
    .forUpdate('s')
    .execute();
}

export async function replaceSealed(trx: Kysely<Database>, accountId: string, sealed: string): Promise<void> {
  await trx.updateTable('account_secret').set({ sealed }).where('account_id', '=', accountId).execute();
}
