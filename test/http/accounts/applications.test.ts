import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { type Agent, errorSummary } from '../../support/agent.ts';
import { seedWorld, type World } from '../../support/world.ts';
import { changedTables, pageText, signedIn, snapshot } from '../directory/helpers.ts';
import {
  approveVersion,
  saveSettings,
  startFromModel,
  startNewDraft,
} from '../../../src/modules/policies/versions/service.ts';
import { clauseCitation } from '../../../src/modules/policies/index.ts';
import { verifyAuditChain } from '../../../src/platform/audit/audit.ts';

const TODAY = '2026-11-18';
const COURSE = 'Running an official school account';
const approval = () => ({
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

type Form = Record<string, string | string[]>;

/** The application form as a browser sends it: one field per operator list, the first list the lead; "Continue" goes to check the answers. */
function applyForm(
  fields: {
    name?: string;
    platform?: string;
    aim?: string;
    audience?: string;
    promotion?: string;
    visibility?: string;
    operators?: string[];
    action?: 'draft' | 'check' | 'add-operator';
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

function idFrom(location: string | undefined): string {
  const match = /^\/accounts\/([0-9a-f-]{36})\/(application|check)$/.exec(location ?? '');
  if (!match) throw new Error(`not an application address: ${location}`);
  return match[1]!;
}

describe('applications for official accounts: apply, SLT decides, the head approves (ACC-1, ACC-2, ACC-3, ACC-7)', () => {
  let t: TestApp;
  let world: World;
  let teacher: Agent;
  let slt: Agent;
  let head: Agent;
  let admin: Agent;
  let v1: string;
  let courseId: string;
  /** People of school A1 who meet every condition to run an account: the DSL and a new teaching assistant. */
  let dsl: string;
  let sam: string;
  /** Of school A1, but has not signed the policy nor been trained. */
  let ray: string;
  /** A volunteer of school A1 in the directory. */
  let vic: string;
  let operatorsCitation: string;
  const db = () => t.database.db;
  const a1 = () => ({ trustId: world.trustA, schoolId: world.schoolA1 });

  async function addPerson(
    given: string,
    family: string,
    extra: { employment_type?: string; leaving_date?: string } = {},
  ): Promise<string> {
    const id = randomUUID();
    await db()
      .insertInto('person')
      .values({
        id,
        trust_id: world.trustA,
        school_id: world.schoolA1,
        mis_id: null,
        given_name: given,
        family_name: family,
        email: `${given.toLowerCase()}.${family.toLowerCase()}@alder.example.sch.uk`,
        employment_type: extra.employment_type ?? 'full-time',
        job_title: null,
        start_date: '2021-09-01',
        leaving_date: extra.leaving_date ?? null,
        password_hash: null,
        created_at: new Date(),
        updated_at: new Date(),
      })
      .execute();
    return id;
  }

  async function sign(versionId: string, personId: string): Promise<void> {
    await db()
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
    const response = await admin.post(
      `/training/courses/${courseId}/completions/new`,
      {
        personId,
        'completedOn-day': '1',
        'completedOn-month': '10',
        'completedOn-year': '2026',
        evidence: 'Trust comms day',
      },
      { tokenFrom: `/training/courses/${courseId}/completions/new` },
    );
    expect(response.statusCode).toBe(302);
  }

  /** Applies as a browser does: the form, "Continue", then "Send for a decision" on the check-your-answers page (or only "Save as draft"). */
  async function apply(agent: Agent, fields: Parameters<typeof applyForm>[0]): Promise<string> {
    const response = await agent.post('/accounts/apply', applyForm(fields), { tokenFrom: '/accounts/apply' });
    expect(response.statusCode, errorSummary(response.body).join('; ')).toBe(302);
    const id = idFrom(response.headers.location);
    if ((fields?.action ?? 'check') !== 'check') return id;
    expect(response.headers.location).toBe(`/accounts/${id}/check`);
    const sent = await agent.post(`/accounts/${id}/send`, {});
    expect(sent.statusCode, errorSummary(sent.body).join('; ')).toBe(302);
    expect(sent.headers.location).toBe(`/accounts/${id}/application`);
    return id;
  }

  async function status(id: string) {
    return (await db().selectFrom('official_account').select('status').where('id', '=', id).executeTakeFirstOrThrow())
      .status;
  }

  /** A refused post: 400, exactly these messages in the error summary, and nothing at all written. */
  async function refused(agent: Agent, url: string, form: Form, messages: string[]): Promise<string> {
    const before = await snapshot(t);
    const response = await agent.post(url, form);
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual(messages);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    return response.body;
  }

  beforeAll(async () => {
    t = await startTestApp({ now: `${TODAY}T10:00:00Z` });
    world = await seedWorld(db());
    const actor = { id: world.people['head-a1']!.id, label: 'head Tester' };
    // School A1's own policy, in force today, calling its head the Head of School.
    v1 = await startFromModel(db(), t.clock.now(), a1(), actor);
    expect(await saveSettings(db(), t.clock.now(), a1(), actor, v1, { headTitle: 'Head of School' })).toBe('saved');
    expect(await approveVersion(db(), t.clock.now(), a1(), actor, v1, approval())).toBe('approved');
    operatorsCitation = (await clauseCitation(db(), a1(), 'accounts.operators', t.clock.now()))!;
    expect(operatorsCitation).toMatch(/^§\d+\.\d+ Who runs an account$/);

    admin = await signedIn(t, world, 'admin-a1', '/training/courses/new');
    const course = await admin.post('/training/courses/new', { title: COURSE, description: '', validMonths: '12' });
    courseId = course.headers.location!.split('/').pop()!;
    expect(
      (
        await admin.post(
          `/training/courses/${courseId}/requirements`,
          { requirements: ['account-operator'] },
          { tokenFrom: `/training/courses/${courseId}` },
        )
      ).statusCode,
    ).toBe(302);

    dsl = world.people['dsl-a1']!.id;
    sam = await addPerson('Sam', 'Patel');
    ray = await addPerson('Ray', 'Unready');
    vic = await addPerson('Vic', 'Helper', { employment_type: 'volunteer' });
    for (const id of [dsl, sam, vic]) {
      await sign(v1, id);
      await train(id);
    }
    teacher = await signedIn(t, world, 'teacher-a1');
    slt = await signedIn(t, world, 'slt-a1');
    head = await signedIn(t, world, 'head-a1', '/accounts/apply');
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('ACC-1: the apply page asks for the business case and offers the school’s own people, not leavers or other schools’, in as many lists as the policy needs', async () => {
    const page = await teacher.get('/accounts/apply');
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    for (const label of [
      'Name of the account',
      'Platform',
      'What the account is for',
      'Who it is for',
      'How people will hear about it',
      'Open or closed',
      'Lead operator',
      'Second operator',
      'Add another operator',
      'Continue',
      'Save as draft',
    ]) {
      expect(text).toContain(label);
    }
    expect(text).toContain(
      `Choose at least 2 people to post and reply for the account, as the school’s policy requires (${operatorsCitation})`,
    );
    expect(page.body.match(/<select class="govuk-select[^"]*" id="operator-\d+"/g)).toHaveLength(2);
    // Issue 8.7: the lists say what each person is, not "Operator 1"; there is no separate lead question.
    expect(page.body).toMatch(
      /<label class="govuk-label govuk-label--s" for="operator-1">\s*Lead operator\s*<\/label>/,
    );
    expect(page.body).toMatch(
      /<label class="govuk-label govuk-label--s" for="operator-2">\s*Second operator\s*<\/label>/,
    );
    expect(text).not.toMatch(/Operator \d/);
    expect(page.body).not.toContain('name="lead"');
    expect(page.body).toContain(`<option value="${sam}">Sam Patel</option>`);
    expect(page.body).toContain(`<option value="${vic}">Vic Helper (Volunteer)</option>`);
    expect(page.body).not.toContain(world.people['leaver-a1']!.id);
    expect(page.body).not.toContain(world.people['admin-a2']!.id);
    expect(page.body).not.toContain(world.people['admin-b1']!.id);
    expect(text).toContain('Bluesky');
  });

  it('ACC-1: a draft needs only a name and a platform; it is finished later, more operator lists appear, and it is sent for a decision', async () => {
    const bare = await teacher.post('/accounts/apply', { name: '', platform: '', action: 'draft' });
    expect(bare.statusCode).toBe(400);
    expect(errorSummary(bare.body)).toEqual([
      'Enter a name for the account, like “Year 6 residential trip”',
      'Select the platform the account will be on',
    ]);

    const id = await apply(teacher, {
      name: '  History   department ',
      platform: 'bluesky',
      aim: '',
      audience: '',
      promotion: '',
      visibility: '',
      operators: ['', sam],
      action: 'draft',
    });
    const row = await db().selectFrom('official_account').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      name: 'History department',
      platform: 'bluesky',
      status: 'draft',
      applicant_id: world.people['teacher-a1']!.id,
      school_id: world.schoolA1,
      trust_id: world.trustA,
      aim: '',
      submitted_at: null,
    });
    expect(
      await db().selectFrom('account_operator').select(['person_id', 'is_lead']).where('account_id', '=', id).execute(),
    ).toEqual([{ person_id: sam, is_lead: false }]);
    expect(
      (await db().selectFrom('account_event').select('kind').where('account_id', '=', id).execute()).map((e) => e.kind),
    ).toEqual(['application.started']);

    // The home page reminds the applicant; the draft opens as the form (the policy's 2 lists; no lead chosen yet, Sam as the second).
    expect(pageText((await teacher.get('/')).body)).toContain(
      'Finish your application for ‘History department’ and send it for a decision',
    );
    const draft = await teacher.get(`/accounts/${id}/application`);
    expect(draft.statusCode).toBe(200);
    expect(draft.body).toMatch(
      new RegExp(`id="operator-2" name="operator-2"[^>]*>[\\s\\S]*?<option value="${sam}" selected>Sam Patel</option>`),
    );
    expect(draft.body.match(/id="operator-\d+"/g)).toHaveLength(2);

    // Saving with the DSL as lead.
    expect(
      (
        await teacher.post(
          `/accounts/${id}/application`,
          applyForm({ name: 'History department', platform: 'bluesky', operators: [dsl, sam], action: 'draft' }),
        )
      ).statusCode,
    ).toBe(302);
    expect(
      await db()
        .selectFrom('account_operator')
        .select(['person_id', 'is_lead'])
        .where('account_id', '=', id)
        .where('removed_at', 'is', null)
        .orderBy('is_lead')
        .execute(),
    ).toEqual([
      { person_id: sam, is_lead: false },
      { person_id: dsl, is_lead: true },
    ]);

    // "Continue" checks everything before the answers can be checked.
    await refused(
      teacher,
      `/accounts/${id}/application`,
      applyForm({
        name: 'History department',
        platform: 'bluesky',
        aim: ' ',
        audience: '',
        promotion: '',
        visibility: '',
        operators: [dsl, sam],
      }),
      [
        'Enter what the account is for',
        'Enter who the account is for',
        'Enter how people will hear about the account',
        'Select whether the account will be open or closed',
      ],
    );
    const checked = await teacher.post(
      `/accounts/${id}/application`,
      applyForm({ name: 'History department', platform: 'bluesky', operators: [sam, dsl] }),
    );
    expect(checked.statusCode).toBe(302);
    expect(checked.headers.location).toBe(`/accounts/${id}/check`);
    expect(await status(id)).toBe('draft'); // nothing is sent until the applicant confirms
    const check = await teacher.get(`/accounts/${id}/check`);
    expect(check.statusCode).toBe(200);
    expect(pageText(check.body)).toMatch(
      /Check your answers before sending your application .*Account name History department Change account name Platform Bluesky Change platform/,
    );
    expect(pageText(check.body)).toMatch(/Lead operator Sam Patel .*Ready .*Operator dsl Tester .*Ready/);
    expect(check.body).toContain(`href="/accounts/${id}/application#aim"`);
    expect(pageText(check.body)).toContain('Send for a decision');
    // Only the applicant checks and sends their answers.
    const hr = await signedIn(t, world, 'hr-a1');
    expect((await hr.get(`/accounts/${id}/check`)).statusCode).toBe(404);
    expect((await hr.post(`/accounts/${id}/send`, {})).statusCode).toBe(404);
    expect((await slt.get(`/accounts/${id}/check`)).headers.location).toBe(`/accounts/${id}/application`); // SLT may read it, not check it
    expect((await slt.post(`/accounts/${id}/send`, {}, { tokenFrom: `/accounts/${id}/application` })).statusCode).toBe(
      404,
    );
    expect(await status(id)).toBe('draft');

    const sent = await teacher.post(`/accounts/${id}/send`, {});
    expect(sent.statusCode).toBe(302);
    expect(sent.headers.location).toBe(`/accounts/${id}/application`);
    const after = await db().selectFrom('official_account').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({
      status: 'proposed',
      visibility: 'closed',
      audience: 'Families of the 58 pupils on the trip',
    });
    expect(after.submitted_at?.toISOString()).toBe(`${TODAY}T10:00:00.000Z`);
    expect(
      await db()
        .selectFrom('account_operator')
        .select(['person_id', 'is_lead'])
        .where('account_id', '=', id)
        .where('removed_at', 'is', null)
        .orderBy('is_lead')
        .execute(),
    ).toEqual([
      { person_id: dsl, is_lead: false },
      { person_id: sam, is_lead: true },
    ]);
    expect(
      (await db().selectFrom('account_event').select('kind').where('account_id', '=', id).orderBy('id').execute()).map(
        (e) => e.kind,
      ),
    ).toEqual(['application.started', 'application.updated', 'application.updated', 'application.submitted']);
    expect(pageText((await teacher.get(`/accounts/${id}/application`)).body)).toContain(
      'Your application has been sent to the senior leadership team for a decision. The 3 people who can decide it have been emailed, and you will get an email when they have decided.',
    );
    // Issue 8.3: everyone on SLT who may decide it is told, through the outbox, with the link to decide; the head is told their approval is the final one.
    const told = await db()
      .selectFrom('mail_message')
      .select(['to_address', 'body_text', 'school_id'])
      .where(
        'subject',
        '=',
        'An application for an official account is waiting for your decision: ‘History department’',
      )
      .orderBy('to_address')
      .execute();
    expect(told.map((m) => m.to_address)).toEqual([
      world.people['both-a']!.email,
      world.people['head-a1']!.email,
      world.people['slt-a1']!.email,
    ]);
    expect(
      told.every(
        (m) =>
          m.school_id === world.schoolA1 &&
          m.body_text.includes(`http://localhost:3000/accounts/${id}/decision`) &&
          m.body_text.includes('teacher Tester has applied for an official Bluesky account'),
      ),
    ).toBe(true);
    expect(told.find((m) => m.to_address === world.people['head-a1']!.email)!.body_text).toContain(
      'As Head of School, if you approve it your approval is the final one',
    );
    expect(told.find((m) => m.to_address === world.people['slt-a1']!.email)!.body_text).toContain(
      'If you approve it, it then goes to the Head of School for the final approval.',
    );

    // Once sent it cannot be sent again, and its check page leads back to the application.
    expect((await teacher.get(`/accounts/${id}/check`)).headers.location).toBe(`/accounts/${id}/application`);
    await refused(teacher, `/accounts/${id}/send`, {}, [
      'This application has been sent for a decision, so it can no longer be changed',
    ]);

    // Once sent it is read-only, and a further change is refused.
    const shown = pageText((await teacher.get(`/accounts/${id}/application`)).body);
    expect(shown).toContain('Awaiting SLT decision');
    expect(shown).not.toContain('Save as draft');
    await refused(
      teacher,
      `/accounts/${id}/application`,
      applyForm({ name: 'Renamed', operators: [dsl, sam], action: 'draft' }),
      ['This application has been sent for a decision, so it can no longer be changed'],
    );
    expect(pageText((await teacher.get('/')).body)).not.toContain('Finish your application');

    // It goes no further here; reject it so it does not crowd the queues of the tests below.
    expect(
      (
        await slt.post(
          `/accounts/${id}/decision`,
          { decision: 'reject', reason: 'The department already posts on the school’s main account.' },
          { tokenFrom: `/accounts/${id}/decision` },
        )
      ).statusCode,
    ).toBe(302);
  });

  it('ACC-1, ACC-2: apply with two eligible operators, SLT approves, the Head of School approves; the timeline shows every step with who and when, each audited and mailed', async () => {
    const id = await apply(teacher, { operators: [sam, dsl] });
    expect(await status(id)).toBe('proposed');
    expect(
      await db()
        .selectFrom('account_event')
        .select(['kind', 'actor_label'])
        .where('account_id', '=', id)
        .orderBy('id')
        .execute(),
    ).toEqual([
      { kind: 'application.started', actor_label: 'teacher Tester' },
      { kind: 'application.submitted', actor_label: 'teacher Tester' },
    ]);
    const started = await db()
      .selectFrom('account_event')
      .select('detail')
      .where('account_id', '=', id)
      .where('kind', '=', 'application.started')
      .executeTakeFirstOrThrow();
    expect(started.detail).toMatchObject({
      platform: 'Facebook',
      operators: ['Sam Patel', 'dsl Tester'],
      lead: 'Sam Patel',
    });

    // SLT sees it waiting, on the home page and the applications page; the head does not yet.
    expect(pageText((await slt.get('/')).body)).toContain('1 application awaiting your decision');
    const queue = pageText((await slt.get('/accounts/applications')).body);
    expect(queue).toMatch(
      /Awaiting your decision Account Platform Applied for by Sent Status Year 6 residential trip Facebook teacher Tester 18 November 2026 Awaiting SLT decision/,
    );
    expect(pageText((await head.get('/')).body)).not.toContain('awaiting your approval');

    try {
      t.clock.set(`${TODAY}T10:40:00Z`);
      const decisionPage = await slt.get(`/accounts/${id}/decision`);
      expect(decisionPage.statusCode).toBe(200);
      const decisionText = pageText(decisionPage.body);
      expect(decisionText).toContain('Decide this application');
      expect(decisionText).toContain('Sam Patel');
      expect(decisionText).toMatch(/Sam Patel Lead operator Ready/);
      expect(decisionText).not.toContain('cannot be approved yet');
      expect(decisionText).toContain('Approve, and send it to the Head of School');
      const endorsed = await slt.post(`/accounts/${id}/decision`, { decision: 'approve', reason: '' });
      expect(endorsed.statusCode).toBe(302);
      expect(endorsed.headers.location).toBe(`/accounts/${id}/application`);
      expect(await status(id)).toBe('endorsed');
      // Issue 8.3: the head is told at once that it waits for her approval.
      const toHead = await db()
        .selectFrom('mail_message')
        .select(['to_address', 'body_text'])
        .where(
          'subject',
          '=',
          'An application for an official account is waiting for your approval as Head of School: ‘Year 6 residential trip’',
        )
        .execute();
      expect(toHead.map((m) => m.to_address)).toEqual([world.people['head-a1']!.email]);
      expect(toHead[0]!.body_text).toContain(`http://localhost:3000/accounts/${id}/head-approval`);
      // The account administrator will be told once it is approved.
      await db()
        .insertInto('role_assignment')
        .values({
          person_id: world.people['admin-a1']!.id,
          trust_id: world.trustA,
          school_id: world.schoolA1,
          role: 'account_admin',
        })
        .execute();
      const flash = pageText((await slt.get(`/accounts/${id}/application`)).body);
      expect(flash).toContain(
        'You approved the application for ‘Year 6 residential trip’. It now needs the Head of School’s approval.',
      );

      expect(pageText((await head.get('/')).body)).toContain('1 application awaiting your approval');
      expect(pageText((await head.get('/accounts/applications')).body)).toContain(
        'Awaiting your approval as Head of School',
      );
      t.clock.set(`${TODAY}T11:25:00Z`);
      const headPage = pageText((await head.get(`/accounts/${id}/head-approval`)).body);
      expect(headPage).toContain('Head of School’s approval');
      const approved = await head.post(
        `/accounts/${id}/head-approval`,
        { decision: 'approve', reason: 'A good way to keep families informed.' },
        { tokenFrom: `/accounts/${id}/head-approval` },
      );
      expect(approved.statusCode).toBe(302);
      const row = await db()
        .selectFrom('official_account')
        .select(['status', 'decided_at'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('approved');
      expect(row.decided_at?.toISOString()).toBe(`${TODAY}T11:25:00.000Z`);

      // The applicant sees every step, with who and when, newest first.
      const page = await teacher.get(`/accounts/${id}/application`);
      expect(page.statusCode).toBe(200);
      const text = pageText(page.body);
      expect(text).toContain('Approved, to be set up');
      expect(text).toMatch(
        /Approved by the head by head Tester 18 November 2026 at 11:25am A good way to keep families informed\. Approved by the senior leadership team by slt Tester 18 November 2026 at 10:40am Application sent for a decision by teacher Tester 18 November 2026 at 10:00am Application started by teacher Tester 18 November 2026 at 10:00am/,
      );
      expect(text).toContain('Operators: Sam Patel, dsl Tester');
      expect(text).toContain('Lead operator: Sam Patel');

      const audit = await db()
        .selectFrom('audit_event')
        .select(['action', 'actor_label', 'school_id', 'summary'])
        .where('entity_id', '=', id)
        .orderBy('seq')
        .execute();
      expect(audit.map((a) => [a.action, a.actor_label, a.school_id])).toEqual([
        ['account.application.started', 'teacher Tester', world.schoolA1],
        ['account.application.submitted', 'teacher Tester', world.schoolA1],
        ['account.application.endorsed', 'slt Tester', world.schoolA1],
        ['account.application.approved', 'head Tester', world.schoolA1],
      ]);
      expect(audit[3]!.summary).toEqual({ comment: 'A good way to keep families informed.' });
      const mail = await db()
        .selectFrom('mail_message')
        .select(['subject', 'body_text', 'school_id'])
        .where('to_address', '=', world.people['teacher-a1']!.email)
        .orderBy('created_at')
        .execute();
      expect(mail.map((m) => m.subject)).toEqual(
        expect.arrayContaining([
          'Your application for ‘Year 6 residential trip’ has been approved by the senior leadership team',
          'Your application for ‘Year 6 residential trip’ has been approved by the Head of School',
        ]),
      );
      const last = mail.find((m) => m.subject.endsWith('by the Head of School'))!;
      expect(last.school_id).toBe(world.schoolA1);
      expect(last.body_text).toContain(
        'The Head of School has approved your application for an official Facebook account, ‘Year 6 residential trip’.',
      );
      expect(last.body_text).toContain(`http://localhost:3000/accounts/${id}/application`);
      const toAdmin = await db()
        .selectFrom('mail_message')
        .select(['to_address', 'body_text'])
        .where('subject', '=', 'An approved account is waiting to be set up: ‘Year 6 residential trip’')
        .execute();
      expect(toAdmin.map((m) => m.to_address)).toEqual([world.people['admin-a1']!.email]);
      expect(toAdmin[0]!.body_text).toContain(`http://localhost:3000/accounts/${id}/setup`);

      // Nothing is left waiting, and the step pages now explain instead of offering a form.
      expect(pageText((await head.get('/')).body)).not.toContain('awaiting your approval');
      const late = await slt.get(`/accounts/${id}/decision`);
      expect(late.statusCode).toBe(200);
      expect(pageText(late.body)).toContain(
        'This application is not waiting for a decision from the senior leadership team: it has already been approved.',
      );
      expect(late.body).not.toContain('name="decision"');
    } finally {
      t.clock.set(`${TODAY}T10:00:00Z`);
    }
  });

  it('ACC-2: a rejection needs a reason, which the applicant sees on the application and in the mail; the head can reject too', async () => {
    const id = await apply(teacher, { name: 'Eco club', operators: [sam, dsl] });
    await refused(slt, `/accounts/${id}/decision`, { decision: 'reject', reason: '   ' }, [
      'Enter why you are rejecting the application: the applicant will see it',
    ]);
    await refused(slt, `/accounts/${id}/decision`, { reason: 'No choice made' }, [
      'Select whether you approve or reject the application',
    ]);
    await refused(slt, `/accounts/${id}/decision`, { decision: 'reject', reason: 'x'.repeat(2001) }, [
      'The reason must be 2,000 characters or fewer',
    ]);
    // The head cannot decide before SLT has approved.
    await refused(head, `/accounts/${id}/head-approval`, { decision: 'approve', reason: '' }, [
      'The senior leadership team has not approved this application yet: it needs their approval before the Head of School’s approval',
    ]);
    await refused(head, `/accounts/${id}/head-approval`, { decision: 'reject', reason: 'Too early' }, [
      'The senior leadership team has not approved this application yet: it needs their approval before the Head of School’s approval',
    ]);
    const early = await head.get(`/accounts/${id}/head-approval`);
    expect(early.statusCode).toBe(200);
    expect(early.body).not.toContain('name="decision"');

    const rejected = await slt.post(`/accounts/${id}/decision`, {
      decision: 'reject',
      reason: 'The eco club can share its news in the weekly newsletter instead.',
    });
    expect(rejected.statusCode).toBe(302);
    expect(await status(id)).toBe('rejected');
    const text = pageText((await teacher.get(`/accounts/${id}/application`)).body);
    expect(text).toContain('Rejected');
    expect(text).toContain(
      'Why it was rejected The eco club can share its news in the weekly newsletter instead. slt Tester',
    );
    expect(text).toMatch(/Application rejected by slt Tester 18 November 2026 at 10:00am The eco club can share/);
    const mail = await db()
      .selectFrom('mail_message')
      .select(['subject', 'body_text'])
      .where('subject', '=', 'Your application for ‘Eco club’ has been rejected by the senior leadership team')
      .executeTakeFirstOrThrow();
    expect(mail.body_text).toContain(
      'The reason given:\nThe eco club can share its news in the weekly newsletter instead.',
    );
    // Deciding it again, either step, is refused.
    await refused(slt, `/accounts/${id}/decision`, { decision: 'approve', reason: '' }, [
      'This application is not waiting for a decision from the senior leadership team: it has been rejected',
    ]);
    await refused(head, `/accounts/${id}/head-approval`, { decision: 'approve', reason: '' }, [
      'This application is not waiting for the Head of School’s approval: it has been rejected',
    ]);

    // The head's rejection.
    const second = await apply(teacher, { name: 'Chess club', operators: [sam, dsl] });
    expect(
      (await slt.post(`/accounts/${second}/decision`, { decision: 'approve', reason: 'Fine by SLT' })).statusCode,
    ).toBe(302);
    await refused(head, `/accounts/${second}/head-approval`, { decision: 'reject', reason: '' }, [
      'Enter why you are rejecting the application: the applicant will see it',
    ]);
    expect(
      (
        await head.post(`/accounts/${second}/head-approval`, {
          decision: 'reject',
          reason: 'Chess news fits on the school account.',
        })
      ).statusCode,
    ).toBe(302);
    expect(await status(second)).toBe('rejected');
    expect(pageText((await teacher.get(`/accounts/${second}/application`)).body)).toMatch(
      /Rejected by the head by head Tester .* Chess news fits on the school account\./,
    );
    expect(
      await db()
        .selectFrom('account_event')
        .select(['kind', 'comment'])
        .where('account_id', '=', second)
        .where('kind', '=', 'application.head-rejected')
        .execute(),
    ).toEqual([{ kind: 'application.head-rejected', comment: 'Chess news fits on the school account.' }]);
    await refused(slt, `/accounts/${second}/decision`, { decision: 'approve', reason: '' }, [
      'This application is not waiting for a decision from the senior leadership team: it has been rejected',
    ]);
  });

  it('ACC-2: nobody decides their own application, and a member of SLT named to run the account does not give the SLT decision', async () => {
    // The SLT member applies: they cannot decide it, and it is not in their queue.
    const own = await apply(slt, { name: 'Senior team updates', operators: [sam, dsl] });
    expect(pageText((await slt.get('/')).body)).not.toContain('awaiting your decision');
    const page = await slt.get(`/accounts/${own}/decision`);
    expect(page.statusCode).toBe(200);
    expect(pageText(page.body)).toContain(
      'You applied for this account, so another member of the senior leadership team must decide it.',
    );
    expect(page.body).not.toContain('name="decision"');
    await refused(slt, `/accounts/${own}/decision`, { decision: 'approve', reason: '' }, [
      'You applied for this account, so another member of the senior leadership team must decide it',
    ]);
    await refused(slt, `/accounts/${own}/decision`, { decision: 'reject', reason: 'Changed my mind' }, [
      'You applied for this account, so another member of the senior leadership team must decide it',
    ]);

    // Issue 8.3: the head (who is on SLT too) decides it. As Head of School there is nobody to send it on to: the choice is just
    // "Approve", and approving gives both approvals at once.
    const headDecides = await head.get(`/accounts/${own}/decision`);
    const headText = pageText(headDecides.body);
    expect(headText).toContain(
      'Approve As Head of School, your approval is the final one: the account administrator can then set the account up.',
    );
    expect(headText).not.toContain('send it to the Head of School');
    expect(headDecides.body).toMatch(
      /<input class="govuk-radios__input" id="decision" name="decision" type="radio" value="approve"[^>]*>\s*<label class="govuk-label govuk-radios__label" for="decision">\s*Approve\s*<\/label>/,
    );
    expect((await head.post(`/accounts/${own}/decision`, { decision: 'approve', reason: 'Fine' })).statusCode).toBe(
      302,
    );
    expect(await status(own)).toBe('approved');
    expect(pageText((await head.get(`/accounts/${own}/application`)).body)).toContain(
      'You approved the application for ‘Senior team updates’. The account administrator can now set it up.',
    );
    expect(
      await db()
        .selectFrom('account_event')
        .select(['kind', 'actor_label', 'comment'])
        .where('account_id', '=', own)
        .orderBy('id')
        .execute(),
    ).toEqual([
      { kind: 'application.started', actor_label: 'slt Tester', comment: null },
      { kind: 'application.submitted', actor_label: 'slt Tester', comment: null },
      { kind: 'application.endorsed', actor_label: 'head Tester', comment: null },
      { kind: 'application.approved', actor_label: 'head Tester', comment: 'Fine' },
    ]);
    expect(
      await db()
        .selectFrom('mail_message')
        .select('to_address')
        .where('subject', '=', 'Your application for ‘Senior team updates’ has been approved by the Head of School')
        .execute(),
    ).toEqual([{ to_address: world.people['slt-a1']!.email }]);
    expect(
      await db()
        .selectFrom('mail_message')
        .select('to_address')
        .where('subject', 'like', '%waiting for your approval as Head of School: ‘Senior team updates’')
        .execute(),
    ).toEqual([]);

    // The head applies: they cannot give their own approval either.
    const headsOwn = await apply(head, { name: 'Head’s blog', operators: [sam, dsl] });
    await refused(head, `/accounts/${headsOwn}/decision`, { decision: 'approve', reason: '' }, [
      'You applied for this account, so another member of the senior leadership team must decide it',
    ]);
    expect((await slt.post(`/accounts/${headsOwn}/decision`, { decision: 'approve', reason: '' })).statusCode).toBe(
      302,
    );
    await refused(head, `/accounts/${headsOwn}/head-approval`, { decision: 'approve', reason: '' }, [
      'You applied for this account, so you cannot give the Head of School’s approval for it',
    ]);
    expect(pageText((await head.get('/')).body)).not.toContain('awaiting your approval'); // their own is never theirs to approve

    // A teacher applies naming the SLT member as an operator: that member steps aside at the SLT step.
    const sltStaff = world.people['slt-a1']!.id;
    await sign(v1, sltStaff);
    await train(sltStaff);
    const named = await apply(teacher, { name: 'Sports fixtures', operators: [sltStaff, sam] });
    expect(pageText((await slt.get('/accounts/applications')).body)).not.toContain('Sports fixtures');
    await refused(slt, `/accounts/${named}/decision`, { decision: 'approve', reason: '' }, [
      'You are named to run this account, so another member of the senior leadership team must decide it',
    ]);
    expect(pageText((await slt.get(`/accounts/${named}/application`)).body)).toContain('Sports fixtures'); // they may still read it
  });

  it('ACC-1: bad applications are refused with a plain message and nothing written', async () => {
    const url = '/accounts/apply';
    await refused(teacher, url, applyForm({ operators: [sam] }), [
      `Name at least 2 operators: your policy (${operatorsCitation}) requires 2`,
    ]);
    await refused(teacher, url, applyForm({ operators: [] }), [
      `Name at least 2 operators: your policy (${operatorsCitation}) requires 2`,
    ]);
    await refused(teacher, url, applyForm({ operators: [sam, sam] }), [
      'Sam Patel is named more than once: name each operator once',
      `Name at least 2 operators: your policy (${operatorsCitation}) requires 2`,
    ]);
    await refused(teacher, url, applyForm({ operators: [sam, dsl, sam], action: 'draft' }), [
      'Sam Patel is named more than once: name each operator once',
    ]);
    for (const outsider of ['admin-a2', 'admin-b1', 'trustadmin-a']) {
      await refused(teacher, url, applyForm({ operators: [sam, world.people[outsider]!.id] }), [
        'Choose operators from the people of Alder Primary',
      ]);
    }
    await refused(teacher, url, applyForm({ operators: [sam, 'not-a-person'] }), [
      'Choose operators from the people of Alder Primary',
    ]);
    await refused(teacher, url, applyForm({ operators: [sam, randomUUID()], action: 'draft' }), [
      'Choose operators from the people of Alder Primary',
    ]);
    await refused(teacher, url, applyForm({ operators: [sam, world.people['leaver-a1']!.id] }), [
      'leaver Tester left on 31 August 2026: choose someone who is still at the school',
    ]);
    await refused(teacher, url, applyForm({ operators: ['', sam, dsl] }), [
      'Choose the lead operator: the person who answers for the account day to day',
    ]);
    await refused(teacher, url, applyForm({ operators: [sam, dsl], aim: '', audience: ' ', promotion: '' }), [
      'Enter what the account is for',
      'Enter who the account is for',
      'Enter how people will hear about the account',
    ]);
    await refused(teacher, url, applyForm({ operators: [sam, dsl], platform: 'myspace' }), [
      'Select the platform from the list',
    ]);
    await refused(teacher, url, applyForm({ operators: [sam, dsl], visibility: 'secret' }), [
      'Select whether the account will be open or closed',
    ]);
    await refused(
      teacher,
      url,
      applyForm({
        operators: [sam, dsl],
        name: 'N'.repeat(121),
        aim: 'a'.repeat(2001),
        audience: 'b'.repeat(1001),
        promotion: 'c'.repeat(1001),
      }),
      [
        'The name of the account must be 120 characters or fewer',
        'What the account is for must be 2,000 characters or fewer',
        'Who the account is for must be 1,000 characters or fewer',
        'How people will hear about it must be 1,000 characters or fewer',
      ],
    );
    // The refused form keeps what was typed.
    const body = await refused(teacher, url, applyForm({ name: 'Kept name', operators: [sam] }), [
      `Name at least 2 operators: your policy (${operatorsCitation}) requires 2`,
    ]);
    expect(body).toContain('value="Kept name"');
    expect(body).toContain(`<option value="${sam}" selected>Sam Patel</option>`);
    // A volunteer in the directory may be named, on the same conditions as staff.
    const volunteer = await apply(teacher, { name: 'Friends of Alder', operators: [vic, sam] });
    expect(
      await db()
        .selectFrom('account_operator')
        .select('person_id')
        .where('account_id', '=', volunteer)
        .where('is_lead', '=', true)
        .executeTakeFirstOrThrow(),
    ).toEqual({ person_id: vic });
    expect(
      (
        await slt.post(
          `/accounts/${volunteer}/decision`,
          { decision: 'reject', reason: 'Tidying up' },
          { tokenFrom: `/accounts/${volunteer}/decision` },
        )
      ).statusCode,
    ).toBe(302);
  });

  it('ACC-3: an application naming someone not yet eligible can be sent, but neither SLT nor the head can approve it until they are; the pages say exactly who lacks what', async () => {
    const id = await apply(teacher, { name: 'Year 2 class page', operators: [sam, ray] });
    expect(await status(id)).toBe('proposed');
    const reasons = [
      'Ray Unready has not signed version 1 of the social media policy',
      `Ray Unready has not completed ‘${COURSE}’`,
    ];
    const own = pageText((await teacher.get(`/accounts/${id}/application`)).body);
    expect(own).toContain(`This application cannot be approved yet: ${reasons.join(' ')}`);
    expect(own).toMatch(
      /Ray Unready Not ready Has not signed version 1 of the social media policy Has not completed ‘Running an official school account’/,
    );
    const page = pageText((await slt.get(`/accounts/${id}/decision`)).body);
    expect(page).toContain(`This application cannot be approved yet: ${reasons.join(' ')}`);

    await refused(slt, `/accounts/${id}/decision`, { decision: 'approve', reason: '' }, reasons);
    await sign(v1, ray);
    await refused(slt, `/accounts/${id}/decision`, { decision: 'approve', reason: '' }, [
      `Ray Unready has not completed ‘${COURSE}’`,
    ]);
    await train(ray);
    expect((await slt.post(`/accounts/${id}/decision`, { decision: 'approve', reason: '' })).statusCode).toBe(302);
    expect(await status(id)).toBe('endorsed');

    // Before the head approves, an operator's training lapses: the head is stopped the same way.
    await db()
      .updateTable('training_completion')
      .set({ expires_on: '2026-11-18' })
      .where('person_id', '=', ray)
      .execute();
    await refused(head, `/accounts/${id}/head-approval`, { decision: 'approve', reason: '' }, [
      `Ray Unready’s ‘${COURSE}’ training expired on 18 November 2026`,
    ]);
    // Rejecting is still possible.
    expect(
      (
        await head.post(`/accounts/${id}/head-approval`, {
          decision: 'reject',
          reason: 'Ray needs to redo the training first.',
        })
      ).statusCode,
    ).toBe(302);
    expect(await status(id)).toBe('rejected');
  });

  it('ACC-1, ORG-1: only the applicant, its operators and those who see, decide or approve accounts open an application; everyone else, here or elsewhere, gets 404 and changes nothing', async () => {
    const id = await apply(teacher, { name: 'Library news', operators: [dsl, sam] });
    // The DSL is named to run it, so may read it; the applicant's colleague in HR is not involved.
    const dslAgent = await signedIn(t, world, 'dsl-a1');
    expect((await dslAgent.get(`/accounts/${id}/application`)).statusCode).toBe(200);
    expect((await admin.get(`/accounts/${id}/application`)).statusCode).toBe(200); // accounts.view
    const hr = await signedIn(t, world, 'hr-a1');
    const before = await snapshot(t);
    for (const url of [`/accounts/${id}/application`, `/accounts/${id}/decision`, `/accounts/${id}/head-approval`])
      expect((await hr.get(url)).statusCode, url).toBe(404);
    expect(
      (await hr.post(`/accounts/${id}/application`, applyForm({ name: 'Hijacked', operators: [sam, dsl] }))).statusCode,
    ).toBe(404);
    expect((await hr.post(`/accounts/${id}/decision`, { decision: 'approve', reason: '' })).statusCode).toBe(404);
    // The teacher is not involved in an application the SLT member made: not found for them either.
    const sltsOwn = await db()
      .selectFrom('official_account')
      .select('id')
      .where('name', '=', 'Senior team updates')
      .executeTakeFirstOrThrow();
    expect((await teacher.get(`/accounts/${sltsOwn.id}/application`)).statusCode).toBe(404);
    expect(
      (
        await teacher.post(
          `/accounts/${sltsOwn.id}/application`,
          applyForm({ name: 'Hijacked', operators: [sam, dsl] }),
        )
      ).statusCode,
    ).toBe(404);
    expect(pageText((await teacher.get('/accounts/applications')).body)).not.toContain('Senior team updates');
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    // A named operator may read but not change someone else's draft, nor decide.
    const draft = await apply(teacher, { name: 'Draft for the DSL', operators: [dsl], action: 'draft' });
    const beforeDraft = await snapshot(t);
    expect((await dslAgent.get(`/accounts/${draft}/application`)).statusCode).toBe(200);
    expect(
      (
        await dslAgent.post(
          `/accounts/${draft}/application`,
          applyForm({ name: 'Changed by the DSL', operators: [dsl, sam] }),
        )
      ).statusCode,
    ).toBe(404);
    expect(changedTables(beforeDraft, await snapshot(t))).toEqual([]);

    const outsiders: Agent[] = [];
    for (const key of ['admin-a2', 'admin-b1', 'head-b1']) outsiders.push(await signedIn(t, world, key));
    const afterOwn = await snapshot(t);
    for (const agent of outsiders) {
      for (const url of [
        `/accounts/${id}/application`,
        `/accounts/${id}/decision`,
        `/accounts/${id}/head-approval`,
        `/accounts/${draft}/application`,
      ]) {
        const response = await agent.get(url);
        expect(response.statusCode, url).toBe(404);
        expect(response.body).not.toContain('Library news');
      }
      expect(
        (await agent.post(`/accounts/${id}/application`, applyForm({ name: 'Hijacked', operators: [sam, dsl] })))
          .statusCode,
      ).toBe(404);
      expect((await agent.post(`/accounts/${id}/head-approval`, { decision: 'approve', reason: '' })).statusCode).toBe(
        404,
      );
      expect(pageText((await agent.get('/accounts/applications')).body)).not.toContain('Library news');
    }
    // head-b1 holds accounts.decide and accounts.approve in trust B: still 404 on A1's application.
    expect((await outsiders[2]!.get(`/accounts/${id}/decision`)).statusCode).toBe(404);
    expect(changedTables(afterOwn, await snapshot(t))).toEqual([]);
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it('ACC-7: when the policy does not permit business use, applying is refused citing the clause, nothing is written, and no application can be approved', async () => {
    const pending = await apply(teacher, { name: 'Science week', operators: [sam, dsl] });
    const actor = { id: world.people['head-a1']!.id, label: 'head Tester' };
    const v2 = await startNewDraft(db(), t.clock.now(), a1(), actor);
    expect(
      await saveSettings(db(), t.clock.now(), a1(), actor, v2, {
        headTitle: 'Head of School',
        businessUse: 'not-permitted',
      }),
    ).toBe('saved');
    expect(await approveVersion(db(), t.clock.now(), a1(), actor, v2, approval())).toBe('approved'); // in force from today
    const citation = await clauseCitation(db(), a1(), 'business-use.not-permitted', t.clock.now());
    expect(citation).toMatch(/^§\d+\.\d+ No one speaks for the school on social media$/);
    const message = `Your school’s policy (${citation}) does not permit official social media accounts, so you cannot apply for one`;

    const page = await teacher.get('/accounts/apply');
    expect(page.statusCode).toBe(200);
    expect(pageText(page.body)).toContain(`${message}.`);
    expect(page.body).not.toContain('name="operator-1"');
    await refused(teacher, '/accounts/apply', applyForm({ operators: [sam, dsl] }), [message]);
    await refused(teacher, '/accounts/apply', applyForm({ operators: [sam, dsl], action: 'draft' }), [message]);

    // Everyone must sign version 2 to stay eligible; even then no account can be approved.
    for (const id of [sam, dsl]) await sign(v2, id);
    const refusal = `Your school’s policy (${citation}) does not permit official social media accounts, so no application can be approved`;
    expect(pageText((await slt.get(`/accounts/${pending}/decision`)).body)).toContain(refusal);
    await refused(slt, `/accounts/${pending}/decision`, { decision: 'approve', reason: '' }, [refusal]);
    expect(pageText((await teacher.get('/accounts/applications')).body)).toContain(message);
    // It can still be turned down.
    expect(
      (
        await slt.post(`/accounts/${pending}/decision`, {
          decision: 'reject',
          reason: 'The policy no longer allows official accounts.',
        })
      ).statusCode,
    ).toBe(302);
  });
});
