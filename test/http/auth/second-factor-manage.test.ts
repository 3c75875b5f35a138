// AUTH-2: "Your second factor" (list, add, remove with a re-check, never the last one someone needs,
// new recovery codes) and an administrator's reset decided by the one change rule; AUTH-3: the reset
// ends every session. Codes are computed from the shared secret at the test app's (fixed) clock.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { Agent, decode, errorSummary } from '../../support/agent.ts';
import { PASSWORD, seedWorld, type World } from '../../support/world.ts';
import { enrolAuthenticator, type Enrolled } from '../../support/second-factor.ts';

let t: TestApp;
let world: World;
const MINUTE = 60_000;
const id = (key: string) => world.people[key]!.id;
const email = (key: string) => world.people[key]!.email;

async function signIn(key: string) {
  const agent = new Agent(t.app);
  const response = await agent.signIn(email(key), PASSWORD);
  return { agent, response };
}

/** Signs in someone who has a factor, answering the code page with their app. */
async function signInWithCode(key: string, factor: Enrolled) {
  const { agent, response } = await signIn(key);
  expect(response.headers.location).toBe('/second-factor');
  t.clock.advance(30_000);
  agent.csrfToken = undefined;
  const done = await agent.post('/second-factor', { code: factor.code() }, { tokenFrom: '/second-factor' });
  expect(done.statusCode).toBe(302);
  return agent;
}

/** Answers the re-check the guard sent the person to, and follows it back. */
async function passCheck(agent: Agent, asked: { headers: Record<string, unknown> }, code: string) {
  const location = String(asked.headers.location);
  expect(location).toMatch(/^\/second-factor\/check\?next=/);
  await agent.get(location);
  const next = new URL(location, 'http://x').searchParams.get('next')!;
  const passed = await agent.post('/second-factor/check', { code, next });
  expect(passed.statusCode).toBe(302);
}

async function factorsOf(key: string) {
  return t.database.db
    .selectFrom('second_factor')
    .select(['id', 'kind'])
    .where('person_id', '=', id(key))
    .orderBy('created_at')
    .execute();
}
async function recoveryCodesOf(key: string) {
  return t.database.db.selectFrom('recovery_code').select('code_hash').where('person_id', '=', id(key)).execute();
}
async function mailsTo(key: string, subject: string) {
  return t.database.db
    .selectFrom('mail_message')
    .select(['body_text'])
    .where('to_address', '=', email(key))
    .where('subject', '=', subject)
    .execute();
}
async function audits(action: string, key: string) {
  return t.database.db
    .selectFrom('audit_event')
    .selectAll()
    .where('action', '=', action)
    .where('entity_id', '=', id(key))
    .execute();
}

let dsl: Enrolled;
let dslAgent: Agent;
let secondApp: Enrolled;
let headApp: Enrolled;

