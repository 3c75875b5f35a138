import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { Agent } from '../../support/agent.ts';
import { seedWorld, type World } from '../../support/world.ts';
import { buildApp } from '../../../src/app.ts';
import { connectorsFor } from '../../../src/modules/publishing/connectors/registry.ts';
import { PERMISSIONS, permissionsFor, type Permission } from '../../../src/platform/auth/permissions.ts';
import { makeUpn } from '../../../src/modules/directory/import/rules/index.ts';
import { startImport } from '../../../src/modules/policies/bring-your-own/service.ts';
import { reportConcern } from '../../../src/modules/incidents/report/service.ts';
import { changedTables, cookieOf, createTokenThroughUi, signedIn, snapshot } from './helpers.ts';
import fs from 'node:fs';
import sharp from 'sharp';
import path from 'node:path';
import { seedInboxItem } from '../inbox/support.ts';
import { seedMentionRecords } from '../inbox/mention-records.ts';

/**
 * Which record of school A1 stands in for each route parameter. A rule matches on the part of the
 * route before the parameter, so a new route under a known record (say /pupils/:id/consents) is
 * covered without touching this file; a parameter no rule knows fails the walk, so whoever adds a
 * route for a new kind of record must add that record here.
 */
type RecordKind =
  | 'pupil'
  | 'staff'
  | 'parent'
  | 'importBatch'
  | 'apiToken'
  | 'policyVersion'
  | 'clauseKey'
  | 'trainingCourse'
  | 'officialAccount'
  | 'mentionSource'
  | 'mentionItem'
  | 'mentionName'
  | 'post'
  | 'postImage'
  | 'inboxItem'
  | 'case'
  | 'caseAction'
  | 'caseEvidence'
  | 'policyImport'
  | 'webSession'
  | 'monitoringRecord';
const PARAMETER_RULES: { before: RegExp; param: string; record: RecordKind }[] = [
  { before: /^\/pupils\/$/, param: 'id', record: 'pupil' },
  { before: /^\/pupils\/:id\/parents\/$/, param: 'parentId', record: 'parent' },
  { before: /^\/staff\/$/, param: 'id', record: 'staff' },
  { before: /^\/imports\/$/, param: 'id', record: 'importBatch' },
  { before: /^\/settings\/api-tokens\/$/, param: 'id', record: 'apiToken' },
  { before: /^\/api\/v1\/pupils\/$/, param: 'id', record: 'pupil' },
  { before: /^\/api\/v1\/staff\/$/, param: 'id', record: 'staff' },
  { before: /^\/policy\/versions\/$/, param: 'id', record: 'policyVersion' },
  { before: /^\/policy\/versions\/:id\/clauses\/$/, param: 'key', record: 'clauseKey' },
  { before: /^\/training\/courses\/$/, param: 'id', record: 'trainingCourse' },
  { before: /^\/accounts\/$/, param: 'id', record: 'officialAccount' },
  { before: /^\/monitoring\/accounts\/$/, param: 'id', record: 'officialAccount' },
  { before: /^\/mentions\/sources\/$/, param: 'id', record: 'mentionSource' },
  { before: /^\/mentions\/items\/$/, param: 'id', record: 'mentionItem' },
  { before: /^\/mentions\/names\/$/, param: 'id', record: 'mentionName' },
  { before: /^\/posts\/$/, param: 'id', record: 'post' },
  { before: /^\/posts\/:id\/photos\/$/, param: 'imageId', record: 'postImage' },
  { before: /^\/inbox\/accounts\/$/, param: 'id', record: 'officialAccount' },
  { before: /^\/inbox\/items\/$/, param: 'id', record: 'inboxItem' },
  { before: /^\/cases\/$/, param: 'id', record: 'case' },
  { before: /^\/cases\/:id\/actions\/$/, param: 'actionId', record: 'caseAction' },
  { before: /^\/cases\/:id\/evidence\/$/, param: 'evidenceId', record: 'caseEvidence' },
  { before: /^\/trust\/cases\/$/, param: 'id', record: 'case' },
  { before: /^\/records\/subject-access\/$/, param: 'id', record: 'staff' },
  { before: /^\/policy\/import\/$/, param: 'id', record: 'policyImport' },
  // A1's administrator's own session: only they may end it (AUTH-3).
  { before: /^\/account\/sessions\/$/, param: 'sessionId', record: 'webSession' },
  { before: /^\/monitoring-records\/$/, param: 'id', record: 'monitoringRecord' },
];

/**
 * Records that belong to the whole trust rather than one school (the trust's training courses): another
 * trust gets 404, a school of the same trust reaches the record but never school A1's part of it
 * (its people's completions). Same-trust POSTs are legitimate writes, so the walk sends them only
 * from the other trust.
 */
