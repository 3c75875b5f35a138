import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { isRole, type Role } from './permissions.ts';

export interface RoleGrant {
  role: Role;
  schoolId: string | null;
}

export async function findPersonForSignIn(db: Kysely<Database>, email: string) {
  return db
    .selectFrom('person')
    .select(['id', 'trust_id', 'school_id', 'given_name', 'family_name', 'email', 'password_hash', 'leaving_date'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
    .executeTakeFirst();
}

export async function findPerson(db: Kysely<Database>, personId: string) {
  return db
    .selectFrom('person')
    .innerJoin('trust', 'trust.id', 'person.trust_id')
    .select([
      'person.id',
      'person.trust_id',
      'person.school_id',
      'person.given_name',
      'person.family_name',
      'person.email',
      'person.leaving_date',
      'trust.name as trust_name',
      'trust.slug as trust_slug',
    ])
    .where('person.id', '=', personId)
    .executeTakeFirst();
}

export async function roleGrants(db: Kysely<Database>, personId: string): Promise<RoleGrant[]> {
  const rows = await db
    .selectFrom('role_assignment')
    .select(['role', 'school_id'])
    .where('person_id', '=', personId)
    .execute();
  return rows.filter((r) => isRole(r.role)).map((r) => ({ role: r.role as Role, schoolId: r.school_id }));
}

export async function schoolsOfTrust(db: Kysely<Database>, trustId: string) {
  return db
    .selectFrom('school')
    .select(['id', 'name', 'slug', 'region'])
    .where('trust_id', '=', trustId)
    .orderBy('name')
    .execute();
}
