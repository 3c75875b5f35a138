/** A school with a policy in force, a live account run by two teachers, and the people of a posting journey. */
import { expect } from 'vitest';
import type { TestApp } from '../../support/app.ts';
import { seedWorld, type World } from '../../support/world.ts';
import { signedIn } from '../directory/helpers.ts';
import type { Agent } from '../../support/agent.ts';
import { approveVersion, saveSettings, startFromModel } from '../../../src/modules/policies/versions/service.ts';

export const approval = () => ({
  body: 'Trust board',
  approvedDay: '18',
  approvedMonth: '11',
  approvedYear: '2026',
  effectiveDay: '18',
  effectiveMonth: '11',
  effectiveYear: '2026',
  consultation: '',
  changeSummary: '',
});

export interface PostingWorld extends World {
  accountId: string;
  otherAccountId: string;
  agents: Record<'teacher' | 'head' | 'slt' | 'admin' | 'outsider' | 'nominee', Agent>;
}

/** teacher-a1 and dsl-a1 run "Kingfisher class news" (Bluesky); slt-a1 runs nothing; head-a1 approves; admin-a1 administers accounts. */
export async function seedPostingWorld(
  t: TestApp,
  platform = 'bluesky',
  settings: Record<string, string> = {},
): Promise<PostingWorld> {
  const world = await seedWorld(t.database.db);
  const db = t.database.db;
  const actor = { id: world.people['trustadmin-a']!.id, label: 'trustadmin' };
  const trust = { trustId: world.trustA, schoolId: null };
  const version = await startFromModel(db, t.clock.now(), trust, actor);
  expect(
    await saveSettings(db, t.clock.now(), trust, actor, version, { operatorTrainingRequired: 'no', ...settings }),
  ).toBe('saved');
  expect(await approveVersion(db, t.clock.now(), trust, actor, version, approval())).toBe('approved');
  await db
    .insertInto('role_assignment')
    .values({
      person_id: world.people['admin-a1']!.id,
      trust_id: world.trustA,
      school_id: world.schoolA1,
      role: 'account_admin',
    })
    .execute();
  const makeAccount = async (
    name: string,
    handle: string,
    operators: string[],
    school = world.schoolA1,
    trustId = world.trustA,
  ) => {
    const row = await db
      .insertInto('official_account')
      .values({
        trust_id: trustId,
        school_id: school,
        name,
        platform,
        status: 'active',
        applicant_id: world.people[operators[0]!]!.id,
        aim: 'Class news for families',
        audience: 'Families',
        promotion: 'Newsletter',
        visibility: 'open',
        handle,
        address: `https://bsky.app/profile/${handle}`,
        tagging_disabled: true,
        two_factor_enabled: true,
        setup_checklist: [],
        activated_on: '2026-09-01',
        review_due: '2027-09-01',
        created_at: t.clock.now(),
        updated_at: t.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [i, key] of operators.entries()) {
      await db
        .insertInto('account_operator')
        .values({
          account_id: row.id,
          person_id: world.people[key]!.id,
          trust_id: trustId,
          school_id: school,
          is_lead: i === 0,
          added_at: t.clock.now(),
          added_by: null,
        })
        .execute();
    }
    return row.id;
  };
  const accountId = await makeAccount('Kingfisher class news', 'kingfisher-alder.example.com', [
    'teacher-a1',
    'dsl-a1',
  ]);
  const otherAccountId = await makeAccount(
    'Birch sports',
    'birch-sports.example.com',
    ['admin-b1'],
    world.schoolB1,
    world.trustB,
  );
  const agents = {
    teacher: await signedIn(t, world, 'teacher-a1'),
    head: await signedIn(t, world, 'head-a1'),
    slt: await signedIn(t, world, 'slt-a1'),
    admin: await signedIn(t, world, 'admin-a1'),
    outsider: await signedIn(t, world, 'admin-b1'),
    nominee: await signedIn(t, world, 'dsl-a1'),
  };
  return { ...world, accountId, otherAccountId, agents };
}

export function draftForm(accountId: string, text: string, extra: Record<string, string> = {}): Record<string, string> {
  return { accountId, text, sharesMaterial: 'no', sharedSource: '', sharedPermission: '', action: 'save', ...extra };
}

export function idFrom(location: unknown): string {
  const m = /\/posts\/([0-9a-f-]{36})/.exec(String(location));
  if (!m) throw new Error(`no post id in ${String(location)}`);
  return m[1]!;
}

/** Another live account of school A1, on `platform`, run by the people named (the first is the lead). */
export async function addAccount(
  t: TestApp,
  w: PostingWorld,
  name: string,
  platform: string,
  operators: string[],
): Promise<string> {
  const db = t.database.db;
  const row = await db
    .insertInto('official_account')
    .values({
      trust_id: w.trustA,
      school_id: w.schoolA1,
      name,
      platform,
      status: 'active',
      applicant_id: w.people[operators[0]!]!.id,
      aim: 'News for families',
      audience: 'Families',
      promotion: 'Newsletter',
      visibility: 'open',
      handle: `@${name.toLowerCase().replace(/\W+/g, '')}@mastodon.example`,
      address: null,
      tagging_disabled: true,
      two_factor_enabled: true,
      setup_checklist: [],
      activated_on: '2026-09-01',
      review_due: '2027-09-01',
      created_at: t.clock.now(),
      updated_at: t.clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [i, key] of operators.entries()) {
    await db
      .insertInto('account_operator')
      .values({
        account_id: row.id,
        person_id: w.people[key]!.id,
        trust_id: w.trustA,
        school_id: w.schoolA1,
        is_lead: i === 0,
        added_at: t.clock.now(),
        added_by: null,
      })
      .execute();
  }
  return row.id;
}
