import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/app.ts';
import type { Agent } from '../support/agent.ts';
import { seedWorld, type World } from '../support/world.ts';
import { pageText, signedIn } from './directory/helpers.ts';
import { approveVersion, startFromModel } from '../../src/modules/policies/versions/service.ts';
import {
  createCourse,
  recordCompletion,
  setRequirements,
  OPERATOR_REQUIREMENT,
} from '../../src/modules/policies/training/service.ts';

const TODAY = '2026-11-18';

/** One list of the home page ("tasks" waiting, or "oversight"), as [text, link, status] rows. */
function list(html: string, id: 'tasks' | 'oversight'): [string, string, string][] {
  const ul = new RegExp(`<ul class="govuk-task-list" id="${id}">([\\s\\S]*?)</ul>`).exec(html)?.[1] ?? '';
  return [...ul.matchAll(/<li class="govuk-task-list__item[^"]*">([\s\S]*?)<\/li>/g)].map((m) => {
    const link = /<a class="govuk-link govuk-task-list__link" href="([^"]*)">([\s\S]*?)<\/a>/.exec(m[1]!)!;
    const status = /<div class="govuk-task-list__status">([\s\S]*?)<\/div>/.exec(m[1]!)?.[1] ?? '';
    return [pageText(link[2]!).trim(), link[1]!.replace(/&amp;/g, '&'), pageText(status).trim()];
  });
}