beforeAll(async () => {
  t = await startTestApp();
  world = await seedWorld(t.database.db);
  // The harness's trusts do not require a second factor; these tests are about a trust that does (the default).
  await t.database.db
    .updateTable('trust')
    .set({ second_factor_required: true })
    .where('id', '=', world.trustA)
    .execute();
  // Someone of school A1 who is also a trust administrator (their home school is A1, so their record is here).
  const trustAdminHere = randomUUID();
  const hash = (
    await t.database.db
      .selectFrom('person')
      .select('password_hash')
      .where('id', '=', id('teacher-a1'))
      .executeTakeFirstOrThrow()
  ).password_hash;
  await t.database.db
    .insertInto('person')
    .values({
      id: trustAdminHere,
      trust_id: world.trustA,
      school_id: world.schoolA1,
      mis_id: null,
      given_name: 'Tamsin',
      family_name: 'Trustwide',
      email: 'tamsin@example.sch.uk',
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
    .values({ person_id: trustAdminHere, trust_id: world.trustA, school_id: null, role: 'trust_admin' })
    .execute();
  world.people['tadmin-a1'] = { id: trustAdminHere, email: 'tamsin@example.sch.uk' };
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('AUTH-2: your second factor', () => {
  it('AUTH-2: "Your second factor" is reached from /account and lists each passkey and authenticator app with when it was added and last used', async () => {
    const { agent, response } = await signIn('dsl-a1');
    expect(response.headers.location).toBe('/second-factor/set-up?next=%2F');
    dsl = await enrolAuthenticator(t, agent);
    dslAgent = agent;
    expect((await agent.get('/account')).body).toContain('href="/account/second-factor"');
    // A passkey stored earlier (set up in a browser; the browser tests drive WebAuthn itself).
    await t.database.db
      .insertInto('second_factor')
      .values({
        person_id: id('dsl-a1'),
        kind: 'passkey',
        label: 'Passkey',
        credential_id: `cred-${randomUUID()}`,
        public_key: 'AAAA',
        sign_count: 0,
        transports: 'internal',
        created_at: t.clock.now(),
        last_used_at: null,
      })
      .execute();
    const page = await agent.get('/account/second-factor');
    expect(page.statusCode).toBe(200);
    const rows = [
      ...decode(page.body).matchAll(
        /<tr class="govuk-table__row">\s*<td[^>]*>([^<]+)<\/td>\s*<td[^>]*>([^<]+)<\/td>\s*<td[^>]*>([^<]+)<\/td>/g,
      ),
    ].map((m) => [m[1]!.trim(), m[3]!.trim()]);
    expect(rows.map((r) => r[0])).toEqual(['Authenticator app', 'Passkey']);
    expect(rows[0]![1]).not.toBe('Not yet');
    expect(rows[1]![1]).toBe('Not yet');
    expect(decode(page.body)).toContain('You have 10 unused recovery codes');
    expect(page.body).toContain(`/account/second-factor/remove?factor=${(await factorsOf('dsl-a1'))[0]!.id}`);
    // Someone else's page shows their own factors, not the DSL's.
    const teacher = (await signIn('teacher-a1')).agent;
    const theirs = await teacher.get('/account/second-factor');
    expect(decode(theirs.body)).toContain('You have no second factor');
    expect(theirs.body).not.toContain('/account/second-factor/remove?factor=');
  });

  it('AUTH-2: adding another authenticator app asks for a current factor after 15 minutes, then adds it; emailed and audited', async () => {
    t.clock.advance(16 * MINUTE);
    const asked = await dslAgent.get('/second-factor/set-up?next=%2Faccount%2Fsecond-factor');
    await passCheck(dslAgent, asked, dsl.code());
    secondApp = await enrolAuthenticator(t, dslAgent);
    expect((await factorsOf('dsl-a1')).map((f) => f.kind)).toEqual(['totp', 'passkey', 'totp']);
    expect(await mailsTo('dsl-a1', 'A second factor was added to your Postwarden account')).toHaveLength(2);
    expect(await audits('person.second-factor-added', 'dsl-a1')).toHaveLength(2);
  });

  it('AUTH-2: removing a factor asks for a current one first, removes only that one, and emails and audits it', async () => {
    t.clock.advance(16 * MINUTE);
    const passkey = (await factorsOf('dsl-a1')).find((f) => f.kind === 'passkey')!;
    const askedPage = await dslAgent.get(`/account/second-factor/remove?factor=${passkey.id}`);
    expect(String(askedPage.headers.location)).toMatch(/^\/second-factor\/check\?next=/);
    await dslAgent.get('/account/second-factor');
    const askedPost = await dslAgent.post('/account/second-factor/remove', { factor: passkey.id });
    expect(String(askedPost.headers.location)).toMatch(/^\/second-factor\/check\?next=/);
    expect(await factorsOf('dsl-a1')).toHaveLength(3);
    await passCheck(dslAgent, askedPage, secondApp.code());
    const confirm = await dslAgent.get(`/account/second-factor/remove?factor=${passkey.id}`);
    expect(confirm.statusCode).toBe(200);
    expect(decode(confirm.body)).toContain('What happens next');
    const removed = await dslAgent.post('/account/second-factor/remove', { factor: passkey.id });
    expect(removed.headers.location).toBe('/account/second-factor');
    expect(decode((await dslAgent.get('/account/second-factor')).body)).toContain('Your passkey is removed');
    expect((await factorsOf('dsl-a1')).map((f) => f.kind)).toEqual(['totp', 'totp']);
    const mails = await mailsTo('dsl-a1', 'A second factor was removed from your Postwarden account');
    expect(mails.map((m) => m.body_text.split('\n')[2])).toEqual([
      'A passkey was removed from your Postwarden account. Your other second factor still works.',
    ]);
    expect((await audits('person.second-factor-removed', 'dsl-a1'))[0]!.summary).toMatchObject({ kind: 'passkey' });
    // Another person's factor id is not found, and nothing is removed.
    const { agent: head } = await signIn('head-a1');
    headApp = await enrolAuthenticator(t, head);
    const dslFactor = (await factorsOf('dsl-a1'))[0]!;
    expect((await head.get(`/account/second-factor/remove?factor=${dslFactor.id}`)).statusCode).toBe(404);
    expect((await head.post('/account/second-factor/remove', { factor: dslFactor.id })).statusCode).toBe(404);
    expect((await head.post('/account/second-factor/remove', { factor: 'not-an-id' })).statusCode).toBe(404);
    expect(await factorsOf('dsl-a1')).toHaveLength(2);
  });

  it('AUTH-2: the last factor of someone whose role needs one cannot be removed; the page says why and offers to set up another first', async () => {
    const [first] = await factorsOf('dsl-a1');
    expect((await dslAgent.post('/account/second-factor/remove', { factor: first!.id })).statusCode).toBe(302);
    const [last] = await factorsOf('dsl-a1');
    const page = await dslAgent.get(`/account/second-factor/remove?factor=${last!.id}`);
    expect(page.statusCode).toBe(200);
    const refusal =
      'You cannot remove your only second factor: your role needs one. Set up another one first, then remove this one';
    expect(errorSummary(page.body)).toEqual([refusal]);
    expect(page.body).toContain('href="/second-factor/set-up?next=%2Faccount%2Fsecond-factor"');
    expect(page.body).not.toContain('action="/account/second-factor/remove"');
    const refused = await dslAgent.post('/account/second-factor/remove', { factor: last!.id });
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body)).toEqual([refusal]);
    expect(await factorsOf('dsl-a1')).toHaveLength(1);
    expect(await recoveryCodesOf('dsl-a1')).toHaveLength(10);
  });

  it('AUTH-2: someone whose role needs no second factor may remove their only one, and their recovery codes go with it', async () => {
    const { agent } = await signIn('teacher-a1');
    await enrolAuthenticator(t, agent);
    const [only] = await factorsOf('teacher-a1');
    const page = await agent.get(`/account/second-factor/remove?factor=${only!.id}`);
    expect(decode(page.body)).toContain('This is your only second factor');
    expect((await agent.post('/account/second-factor/remove', { factor: only!.id })).statusCode).toBe(302);
    expect(await factorsOf('teacher-a1')).toEqual([]);
    expect(await recoveryCodesOf('teacher-a1')).toEqual([]);
    expect((await signIn('teacher-a1')).response.headers.location).toBe('/');
  });

  it('AUTH-2: new recovery codes (after a re-check) are shown once and replace the old ones: an old code is refused at sign-in, a new one works; emailed and audited', async () => {
    // The DSL's current codes came with the second app; its secret is the one left.
    const old = secondApp.recoveryCodes[0]!;
    t.clock.advance(16 * MINUTE);
    await dslAgent.get('/account/second-factor');
    const asked = await dslAgent.post('/account/second-factor/recovery-codes', {});
    expect(await mailsTo('dsl-a1', 'New recovery codes for your Postwarden account')).toHaveLength(0);
    await passCheck(dslAgent, asked, secondApp.code());
    await dslAgent.get('/account/second-factor');
    const renewed = await dslAgent.post('/account/second-factor/recovery-codes', {});
    expect(renewed.statusCode).toBe(200);
    const codes = [...renewed.body.matchAll(/<li><code class="pw-code">([a-z0-9-]+)<\/code><\/li>/g)].map((m) => m[1]!);
    expect(codes).toHaveLength(10);
    expect(codes).not.toContain(old);
    expect(decode(renewed.body)).toContain('Your earlier recovery codes no longer work');
    // Shown once: the page afterwards shows only how many are left.
    const after = await dslAgent.get('/account/second-factor');
    expect(after.body).not.toContain(codes[0]!);
    expect(decode(after.body)).toContain('You have 10 unused recovery codes');
    expect(await mailsTo('dsl-a1', 'New recovery codes for your Postwarden account')).toHaveLength(1);
    expect(await audits('person.recovery-codes-renewed', 'dsl-a1')).toHaveLength(1);

    const oldTry = await signIn('dsl-a1');
    oldTry.agent.csrfToken = undefined;
    const refused = await oldTry.agent.post('/second-factor', { code: old }, { tokenFrom: '/second-factor' });
    expect(refused.statusCode).toBe(401);
    const newTry = await signIn('dsl-a1');
    newTry.agent.csrfToken = undefined;
    const accepted = await newTry.agent.post('/second-factor', { code: codes[4]! }, { tokenFrom: '/second-factor' });
    expect(accepted.headers.location).toBe('/');
  });

  it('AUTH-2: someone with no second factor is told to set one up instead of getting recovery codes', async () => {
    const { agent } = await signIn('teacher-a1');
    expect(decode((await agent.get('/account/second-factor')).body)).not.toContain('Make new recovery codes');
    const answer = await agent.post('/account/second-factor/recovery-codes', {}, { tokenFrom: '/account' });
    expect(answer.statusCode).toBe(400);
    expect(decode(answer.body)).toContain('Set up a second factor first');
    expect(await recoveryCodesOf('teacher-a1')).toEqual([]);
  });
});

describe('AUTH-2, AUTH-3: an administrator resets someone’s second factor', () => {
  let head: Agent;

  it('AUTH-2, AUTH-3: the head resets the DSL’s second factor from the staff record: factors and codes gone, signed out everywhere, emailed, audited; at the next sign-in they set one up', async () => {
    head = await signInWithCode('head-a1', headApp);
    const record = await head.get(`/staff/${id('dsl-a1')}`);
    expect(record.body).toContain(`href="/staff/${id('dsl-a1')}/second-factor"`);
    const page = await head.get(`/staff/${id('dsl-a1')}/second-factor`);
    expect(page.statusCode).toBe(200);
    expect(decode(page.body)).toContain('when they next sign in, they set up a new second factor');
    expect(decode(page.body)).toContain(`we email dsl at ${email('dsl-a1')}`);
    const done = await head.post(`/staff/${id('dsl-a1')}/second-factor/reset`, {});
    expect(done.headers.location).toBe(`/staff/${id('dsl-a1')}`);
    expect(decode((await head.get('/staff')).body)).toMatch(
      /second factor is reset and they are signed out everywhere/,
    );
    expect(await factorsOf('dsl-a1')).toEqual([]);
    expect(await recoveryCodesOf('dsl-a1')).toEqual([]);
    // AUTH-3: the DSL's open session has ended.
    expect(String((await dslAgent.get('/account')).headers.location)).toMatch(/^\/sign-in/);
    const mails = await mailsTo('dsl-a1', 'Your Postwarden second factor was reset');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body_text).toContain('you have been signed out everywhere');
    const audit = await audits('person.second-factor-reset', 'dsl-a1');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: id('head-a1'), school_id: world.schoolA1 });
    expect(audit[0]!.summary).toMatchObject({ factors: 1 });
    expect((await signIn('dsl-a1')).response.headers.location).toBe('/second-factor/set-up?next=%2F');
  });

  it('AUTH-2: the administrator must have confirmed it is them in the last 15 minutes', async () => {
    t.clock.advance(16 * MINUTE);
    const asked = await head.get(`/staff/${id('hr-a1')}/second-factor`);
    expect(String(asked.headers.location)).toMatch(/^\/second-factor\/check\?next=/);
    await head.get(`/staff/${id('hr-a1')}`);
    const post = await head.post(`/staff/${id('hr-a1')}/second-factor/reset`, {});
    expect(String(post.headers.location)).toMatch(/^\/second-factor\/check\?next=/);
    expect(await audits('person.second-factor-reset', 'hr-a1')).toHaveLength(0);
    await passCheck(head, asked, headApp.code());
    expect((await head.get(`/staff/${id('hr-a1')}/second-factor`)).statusCode).toBe(200);
  });

  it('AUTH-2: refused by rank: a school administrator cannot reset the DSL’s, the head’s or a trust administrator’s factor, nor their own; the page says who may', async () => {
    const admin = (await signIn('admin-a1')).agent;
    await enrolAuthenticator(t, admin);
    // The DSL enrols again after the reset, so there is something to keep.
    const dslAgain = (await signIn('dsl-a1')).agent;
    await enrolAuthenticator(t, dslAgain);
    const cases: [string, string][] = [
      [
        'dsl-a1',
        'You cannot reset the second factor of someone whose authority is more than yours. Ask the headteacher or a trust administrator',
      ],
      [
        'head-a1',
        'You cannot reset the second factor of someone whose authority is more than yours. Ask the headteacher or a trust administrator',
      ],
      [
        'tadmin-a1',
        'You cannot reset the second factor of someone whose authority is more than yours. Ask a trust administrator',
      ],
      [
        'admin-a1',
        'You cannot reset your own second factor here. Use “Your second factor” on your account page, or ask another administrator',
      ],
    ];
    for (const [key, reason] of cases) {
      const before = await factorsOf(key);
      const page = await admin.get(`/staff/${id(key)}/second-factor`);
      expect(page.statusCode, key).toBe(200);
      expect(decode(page.body), key).toContain(reason);
      expect(page.body, key).not.toContain('/second-factor/reset"');
      const post = await admin.post(`/staff/${id(key)}/second-factor/reset`, {});
      expect(post.statusCode, key).toBe(403);
      expect(errorSummary(post.body), key).toEqual([reason]);
      expect(await factorsOf(key), key).toEqual(before);
    }
    expect(
      await t.database.db
        .selectFrom('audit_event')
        .select('seq')
        .where('action', '=', 'person.second-factor-reset')
        .execute(),
    ).toHaveLength(1);
    // A school administrator may reset someone of lower authority (HR), and of their own (another school administrator would be allowed too).
    await admin.get(`/staff/${id('hr-a1')}/second-factor`);
    expect((await admin.post(`/staff/${id('hr-a1')}/second-factor/reset`, {})).statusCode).toBe(302);
    expect(await audits('person.second-factor-reset', 'hr-a1')).toHaveLength(1);
  });

  it('AUTH-2: another school’s administrator, another trust’s, and a role without staff.manage get 404 and change nothing', async () => {
    const dslFactors = await factorsOf('dsl-a1');
    expect(dslFactors).toHaveLength(1);
    const sessionsBefore = await t.database.db
      .selectFrom('web_session')
      .select('public_id')
      .where('person_id', '=', id('dsl-a1'))
      .execute();
    for (const key of ['admin-b1', 'admin-a2', 'slt-a1']) {
      const { agent, response } = await signIn(key);
      if (String(response.headers.location).startsWith('/second-factor/set-up')) await enrolAuthenticator(t, agent);
      expect((await agent.get(`/staff/${id('dsl-a1')}/second-factor`)).statusCode, key).toBe(404);
      const post = await agent.post(`/staff/${id('dsl-a1')}/second-factor/reset`, {}, { tokenFrom: '/account' });
      expect(post.statusCode, key).toBe(404);
    }
    expect(await factorsOf('dsl-a1')).toEqual(dslFactors);
    const sessionsAfter = await t.database.db
      .selectFrom('web_session')
      .select('public_id')
      .where('person_id', '=', id('dsl-a1'))
      .execute();
    expect(sessionsAfter.map((s) => s.public_id).sort()).toEqual(sessionsBefore.map((s) => s.public_id).sort());
  });
});
