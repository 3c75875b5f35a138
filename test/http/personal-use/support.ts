import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/platform/db/schema.ts';
import type { Role } from '../../../src/platform/auth/permissions.ts';
import { hashPassword } from '../../../src/platform/auth/passwords.ts';
import { PASSWORD, type World } from '../../support/world.ts';

let hashed: string | undefined;

/** One more person of Alder Primary who can sign in (the world has no governor), with a role. */
export async function addPerson(
  db: Kysely<Database>,
  world: World,
  key: string,
  role: Role | null,
  extra: { given?: string; family?: string; jobTitle?: string; schoolId?: string } = {},
): Promise<string> {
  hashed ??= await hashPassword(PASSWORD);
  const id = randomUUID();
  const schoolId = extra.schoolId ?? world.schoolA1;
  const now = new Date('2026-11-18T10:00:00Z');
  await db
    .insertInto('person')
    .values({
      id,
      trust_id: world.trustA,
      school_id: schoolId,
      mis_id: null,
      given_name: extra.given ?? key.split('-')[0]!,
      family_name: extra.family ?? 'Tester',
      email: `${key}@example.sch.uk`,
      employment_type: 'full-time',
      job_title: extra.jobTitle ?? null,
      start_date: null,
      leaving_date: null,
      password_hash: hashed,
      created_at: now,
      updated_at: now,
    })
    .execute();
  if (role)
    await db
      .insertInto('role_assignment')
      .values({ person_id: id, trust_id: world.trustA, school_id: schoolId, role })
      .execute();
  world.people[key] = { id, email: `${key}@example.sch.uk` };
  return id;
}

/** Puts the model policy in force at a school of trust A from the test's today (18 November 2026). */
export async function policyInForce(db: Kysely<Database>, world: World, schoolId = world.schoolA1): Promise<void> {
  const { approveVersion, startFromModel } = await import('../../../src/modules/policies/versions/service.ts');
  const now = new Date('2026-11-18T10:00:00Z');
  const school = { trustId: world.trustA, schoolId };
  const actor = { id: world.people['head-a1']!.id, label: 'head Tester' };
  const versionId = await startFromModel(db, now, school, actor);
  await approveVersion(db, now, school, actor, versionId, {
    body: 'Full Governing Body',
    approvedDay: '18',
    approvedMonth: '11',
    approvedYear: '2026',
    effectiveDay: '18',
    effectiveMonth: '11',
    effectiveYear: '2026',
    consultation: '',
    changeSummary: '',
  });
}
