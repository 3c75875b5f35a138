import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { type Agent, errorSummary } from '../../support/agent.ts';
import { seedWorld, type World } from '../../support/world.ts';
import { changedTables, pageText, signedIn, snapshot } from '../directory/helpers.ts';
import {
  approveVersion,
  SIGNING_REMINDER_JOB,
  startFromModel,
  startNewDraft,
} from '../../../src/modules/policies/versions/service.ts';
import { coverage, sendSigningReminders, signingTaskFor } from '../../../src/modules/policies/signing/service.ts';
import { ukDate } from '../../../src/platform/clock.ts';
import { verifyAuditChain } from '../../../src/platform/audit/audit.ts';

const TODAY = '2026-11-18';

/** The approval form for a version taking effect on `effective` (approved today). */
function approval(today: string, effective = today) {
  const [ay, am, ad] = today.split('-');
  const [ey, em, ed] = effective.split('-');
  return {
    body: 'Full Governing Body',
    approvedDay: ad,
    approvedMonth: am,
    approvedYear: ay,
    effectiveDay: ed,
    effectiveMonth: em,
    effectiveYear: ey,
    consultation: '',
    changeSummary: '',
  };
}

/** Starts a policy from the model for an owner and approves it, effective today; returns the version id. */
async function approvedPolicy(
  t: TestApp,
  owner: { trustId: string; schoolId: string | null },
  actorId: string,
): Promise<string> {
  const actor = { id: actorId, label: 'Test approver' };
  const id = await startFromModel(t.database.db, t.clock.now(), owner, actor);
  const result = await approveVersion(t.database.db, t.clock.now(), owner, actor, id, approval(ukDate(t.clock.now())));
  if (result !== 'approved') throw new Error('not approved');
  return id;
}

/** Adds someone whose home school is `schoolId`, able to sign in with the world's password. */
async function addPerson(
  t: TestApp,
  world: World,
  key: string,
  values: {
    schoolId?: string | null;
    trustId?: string;
    employment_type?: string;
    start_date?: string | null;
    leaving_date?: string | null;
    email?: string | null;
    given?: string;
  },
) {
  const id = randomUUID();
  const { password_hash } = await t.database.db
    .selectFrom('person')
    .select('password_hash')
    .where('id', '=', world.people['teacher-a1']!.id)
    .executeTakeFirstOrThrow();
  const email = values.email === undefined ? `${key}@example.sch.uk` : values.email;
  await t.database.db
    .insertInto('person')
    .values({
      id,
      trust_id: values.trustId ?? world.trustA,
      school_id: values.schoolId === undefined ? world.schoolA1 : values.schoolId,
      mis_id: null,
      given_name: values.given ?? key.split('-')[0]!,
      family_name: 'Tester',
      email,
      employment_type: values.employment_type ?? 'full-time',
      job_title: null,
      start_date: values.start_date === undefined ? '2020-09-01' : values.start_date,
      leaving_date: values.leaving_date ?? null,
      password_hash,
      created_at: new Date(),
      updated_at: new Date(),
    })
    .execute();
  world.people[key] = { id, email: email ?? '' };
  return id;
}

const signForm = (versionId: string, typedName: string, confirm = true): Record<string, string> => ({
  versionId,
  typedName,
  ...(confirm ? { confirm: 'yes' } : {}),
});
const versionIdOn = (html: string): string | undefined => /name="versionId" value="([^"]+)"/.exec(html)?.[1];

