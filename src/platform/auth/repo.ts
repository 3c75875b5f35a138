import { sql, type Kysely } from 'kysely';
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

export interface PersonContextRow {
  id: string;
  trust_id: string;
  school_id: string | null;
  given_name: string;
  family_name: string;
  email: string;
  leaving_date: string | null;
  trust_name: string;
  trust_slug: string;
  grants: RoleGrant[];
  schools: { id: string; name: string; slug: string; region: string }[];
}

/**
 * Everything a signed-in request needs about its person in one round trip: the person and trust,
 * their role grants and the trust's schools (by name). Runs on every signed-in request.
 */
export async function findPersonContext(db: Kysely<Database>, personId: string): Promise<PersonContextRow | undefined> {
  const result = await sql<Omit<PersonContextRow, 'grants'> & { grants: { role: string; schoolId: string | null }[] }>`
    SELECT p.id, p.trust_id, p.school_id, p.given_name, p.family_name, p.email, p.leaving_date,
      t.name AS trust_name, t.slug AS trust_slug,
      COALESCE((SELECT json_agg(json_build_object('role', r.role, 'schoolId', r.school_id))
                FROM role_assignment r WHERE r.person_id = p.id), '[]') AS grants,
      COALESCE((SELECT json_agg(json_build_object('id', s.id, 'name', s.name, 'slug', s.slug, 'region', s.region)
                                ORDER BY s.name)
                FROM school s WHERE s.trust_id = p.trust_id), '[]') AS schools
    FROM person p JOIN trust t ON t.id = p.trust_id
    WHERE p.id = ${personId}`.execute(db);
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    ...row,
    grants: row.grants.filter((g) => isRole(g.role)).map((g) => ({ role: g.role as Role, schoolId: g.schoolId })),
  };
}
