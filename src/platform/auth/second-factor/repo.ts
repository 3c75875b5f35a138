import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export async function factorsOf(db: Kysely<Database>, personId: string) {
  return db
    .selectFrom('second_factor')
    .select(['id', 'kind', 'label', 'totp_secret_sealed', 'last_used_step', 'created_at', 'last_used_at'])
    .where('person_id', '=', personId)
    .orderBy('created_at')
    .execute();
}

export async function unusedRecoveryCodes(db: Kysely<Database>, personId: string): Promise<number> {
  const row = await db
    .selectFrom('recovery_code')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('person_id', '=', personId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether this person's trust requires a second factor, and the roles they hold anywhere. */
export async function requirementOf(db: Kysely<Database>, personId: string) {
  const person = await db
    .selectFrom('person')
    .innerJoin('trust', 'trust.id', 'person.trust_id')
    .select([
      'person.id',
      'person.trust_id',
      'person.school_id',
      'trust.second_factor_required',
      'trust.password_sign_in',
    ])
    .where('person.id', '=', personId)
    .executeTakeFirst();
  if (!person) return undefined;
  const roles = await db.selectFrom('role_assignment').select('role').where('person_id', '=', personId).execute();
  return { ...person, roles: roles.map((r) => r.role) };
}