describe('read and sign: a school’s own policy (POL-4)', () => {
  let t: TestApp;
  let world: World;
  let versionId: string;
  const db = () => t.database.db;
  // Sign-in is rate limited (10 a minute from one address), so each person signs in once and keeps the session.
  const agents = new Map<string, Agent>();
  const as = async (key: string): Promise<Agent> => {
    if (!agents.has(key)) agents.set(key, await signedIn(t, world, key));
    return agents.get(key)!;
  };

  beforeAll(async () => {
    t = await startTestApp({ now: `${TODAY}T10:00:00Z` });
    world = await seedWorld(t.database.db);
    await addPerson(t, world, 'volunteer-a1', { employment_type: 'volunteer' });
    await addPerson(t, world, 'governor-a1', { employment_type: 'governor' });
    await addPerson(t, world, 'contractor-a1', { employment_type: 'contractor', start_date: null });
    await addPerson(t, world, 'noemail-a1', { employment_type: 'supply', email: null });
    await addPerson(t, world, 'starter-a1', { start_date: '2026-12-01' });
    await addPerson(t, world, 'lefttoday-a1', { leaving_date: TODAY });
    await addPerson(t, world, 'leavingsoon-a1', { leaving_date: '2026-12-31', employment_type: 'fixed-term' });
    await addPerson(t, world, 'formula-a1', { given: '=HYPERLINK("http://x")', email: 'formula-a1@example.sch.uk' });
    versionId = await approvedPolicy(
      t,
      { trustId: world.trustA, schoolId: world.schoolA1 },
      world.people['head-a1']!.id,
    );
  });
  afterAll(async () => t?.close());

  /** Everyone whose home school is A1 and who is working there today. */
  const inScope = [
    'admin-a1',
    'head-a1',
    'dsl-a1',
    'teacher-a1',
    'slt-a1',
    'hr-a1',
    'both-a',
    'volunteer-a1',
    'governor-a1',
    'contractor-a1',
    'noemail-a1',
    'leavingsoon-a1',
    'formula-a1',
  ];
  const outOfScope = ['leaver-a1', 'lefttoday-a1', 'starter-a1', 'admin-a2', 'trustadmin-a', 'admin-b1'];

  it('POL-4: approving a version opens a signing round for everyone in scope, volunteers, governors and contractors included, leavers and future starters not', async () => {
    for (const key of inScope) {
      const task = await signingTaskFor(
        db(),
        { id: world.people[key]!.id, trustId: key.endsWith('b1') ? world.trustB : world.trustA },
        TODAY,
      );
      expect(task?.id, key).toBe(versionId);
    }
    for (const key of outOfScope) {
      const task = await signingTaskFor(
        db(),
        { id: world.people[key]!.id, trustId: key.endsWith('b1') ? world.trustB : world.trustA },
        TODAY,
      );
      expect(task, key).toBeUndefined();
    }
    const version = await db()
      .selectFrom('policy_version')
      .select(['id', 'trust_id', 'school_id'])
      .where('id', '=', versionId)
      .executeTakeFirstOrThrow();
    const result = await coverage(db(), version, TODAY, {});
    expect(result.total).toBe(inScope.length);
    expect(result.signed).toBe(0);
    expect(result.byEmploymentType.map((g) => [g.key, g.total])).toEqual(
      expect.arrayContaining([
        ['volunteer', 1],
        ['governor', 1],
        ['contractor', 1],
        ['supply', 1],
        ['fixed-term', 1],
      ]),
    );

    // Each of them sees the task: the policy, numbered, with the statement, a checkbox and a name box.
    for (const key of ['volunteer-a1', 'contractor-a1']) {
      const agent = await as(key);
      const page = await agent.get('/policy/sign');
      expect(page.statusCode).toBe(200);
      const text = pageText(page.body);
      expect(text).toContain('Read and sign: Social media policy');
      expect(text).toMatch(/1\.1 Why this policy exists/);
      expect(text).toContain('I have read and understood this policy, and I agree to follow it.');
      expect(text).toContain('Type your full name');
      expect(versionIdOn(page.body)).toBe(versionId);
      expect(page.body).not.toMatch(/\sstyle="/);
    }
  });

  it('POL-4: a new starter gets the task on their start date, not before', async () => {
    const starter = await as('starter-a1');
    const before = await starter.get('/policy/sign');
    expect(pageText(before.body)).toContain('from your start date, 1 December 2026');
    expect(versionIdOn(before.body)).toBeUndefined();
    const refused = await starter.post('/policy/sign', signForm(versionId, 'starter Tester'));
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body)).toEqual(['You can sign the policy from your start date, 1 December 2026']);

    try {
      t.clock.set('2026-12-01T08:30:00Z');
      const task = await signingTaskFor(
        db(),
        { id: world.people['starter-a1']!.id, trustId: world.trustA },
        '2026-12-01',
      );
      expect(task?.id).toBe(versionId);
      // Signed in again: a session left idle for a fortnight has ended.
      const page = await (await signedIn(t, world, 'starter-a1')).get('/policy/sign');
      expect(versionIdOn(page.body)).toBe(versionId);
      const version = await db()
        .selectFrom('policy_version')
        .select(['id', 'trust_id', 'school_id'])
        .where('id', '=', versionId)
        .executeTakeFirstOrThrow();
      expect((await coverage(db(), version, '2026-12-01', {})).total).toBe(inScope.length + 1);
    } finally {
      t.clock.set(`${TODAY}T10:00:00Z`);
    }
  });

  it('POL-4: signing records the typed name, the statement, the time and the exact version’s content hash, with an audit event', async () => {
    const teacher = await as('teacher-a1');
    await teacher.get('/policy/sign');
    const response = await teacher.post('/policy/sign', signForm(versionId, '  TEACHER   tester '));
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/policy/sign/confirmation');

    const version = await db()
      .selectFrom('policy_version')
      .select(['content_hash', 'number'])
      .where('id', '=', versionId)
      .executeTakeFirstOrThrow();
    const rows = await db()
      .selectFrom('signature')
      .selectAll()
      .where('person_id', '=', world.people['teacher-a1']!.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      version_id: versionId,
      trust_id: world.trustA,
      typed_name: 'TEACHER   tester',
      statement: 'I have read and understood this policy, and I agree to follow it.',
      content_hash: version.content_hash,
    });
    expect(version.content_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(new Date(rows[0]!.signed_at).toISOString()).toBe(`${TODAY}T10:00:00.000Z`);

    const audit = await db().selectFrom('audit_event').selectAll().where('action', '=', 'policy.signed').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      entity_type: 'signature',
      entity_id: rows[0]!.id,
      actor_id: world.people['teacher-a1']!.id,
      school_id: world.schoolA1,
    });
    expect((await verifyAuditChain(db())).ok).toBe(true);

    const confirmation = await teacher.get('/policy/sign/confirmation');
    expect(confirmation.statusCode).toBe(200);
    expect(pageText(confirmation.body)).toContain('You have signed the policy');
    expect(confirmation.body).toContain(version.content_hash!);
    // The task has gone: the page now shows when they signed.
    const after = await teacher.get('/policy/sign');
    expect(versionIdOn(after.body)).toBeUndefined();
    expect(pageText(after.body)).toContain('You signed this version on 18 November 2026 at 10:00am');
    expect(
      await signingTaskFor(db(), { id: world.people['teacher-a1']!.id, trustId: world.trustA }, TODAY),
    ).toBeUndefined();
  });

  it('POL-4: a wrong typed name or a missing confirmation is refused with a GOV.UK error summary, and nothing is written', async () => {
    const dsl = await as('dsl-a1');
    await dsl.get('/policy/sign');
    const before = await snapshot(t);
    const cases: [Record<string, string>, string[]][] = [
      [
        signForm(versionId, 'Someone Else'),
        [
          'The name you typed does not match the name the school has for you (dsl Tester). Type your full name as shown',
        ],
      ],
      [
        signForm(versionId, 'dsl'),
        [
          'The name you typed does not match the name the school has for you (dsl Tester). Type your full name as shown',
        ],
      ],
      [
        signForm(versionId, 'dsl Tester', false),
        ['Select the box to confirm you have read and understood the policy and agree to follow it'],
      ],
      [
        signForm(versionId, '   ', false),
        [
          'Select the box to confirm you have read and understood the policy and agree to follow it',
          'Type your full name to sign the policy',
        ],
      ],
    ];
    for (const [fields, expected] of cases) {
      const response = await dsl.post('/policy/sign', fields);
      expect(response.statusCode).toBe(400);
      expect(errorSummary(response.body)).toEqual(expected);
      // The page keeps what they typed and links each message to its field.
      expect(response.body).toMatch(/href="#(typedName|confirm)"/);
      expect(versionIdOn(response.body)).toBe(versionId);
    }
    expect(changedTables(before, await snapshot(t))).toEqual([]);
  });

  it('POL-4: signing twice is refused with an error summary, and nothing is written', async () => {
    const teacher = await as('teacher-a1');
    await teacher.get('/policy/sign');
    const before = await snapshot(t);
    const response = await teacher.post('/policy/sign', signForm(versionId, 'teacher Tester'));
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual([
      'You signed this version on 18 November 2026 at 10:00am. You do not need to sign it again',
    ]);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
  });

  it('POL-4: the reminder round on the effective date mails only people in scope who have not signed, and the next round follows 7 days later', async () => {
    const signed = (
      await db().selectFrom('signature').select('person_id').where('version_id', '=', versionId).execute()
    ).map((r) => r.person_id);
    expect(signed).toEqual([world.people['teacher-a1']!.id]);
    await t.drainJobs();
    const mail = await db()
      .selectFrom('mail_message')
      .select(['to_address', 'subject', 'body_text', 'school_id'])
      .where('subject', 'like', '%sign the social media policy') // other reminders (privacy check-ins) go out too
      .execute();
    const expected = inScope
      .filter((k) => k !== 'teacher-a1' && k !== 'noemail-a1')
      .map((k) => world.people[k]!.email)
      .sort();
    expect(mail.map((m) => m.to_address).sort()).toEqual(expected);
    expect(mail.every((m) => m.school_id === world.schoolA1)).toBe(true);
    expect(mail[0]!.subject).toBe('Please read and sign the social media policy');
    expect(mail[0]!.body_text).toContain('http://localhost:3000/policy/sign');

    const rounds = await db()
      .selectFrom('job')
      .select(['run_at', 'dedupe_key', 'done_at'])
      .where('kind', '=', SIGNING_REMINDER_JOB)
      .orderBy('run_at')
      .execute();
    expect(rounds.map((r) => [new Date(r.run_at).toISOString(), r.dedupe_key, r.done_at !== null])).toEqual([
      [`${TODAY}T08:00:00.000Z`, `signing:${versionId}:${TODAY}`, true],
      ['2026-11-25T08:00:00.000Z', `signing:${versionId}:2026-11-25`, false],
    ]);

    // A week later, after the governor has signed, the reminder goes to the rest only.
    t.clock.set('2026-11-24T12:00:00Z');
    try {
      const governor = await signedIn(t, world, 'governor-a1');
      await governor.get('/policy/sign');
      expect((await governor.post('/policy/sign', signForm(versionId, 'Governor Tester'))).statusCode).toBe(302);
      t.clock.set('2026-11-25T09:00:00Z');
      await t.drainJobs();
      const second = await db()
        .selectFrom('mail_message')
        .select(['to_address', 'subject'])
        .where('created_at', '>=', new Date('2026-11-25T00:00:00Z'))
        .where('subject', 'like', '%sign the social media policy')
        .execute();
      expect(second.map((m) => m.to_address).sort()).toEqual(
        expected.filter((e) => e !== world.people['governor-a1']!.email),
      );
      expect(second[0]!.subject).toBe('Reminder: please read and sign the social media policy');
      const next = await db()
        .selectFrom('job')
        .select('run_at')
        .where('dedupe_key', '=', `signing:${versionId}:2026-12-02`)
        .executeTakeFirst();
      expect(new Date(next!.run_at).toISOString()).toBe('2026-12-02T08:00:00.000Z');
    } finally {
      t.clock.set(`${TODAY}T10:00:00Z`);
      agents.clear(); // housekeeping ran a week on and ended the idle sessions
    }
  });

  it('POL-4: the coverage page counts who has signed by role and employment type, filters, and exports CSV', async () => {
    const head = await as('head-a1');
    const page = await head.get('/policy/coverage');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toMatch(/\sstyle="/);
    const text = pageText(page.body);
    expect(/id="total-in-scope">(\d+)</.exec(page.body)?.[1]).toBe(String(inScope.length));
    expect(/id="total-signed">(\d+)</.exec(page.body)?.[1]).toBe('2');
    expect(/id="total-not-signed">(\d+)</.exec(page.body)?.[1]).toBe(String(inScope.length - 2));
    expect(text).toContain('By role');
    expect(text).toMatch(/Headteacher 1 0 1 0%/);
    expect(text).toMatch(/Volunteer 1 0 1 0%/);
    expect(text).toMatch(/Governor or trustee 1 1 0 100%/);
    // Everyone without another role is staff; both-a is SLT at A1 (and at A2, which does not count here).
    expect(text).toMatch(/Senior leadership team 2 0 2 0%/);
    // People with no role count as staff: 7 here, of whom the teacher and the governor have signed.
    expect(text).toMatch(/Staff 7 2 5 28%/);
    expect(/id="total-in-scope">(\d+)</.exec((await head.get('/policy/coverage?role=slt')).body)?.[1]).toBe('2');
    expect(/id="total-in-scope">(\d+)</.exec((await head.get('/policy/coverage?role=staff')).body)?.[1]).toBe('7');
    expect(text).not.toContain('starter Tester');
    expect(text).not.toContain('leaver Tester');

    const notSigned = pageText((await head.get('/policy/coverage?signed=not-signed')).body);
    expect(notSigned).toContain('volunteer Tester');
    expect(notSigned).not.toContain('teacher Tester');
    const volunteers = await head.get('/policy/coverage?type=volunteer');
    expect(/id="total-in-scope">(\d+)</.exec(volunteers.body)?.[1]).toBe('1');
    // A school's page stays that school's, whatever school is asked for.
    const otherSchool = await head.get(`/policy/coverage?school=${world.schoolA2}`);
    expect(/id="total-in-scope">(\d+)</.exec(otherSchool.body)?.[1]).toBe(String(inScope.length));

    const csv = await head.get('/policy/coverage.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(inScope.length);
    const teacherRow = rows.find((r) => r.Name === 'teacher Tester')!;
    expect(teacherRow).toMatchObject({
      School: 'Alder Primary',
      Signed: 'Yes',
      'Signed at': `${TODAY}T10:00:00.000Z`,
      'Policy version': '1',
    });
    expect(teacherRow['Content hash signed']).toMatch(/^[0-9a-f]{64}$/);
    expect(rows.find((r) => r.Name === 'volunteer Tester')).toMatchObject({
      Signed: 'No',
      'Signed at': '',
      'Works as': 'Volunteer',
    });
    // A name a spreadsheet would run as a formula is written as text.
    expect(rows.some((r) => r.Name === `'=HYPERLINK("http://x") Tester`)).toBe(true);
    const unsignedCsv = parse((await head.get('/policy/coverage.csv?signed=not-signed')).body, {
      columns: true,
    }) as Record<string, string>[];
    expect(unsignedCsv).toHaveLength(inScope.length - 2);
  });

  it('POL-4: a teacher cannot see coverage (404)', async () => {
    const teacher = await as('teacher-a1');
    expect((await teacher.get('/policy/coverage')).statusCode).toBe(404);
    expect((await teacher.get('/policy/coverage.csv')).statusCode).toBe(404);
  });

  it('POL-4, POL-5: a person’s page shows their signing history and training; another school’s person is not found (404)', async () => {
    const head = await as('head-a1');
    const course = await head.post(
      '/training/courses/new',
      { title: 'Safe posting for staff', description: '', validMonths: '12' },
      { tokenFrom: '/training/courses/new' },
    );
    expect(course.statusCode).toBe(302);
    const courseId = String(course.headers.location).split('/').pop()!;
    expect(
      (
        await head.post(
          `/training/courses/${courseId}/completions/new`,
          {
            personId: world.people['teacher-a1']!.id,
            'completedOn-day': '2',
            'completedOn-month': '9',
            'completedOn-year': '2026',
            evidence: 'Session run by the DSL',
          },
          { tokenFrom: `/training/courses/${courseId}/completions/new` },
        )
      ).statusCode,
    ).toBe(302);
    const history = await head.get(`/staff/${world.people['teacher-a1']!.id}/policy-history`);
    expect(history.statusCode).toBe(200);
    const hash = (
      await db()
        .selectFrom('policy_version')
        .select('content_hash')
        .where('id', '=', versionId)
        .executeTakeFirstOrThrow()
    ).content_hash!;
    const text = pageText(history.body);
    expect(text).toContain('teacher Tester has signed version 1, the version in force');
    expect(text).toContain('18 November 2026 at 10:00am');
    expect(history.body).toContain(hash);
    expect(text).toContain('Safe posting for staff');
    expect(text).toContain('Completed 2 September 2026');
    const unsigned = pageText((await head.get(`/staff/${world.people['volunteer-a1']!.id}/policy-history`)).body);
    expect(unsigned).toContain('volunteer Tester has not signed version 1');
    expect(unsigned).toContain('No signatures yet');
    expect(unsigned).toContain('No courses are needed and none have been recorded.');

    expect((await head.get(`/staff/${world.people['admin-a2']!.id}/policy-history`)).statusCode).toBe(404);
    expect((await head.get(`/staff/${world.people['admin-b1']!.id}/policy-history`)).statusCode).toBe(404);
    expect((await head.get('/staff/not-a-uuid/policy-history')).statusCode).toBe(404);
    const teacher = await as('teacher-a1');
    expect((await teacher.get(`/staff/${world.people['teacher-a1']!.id}/policy-history`)).statusCode).toBe(404);
  });
});

