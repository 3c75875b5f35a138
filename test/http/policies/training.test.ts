import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { Agent, errorSummary } from '../../support/agent.ts';
import { seedWorld, type World } from '../../support/world.ts';
import { changedTables, pageText, signedIn, snapshot } from '../directory/helpers.ts';
import {
  approveVersion,
  saveSettings,
  startFromModel,
  startNewDraft,
} from '../../../src/modules/policies/versions/service.ts';
import { operatorEligibility, trainingStatusFor } from '../../../src/modules/policies/training/service.ts';
import { verifyAuditChain } from '../../../src/platform/audit/audit.ts';

const TODAY = '2026-11-18';
const COURSE = 'Running an official school account';

function completionForm(personId: string, isoDate: string, evidence: string): Record<string, string> {
  const [y = '', m = '', d = ''] = isoDate.split('-');
  return { personId, 'completedOn-day': d, 'completedOn-month': m, 'completedOn-year': y, evidence };
}

const approval = {
  body: 'Full Governing Body',
  approvedDay: '18',
  approvedMonth: '11',
  approvedYear: '2026',
  effectiveDay: '18',
  effectiveMonth: '11',
  effectiveYear: '2026',
  consultation: '',
  changeSummary: '',
};

describe('training: courses, completions with expiry, who needs what, and who may run an account', () => {
  let t: TestApp;
  let world: World;
  let admin: Agent;
  /** A trust administrator working in the trust view, where the trust's own courses are changed. */
  let trust: Agent;
  let courseId: string;
  let otherCourseId: string;

  /** A person of school A1 (or another school) with no roles, for eligibility cases that must not share people. */
  async function addPerson(
    given: string,
    extra: { schoolId?: string; trustId?: string; leaving_date?: string; roles?: string[] } = {},
  ): Promise<string> {
    const id = randomUUID();
    const schoolId = extra.schoolId ?? world.schoolA1;
    const trustId = extra.trustId ?? world.trustA;
    await t.database.db
      .insertInto('person')
      .values({
        id,
        trust_id: trustId,
        school_id: schoolId,
        mis_id: null,
        given_name: given,
        family_name: 'Operator',
        email: `${given.toLowerCase()}@operators.example.sch.uk`,
        employment_type: 'full-time',
        job_title: null,
        start_date: '2021-09-01',
        leaving_date: extra.leaving_date ?? null,
        password_hash: null,
        created_at: new Date(),
        updated_at: new Date(),
      })
      .execute();
    for (const role of extra.roles ?? [])
      await t.database.db
        .insertInto('role_assignment')
        .values({ person_id: id, trust_id: trustId, school_id: schoolId, role })
        .execute();
    return id;
  }

  /** One signed-in agent per person for the whole file: sign-ins are limited to 10 a minute. */
  const agents = new Map<string, Agent>();
  async function agentOf(key: string): Promise<Agent> {
    if (!agents.has(key)) agents.set(key, await signedIn(t, world, key, '/training/courses/new'));
    return agents.get(key)!;
  }

  async function sign(versionId: string, personId: string, trustId = world.trustA): Promise<void> {
    await t.database.db
      .insertInto('signature')
      .values({
        version_id: versionId,
        person_id: personId,
        trust_id: trustId,
        signed_at: t.clock.now(),
        typed_name: 'Signed',
        statement: 'I have read it.',
        content_hash: 'x'.repeat(64),
      })
      .execute();
  }

  async function complete(personId: string, isoDate: string, evidence: string, course = courseId, agent = admin) {
    return agent.post(`/training/courses/${course}/completions/new`, completionForm(personId, isoDate, evidence), {
      tokenFrom: `/training/courses/${course}/completions/new`,
    });
  }

  beforeAll(async () => {
    t = await startTestApp({ now: `${TODAY}T10:00:00Z` });
    world = await seedWorld(t.database.db);
    admin = await signedIn(t, world, 'admin-a1', '/training/courses/new');
    trust = await signedIn(t, world, 'trustadmin-a', '/switch');
    expect((await trust.post('/switch', { school: 'trust' })).headers.location).toBe('/trust');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('POL-5: a course is added with how long a completion lasts, is listed, audited, and its name is unique in the trust', async () => {
    const created = await trust.post('/training/courses/new', {
      title: `  ${COURSE} `,
      description: 'Posting, comments, pupils’ images and what to do when something goes wrong.',
      validMonths: '12',
    });
    expect(created.statusCode).toBe(302);
    courseId = created.headers.location!.split('/').pop()!;
    expect(created.headers.location).toBe(`/training/courses/${courseId}`);
    const row = await t.database.db
      .selectFrom('training_course')
      .selectAll()
      .where('id', '=', courseId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ trust_id: world.trustA, school_id: null, title: COURSE, valid_months: 12 });
    // The trust's course is in the trust's log, not a school's.
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select(['action', 'summary', 'school_id', 'actor_id'])
      .where('entity_id', '=', courseId)
      .execute();
    expect(audit).toEqual([
      {
        action: 'training.course-created',
        summary: { title: COURSE, validMonths: 12, owner: 'trust' },
        school_id: null,
        actor_id: world.people['trustadmin-a']!.id,
      },
    ]);

    const list = pageText((await admin.get('/training')).body);
    expect(list).toContain(`${COURSE} Alder Trust`);
    expect(list).toContain('1 year');
    expect(list).toContain('Nobody has to take it');

    // The same name in another school of the trust, in other letter case, is the same course.
    const adminA2 = await agentOf('admin-a2');
    const duplicate = await adminA2.post('/training/courses/new', {
      title: COURSE.toUpperCase(),
      description: '',
      validMonths: '',
    });
    expect(duplicate.statusCode).toBe(400);
    expect(errorSummary(duplicate.body)).toEqual(['There is already a course with this name']);
    // Another trust has its own courses.
    const adminB1 = await agentOf('admin-b1');
    expect(
      (await adminB1.post('/training/courses/new', { title: COURSE, description: '', validMonths: '24' })).statusCode,
    ).toBe(302);

    const bad = await admin.post('/training/courses/new', { title: '', description: '', validMonths: 'twelve' });
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad.body)).toEqual([
      'Enter the name of the course',
      'How long the training lasts must be a whole number of months, like 12',
    ]);
    expect(
      errorSummary(
        (await admin.post('/training/courses/new', { title: 'Too long', description: '', validMonths: '121' })).body,
      ),
    ).toEqual(['How long the training lasts must be between 1 and 120 months']);

    const never = await trust.post('/training/courses/new', {
      title: 'Online safety for volunteers',
      description: '',
      validMonths: '',
    });
    expect(never.statusCode).toBe(302);
    otherCourseId = never.headers.location!.split('/').pop()!;
    expect(
      (
        await t.database.db
          .selectFrom('training_course')
          .select('valid_months')
          .where('id', '=', otherCourseId)
          .executeTakeFirstOrThrow()
      ).valid_months,
    ).toBeNull();
  });

  it('POL-5: a completion is recorded with its date, expiry from the course and evidence, and audited; bad input is refused', async () => {
    const teacher = world.people['teacher-a1']!.id;
    const recorded = await complete(teacher, '2026-03-03', 'Certificate AB-1234 from the trust’s comms lead');
    expect(recorded.statusCode).toBe(302);
    expect(recorded.headers.location).toBe(`/training/courses/${courseId}`);
    const row = await t.database.db
      .selectFrom('training_completion')
      .selectAll()
      .where('person_id', '=', teacher)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      course_id: courseId,
      trust_id: world.trustA,
      completed_on: '2026-03-03',
      expires_on: '2027-03-03',
      evidence: 'Certificate AB-1234 from the trust’s comms lead',
      recorded_by: world.people['admin-a1']!.id,
    });
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select(['action', 'summary', 'school_id'])
      .where('entity_id', '=', row.id)
      .execute();
    expect(audit).toEqual([
      {
        action: 'training.completion-recorded',
        school_id: world.schoolA1,
        summary: { courseId, course: COURSE, personId: teacher, completedOn: '2026-03-03', expiresOn: '2027-03-03' },
      },
    ]);

    const page = pageText((await admin.get(`/training/courses/${courseId}`)).body);
    expect(page).toContain('teacher Tester');
    expect(page).toContain('3 March 2026');
    expect(page).toContain('3 March 2027');
    expect(page).toContain('Certificate AB-1234');
    expect(pageText((await admin.get('/training')).body)).toMatch(/1 of \d+ people/);

    // A course that never expires.
    expect((await complete(teacher, '2024-09-02', 'Volunteer induction sheet', otherCourseId)).statusCode).toBe(302);
    expect(
      (
        await t.database.db
          .selectFrom('training_completion')
          .select('expires_on')
          .where('course_id', '=', otherCourseId)
          .executeTakeFirstOrThrow()
      ).expires_on,
    ).toBeNull();

    const before = await snapshot(t);
    const future = await complete(teacher, '2026-11-19', 'Booked for tomorrow');
    expect(future.statusCode).toBe(400);
    expect(errorSummary(future.body)).toEqual(['The date completed cannot be in the future']);
    const otherSchool = await complete(world.people['admin-a2']!.id, '2026-03-03', 'Someone else’s');
    expect(errorSummary(otherSchool.body)).toEqual(['Select a person from the list']);
    const otherTrust = await complete(world.people['admin-b1']!.id, '2026-03-03', 'Someone else’s');
    expect(errorSummary(otherTrust.body)).toEqual(['Select a person from the list']);
    const empty = await admin.post(`/training/courses/${courseId}/completions/new`, {
      personId: '',
      'completedOn-day': '31',
      'completedOn-month': '2',
      'completedOn-year': '2026',
      evidence: ' ',
    });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual([
      'Select who completed the course',
      'Date completed must be a real date',
      'Enter the evidence of completion, like a certificate number or who ran the session',
    ]);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
  });

  it('POL-5: a course is required for roles and for account operators; the course page lists who still needs it', async () => {
    const saved = await trust.post(
      `/training/courses/${courseId}/requirements`,
      { requirements: ['account-operator', 'role:headteacher'] },
      { tokenFrom: `/training/courses/${courseId}` },
    );
    expect(saved.statusCode).toBe(302);
    const stored = await t.database.db
      .selectFrom('training_requirement')
      .select(['requirement', 'trust_id'])
      .where('course_id', '=', courseId)
      .orderBy('requirement')
      .execute();
    expect(stored).toEqual([
      { requirement: 'account-operator', trust_id: world.trustA },
      { requirement: 'role:headteacher', trust_id: world.trustA },
    ]);
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select(['summary', 'school_id', 'trust_id'])
      .where('entity_id', '=', courseId)
      .where('action', '=', 'training.requirements-changed')
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({
      summary: { from: [], to: ['account-operator', 'role:headteacher'] },
      school_id: null,
      trust_id: world.trustA,
    });

    const page = pageText((await admin.get(`/training/courses/${courseId}`)).body);
    expect(page).toContain('Needed by Everyone who runs an official school account, Headteacher');
    expect(page).toMatch(
      /Still to complete it 1 person at this school needs this course for their role .* head Tester/,
    );
    expect(pageText((await admin.get('/training')).body)).toContain(
      'Everyone who runs an official school account, Headteacher',
    );

    const refused = await trust.post(`/training/courses/${courseId}/requirements`, { requirements: ['role:wizard'] });
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body)).toEqual(['Select who needs this course from the list']);
    expect(
      await t.database.db
        .selectFrom('training_requirement')
        .select('requirement')
        .where('course_id', '=', courseId)
        .execute(),
    ).toHaveLength(2);

    // All staff: everyone at the school without a current completion.
    expect(
      (await trust.post(`/training/courses/${otherCourseId}/requirements`, { requirements: ['role:staff'] }))
        .statusCode,
    ).toBe(302);
    const everyone = pageText((await admin.get(`/training/courses/${otherCourseId}`)).body);
    expect(everyone).toContain('head Tester');
    expect(everyone).not.toMatch(/Still to complete it.*teacher Tester/); // the teacher's completion never expires
    expect((await trust.post(`/training/courses/${otherCourseId}/requirements`, {})).statusCode).toBe(302);
    expect(
      await t.database.db
        .selectFrom('training_requirement')
        .select('requirement')
        .where('course_id', '=', otherCourseId)
        .execute(),
    ).toEqual([]);
  });

  it('ACC-3, POL-5: operator eligibility is a yes, or a no with every reason in plain English', async () => {
    const db = t.database.db;
    const a1 = { trustId: world.trustA, schoolId: world.schoolA1 };
    const at = t.clock.now();
    const actor = { id: world.people['head-a1']!.id, label: 'head Tester' };

    const ready = await addPerson('Ready');
    const unsigned = await addPerson('Unsigned');
    const lapsed = await addPerson('Lapsed');
    const leaver = await addPerson('Gone', { leaving_date: '2026-08-31' });

    // No policy in force yet: nobody can have signed it.
    expect(await operatorEligibility(db, a1, ready, at)).toEqual({
      eligible: false,
      reasons: [
        'There is no approved social media policy in force yet, so nobody can have signed it',
        `Has not completed ‘${COURSE}’`,
      ],
    });

    const v1 = await startFromModel(db, at, { trustId: world.trustA, schoolId: world.schoolA1 }, actor);
    expect(await approveVersion(db, at, a1, actor, v1, approval)).toBe('approved');
    await sign(v1, ready);
    await sign(v1, lapsed);
    await sign(v1, leaver);
    expect((await complete(ready, '2026-10-01', 'Comms training, October')).statusCode).toBe(302);
    expect((await complete(lapsed, '2025-03-03', 'Comms training, March 2025')).statusCode).toBe(302);
    expect((await complete(leaver, '2026-06-01', 'Comms training, June')).statusCode).toBe(302);

    expect(await operatorEligibility(db, a1, ready, at)).toEqual({ eligible: true });
    expect(await operatorEligibility(db, a1, unsigned, at)).toEqual({
      eligible: false,
      reasons: ['Has not signed version 1 of the social media policy', `Has not completed ‘${COURSE}’`],
    });
    expect(await operatorEligibility(db, a1, lapsed, at)).toEqual({
      eligible: false,
      reasons: [`Their ‘${COURSE}’ training expired on 3 March 2026`],
    });
    expect(await operatorEligibility(db, a1, leaver, new Date('2026-11-18T10:00:00Z'))).toEqual({
      eligible: false,
      reasons: ['Left on 31 August 2026'],
    });
    // On the expiry date itself the training has expired; the day before it still counts.
    const readyExpires = (
      await db
        .selectFrom('training_completion')
        .select('expires_on')
        .where('person_id', '=', ready)
        .executeTakeFirstOrThrow()
    ).expires_on;
    expect(readyExpires).toBe('2027-10-01');
    expect(await operatorEligibility(db, a1, ready, new Date('2027-09-30T12:00:00Z'))).toEqual({ eligible: true });
    expect(await operatorEligibility(db, a1, ready, new Date('2027-10-01T12:00:00Z'))).toEqual({
      eligible: false,
      reasons: [`Their ‘${COURSE}’ training expired on 1 October 2027`],
    });
    // Someone who is not one of the school's people.
    expect(await operatorEligibility(db, a1, world.people['admin-b1']!.id, at)).toEqual({
      eligible: false,
      reasons: ['Is not one of this school’s people'],
    });
    expect(await operatorEligibility(db, a1, world.people['admin-a2']!.id, at)).toEqual({
      eligible: false,
      reasons: ['Is not one of this school’s people'],
    });

    // A second course for operators adds a reason; a new version must be signed again.
    expect(
      (
        await trust.post(
          `/training/courses/${otherCourseId}/requirements`,
          { requirements: ['account-operator'] },
          { tokenFrom: `/training/courses/${otherCourseId}` },
        )
      ).statusCode,
    ).toBe(302);
    expect(await operatorEligibility(db, a1, ready, at)).toEqual({
      eligible: false,
      reasons: ['Has not completed ‘Online safety for volunteers’'],
    });
    expect((await complete(ready, '2026-11-18', 'Induction today', otherCourseId)).statusCode).toBe(302);
    expect(await operatorEligibility(db, a1, ready, at)).toEqual({ eligible: true });

    const v2 = await startNewDraft(db, at, { trustId: world.trustA, schoolId: world.schoolA1 }, actor);
    expect(await saveSettings(db, at, a1, actor, v2, { operatorTrainingRequired: 'no' })).toBe('saved');
    expect(await approveVersion(db, at, a1, actor, v2, approval)).toBe('approved');
    expect(await operatorEligibility(db, a1, ready, at)).toEqual({
      eligible: false,
      reasons: ['Has not signed version 2 of the social media policy'],
    });
    // Version 2 does not require training: signing is enough, even with lapsed training.
    await sign(v2, ready);
    await sign(v2, lapsed);
    expect(await operatorEligibility(db, a1, ready, at)).toEqual({ eligible: true });
    expect(await operatorEligibility(db, a1, lapsed, at)).toEqual({ eligible: true });
  });

  it('ACC-3: a school that follows its trust’s policy needs the trust’s version signed; with no operator course the training rule cannot be met', async () => {
    const db = t.database.db;
    const at = t.clock.now();
    const a2 = { trustId: world.trustA, schoolId: world.schoolA2 };
    const person = await addPerson('Secondary', { schoolId: world.schoolA2 });
    const actor = { id: world.people['trustadmin-a']!.id, label: 'trustadmin Tester' };
    const trustVersion = await startFromModel(db, at, { trustId: world.trustA, schoolId: null }, actor);
    expect(await approveVersion(db, at, { trustId: world.trustA, schoolId: null }, actor, trustVersion, approval)).toBe(
      'approved',
    );
    expect(await operatorEligibility(db, a2, person, at)).toEqual({
      eligible: false,
      reasons: [
        'Has not signed version 1 of the social media policy',
        'Has not completed ‘Online safety for volunteers’',
        `Has not completed ‘${COURSE}’`,
      ],
    });
    await sign(trustVersion, person);
    const adminA2 = await agentOf('admin-a2');
    expect((await complete(person, '2026-11-01', 'Trust comms day', courseId, adminA2)).statusCode).toBe(302);
    expect((await complete(person, '2026-11-01', 'Trust comms day', otherCourseId, adminA2)).statusCode).toBe(302);
    expect(await operatorEligibility(db, a2, person, at)).toEqual({ eligible: true });

    // Trust B has no policy and no course for operators.
    const b1 = { trustId: world.trustB, schoolId: world.schoolB1 };
    expect(await operatorEligibility(db, b1, world.people['admin-b1']!.id, at)).toEqual({
      eligible: false,
      reasons: [
        'There is no approved social media policy in force yet, so nobody can have signed it',
        'The policy says operators must be trained first, but no training course is marked as required for account operators',
      ],
    });
  });

  it('POL-5: a person’s training status lists what their roles need, what operators need, and when each expires', async () => {
    const db = t.database.db;
    const a1 = { trustId: world.trustA, schoolId: world.schoolA1 };
    const head = world.people['head-a1']!.id;
    let status = await trainingStatusFor(db, a1, head, t.clock.now());
    expect(status?.person.name).toBe('head Tester');
    expect(status?.missingRequired).toBe(true);
    expect(
      status?.courses.map((c) => [c.title, c.requiredBecause, c.requiredByRole, c.forOperators, c.state, c.text]),
    ).toEqual([
      [
        'Online safety for volunteers',
        ['Everyone who runs an official school account'],
        false,
        true,
        'missing',
        'Not completed',
      ],
      [COURSE, ['Everyone who runs an official school account', 'Headteacher'], true, true, 'missing', 'Not completed'],
    ]);
    expect((await complete(head, '2025-11-01', 'Last year’s course')).statusCode).toBe(302);
    status = await trainingStatusFor(db, a1, head, t.clock.now());
    expect(status?.courses.find((c) => c.title === COURSE)).toMatchObject({
      state: 'expired',
      completedOn: '2025-11-01',
      expiresOn: '2026-11-01',
      text: 'Expired on 1 November 2026',
    });
    expect((await complete(head, '2026-11-10', 'Refresher')).statusCode).toBe(302);
    status = await trainingStatusFor(db, a1, head, t.clock.now());
    expect(status?.courses.find((c) => c.title === COURSE)).toMatchObject({
      state: 'current',
      text: 'Completed 10 November 2026, expires 10 November 2027',
    });
    expect(status?.missingRequired).toBe(false);
    // Another school's person has no status here.
    expect(await trainingStatusFor(db, a1, world.people['admin-a2']!.id, t.clock.now())).toBeUndefined();
    expect(await trainingStatusFor(db, a1, 'not-an-id', t.clock.now())).toBeUndefined();
  });

  it('ORG-1, POL-5: another trust’s course is not found; another school of the trust sees the course but only its own completions', async () => {
    const adminB1 = await agentOf('admin-b1');
    const before = await snapshot(t);
    expect((await adminB1.get(`/training/courses/${courseId}`)).statusCode).toBe(404);
    expect((await adminB1.get(`/training/courses/${courseId}/completions/new`)).statusCode).toBe(404);
    expect(
      (await adminB1.post(`/training/courses/${courseId}/requirements`, { requirements: ['role:staff'] })).statusCode,
    ).toBe(404);
    expect(
      (
        await adminB1.post(
          `/training/courses/${courseId}/completions/new`,
          completionForm(world.people['admin-b1']!.id, '2026-11-01', 'Hijack'),
        )
      ).statusCode,
    ).toBe(404);
    expect((await adminB1.get('/training/courses/not-a-uuid')).statusCode).toBe(404);
    expect((await adminB1.get(`/training/courses/${randomUUID()}`)).statusCode).toBe(404);
    const list = (await adminB1.get('/training')).body;
    expect(list).not.toContain(courseId);
    expect(list).not.toContain('Online safety for volunteers');
    expect(changedTables(before, await snapshot(t))).toEqual([]);

    const adminA2 = await agentOf('admin-a2');
    const shared = await adminA2.get(`/training/courses/${courseId}`);
    expect(shared.statusCode).toBe(200);
    expect(shared.body).toContain('Trust comms day'); // A2's own completion
    expect(shared.body).not.toContain('Certificate AB-1234'); // A1's completion
    expect(shared.body).not.toContain('Refresher');
    expect(pageText((await adminA2.get('/training')).body)).toMatch(
      /Running an official school account .* 1 of \d+ people/,
    );
  });

  it('POL-5: a member of staff with no other role gets 404 from every training page and changes nothing', async () => {
    const teacher = await signedIn(t, world, 'teacher-a1');
    const before = await snapshot(t);
    for (const url of [
      '/training',
      '/training/courses/new',
      `/training/courses/${courseId}`,
      `/training/courses/${courseId}/completions/new`,
    ]) {
      expect((await teacher.get(url)).statusCode, url).toBe(404);
    }
    expect(
      (await teacher.post('/training/courses/new', { title: 'Teacher’s course', description: '', validMonths: '' }))
        .statusCode,
    ).toBe(404);
    expect((await teacher.post(`/training/courses/${courseId}/requirements`, { requirements: [] })).statusCode).toBe(
      404,
    );
    expect(
      (
        await teacher.post(
          `/training/courses/${courseId}/completions/new`,
          completionForm(world.people['teacher-a1']!.id, '2026-11-01', 'Self-certified'),
        )
      ).statusCode,
    ).toBe(404);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    // HR may manage training.
    const hr = await agentOf('hr-a1');
    expect((await hr.get(`/training/courses/${courseId}`)).statusCode).toBe(200);
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true);
  });
  it('issue 8 item 4: a school’s head cannot change a trust course: the school sees it read-only with its owner, and the attempt answers 404 and changes nothing', async () => {
    const head = await agentOf('head-a1');
    const page = await head.get(`/training/courses/${courseId}`);
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text).toContain('Owned by Alder Trust (applies in every school of the trust)');
    expect(text).toContain(
      'This is Alder Trust’s course, used by every school in the trust, so only a trust administrator changes who needs it, in the trust view',
    );
    expect(page.body).not.toContain(`action="/training/courses/${courseId}/requirements"`);
    const before = await snapshot(t);
    for (const requirements of [[], ['role:staff'], ['account-operator']]) {
      expect(
        (await head.post(`/training/courses/${courseId}/requirements`, { requirements })).statusCode,
        requirements.join(),
      ).toBe(404);
    }
    // Nor a trust administrator working inside a school: a trust record is changed only in the trust view.
    expect((await trust.post('/switch', { school: world.schoolA1 })).statusCode).toBe(302);
    expect((await trust.post(`/training/courses/${courseId}/requirements`, { requirements: [] })).statusCode).toBe(404);
    expect((await trust.post('/switch', { school: 'trust' })).headers.location).toBe('/trust');
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    // The rule the other school relies on still stands.
    expect(
      (
        await t.database.db
          .selectFrom('training_requirement')
          .select('requirement')
          .where('course_id', '=', courseId)
          .orderBy('requirement')
          .execute()
      ).map((r) => r.requirement),
    ).toEqual(['account-operator', 'role:headteacher']);
    // Trust leadership, without training.manage, does not find training in the trust view.
    const leaderId = randomUUID();
    await t.database.db
      .insertInto('person')
      .values({
        id: leaderId,
        trust_id: world.trustA,
        school_id: null,
        mis_id: null,
        given_name: 'Lea',
        family_name: 'Der',
        email: 'lea.der@example.sch.uk',
        employment_type: 'full-time',
        job_title: null,
        start_date: null,
        leaving_date: null,
        password_hash: (
          await t.database.db
            .selectFrom('person')
            .select('password_hash')
            .where('id', '=', world.people['head-a1']!.id)
            .executeTakeFirstOrThrow()
        ).password_hash,
        created_at: new Date(),
        updated_at: new Date(),
      })
      .execute();
    await t.database.db
      .insertInto('role_assignment')
      .values({ person_id: leaderId, trust_id: world.trustA, school_id: null, role: 'trust_leader' })
      .execute();
    const leader = new Agent(t.app);
    expect((await leader.signIn('lea.der@example.sch.uk', 'correct horse battery staple')).statusCode).toBe(302);
    await leader.post('/switch', { school: 'trust' }, { tokenFrom: '/switch' });
    expect((await leader.get('/training')).statusCode).toBe(404);
    expect(
      (await leader.post(`/training/courses/${courseId}/requirements`, { requirements: [] }, { tokenFrom: '/switch' }))
        .statusCode,
    ).toBe(404);
  });

  it('issue 8 item 4: the trust view lists only the trust’s courses and changes them for every school; a school’s own course applies only there and other schools cannot find it', async () => {
    const trustList = pageText((await trust.get('/training')).body);
    expect(trustList).toContain(COURSE);
    expect(trustList).toContain('Add a course for the trust');
    // A1 adds a course of its own, and says its account operators need it.
    const created = await admin.post(
      '/training/courses/new',
      { title: 'Alder Primary photo rules', description: '', validMonths: '12' },
      { tokenFrom: '/training/courses/new' },
    );
    expect(created.statusCode).toBe(302);
    const ownId = created.headers.location!.split('/').pop()!;
    expect(
      await t.database.db
        .selectFrom('training_course')
        .select(['school_id', 'trust_id'])
        .where('id', '=', ownId)
        .executeTakeFirstOrThrow(),
    ).toEqual({ school_id: world.schoolA1, trust_id: world.trustA });
    expect(
      (
        await admin.post(
          `/training/courses/${ownId}/requirements`,
          { requirements: ['account-operator'] },
          { tokenFrom: `/training/courses/${ownId}` },
        )
      ).statusCode,
    ).toBe(302);
    expect(
      (
        await t.database.db
          .selectFrom('audit_event')
          .select('school_id')
          .where('entity_id', '=', ownId)
          .where('action', '=', 'training.requirements-changed')
          .executeTakeFirstOrThrow()
      ).school_id,
    ).toBe(world.schoolA1);
    expect(pageText((await admin.get('/training')).body)).toContain('Alder Primary photo rules Alder Primary');
    // Nobody elsewhere sees or changes it, the trust view included.
    const adminA2 = await agentOf('admin-a2');
    expect((await adminA2.get(`/training/courses/${ownId}`)).statusCode).toBe(404);
    expect((await adminA2.post(`/training/courses/${ownId}/requirements`, { requirements: [] })).statusCode).toBe(404);
    expect(pageText((await adminA2.get('/training')).body)).not.toContain('Alder Primary photo rules');
    expect((await trust.get(`/training/courses/${ownId}`)).statusCode).toBe(404);
    expect(pageText((await trust.get('/training')).body)).not.toContain('Alder Primary photo rules');
    // A2 may use the same name for a course of its own.
    expect(
      (
        await adminA2.post('/training/courses/new', {
          title: 'Alder Primary photo rules',
          description: '',
          validMonths: '',
        })
      ).statusCode,
    ).toBe(302);
    // Account set-up at A2 is not held up by A1's course; at A1 it is.
    const db = t.database.db;
    const at = t.clock.now();
    const a2Person = (
      await db.selectFrom('person').select('id').where('given_name', '=', 'Secondary').executeTakeFirstOrThrow()
    ).id;
    expect(await operatorEligibility(db, { trustId: world.trustA, schoolId: world.schoolA2 }, a2Person, at)).toEqual({
      eligible: true,
    });
    expect(
      (await trainingStatusFor(db, { trustId: world.trustA, schoolId: world.schoolA2 }, a2Person, at))!.courses.map(
        (c) => c.title,
      ),
    ).not.toContain('Alder Primary photo rules');
    const a1Person = (
      await db.selectFrom('person').select('id').where('given_name', '=', 'Ready').executeTakeFirstOrThrow()
    ).id;
    expect(
      (await trainingStatusFor(db, { trustId: world.trustA, schoolId: world.schoolA1 }, a1Person, at))!.courses.find(
        (c) => c.title === 'Alder Primary photo rules',
      ),
    ).toMatchObject({ forOperators: true, state: 'missing' });
  });
});