describe('issue 8.8: every role’s home page says what that role is responsible for next', () => {
  let t: TestApp;
  let world: World;
  let versionId: string;
  const agents: Record<string, Agent> = {};
  const home = async (key: string) => (await agents[key]!.get('/')).body;

  beforeAll(async () => {
    t = await startTestApp({ now: `${TODAY}T10:00:00Z` });
    const db = t.database.db;
    world = await seedWorld(db);
    // A governor of Alder Primary.
    const governor = randomUUID();
    const hash = (
      await db
        .selectFrom('person')
        .select('password_hash')
        .where('id', '=', world.people['teacher-a1']!.id)
        .executeTakeFirstOrThrow()
    ).password_hash;
    await db
      .insertInto('person')
      .values({
        id: governor,
        trust_id: world.trustA,
        school_id: world.schoolA1,
        mis_id: null,
        given_name: 'governor',
        family_name: 'Tester',
        email: 'governor-a1@example.sch.uk',
        employment_type: 'governor',
        job_title: null,
        start_date: '2020-09-01',
        leaving_date: null,
        password_hash: hash,
        created_at: t.clock.now(),
        updated_at: t.clock.now(),
      })
      .execute();
    await db
      .insertInto('role_assignment')
      .values({ person_id: governor, trust_id: world.trustA, school_id: world.schoolA1, role: 'governor' })
      .execute();
    world.people['governor-a1'] = { id: governor, email: 'governor-a1@example.sch.uk' };
    // Everyone has done this term's privacy check-in (STF-2), so each list shows only what these tests are about.
    await db
      .insertInto('privacy_checkin')
      .columns(['trust_id', 'school_id', 'person_id', 'period', 'statements', 'confirmed_at'])
      .expression((eb) =>
        eb
          .selectFrom('person')
          .select([
            'trust_id',
            eb.val(world.schoolA1).as('school_id'),
            'id',
            eb.val('2026-autumn').as('period'),
            eb.val('[]').as('statements'),
            eb.val(t.clock.now()).as('confirmed_at'),
          ])
          .where('trust_id', '=', world.trustA),
      )
      .execute();
    // Alder Primary's policy in force from today; only the teacher has signed it.
    const school = { trustId: world.trustA, schoolId: world.schoolA1 };
    const actor = { id: world.people['head-a1']!.id, label: 'head Tester' };
    versionId = await startFromModel(db, t.clock.now(), school, actor);
    expect(
      await approveVersion(db, t.clock.now(), school, actor, versionId, {
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
    await db
      .insertInto('signature')
      .values({
        version_id: versionId,
        person_id: world.people['teacher-a1']!.id,
        trust_id: world.trustA,
        signed_at: t.clock.now(),
        typed_name: 'teacher Tester',
        statement: 'I have read it.',
        content_hash: 'x'.repeat(64),
      })
      .execute();
    // Two live accounts: one review overdue, one due within the month; one far off.
    for (const [name, due] of [
      ['Kestrel class', '2026-11-15'],
      ['Sports news', '2026-12-08'],
      ['PTA', '2027-06-01'],
    ] as const) {
      await db
        .insertInto('official_account')
        .values({
          trust_id: world.trustA,
          school_id: world.schoolA1,
          name,
          platform: 'instagram',
          status: 'active',
          applicant_id: world.people['teacher-a1']!.id,
          aim: 'News',
          audience: 'Families',
          promotion: 'Newsletter',
          visibility: 'open',
          handle: name.replace(/\W/g, ''),
          address: null,
          tagging_disabled: true,
          two_factor_enabled: true,
          setup_checklist: [],
          activated_on: '2025-11-01',
          last_reviewed_on: null,
          review_due: due,
          last_monitored_at: null,
          created_at: t.clock.now(),
          updated_at: t.clock.now(),
        })
        .execute();
    }
    // Mail that could not be sent: one for Alder Primary, one for Alder Secondary.
    for (const schoolId of [world.schoolA1, world.schoolA2]) {
      await db
        .insertInto('mail_message')
        .values({
          trust_id: world.trustA,
          school_id: schoolId,
          to_address: 'x@example.sch.uk',
          subject: 'A post is waiting for your approval',
          body_text: 'x',
          sensitive: false,
          status: 'failed',
          error: 'refused',
          created_at: t.clock.now(),
          sent_at: null,
        })
        .execute();
    }
    for (const key of ['governor-a1', 'dsl-a1', 'hr-a1', 'teacher-a1', 'head-a1', 'slt-a1', 'admin-a1', 'admin-a2'])
      agents[key] = await signedIn(t, world, key);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const signing = (signed: number, total: number) => [
    `Policy signing: ${signed} of ${total} people have signed version 1 (${Math.floor((signed * 100) / total)}%)`,
    '/policy/coverage?signed=not-signed',
    `${total - signed} still to sign`,
  ];
  const reviews: [string, string, string] = [
    'Official account reviews: 1 overdue, 1 due in the next 30 days',
    '/accounts?sort=review-due',
    'Overdue',
  ];

  it('issue 8.8: a governor sees policy signing coverage, the official account reviews coming due and the next policy review, and can open the register', async () => {
    const html = await home('governor-a1');
    expect(list(html, 'tasks')).toEqual([
      ['Read and sign the social media policy (version 1)', '/policy/sign', 'To do'],
    ]);
    const oversight = list(html, 'oversight');
    expect(oversight[0]).toEqual(signing(1, 8));
    expect(oversight).toContainEqual(reviews);
    expect(oversight).toContainEqual([
      'Next review of the social media policy: 18 November 2027',
      '/policy',
      'Due in 365 days',
    ]);
    // The links work for them: the register of accounts (read only) and the coverage.
    const register = await agents['governor-a1']!.get('/accounts?sort=review-due');
    expect(register.statusCode).toBe(200);
    expect(pageText(register.body)).toMatch(/Kestrel class.*Sports news.*PTA/);
    expect((await agents['governor-a1']!.get('/policy/coverage?signed=not-signed')).statusCode).toBe(200);
  });

  it('issue 8.8: a trust leader working in a school, who oversees its accounts without applying for one, opens the register the home page links to', async () => {
    const db = t.database.db;
    const leader = randomUUID();
    const hash = (
      await db
        .selectFrom('person')
        .select('password_hash')
        .where('id', '=', world.people['teacher-a1']!.id)
        .executeTakeFirstOrThrow()
    ).password_hash;
    await db
      .insertInto('person')
      .values({
        id: leader,
        trust_id: world.trustA,
        school_id: null,
        mis_id: null,
        given_name: 'leader',
        family_name: 'Tester',
        email: 'leader-a@example.sch.uk',
        employment_type: 'full-time',
        job_title: 'CEO',
        start_date: '2020-09-01',
        leaving_date: null,
        password_hash: hash,
        created_at: t.clock.now(),
        updated_at: t.clock.now(),
      })
      .execute();
    await db
      .insertInto('role_assignment')
      .values({ person_id: leader, trust_id: world.trustA, school_id: null, role: 'trust_leader' })
      .execute();
    world.people['leader-a'] = { id: leader, email: 'leader-a@example.sch.uk' };
    const agent = await signedIn(t, world, 'leader-a', '/switch');
    expect((await agent.post('/switch', { school: world.schoolA1 })).statusCode).toBe(302);
    const html = (await agent.get('/')).body;
    expect(list(html, 'oversight')).toContainEqual(reviews);
    expect(html).toContain('<a class="govuk-service-navigation__link" href="/accounts"');
    const register = await agent.get('/accounts?sort=review-due');
    expect(register.statusCode).toBe(200);
    expect(pageText(register.body)).toMatch(/Kestrel class.*Sports news.*PTA/);
    expect(pageText(register.body)).not.toContain('Apply for an official account');
    const account = await db
      .selectFrom('official_account')
      .select('id')
      .where('name', '=', 'Kestrel class')
      .executeTakeFirstOrThrow();
    expect((await agent.get(`/accounts/${account.id}`)).statusCode).toBe(200);
    expect((await agent.get('/accounts/apply')).statusCode).toBe(404);
  });

  it('issue 8.8: the DSL keeps the never-publish list, besides signing the policy', async () => {
    const html = await home('dsl-a1');
    expect(list(html, 'tasks')).toEqual([
      ['Read and sign the social media policy (version 1)', '/policy/sign', 'To do'],
    ]);
    expect(list(html, 'oversight')[0]).toEqual([
      'Never publish: 1 pupil must not appear in anything the school posts',
      '/pupils?consent=never-publish',
      'Keep this list up to date',
    ]);
  });

  it('issue 8.8: HR sees signing coverage; SLT sees coverage, account reviews and when the policy is next reviewed', async () => {
    expect(list(await home('hr-a1'), 'oversight')[0]).toEqual(signing(1, 8));
    const slt = list(await home('slt-a1'), 'oversight');
    expect(slt.slice(0, 3)).toEqual([
      signing(1, 8),
      ['Next review of the social media policy: 18 November 2027', '/policy', 'Due in 365 days'],
      reviews,
    ]);
  });

  it('issue 8.8: a teacher with nothing to do is told so, and where to go next', async () => {
    const html = await home('teacher-a1');
    expect(list(html, 'tasks')).toEqual([]);
    expect(pageText(html)).toContain(
      'Nothing is waiting for you. When something needs you, such as a post to approve or the policy to sign, it will be listed here and you will get an email.',
    );
    expect(html).not.toContain('id="oversight"');
    const next = /<ul class="govuk-list" id="suggestions">([\s\S]*?)<\/ul>/.exec(html)![1]!;
    expect([...next.matchAll(/href="([^"]+)">([^<]+)</g)].map((m) => [m[2], m[1]])).toEqual([
      ['Posts: write one for an account you run, or follow yours', '/posts'],
      ['Read the school’s social media policy', '/policy'],
      ['Guidance on using social media safely', '/guidance'],
      ['Before you post: check a personal post against the policy', '/before-you-post'],
      ['Apply for an official account for a class, trip or club', '/accounts/apply'],
    ]);
  });

  it('issue 8.8, POL-3: the head and the administrators are asked to review the policy when its review comes due', async () => {
    await t.database.db
      .updateTable('policy_version')
      .set({ review_due: '2026-11-28' })
      .where('id', '=', versionId)
      .execute();
    try {
      for (const key of ['head-a1', 'admin-a1']) {
        expect(list(await home(key), 'tasks'), key).toContainEqual([
          'Review the social media policy by 28 November 2026',
          '/policy/review',
          'Due in 10 days',
        ]);
      }
      // Those who do not manage the policy see when it is due, without being asked to do it.
      expect(list(await home('slt-a1'), 'oversight')).toContainEqual([
        'Next review of the social media policy: 28 November 2026',
        '/policy',
        'Due in 10 days',
      ]);
      expect(list(await home('slt-a1'), 'tasks').map((r) => r[0])).not.toContain(
        'Review the social media policy by 28 November 2026',
      );
      await t.database.db
        .updateTable('policy_version')
        .set({ review_due: '2026-11-10' })
        .where('id', '=', versionId)
        .execute();
      expect(list(await home('head-a1'), 'tasks')).toContainEqual([
        'Review the social media policy: the review was due on 10 November 2026',
        '/policy/review',
        'Overdue by 8 days',
      ]);
    } finally {
      await t.database.db
        .updateTable('policy_version')
        .set({ review_due: '2027-11-18' })
        .where('id', '=', versionId)
        .execute();
    }
    const head = list(await home('head-a1'), 'oversight');
    expect(head).toContainEqual(signing(1, 8));
    expect(head).toContainEqual(reviews);
    expect(head).toContainEqual([
      'Never publish: 1 pupil must not appear in anything the school posts',
      '/pupils?consent=never-publish',
      'Keep this list up to date',
    ]);
  });

  it('issue 8.8: an administrator is told about mail that did not reach its reader (their own school’s only), and a school with no policy is asked to put one in force', async () => {
    const admin = await home('admin-a1');
    expect(list(admin, 'tasks')[0]).toEqual([
      '1 email could not be sent in the last 14 days: the people they were for have not been told',
      '/outbox',
      'Check',
    ]);
    expect(pageText(admin)).toContain('Import the latest roster from your MIS');
    const otherSchool = list(await home('admin-a2'), 'tasks');
    expect(otherSchool[0]).toEqual([
      '1 email could not be sent in the last 14 days: the people they were for have not been told',
      '/outbox',
      'Check',
    ]);
    expect(otherSchool).toContainEqual([
      'No social media policy is in force yet: start from the model policy, set it for your school and record its approval',
      '/policy',
      'To do',
    ]);
    // Without a mail server, messages wait in the outbox: whoever reads it is reminded to pass them on.
    await t.database.db
      .insertInto('mail_message')
      .values({
        trust_id: world.trustA,
        school_id: world.schoolA1,
        to_address: 'y@example.sch.uk',
        subject: 'Read and sign',
        body_text: 'y',
        sensitive: false,
        status: 'outbox',
        error: null,
        created_at: t.clock.now(),
        sent_at: null,
      })
      .execute();
    expect(list(await home('admin-a1'), 'oversight')[0]).toEqual([
      'Email is not set up, so 1 message is waiting in the outbox instead of being sent: pass them on',
      '/outbox',
      'No email',
    ]);
    // A teacher is never shown the outbox.
    expect(await home('teacher-a1')).not.toContain('/outbox');
  });

  // Last, as it makes the teacher an operator.
  it('issue 8.8, ACC-3: whoever keeps the training records is told who running a live account is no longer ready; an operator whose training lapsed is told too', async () => {
    const db = t.database.db;
    const school = { trustId: world.trustA, schoolId: world.schoolA1 };
    const admin = { id: world.people['admin-a1']!.id, label: 'admin Tester' };
    const course = await createCourse(db, t.clock.now(), school, admin, {
      title: 'Running an official school account',
      description: '',
      validMonths: '12',
    });
    expect(await setRequirements(db, t.clock.now(), school, admin, course, [OPERATOR_REQUIREMENT])).toBe('saved');
    // The teacher has signed, but their training ran out; the DSL has neither signed nor trained.
    expect(
      await recordCompletion(db, t.clock.now(), school, admin, course, {
        personId: world.people['teacher-a1']!.id,
        completedDay: '1',
        completedMonth: '9',
        completedYear: '2024',
        evidence: 'Course',
      }),
    ).toBe('recorded');
    const accountId = async (name: string) =>
      (await db.selectFrom('official_account').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
    for (const [key, name] of [
      ['teacher-a1', 'PTA'],
      ['dsl-a1', 'Sports news'],
    ] as const) {
      await db
        .insertInto('account_operator')
        .values({
          account_id: await accountId(name),
          person_id: world.people[key]!.id,
          trust_id: world.trustA,
          school_id: world.schoolA1,
          is_lead: true,
          added_at: t.clock.now(),
          added_by: null,
        })
        .execute();
    }
    expect(list(await home('teacher-a1'), 'tasks')).toEqual([
      [
        'You run ‘PTA’ but are not ready to: your ‘Running an official school account’ training expired on 1 September 2025. Ask whoever records training at the school',
        `/accounts/${await accountId('PTA')}`,
        'Needs you',
      ],
    ]);
    expect(list(await home('hr-a1'), 'tasks')).toContainEqual([
      '2 people running official accounts are not ready to: dsl Tester has not signed version 1 of the social media policy (and 1 more)',
      '/training',
      'To put right',
    ]);
    // The DSL lacks both: signing has its own task, the training is added (said once, not as a second signing task).
    expect(list(await home('dsl-a1'), 'tasks').map((r) => r[0])).toEqual([
      'Read and sign the social media policy (version 1)',
      'You run ‘Sports news’ but are not ready to: you have not completed ‘Running an official school account’. Ask whoever records training at the school',
    ]);
  });
});