describe('read and sign: a trust-wide policy replaced by a newer version (POL-4)', () => {
  let t: TestApp;
  let world: World;
  let v1: string;
  const trustOwner = () => ({ trustId: world.trustA, schoolId: null });

  beforeAll(async () => {
    t = await startTestApp({ now: `${TODAY}T10:00:00Z` });
    world = await seedWorld(t.database.db);
    v1 = await approvedPolicy(t, trustOwner(), world.people['trustadmin-a']!.id);
  });
  afterAll(async () => t?.close());

  it('POL-4: a trust-wide version is for everyone in the trust, shown by school in the trust view', async () => {
    for (const key of ['teacher-a1', 'admin-a2', 'trustadmin-a', 'both-a']) {
      expect(
        (await signingTaskFor(t.database.db, { id: world.people[key]!.id, trustId: world.trustA }, TODAY))?.id,
        key,
      ).toBe(v1);
    }
    expect(
      await signingTaskFor(t.database.db, { id: world.people['admin-b1']!.id, trustId: world.trustB }, TODAY),
    ).toBeUndefined();
    const admin = await signedIn(t, world, 'trustadmin-a');
    await admin.post('/switch', { school: 'trust' });
    const page = await admin.get('/policy/coverage');
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(/id="total-in-scope">(\d+)</.exec(page.body)?.[1]).toBe('9'); // 10 people in trust A, less the leaver
    expect(text).toMatch(/Alder Primary 7 0 7 0%/);
    expect(text).toMatch(/Alder Secondary 1 0 1 0%/);
    expect(text).toMatch(/Trust central team 1 0 1 0%/);
    const a2 = await admin.get(`/policy/coverage?school=${world.schoolA2}`);
    expect(/id="total-in-scope">(\d+)</.exec(a2.body)?.[1]).toBe('1');
    expect(pageText(a2.body)).toContain('admin Tester');
    // A page past the end shows the last one; nonsense filters are ignored, not errors.
    const late = await admin.get('/policy/coverage?page=99&role=nonsense&type=%3Cscript%3E&school=not-a-school');
    expect(late.statusCode).toBe(200);
    expect(pageText(late.body)).toContain('People 1 to 9 of 9');
  });

  it('POL-4: signing a version that has been replaced is refused with an error summary, and nothing is written', async () => {
    const teacher = await signedIn(t, world, 'teacher-a1');
    const page = await teacher.get('/policy/sign');
    expect(versionIdOn(page.body)).toBe(v1);

    // Meanwhile a newer version is approved, effective today: it replaces version 1 at once.
    const actor = { id: world.people['trustadmin-a']!.id, label: 'Trust admin' };
    const v2 = await startNewDraft(t.database.db, t.clock.now(), trustOwner(), actor);
    expect(await approveVersion(t.database.db, t.clock.now(), trustOwner(), actor, v2, approval(TODAY))).toBe(
      'approved',
    );

    const before = await snapshot(t);
    const response = await teacher.post('/policy/sign', signForm(v1, 'teacher Tester'));
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual([
      'This version has been replaced by version 2, in force from 18 November 2026. Read version 2 below and sign that instead',
    ]);
    // The page now offers version 2.
    expect(versionIdOn(response.body)).toBe(v2);
    expect(changedTables(before, await snapshot(t))).toEqual([]);

    // The reminder round for version 1 sends nothing and stops; version 2's goes out.
    await t.drainJobs();
    const mail = await t.database.db.selectFrom('mail_message').select(['to_address', 'body_text']).execute();
    expect(mail).toHaveLength(9);
    expect(mail.every((m) => m.body_text.includes('Version 2 of the social media policy'))).toBe(true);
    const pending = await t.database.db
      .selectFrom('job')
      .select('dedupe_key')
      .where('kind', '=', SIGNING_REMINDER_JOB)
      .where('done_at', 'is', null)
      .execute();
    expect(pending.map((j) => j.dedupe_key)).toEqual([`signing:${v2}:2026-11-25`]);
    expect(await sendSigningReminders(t.database.db, t.clock.now(), v1, 'http://localhost:3000')).toMatchObject({
      outcome: 'superseded',
      mailed: 0,
      nextRun: null,
    });

    // Signing version 2 works.
    expect((await teacher.post('/policy/sign', signForm(v2, 'Teacher Tester'))).statusCode).toBe(302);
  });

  it('POL-4: a school with its own policy in force signs that one, not the trust’s', async () => {
    const actor = { id: world.people['admin-a2']!.id, label: 'A2 admin' };
    const own = await approvedPolicy(t, { trustId: world.trustA, schoolId: world.schoolA2 }, actor.id);
    expect(
      (await signingTaskFor(t.database.db, { id: world.people['admin-a2']!.id, trustId: world.trustA }, TODAY))?.id,
    ).toBe(own);
    const trustVersion = await t.database.db
      .selectFrom('policy_version')
      .select(['id', 'trust_id', 'school_id'])
      .where('school_id', 'is', null)
      .where('number', '=', 2)
      .executeTakeFirstOrThrow();
    const result = await coverage(t.database.db, trustVersion, TODAY, {});
    expect(result.bySchool.map((g) => g.label)).not.toContain('Alder Secondary');
    expect(result.total).toBe(8);
  });
});

describe('read and sign: no policy yet (POL-4)', () => {
  let t: TestApp;
  let world: World;
  beforeAll(async () => {
    t = await startTestApp({ now: `${TODAY}T10:00:00Z` });
    world = await seedWorld(t.database.db);
  });
  afterAll(async () => t?.close());

  it('POL-4: with no policy in force there is nothing to sign, and coverage says so', async () => {
    const teacher: Agent = await signedIn(t, world, 'teacher-a1');
    const page = await teacher.get('/policy/sign');
    expect(page.statusCode).toBe(200);
    expect(pageText(page.body)).toContain('There is no policy for you to sign at the moment');
    const head = await signedIn(t, world, 'head-a1');
    const cov = await head.get('/policy/coverage');
    expect(cov.statusCode).toBe(200);
    expect(pageText(cov.body)).toContain('There is no policy in force at Alder Primary yet');
    expect((await head.get('/policy/coverage.csv')).statusCode).toBe(404);
  });
});