const TRUST_LEVEL_RECORDS = new Set<RecordKind>(['trainingCourse']);

/** Routes with parameters that name no school's record. Each must stay public (asserted below). */
const NOT_TENANT_RECORDS: Record<string, string> = {
  '/reset-password/:token':
    'the token is itself the credential (a one-use password reset link), not a record of a school',
  '/assets/*': 'static files of the service',
};

/** The only routes anyone may reach without signing in. Adding one is a decision: add it here. */
const PUBLIC_ROUTES = new Set([
  '/health',
  '/accessibility',
  '/setup',
  '/sign-in',
  '/sign-out',
  '/forgot-password',
  '/reset-password/:token',
  '/api/docs',
  // Signing in (issue 12): the code page and passkey answer work from the half-signed-in session the
  // password left; the provider's start and callback are where a person arrives before signing in.
  '/second-factor',
  '/second-factor/passkey/options',
  '/second-factor/passkey',
  '/sign-in/provider',
  '/sign-in/provider/callback',
]);

/** Fields that make any of the directory forms valid, so a missing tenancy check would really write. */
const ANY_FORM: Record<string, string | string[]> = {
  givenName: 'Hijacked',
  familyName: 'Byoutsider',
  preferredName: 'Hijack',
  email: 'hijacked@outsider.example.org',
  employmentType: 'full-time',
  jobTitle: 'Intruder',
  upn: makeUpn(777_001),
  'dateOfBirth-day': '2',
  'dateOfBirth-month': '3',
  'dateOfBirth-year': '2016',
  yearGroup: '5',
  formGroup: '5H',
  consents: ['social', 'website', 'press'],
  neverPublish: 'no',
  relationship: 'Intruder',
  phone: '07700 900 999',
  name: 'Hijacked token',
};

const PARAM = /:(\w+)|\*/g;

function paramsOf(url: string): string[] {
  return [...url.matchAll(PARAM)].map((m) => m[1] ?? '*');
}

/** The route with each parameter replaced by an A1 record, or the names of the parameters no rule knows. */
function substitute(
  url: string,
  ids: Record<RecordKind, string>,
): { url: string; unknown: string[]; records: RecordKind[] } {
  const unknown: string[] = [];
  const records: RecordKind[] = [];
  const concrete = url.replace(PARAM, (match, name: string | undefined, offset: number) => {
    const before = url.slice(0, offset);
    const rule = PARAMETER_RULES.find((r) => r.param === name && r.before.test(before));
    if (!rule) {
      unknown.push(match);
      return match;
    }
    records.push(rule.record);
    return ids[rule.record];
  });
  return { url: concrete, unknown, records };
}

function routes(t: TestApp): { method: string; url: string; access: string }[] {
  return [...t.app.routeAccess].map(([key, access]) => {
    const [method, url] = key.split(' ') as [string, string];
    return { method, url, access };
  });
}

