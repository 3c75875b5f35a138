import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export async function sessionsOf(db: Kysely<Database>, personId: string, now: Date) {
  return db
    .selectFrom('web_session')
    .select(['public_id', 'sid', 'signed_in_at', 'last_seen_at', 'device', 'address'])
    .where('person_id', '=', personId)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .execute();
}

export async function endSession(db: Kysely<Database>, personId: string, publicId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('web_session')
    .where('person_id', '=', personId)
    .where('public_id', '=', publicId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function endAllSessions(db: Kysely<Database>, personId: string): Promise<number> {
  const result = await db.deleteFrom('web_session').where('person_id', '=', personId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** A person of this school (their home school, or a role there), else undefined: tenant scoping. */
export async function personOfSchool(db: Kysely<Database>, trustId: string, schoolId: string, personId: string) {
  return db
    .selectFrom('person')
    .select(['id', 'given_name', 'family_name', 'school_id', 'trust_id'])
    .where('id', '=', personId)
    .where('trust_id', '=', trustId)
    .where((eb) =>
      eb.or([
        eb('school_id', '=', schoolId),
        eb.exists(
          eb
            .selectFrom('role_assignment as ra')
            .select('ra.id')
            .whereRef('ra.person_id', '=', 'person.id')
            .where('ra.school_id', '=', schoolId),
        ),
      ]),
    )
    .executeTakeFirst();
}
