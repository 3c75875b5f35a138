import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/platform/db/schema.ts';
import type { Role } from '../../src/platform/auth/permissions.ts';
import { hashPassword } from '../../src/platform/auth/passwords.ts';
import { makeUpn } from '../../src/modules/directory/import/rules/index.ts';

export const PASSWORD = 'correct horse battery staple';
let hashed: string | undefined;

export interface World {
  trustA: string;
  schoolA1: string;
  schoolA2: string;
  trustB: string;
  schoolB1: string;
  people: Record<string, { id: string; email: string }>;
  pupils: Record<string, string>;
}

/**
 * Two trusts: A (schools A1 and A2) and B (school B1), with people in every role that matters
 * and a few pupils, so tests can try to reach one tenant's data as another.
 */
/**
 * The world's trusts do not require a second factor (the suites sign in as heads and DSLs with a
 * password); a test of AUTH-2 turns `second_factor_required` on for its trust or enrols people.
 */
export async function seedWorld(db: Kysely<Database>, now = new Date('2026-11-18T10:00:00Z')): Promise<World> {
  hashed ??= await hashPassword(PASSWORD);
  const trustA = (
    await db
      .insertInto('trust')
      .values({ name: 'Alder Trust', slug: 'alder', created_at: now, second_factor_required: false })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const trustB = (
    await db
      .insertInto('trust')
      .values({ name: 'Birch Trust', slug: 'birch', created_at: now, second_factor_required: false })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const school = async (trustId: string, name: string, slug: string) =>
    (
      await db
        .insertInto('school')
        .values({ trust_id: trustId, name, slug, phase: 'primary', urn: null, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const schoolA1 = await school(trustA, 'Alder Primary', 'alder-primary');
  const schoolA2 = await school(trustA, 'Alder Secondary', 'alder-secondary');
  const schoolB1 = await school(trustB, 'Birch Primary', 'birch-primary');
  const people: World['people'] = {};
  const person = async (
    key: string,
    trustId: string,
    schoolId: string | null,
    roles: { role: Role; schoolId: string | null }[],
    extra: { leaving_date?: string; employment_type?: string } = {},
  ) => {
    const id = randomUUID();
    const email = `${key}@example.sch.uk`;
    await db
      .insertInto('person')
      .values({
        id,
        trust_id: trustId,
        school_id: schoolId,
        mis_id: null,
        given_name: key.split('-')[0]!,
        family_name: 'Tester',
        email,
        employment_type: extra.employment_type ?? 'full-time',
        job_title: null,
        start_date: '2020-09-01',
        leaving_date: extra.leaving_date ?? null,
        password_hash: hashed!,
        created_at: now,
        updated_at: now,
      })
      .execute();
    for (const r of roles)
      await db
        .insertInto('role_assignment')
        .values({ person_id: id, trust_id: trustId, school_id: r.schoolId, role: r.role })
        .execute();
    people[key] = { id, email };
  };
  await person('admin-a1', trustA, schoolA1, [{ role: 'school_admin', schoolId: schoolA1 }]);
  await person('head-a1', trustA, schoolA1, [{ role: 'headteacher', schoolId: schoolA1 }]);
  await person('dsl-a1', trustA, schoolA1, [{ role: 'dsl', schoolId: schoolA1 }]);
  await person('teacher-a1', trustA, schoolA1, []);
  await person('slt-a1', trustA, schoolA1, [{ role: 'slt', schoolId: schoolA1 }]);
  await person('hr-a1', trustA, schoolA1, [{ role: 'hr', schoolId: schoolA1 }]);
  await person('admin-a2', trustA, schoolA2, [{ role: 'school_admin', schoolId: schoolA2 }]);
  await person('trustadmin-a', trustA, null, [{ role: 'trust_admin', schoolId: null }]);
  await person('both-a', trustA, schoolA1, [
    { role: 'slt', schoolId: schoolA1 },
    { role: 'slt', schoolId: schoolA2 },
  ]);
  await person('leaver-a1', trustA, schoolA1, [{ role: 'school_admin', schoolId: schoolA1 }], {
    leaving_date: '2026-08-31',
  });
  await person('admin-b1', trustB, schoolB1, [{ role: 'school_admin', schoolId: schoolB1 }]);
  await person('head-b1', trustB, schoolB1, [{ role: 'headteacher', schoolId: schoolB1 }]);
  await person('trustadmin-b', trustB, null, [{ role: 'trust_admin', schoolId: null }]);
  const pupils: World['pupils'] = {};
  let n = 1;
  const pupil = async (
    key: string,
    schoolId: string,
    trustId: string,
    given: string,
    family: string,
    extra: { never_publish?: boolean; never_publish_reason?: string; consent_social?: boolean } = {},
  ) => {
    const id = randomUUID();
    await db
      .insertInto('pupil')
      .values({
        id,
        trust_id: trustId,
        school_id: schoolId,
        upn: makeUpn(n++),
        mis_id: null,
        given_name: given,
        family_name: family,
        preferred_name: null,
        date_of_birth: '2017-04-12',
        year_group: 4,
        form_group: '4B',
        consent_social: extra.consent_social ?? true,
        consent_website: true,
        consent_press: false,
        never_publish: extra.never_publish ?? false,
        never_publish_reason: extra.never_publish_reason ?? null,
        leaving_date: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    pupils[key] = id;
  };
  await pupil('jo-a1', schoolA1, trustA, 'Josephine', 'Quill');
  await pupil('secret-a1', schoolA1, trustA, 'Marnie', 'Oakhurst', {
    never_publish: true,
    never_publish_reason: 'Placement address must stay confidential',
    consent_social: false,
  });
  await pupil('sam-a2', schoolA2, trustA, 'Samir', 'Velasquez');
  await pupil('bea-b1', schoolB1, trustB, 'Beatrix', 'Loxley');
  return { trustA, schoolA1, schoolA2, trustB, schoolB1, people, pupils };
}
