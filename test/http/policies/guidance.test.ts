import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../support/app.ts';
import type { Agent } from '../../support/agent.ts';
import { seedWorld, type World } from '../../support/world.ts';
import { pageText, signedIn } from '../directory/helpers.ts';
import { approveVersion, saveSettings, startFromModel } from '../../../src/modules/policies/versions/service.ts';
import { MODEL_POLICY } from '../../../src/modules/policies/model/model-policy.ts';
import { defaultSettings, type PolicySettings } from '../../../src/modules/policies/model/settings.ts';
import { citation } from '../../../src/modules/policies/rules/render.ts';

const TOPICS = [
  'personal-accounts-and-disclaimers',
  'friend-requests-from-pupils',
  'official-email',
  'whistleblowing-and-grievances',
  'posting-about-school',
];

describe('guidance for staff, in the school’s own terms', () => {
  let t: TestApp;
  let world: World;
  let teacherA1: Agent;
  let teacherA2: Agent;
  const lado = 'Sam Rivera, LADO, Alder Borough Council: 01632 960 123, lado@alder.example.gov.uk';
  const chosen: Partial<PolicySettings> = {
    headTitle: 'Head of School',
    pupilContactAgeLimit: 21,
    personalUseAtWork: 'designated-place',
    ladoContact: lado,
  };
  const settings = { ...defaultSettings(), ...chosen } as PolicySettings;

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t.database.db);
    const db = t.database.db;
    const now = t.clock.now();
    const owner = { trustId: world.trustA, schoolId: world.schoolA1 };
    const actor = { id: world.people['admin-a1']!.id, label: 'admin Tester' };
    const id = await startFromModel(db, now, owner, actor);
    expect(await saveSettings(db, now, owner, actor, id, chosen)).toBe('saved');
    expect(
      await approveVersion(db, now, owner, actor, id, {
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
    // A teacher at A1, and one at A2, which has no policy in force.
    teacherA1 = await signedIn(t, world, 'teacher-a1');
    const hash = (
      await db
        .selectFrom('person')
        .select('password_hash')
        .where('id', '=', world.people['teacher-a1']!.id)
        .executeTakeFirstOrThrow()
    ).password_hash;
    const teacherA2Id = randomUUID();
    await db
      .insertInto('person')
      .values({
        id: teacherA2Id,
        trust_id: world.trustA,
        school_id: world.schoolA2,
        mis_id: null,
        given_name: 'teacher',
        family_name: 'Secondary',
        email: 'teacher-a2@example.sch.uk',
        employment_type: 'full-time',
        job_title: null,
        start_date: '2020-09-01',
        leaving_date: null,
        password_hash: hash,
        created_at: now,
        updated_at: now,
      })
      .execute();
    world.people['teacher-a2'] = { id: teacherA2Id, email: 'teacher-a2@example.sch.uk' };
    teacherA2 = await signedIn(t, world, 'teacher-a2');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const main = (html: string) => pageText(/<main[\s\S]*<\/main>/.exec(html)?.[0] ?? '');

  it('STF-3: the guidance list links to a page for each topic, with the clause of the school’s policy behind it', async () => {
    const response = await teacherA1.get('/guidance');
    expect(response.statusCode).toBe(200);
    const links = [...response.body.matchAll(/href="\/guidance\/([a-z-]+)"/g)].map((m) => m[1]);
    expect(links).toEqual(TOPICS);
    const text = main(response.body);
    expect(text).toContain('No personal social media contact with any pupil, or with former pupils under 21.');
    expect(text).toContain(`(Policy §${citation(MODEL_POLICY, settings, 'contact.pupils-under-age')!.number})`);
    for (const topic of TOPICS) expect((await teacherA1.get(`/guidance/${topic}`)).statusCode, topic).toBe(200);
  });

  it('STF-3: friend requests from pupils and ex-pupils: the school’s age limit and head title, its clause number, and the LADO', async () => {
    const response = await teacherA1.get('/guidance/friend-requests-from-pupils');
    const text = main(response.body);
    expect(text).toContain('This is §4.1 Friend and follow requests from pupils of your school’s social media policy.');
    expect(response.body).toContain('href="/policy/current#clause-contact.pupils-under-age"');
    expect(text).toContain('to or from a former pupil who is under 21 years old');
    expect(text).toContain('Tell the Head of School or a member of the senior leadership team');
    expect(text).toContain(lado);
    expect(text).not.toContain('Headteacher');
    expect(text).not.toContain('under 18');
    // The link lands on the clause in the policy page.
    expect((await teacherA1.get('/policy/current')).body).toContain('id="clause-contact.pupils-under-age"');
  });

  it('STF-3: disclaimers, official email and the whistleblowing and grievance routes each cite their clause and use the school’s choices', async () => {
    const personal = main((await teacherA1.get('/guidance/personal-accounts-and-disclaimers')).body);
    expect(personal).toContain(
      `This is §${citation(MODEL_POLICY, settings, 'personal-use.own-behalf')!.number} Speak for yourself of your school’s social media policy.`,
    );
    expect(personal).toContain('Personal account. The views here are mine, not my employer’s.');
    expect(personal).toContain(
      'At Alder Primary you may look at your own accounts now and then during the working day, but only in the place the school has set aside for it',
    );
    expect(personal).toContain('tell your line manager or the Head of School');

    const email = main((await teacherA1.get('/guidance/official-email')).body);
    expect(email).toContain(
      `This is §${citation(MODEL_POLICY, settings, 'personal-use.official-email')!.number} School email and contact details of your school’s social media policy.`,
    );
    expect(email).toContain('writing to parents and carers');

    const concerns = main((await teacherA1.get('/guidance/whistleblowing-and-grievances')).body);
    expect(concerns).toContain(
      `This is §${citation(MODEL_POLICY, settings, 'prohibited.grievances')!.number} Complaints about work of your school’s social media policy.`,
    );
    expect(concerns).toContain('grievance procedure');
    expect(concerns).toContain('whistleblowing procedure');
    expect(concerns).toContain(
      'Raise it with the Head of School, or with the chair of governors if it is about the Head of School.',
    );
    expect(concerns).toContain('Public Interest Disclosure Act 1998');
    expect(concerns).toContain(lado);
  });

  it('STF-3: a school with no policy in force gets the guidance with Postwarden’s standard settings and no clause numbers', async () => {
    const index = main((await teacherA2.get('/guidance')).body);
    expect(index).toContain('Alder Secondary has no approved social media policy in force yet');
    const friends = main((await teacherA2.get('/guidance/friend-requests-from-pupils')).body);
    expect(friends).toContain('to or from a former pupil who is under 18 years old');
    expect(friends).toContain('Tell the Headteacher or a member of the senior leadership team');
    expect(friends).not.toContain('§');
    expect(friends).not.toContain('The LADO for the school is');
    const personal = main((await teacherA2.get('/guidance/personal-accounts-and-disclaimers')).body);
    expect(personal).toContain('At Alder Secondary staff do not use social media for themselves during working hours');
  });

  it('STF-3: an unknown topic is not found', async () => {
    expect((await teacherA1.get('/guidance/how-to-go-viral')).statusCode).toBe(404);
    expect((await teacherA1.get('/guidance/friend-requests-from-pupils/extra')).statusCode).toBe(404);
  });
});
