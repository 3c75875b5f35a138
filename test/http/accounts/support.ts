import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { type Agent, errorSummary } from '../../support/agent.ts';
import { seedWorld, type World } from '../../support/world.ts';
import { signedIn } from '../directory/helpers.ts';
import { approveVersion, saveSettings, startFromModel } from '../../../src/modules/policies/versions/service.ts';
import {
  createCourse,
  recordCompletion,
  setRequirements,
  OPERATOR_REQUIREMENT,
} from '../../../src/modules/policies/training/service.ts';

export const TODAY = '2026-11-18';
export const COURSE = 'Running an official school account';

export type Form = Record<string, string | string[]>;

/** The application form as a browser sends it: one field per operator list (the first the lead); "Continue" goes to check the answers. */
export function applyForm(
  fields: {
    name?: string;
    platform?: string;
    aim?: string;
    audience?: string;
    promotion?: string;
    visibility?: string;
    operators?: string[];
    action?: string;
    operatorSlots?: string;
  } = {},
): Form {
  const form: Form = {
    name: fields.name ?? 'Year 6 residential trip',
    platform: fields.platform ?? 'facebook',
    aim:
      fields.aim ??
      'Daily photos and news from the Year 6 trip to the Peak District, so families know their children are safe and happy.',
    audience: fields.audience ?? 'Families of the 58 pupils on the trip',
    promotion: fields.promotion ?? 'A letter home and the trip briefing evening',
    visibility: fields.visibility ?? 'closed',
    action: fields.action ?? 'check',
    ...(fields.operatorSlots ? { operatorSlots: fields.operatorSlots } : {}),
  };
  (fields.operators ?? []).forEach((id, i) => {
    form[`operator-${i + 1}`] = id;
  });
  return form;
}

/**
 * School A1 of the test world with its own policy in force (calling its head the Head of School),
 * the operators' course required, and two people ready to run an account (the DSL and Sam Patel)
 * and one who is not (Ray Unready).
 */
export async function applicationsWorld() {
  const t: TestApp = await startTestApp({ now: `${TODAY}T10:00:00Z` });
  const db = t.database.db;
  const world: World = await seedWorld(db);
  const school = { trustId: world.trustA, schoolId: world.schoolA1 };
  const now = t.clock.now();
  const head = { id: world.people['head-a1']!.id, label: 'head Tester' };
  const versionId = await startFromModel(db, now, school, head);
  expect(await saveSettings(db, now, school, head, versionId, { headTitle: 'Head of School' })).toBe('saved');
  expect(
    await approveVersion(db, now, school, head, versionId, {
      body: 'Full Governing Body',
      approvedDay: '18',
      approvedMonth: '11',
      approvedYear: '2026',
      effectiveDay: '18',
      effectiveMonth: '11',
      effectiveYear: '2026',
      consultation: '',
      changeSummary: '',
    }),
  ).toBe('approved');
  const admin = { id: world.people['admin-a1']!.id, label: 'admin Tester' };
  const courseId = await createCourse(db, now, school, admin, { title: COURSE, description: '', validMonths: '12' });
  expect(await setRequirements(db, now, school, admin, courseId, [OPERATOR_REQUIREMENT])).toBe('saved');

  async function addPerson(given: string, family: string): Promise<string> {
    const id = randomUUID();
    await db
      .insertInto('person')
      .values({
        id,
        trust_id: world.trustA,
        school_id: world.schoolA1,
        mis_id: null,
        given_name: given,
        family_name: family,
        email: `${given.toLowerCase()}.${family.toLowerCase()}@alder.example.sch.uk`,
        employment_type: 'full-time',
        job_title: null,
        start_date: '2021-09-01',
        leaving_date: null,
        password_hash: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return id;
  }
  async function sign(personId: string): Promise<void> {
    await db
      .insertInto('signature')
      .values({
        version_id: versionId,
        person_id: personId,
        trust_id: world.trustA,
        signed_at: t.clock.now(),
        typed_name: 'Signed',
        statement: 'I have read it.',
        content_hash: 'x'.repeat(64),
      })
      .execute();
  }
  async function train(personId: string): Promise<void> {
    expect(
      await recordCompletion(db, t.clock.now(), school, admin, courseId, {
        personId,
        completedDay: '1',
        completedMonth: '10',
        completedYear: '2026',
        evidence: 'Trust comms day',
      }),
    ).toBe('recorded');
  }
  const dsl = world.people['dsl-a1']!.id;
  const sam = await addPerson('Sam', 'Patel');
  const ray = await addPerson('Ray', 'Unready');
  for (const id of [dsl, sam]) {
    await sign(id);
    await train(id);
  }

  /** Applies as a browser does: the form, "Continue", then "Send for a decision" on the check-your-answers page. */
  async function apply(agent: Agent, fields: Parameters<typeof applyForm>[0]): Promise<string> {
    const response = await agent.post('/accounts/apply', applyForm(fields), { tokenFrom: '/accounts/apply' });
    expect(response.statusCode, errorSummary(response.body).join('; ')).toBe(302);
    const id = /^\/accounts\/([0-9a-f-]{36})\/check$/.exec(response.headers.location ?? '')?.[1];
    if (!id) throw new Error(`not a check-your-answers address: ${response.headers.location}`);
    const sent = await agent.post(`/accounts/${id}/send`, {});
    expect(sent.statusCode, errorSummary(sent.body).join('; ')).toBe(302);
    return id;
  }
  async function status(id: string) {
    return (await db.selectFrom('official_account').select('status').where('id', '=', id).executeTakeFirstOrThrow())
      .status;
  }
  const agent = (key: string, tokenPage?: string) => signedIn(t, world, key, tokenPage);
  return { t, db, world, school, versionId, courseId, dsl, sam, ray, sign, train, apply, status, agent, addPerson };
}