describe('tenancy: one school never reaches another school’s records', () => {
  let t: TestApp;
  let world: World;
  let adminA1: Agent;
  /** People who hold every permission a directory route needs, in another trust and in another school of the same trust. */
  const outsiders: { label: string; agent: Agent; permissions: Set<Permission>; sameTrust: boolean }[] = [];
  let trustAdminB: Agent;
  const tokens = { a1: '', a2: '', b1: '' };
  let ids: Record<RecordKind, string>;
  /** Text that belongs to school A1 only: none of it may appear in any other tenant's responses. */
  let markers: string[];

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t.database.db);
    // A headteacher at A2 as well, so the same-trust walk is done with every school-level permission.
    const hash = (
      await t.database.db
        .selectFrom('person')
        .select('password_hash')
        .where('id', '=', world.people['admin-a2']!.id)
        .executeTakeFirstOrThrow()
    ).password_hash;
    const headA2 = randomUUID();
    await t.database.db
      .insertInto('person')
      .values({
        id: headA2,
        trust_id: world.trustA,
        school_id: world.schoolA2,
        mis_id: null,
        given_name: 'head',
        family_name: 'Tester',
        email: 'head-a2@example.sch.uk',
        employment_type: 'full-time',
        job_title: null,
        start_date: '2020-09-01',
        leaving_date: null,
        password_hash: hash,
        created_at: new Date(),
        updated_at: new Date(),
      })
      .execute();
    await t.database.db
      .insertInto('role_assignment')
      .values({ person_id: headA2, trust_id: world.trustA, school_id: world.schoolA2, role: 'headteacher' })
      .execute();
    world.people['head-a2'] = { id: headA2, email: 'head-a2@example.sch.uk' };

    // The owner holds every accounts permission (the head's approval needs the headteacher role), so each account page is walked as its owner.
    for (const role of ['account_admin', 'slt', 'headteacher'] as const)
      await t.database.db
        .insertInto('role_assignment')
        .values({ person_id: world.people['admin-a1']!.id, trust_id: world.trustA, school_id: world.schoolA1, role })
        .execute();
    adminA1 = await signedIn(t, world, 'admin-a1', '/staff/new');
    // School A1's records of every kind a route can name.
    const teacher = world.people['teacher-a1']!.id;
    const edit = await adminA1.post(`/staff/${teacher}`, {
      givenName: 'teacher',
      familyName: 'Tester',
      email: world.people['teacher-a1']!.email,
      employmentType: 'full-time',
      jobTitle: 'Zephyr class lead',
    });
    expect(edit.statusCode).toBe(302);
    const parent = await adminA1.post(`/pupils/${world.pupils['jo-a1']}/parents/new`, {
      givenName: 'Persephone',
      familyName: 'Windrush',
      relationship: 'Grandmother',
      email: 'persephone.windrush@example.com',
      phone: '',
    });
    expect(parent.statusCode).toBe(302);
    const upload = await adminA1.upload(
      '/imports/new',
      { kind: 'pupils', scope: 'whole' },
      {
        field: 'file',
        filename: 'alder-one-roster.csv',
        content: fs.readFileSync(path.join(import.meta.dirname, '../../fixtures/import/pupils-sims.csv')),
      },
    );
    expect(upload.statusCode).toBe(302);
    tokens.a1 = await createTokenThroughUi(adminA1, 'Alder One nightly sync');
    // School A1's own policy draft, with a clause only A1 wrote.
    const draft = await adminA1.post('/policy/start', {});
    expect(draft.statusCode).toBe(302);
    const draftId = String(draft.headers.location).split('/').pop()!;
    const version = await t.database.db
      .selectFrom('policy_version')
      .select('document')
      .where('id', '=', draftId)
      .executeTakeFirstOrThrow();
    const clauseKey = (version.document as { sections: { clauses: { key: string }[] }[] }).sections[0]!.clauses[0]!.key;
    const clause = await adminA1.post(`/policy/versions/${draftId}/clauses/${clauseKey}`, {
      title: 'Quetzal rule',
      text: 'Staff at Alder Primary follow the Quetzal rule.',
    });
    expect(clause.statusCode).toBe(302);
    // A course of the trust (added in the trust view), and an A1 teacher's completion of it with evidence only A1 may read.
    const trustAdminA = await signedIn(t, world, 'trustadmin-a', '/switch');
    expect((await trustAdminA.post('/switch', { school: 'trust' })).headers.location).toBe('/trust');
    const course = await trustAdminA.post(
      '/training/courses/new',
      { title: 'Trust induction', description: 'Online safety basics', validMonths: '12' },
      { tokenFrom: '/training/courses/new' },
    );
    expect(course.statusCode).toBe(302);
    const courseId = String(course.headers.location).split('/').pop()!;
    const completion = await adminA1.post(`/training/courses/${courseId}/completions/new`, {
      personId: world.people['teacher-a1']!.id,
      'completedOn-day': '1',
      'completedOn-month': '9',
      'completedOn-year': '2026',
      evidence: 'Nightjar certificate 4471',
    });
    expect(completion.statusCode).toBe(302);
    // A password reset email for an A1 person, so the outbox has A1 mail in it.
    const anonymous = new Agent(t.app);
    expect((await anonymous.post('/forgot-password', { email: world.people['teacher-a1']!.email })).statusCode).toBe(
      200,
    );
    await t.drainJobs();

    const db = t.database.db;
    // An official account of A1, live, run by two of its people.
    const account = await db
      .insertInto('official_account')
      .values({
        trust_id: world.trustA,
        school_id: world.schoolA1,
        name: 'Kingfisher class news',
        platform: 'bluesky',
        status: 'active',
        applicant_id: world.people['teacher-a1']!.id,
        aim: 'Share Kingfisher class news with families',
        audience: 'Kingfisher families',
        promotion: 'Newsletter',
        handle: 'kingfisher-alder.bsky.social',
        address: 'https://bsky.app/profile/kingfisher-alder.bsky.social',
        recovery_email: 'kingfisher@alder.example.sch.uk',
        tagging_disabled: true,
        two_factor_enabled: true,
        activated_on: '2026-09-01',
        review_due: '2027-09-01',
        created_at: new Date(),
        updated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [key, lead] of [
      ['teacher-a1', true],
      ['admin-a1', false],
    ] as const) {
      await db
        .insertInto('account_operator')
        .values({
          account_id: account.id,
          person_id: world.people[key]!.id,
          trust_id: world.trustA,
          school_id: world.schoolA1,
          is_lead: lead,
          added_at: new Date(),
          added_by: null,
        })
        .execute();
    }
    // A post of A1 waiting for approval (admin-a1 is its head, so walks the decision page), with a cleaned photo.
    const post = await db
      .insertInto('post')
      .values({
        trust_id: world.trustA,
        school_id: world.schoolA1,
        account_id: account.id,
        author_id: world.people['teacher-a1']!.id,
        status: 'submitted',
        text: 'Kingfisher class planted the Quetzal garden today',
        content_hash: 'walk',
        submitted_at: new Date(),
        created_at: new Date(),
        updated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#3070a0' } })
      .jpeg()
      .toBuffer();
    const image = await db
      .insertInto('post_image')
      .values({
        post_id: post.id,
        trust_id: world.trustA,
        school_id: world.schoolA1,
        position: 1,
        file_name: 'kingfisher-garden.jpg',
        mime_type: 'image/jpeg',
        bytes: jpeg,
        sha256: 'walk',
        width: 8,
        height: 8,
        alt_text: 'Kingfisher class digging',
        created_at: new Date(),
        updated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // A case of A1 (not restricted, so its head may open every page of it), with a screenshot and an action.
    const reported = await reportConcern(
      db,
      new Date(),
      { trustId: world.trustA, schoolId: world.schoolA1 },
      { id: world.people['teacher-a1']!.id, label: 'teacher Tester' },
      {
        kind: 'staff-cyberbullying',
        description: 'Kingfisher parents posted about the Quetzal trip leader',
        disclosure: '',
        atRisk: 'no',
        where: 'https://social.example/kingfisher',
        whereSite: '',
        day: '',
        month: '',
        year: '',
        time: '',
        involved: ['', '', ''],
        picks: ['', '', ''],
        outside: '',
        postId: '',
      },
      [
        {
          fileName: 'kingfisher-screenshot.png',
          declaredType: 'image/png',
          bytes: await sharp({ create: { width: 8, height: 8, channels: 3, background: '#a03070' } })
            .png()
            .toBuffer(),
          truncated: false,
        },
      ],
      { uploadLimitMb: 5, baseUrl: 'http://localhost:3000' },
    );
    const caseEvidence = await db
      .selectFrom('case_evidence')
      .select('id')
      .where('case_id', '=', reported.caseId)
      .where('kind', '=', 'file')
      .executeTakeFirstOrThrow();
    const caseAction = await db
      .selectFrom('case_action')
      .select('id')
      .where('case_id', '=', reported.caseId)
      .where('kind', '=', 'takedown-request')
      .executeTakeFirstOrThrow();
    // A1's own policy brought in as text (POL-7), open at its first step.
    const policyImport = await startImport(
      db,
      new Date(),
      { trustId: world.trustA, schoolId: world.schoolA1 },
      { id: world.people['admin-a1']!.id, label: 'admin Tester' },
      { kind: 'pasted', text: 'Kingfisher policy\n\nScope\n\nMessages are answered within 24 hours.' },
    );
    // A monitoring record of A1 (GOV-2): only A1's head and HR may open it.
    const monitoring = await db
      .insertInto('monitoring_record')
      .values({
        trust_id: world.trustA,
        school_id: world.schoolA1,
        subject_id: teacher,
        reason: 'Quetzal laptop concern',
        systems: 'School email',
        starts_on: '2026-11-18',
        ends_on: '2026-12-18',
        authorised_by: world.people['head-a1']!.id,
        authorised_as: 'headteacher',
        recorded_by: world.people['head-a1']!.id,
        recorded_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids = {
      policyImport,
      monitoringRecord: monitoring.id,
      case: reported.caseId,
      caseAction: caseAction.id,
      caseEvidence: caseEvidence.id,
      post: post.id,
      postImage: image.id,
      inboxItem: await seedInboxItem(db, { trustId: world.trustA, schoolId: world.schoolA1, accountId: account.id }),
      pupil: world.pupils['jo-a1']!,
      staff: teacher,
      parent: (
        await db.selectFrom('parent').select('id').where('given_name', '=', 'Persephone').executeTakeFirstOrThrow()
      ).id,
      importBatch: (
        await db
          .selectFrom('import_batch')
          .select('id')
          .where('school_id', '=', world.schoolA1)
          .executeTakeFirstOrThrow()
      ).id,
      apiToken: (
        await db.selectFrom('api_token').select('id').where('school_id', '=', world.schoolA1).executeTakeFirstOrThrow()
      ).id,
      policyVersion: draftId,
      clauseKey,
      trainingCourse: courseId,
      officialAccount: account.id,
      webSession: (
        await db
          .selectFrom('web_session')
          .select('public_id')
          .where('person_id', '=', world.people['admin-a1']!.id)
          .orderBy('signed_in_at', 'desc')
          .executeTakeFirstOrThrow()
      ).public_id,
      ...(await seedMentionRecords(db, world)),
    };
    markers = [
      'Alder Primary',
      'Josephine',
      'Quill',
      'Marnie',
      'Oakhurst',
      'Placement address',
      'Persephone',
      'Windrush',
      'Zephyr',
      'alder-one-roster.csv',
      'Alder One nightly sync',
      'Aaliyah', // a pupil in A1's import preview
      'Quetzal',
      'Nightjar',
      'Kingfisher',
      'kingfisher-alder',
      ...['admin-a1', 'head-a1', 'dsl-a1', 'teacher-a1', 'slt-a1', 'hr-a1', 'leaver-a1'].map(
        (k) => world.people[k]!.email,
      ),
      ...Object.values(ids).filter((id) => id !== ids.clauseKey && id !== ids.trainingCourse),
    ];

    // The outside administrators also administer official accounts and sit on SLT, so every account route is walked.
    for (const key of ['admin-b1', 'admin-a2']) {
      const person = world.people[key]!.id;
      const row = await t.database.db
        .selectFrom('person')
        .select(['trust_id', 'school_id'])
        .where('id', '=', person)
        .executeTakeFirstOrThrow();
      for (const role of ['account_admin', 'slt'] as const)
        await t.database.db
          .insertInto('role_assignment')
          .values({ person_id: person, trust_id: row.trust_id, school_id: row.school_id, role })
          .execute();
    }
    for (const key of ['admin-b1', 'head-b1', 'admin-a2', 'head-a2']) {
      const agent = await signedIn(t, world, key, '/staff/new');
      const roles = key.startsWith('head')
        ? ['headteacher' as const]
        : ['school_admin' as const, 'account_admin' as const, 'slt' as const];
      outsiders.push({
        label: key,
        agent,
        permissions: permissionsFor([...roles, 'staff']),
        sameTrust: key.endsWith('a2'),
      });
    }
    tokens.b1 = await createTokenThroughUi(outsiders[0]!.agent, 'Birch sync');
    tokens.a2 = await createTokenThroughUi(outsiders[2]!.agent, 'Alder Secondary sync');
    trustAdminB = await signedIn(t, world, 'trustadmin-b', '/switch');
    expect((await trustAdminB.post('/switch', { school: 'trust' })).headers.location).toBe('/trust');
  }, 180_000);

  afterAll(async () => {
    await t?.close();
  });

  it('ORG-1: every route with a record id answers 404 to another school and another trust, and changes nothing', async () => {
    const all = routes(t);
    const withParams = all.filter((r) => paramsOf(r.url).length > 0);
    expect(withParams.length).toBeGreaterThan(10);
    // Exemptions are only for public routes, and must still exist (a stale exemption hides nothing).
    for (const url of Object.keys(NOT_TENANT_RECORDS)) {
      const matching = all.filter((r) => r.url === url);
      expect(matching.length, `${url} is exempt but no longer registered`).toBeGreaterThan(0);
      for (const r of matching)
        expect(r.access, `${r.method} ${r.url} is exempt from the walk so must be public`).toBe('public');
    }
    const walked = withParams.filter((r) => !NOT_TENANT_RECORDS[r.url]);
    const noSubstitution = walked
      .map((r) => ({ r, s: substitute(r.url, ids) }))
      .filter(({ s }) => s.unknown.length)
      .map(({ r, s }) => `${r.method} ${r.url}: ${s.unknown.join(', ')}`);
    expect(
      noSubstitution,
      'routes with parameters this walk does not know how to fill: add a rule to PARAMETER_RULES',
    ).toEqual([]);

    const failures: string[] = [];
    let requests = 0;
    // Trust-view pages of a record: the owner is A's trust (its administrator, in the trust view); the outsider is trust B's.
    const trustAdminA = await signedIn(t, world, 'trustadmin-a', '/switch');
    expect((await trustAdminA.post('/switch', { school: 'trust' })).headers.location).toBe('/trust');
    let last = await snapshot(t);
    for (const route of walked.filter((r) => r.url.startsWith('/trust/'))) {
      const { url } = substitute(route.url, ids);
      expect(route.method, `${route.url}: only trust-view pages that read are walked this way`).not.toBe('POST');
      const own = await t.app.inject({
        method: route.method as 'GET' | 'HEAD',
        url,
        headers: { cookie: cookieOf(trustAdminA)! },
      });
      if (own.statusCode !== 200)
        failures.push(`${route.method} ${url} as trustadmin-a (the owner's trust): ${own.statusCode}, expected 200`);
      last = await snapshot(t);
      const response = await t.app.inject({
        method: route.method as 'GET' | 'HEAD',
        url,
        headers: { cookie: cookieOf(trustAdminB)! },
      });
      requests++;
      const changed = changedTables(last, await snapshot(t));
      if (response.statusCode !== 404)
        failures.push(`${route.method} ${url} as trustadmin-b (trust view): ${response.statusCode}, expected 404`);
      if (changed.length) failures.push(`${route.method} ${url} as trustadmin-b changed ${changed.join('; ')}`);
      const leaked = markers.filter((m) => response.body.includes(m));
      if (leaked.length) failures.push(`${route.method} ${url} as trustadmin-b showed ${leaked.join(', ')}`);
    }
    last = await snapshot(t);
    for (const route of walked.filter((r) => !r.url.startsWith('/trust/'))) {
      const { url, records } = substitute(route.url, ids);
      const trustLevel = records.some((r) => TRUST_LEVEL_RECORDS.has(r));
      const api = route.url.startsWith('/api/');
      // Proof that the id really is A1's record: A1 itself reaches it.
      if (route.method === 'GET') {
        const own = api
          ? await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens.a1}` } })
          : await adminA1.get(url);
        // A page for a step the record is not at may send the owner back to the record's own page.
        const toOwnRecord =
          own.statusCode === 302 && records.some((r) => String(own.headers.location ?? '').includes(ids[r]));
        if (own.statusCode !== 200 && !toOwnRecord)
          failures.push(`${route.method} ${url} as admin-a1 (the owner): ${own.statusCode}, expected 200`);
        last = await snapshot(t); // whatever the owner's own visit records is not the outsiders' doing
      }
      const callers = api
        ? [
            { label: 'B1 API token', token: tokens.b1, sameTrust: false },
            { label: 'A2 API token', token: tokens.a2, sameTrust: true },
          ]
        : outsiders
            .filter(
              (o) =>
                route.access === 'signed-in' ||
                route.access === 'public' ||
                o.permissions.has(route.access as Permission),
            )
            .filter((o) => !(trustLevel && o.sameTrust && route.method === 'POST'));
      if (!api) {
        // The permission gate answers 404 too, so the walk only proves tenancy with callers who pass it.
        if (!(trustLevel && route.method === 'POST'))
          expect(
            callers.some((c) => c.sameTrust),
            `nobody in A2 holds ${route.access} for ${route.url}`,
          ).toBe(true);
        expect(
          callers.some((c) => !c.sameTrust),
          `nobody in B1 holds ${route.access} for ${route.url}`,
        ).toBe(true);
      }
      for (const caller of callers) {
        let response: LightMyRequestResponse;
        if ('token' in caller) {
          response = await t.app.inject({
            method: route.method as 'GET' | 'HEAD' | 'POST',
            url,
            headers: { authorization: `Bearer ${caller.token}` },
            ...(route.method === 'POST' ? { payload: { ...ANY_FORM, yearGroup: 5, dateOfBirth: '2016-03-02' } } : {}),
          });
        } else if (route.method === 'POST') {
          response = await caller.agent.post(url, ANY_FORM);
        } else {
          const cookie = cookieOf(caller.agent);
          response = await t.app.inject({
            method: route.method as 'GET' | 'HEAD',
            url,
            headers: cookie ? { cookie } : {},
          });
        }
        requests++;
        const now = await snapshot(t);
        const changed = changedTables(last, now);
        last = now;
        const expected = trustLevel && caller.sameTrust ? [200] : [404];
        if (!expected.includes(response.statusCode))
          failures.push(
            `${route.method} ${url} as ${caller.label}: ${response.statusCode}, expected ${expected.join(' or ')}`,
          );
        if (changed.length) failures.push(`${route.method} ${url} as ${caller.label} changed ${changed.join('; ')}`);
        const leaked = markers.filter((m) => response.body.includes(m));
        if (leaked.length) failures.push(`${route.method} ${url} as ${caller.label} showed ${leaked.join(', ')}`);
      }
    }
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(40);
    // The records are all still there, untouched.
    const jo = await t.database.db
      .selectFrom('pupil')
      .selectAll()
      .where('id', '=', ids.pupil)
      .executeTakeFirstOrThrow();
    expect(jo).toMatchObject({
      given_name: 'Josephine',
      family_name: 'Quill',
      school_id: world.schoolA1,
      year_group: 4,
    });
    expect(
      await t.database.db.selectFrom('pupil_parent').select('parent_id').where('pupil_id', '=', ids.pupil).execute(),
    ).toEqual([{ parent_id: ids.parent }]);
    expect(
      (
        await t.database.db
          .selectFrom('api_token')
          .select('revoked_at')
          .where('id', '=', ids.apiToken)
          .executeTakeFirstOrThrow()
      ).revoked_at,
    ).toBeNull();
    expect(
      (
        await t.database.db
          .selectFrom('import_batch')
          .select('status')
          .where('id', '=', ids.importBatch)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('previewed');
    expect(
      await t.database.db
        .selectFrom('person')
        .select('id')
        .where('email', '=', ANY_FORM.email as string)
        .execute(),
    ).toEqual([]);
  }, 180_000);

  it('ORG-1: list pages, the trust view and the API never show school A1’s records to another school or trust', async () => {
    const listRoutes = routes(t).filter(
      (r) => r.method === 'GET' && paramsOf(r.url).length === 0 && r.access !== 'public',
    );
    for (const required of [
      '/staff',
      '/pupils',
      '/imports',
      '/audit',
      '/outbox',
      '/settings/api-tokens',
      '/api/v1/pupils',
      '/api/v1/staff',
    ]) {
      expect(
        listRoutes.map((r) => r.url),
        `${required} is no longer a route: update this test`,
      ).toContain(required);
    }
    // The markers are real: school A1 sees each of them somewhere on these pages.
    const ownBodies: string[] = [];
    for (const r of listRoutes) {
      ownBodies.push(
        r.url.startsWith('/api/')
          ? (await t.app.inject({ method: 'GET', url: r.url, headers: { authorization: `Bearer ${tokens.a1}` } })).body
          : (await adminA1.get(r.url)).body,
      );
    }
    const ownText = ownBodies.join('\n');
    for (const m of [
      'Alder Primary',
      'Josephine',
      'Oakhurst',
      'Zephyr',
      'alder-one-roster.csv',
      'Alder One nightly sync',
      world.people['teacher-a1']!.email,
    ]) {
      expect(ownText, `school A1 should see ${m}`).toContain(m);
    }

    const before = await snapshot(t);
    const failures: string[] = [];
    const seen: Record<string, string> = {};
    for (const r of listRoutes) {
      const callers: { label: string; get: () => Promise<LightMyRequestResponse> }[] = r.url.startsWith('/api/')
        ? [
            {
              label: 'B1 API token',
              get: () =>
                t.app.inject({
                  method: 'GET',
                  url: `${r.url}?includeLeavers=true`,
                  headers: { authorization: `Bearer ${tokens.b1}` },
                }),
            },
            {
              label: 'A2 API token',
              get: () =>
                t.app.inject({
                  method: 'GET',
                  url: `${r.url}?includeLeavers=true`,
                  headers: { authorization: `Bearer ${tokens.a2}` },
                }),
            },
          ]
        : [
            ...outsiders.map((o) => ({ label: o.label, get: () => o.agent.get(`${r.url}?leavers=1`) })),
            { label: 'trustadmin-b (trust view)', get: () => trustAdminB.get(r.url) },
          ];
      for (const caller of callers) {
        const response = await caller.get();
        seen[`${caller.label} ${r.url}`] = response.body;
        const leaked = markers.filter((m) => response.body.includes(m));
        if (leaked.length)
          failures.push(`GET ${r.url} as ${caller.label} (${response.statusCode}) showed ${leaked.join(', ')}`);
      }
    }
    expect(failures).toEqual([]);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    // …and the outsiders do see their own school, so the pages above were real pages, not errors.
    expect(seen['admin-b1 /pupils']).toContain('Beatrix');
    expect(seen['admin-b1 /staff']).toContain(world.people['admin-b1']!.email);
    expect(seen['admin-b1 /settings/api-tokens']).toContain('Birch sync');
    expect(seen['admin-a2 /pupils']).toContain('Samir');
    expect(seen['admin-a2 /settings/api-tokens']).toContain('Alder Secondary sync');
    expect(seen['trustadmin-b (trust view) /trust']).toContain('Birch Primary');
    const api = JSON.parse(seen['B1 API token /api/v1/pupils']!) as { total: number; items: { givenName: string }[] };
    expect(api.items.map((p) => p.givenName)).toEqual(['Beatrix']);
    expect(api.total).toBe(1);
    const apiA2 = JSON.parse(seen['A2 API token /api/v1/pupils']!) as { items: { givenName: string }[] };
    expect(apiA2.items.map((p) => p.givenName)).toEqual(['Samir']);
  });

  it('ORG-1: mail for the trust (a trust administrator’s password reset link) is in no school’s outbox, only in the trust view', async () => {
    const trustAdminA = world.people['trustadmin-a']!.email;
    expect((await new Agent(t.app).post('/forgot-password', { email: trustAdminA })).statusCode).toBe(200);
    await t.drainJobs();
    const mail = await t.database.db
      .selectFrom('mail_message')
      .select(['school_id', 'trust_id', 'status'])
      .where('to_address', '=', trustAdminA)
      .executeTakeFirstOrThrow();
    expect(mail).toEqual({ school_id: null, trust_id: world.trustA, status: 'outbox' });
    // A school administrator who could read the link could take over the trust administrator's account.
    for (const [label, agent] of [
      ['admin-a1', adminA1],
      ['admin-a2', outsiders[2]!.agent],
      ['head-a2', outsiders[3]!.agent],
    ] as const) {
      const outbox = await agent.get('/outbox');
      expect(outbox.statusCode, label).toBe(200);
      expect(outbox.body, label).not.toContain(trustAdminA);
      if (label !== 'admin-a1') expect(outbox.body, label).toContain('No emails yet.');
    }
    expect((await adminA1.get('/outbox')).body).toContain(world.people['teacher-a1']!.email); // its own school's mail is still there
    const trustAdmin = await signedIn(t, world, 'trustadmin-a', '/switch');
    await trustAdmin.post('/switch', { school: 'trust' });
    expect((await trustAdmin.get('/outbox')).body).toContain(`To ${trustAdminA}`);
  });

  it('ORG-3: every route declares its access, and the routes open to everyone are only the known ones', () => {
    const known = new Set<string>(['public', 'signed-in', ...PERMISSIONS]);
    const all = routes(t);
    expect(all.length).toBeGreaterThan(40);
    expect(all.filter((r) => !known.has(r.access)).map((r) => `${r.method} ${r.url}: ${r.access}`)).toEqual([]);
    const unexpectedPublic = all.filter(
      (r) => r.access === 'public' && !PUBLIC_ROUTES.has(r.url) && !r.url.startsWith('/assets/'),
    );
    expect(
      unexpectedPublic.map((r) => `${r.method} ${r.url}`),
      'a new public route: add it to PUBLIC_ROUTES if it really is for everyone',
    ).toEqual([]);
    // The directory pages are all behind a permission.
    for (const r of all.filter((x) => /^\/(staff|pupils|imports|api\/v1)/.test(x.url)))
      expect(PERMISSIONS as readonly string[], `${r.method} ${r.url}`).toContain(r.access);
  });

  it('ORG-3: a route that does not declare who may reach it stops the app from starting (deny by default)', async () => {
    const deps = {
      config: t.config,
      db: t.database.db,
      backend: t.database.backend,
      clock: t.clock,
      jobs: t.jobs,
      masterKey: Buffer.alloc(32, 7),
      connectors: connectorsFor,
      logger: false,
    };
    const undeclared = await buildApp(deps);
    let error: unknown;
    try {
      undeclared.get('/undeclared', async () => 'secret');
      await undeclared.ready();
    } catch (e) {
      error = e;
    }
    await undeclared.close().catch(() => undefined);
    expect(String(error)).toContain('Route GET /undeclared does not declare its access');

    // The same route with its access declared is accepted and guarded: a signed-out visitor is sent to sign in.
    const declared = await buildApp(deps);
    declared.get('/declared', { config: { access: 'pupils.view' } }, async () => 'secret');
    await declared.ready();
    const response = await declared.inject({ method: 'GET', url: '/declared' });
    await declared.close();
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/sign-in?next=%2Fdeclared');
  });

  it('ORG-3: a member of staff with no other role gets 404 from every route that needs a permission, and changes nothing', async () => {
    const teacher = await signedIn(t, world, 'teacher-a1');
    const has = permissionsFor(['staff']);
    const guarded = routes(t).filter(
      (r) =>
        r.access !== 'public' &&
        r.access !== 'signed-in' &&
        !has.has(r.access as Permission) &&
        !r.url.startsWith('/api/'),
    );
    expect(guarded.length).toBeGreaterThan(20);
    const failures: string[] = [];
    const before = await snapshot(t);
    for (const route of guarded) {
      const url = substitute(route.url, ids).url; // A1's own records: the teacher's own school
      const response =
        route.method === 'POST'
          ? await teacher.post(url, ANY_FORM)
          : await t.app.inject({
              method: route.method as 'GET' | 'HEAD',
              url,
              headers: { cookie: cookieOf(teacher)! },
            });
      // Known deviation (reported, in src/app.ts): a trust-view page checks the scope before the
      // permission, so it sends a school-scoped visitor to /switch instead of answering 404. It shows
      // nothing of the trust, and /switch offers no trust view to the teacher (checked below).
      if (route.access === 'trust.view' && response.statusCode === 302 && response.headers.location === '/switch')
        continue;
      if (response.statusCode !== 404)
        failures.push(
          `${route.method} ${url} (${route.access}): ${response.statusCode}${response.headers.location ? ` → ${response.headers.location}` : ''}`,
        );
    }
    expect(failures).toEqual([]);
    const switchPage = await teacher.get('/switch');
    expect(switchPage.statusCode).toBe(200);
    expect(switchPage.body).not.toContain('The whole trust');
    expect((await teacher.post('/switch', { school: 'trust' })).statusCode).toBe(400);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    // The teacher is really signed in: pages for everyone still answer.
    expect((await teacher.get('/')).statusCode).toBe(200);
    expect((await teacher.get('/account')).statusCode).toBe(200);
  });
});
