import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, type TestApp } from '../support/app.ts';
import { Agent, decode } from '../support/agent.ts';
import { PASSWORD, seedWorld, type World } from '../support/world.ts';
import { makeUpn } from '../../src/modules/directory/import/rules/index.ts';

const SECRET_REASON = 'Placement address must stay confidential';

describe('the school API', () => {
  let t: TestApp;
  let world: World;
  let tokenA1: string;
  let tokenB1: string;
  const responses: LightMyRequestResponse[] = [];

  /** Calls the API as an integration would, keeping every response to check for restricted fields. */
  async function api(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    token: string | undefined,
    payload?: unknown,
  ): Promise<LightMyRequestResponse> {
    const response = await t.app.inject({
      method,
      url,
      headers: {
        ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}),
        ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
    });
    responses.push(response);
    return response;
  }

  async function createToken(personKey: string, name: string): Promise<{ token: string; agent: Agent }> {
    const agent = new Agent(t.app);
    expect((await agent.signIn(world.people[personKey]!.email, PASSWORD)).statusCode).toBe(302);
    const page = await agent.post('/settings/api-tokens', { name }, { tokenFrom: '/settings/api-tokens' });
    expect(page.statusCode).toBe(200);
    const token = decode(/<code id="new-token">([^<]+)<\/code>/.exec(page.body)?.[1] ?? '');
    expect(token).toMatch(/^pw_[A-Za-z0-9_-]{20,}$/);
    return { token, agent };
  }

  function expectProblem(response: LightMyRequestResponse, status: number) {
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const body = response.json() as { type: string; title: string; status: number; detail: string };
    expect(body).toMatchObject({ type: 'about:blank', status });
    expect(typeof body.title).toBe('string');
    expect(typeof body.detail).toBe('string');
    return body;
  }

  const newPupil = (n: number, extra: Record<string, unknown> = {}) => ({
    upn: makeUpn(n),
    givenName: 'Api',
    familyName: `Pupil${n}`,
    dateOfBirth: '2016-05-20',
    yearGroup: 5,
    formGroup: '5C',
    consent: { socialMedia: true, website: false },
    ...extra,
  });
  const pupilCount = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('pupil')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const auditCount = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('audit_event')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t.database.db);
    tokenA1 = (await createToken('admin-a1', 'A1 nightly sync')).token;
    tokenB1 = (await createToken('admin-b1', 'B1 reporting')).token;
  });
  afterAll(async () => {
    // Whatever was asked, no API response ever carried the never-publish reason.
    expect(responses.length).toBeGreaterThan(10);
    for (const response of responses) {
      expect(response.body).not.toContain(SECRET_REASON);
      expect(response.body).not.toMatch(/never_?publish_?reason/i);
    }
    await t?.close();
  });

  it('ORG-1: /api/docs is an OpenAPI 3.1 document listing the pupils and staff endpoints', async () => {
    const response = await api('GET', '/api/docs', undefined);
    expect(response.statusCode).toBe(200);
    const doc = response.json() as {
      openapi: string;
      info: { title: string };
      paths: Record<string, Record<string, unknown>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Postwarden API');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/pupils', '/api/v1/pupils/{id}', '/api/v1/staff']),
    );
    expect(Object.keys(doc.paths['/api/v1/pupils']!)).toEqual(expect.arrayContaining(['get', 'post']));
    expect(doc.components.securitySchemes).toHaveProperty('bearer');
    // Only the API is documented, not the web pages.
    expect(Object.keys(doc.paths).every((p) => p.startsWith('/api/v1/'))).toBe(true);
    expect(response.body).not.toMatch(/never_?publish_?reason/i);
  });

  it('ORG-3: no token, a malformed or unknown token, and a revoked token all get 401 problem+json and no data', async () => {
    for (const url of ['/api/v1/pupils', '/api/v1/staff', `/api/v1/pupils/${world.pupils['jo-a1']}`]) {
      const none = await api('GET', url, undefined);
      const body = expectProblem(none, 401);
      expect(none.headers['www-authenticate']).toBe('Bearer');
      expect(body.title).toBe('Unauthorised');
      expectProblem(await api('GET', url, 'not-a-token'), 401);
      expectProblem(await api('GET', url, `pw_${'A'.repeat(32)}`), 401);
      expectProblem(await api('GET', url, `${tokenA1}x`), 401);
    }
    const basic = await t.app.inject({
      method: 'GET',
      url: '/api/v1/pupils',
      headers: { authorization: `Basic ${Buffer.from(`x:${tokenA1}`).toString('base64')}` },
    });
    expectProblem(basic, 401);
    expectProblem(await api('POST', '/api/v1/pupils', undefined, newPupil(70_001)), 401);

    // A token that worked stops working once revoked.
    const { token, agent } = await createToken('admin-a1', 'To be revoked');
    expect((await api('GET', '/api/v1/pupils', token)).statusCode).toBe(200);
    const row = await t.database.db
      .selectFrom('api_token')
      .select('id')
      .where('name', '=', 'To be revoked')
      .executeTakeFirstOrThrow();
    expect((await agent.post(`/settings/api-tokens/${row.id}/revoke`, {})).statusCode).toBe(302);
    const revoked = await api('GET', '/api/v1/pupils', token);
    expectProblem(revoked, 401);
    expect(revoked.body).not.toContain('Josephine');
    expect(await t.database.db.selectFrom('pupil').select('id').where('upn', '=', makeUpn(70_001)).execute()).toEqual(
      [],
    );
  });

  it('ORG-1: a school token lists only its own school’s pupils and staff, never the never-publish reason', async () => {
    const pupils = await api('GET', '/api/v1/pupils', tokenA1);
    expect(pupils.statusCode).toBe(200);
    const body = pupils.json() as { total: number; items: { id: string; givenName: string; neverPublish: boolean }[] };
    const ids = body.items.map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining([world.pupils['jo-a1'], world.pupils['secret-a1']]));
    expect(ids).not.toContain(world.pupils['sam-a2']);
    expect(ids).not.toContain(world.pupils['bea-b1']);
    expect(body.total).toBe(ids.length);
    const secret = body.items.find((p) => p.id === world.pupils['secret-a1'])!;
    expect(secret.neverPublish).toBe(true);
    expect(Object.keys(secret)).not.toContain('neverPublishReason');
    const one = await api('GET', `/api/v1/pupils/${world.pupils['secret-a1']}`, tokenA1);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ id: world.pupils['secret-a1'], givenName: 'Marnie', neverPublish: true });
    expect(one.body).not.toContain(SECRET_REASON);

    const b1 = (await api('GET', '/api/v1/pupils', tokenB1)).json() as { items: { id: string }[] };
    expect(b1.items.map((p) => p.id)).toEqual([world.pupils['bea-b1']]);

    const staff = await api('GET', '/api/v1/staff', tokenA1);
    expect(staff.statusCode).toBe(200);
    const emails = (staff.json() as { items: { email: string | null }[] }).items.map((s) => s.email);
    expect(emails).toEqual(
      expect.arrayContaining([world.people['admin-a1']!.email, world.people['teacher-a1']!.email]),
    );
    for (const other of ['admin-a2', 'admin-b1', 'head-b1']) expect(emails).not.toContain(world.people[other]!.email);
    expect(staff.body).not.toMatch(/password|scrypt/i);
  });

  it('ORG-1: a token of another school asking for a pupil by id gets 404 problem+json, the same as for no such pupil', async () => {
    const cross = await api('GET', `/api/v1/pupils/${world.pupils['jo-a1']}`, tokenB1);
    const body = expectProblem(cross, 404);
    expect(cross.body).not.toContain('Josephine');
    const missing = await api('GET', '/api/v1/pupils/00000000-0000-4000-8000-000000000000', tokenB1);
    expect(expectProblem(missing, 404).detail).toBe(body.detail);
    expect(cross.body).toBe(missing.body);
    expectProblem(await api('GET', `/api/v1/pupils/${world.pupils['secret-a1']}`, tokenB1), 404);
    expectProblem(await api('GET', '/api/v1/no-such-endpoint', tokenA1), 404);
  });

  it('ORG-1: POST /api/v1/pupils refuses a bad body with problem+json and writes nothing', async () => {
    const pupils = await pupilCount();
    const events = await auditCount();
    const bad: unknown[] = [
      {},
      { ...newPupil(70_002), upn: 'short' },
      { ...newPupil(70_003), yearGroup: 'four' },
      { ...newPupil(70_004), yearGroup: 99 },
      { ...newPupil(70_005), dateOfBirth: 'yesterday' },
      { ...newPupil(70_006), givenName: '' },
      { ...newPupil(70_007), consent: 'yes' },
      [newPupil(70_008)],
    ];
    for (const payload of bad) {
      const response = await api('POST', '/api/v1/pupils', tokenA1, payload);
      expect([400, 422], JSON.stringify(payload)).toContain(response.statusCode);
      expectProblem(response, response.statusCode);
    }
    const notJson = await t.app.inject({
      method: 'POST',
      url: '/api/v1/pupils',
      headers: { authorization: `Bearer ${tokenA1}`, 'content-type': 'application/json' },
      payload: '{"upn": ',
    });
    expectProblem(notJson, 400);
    // Valid in shape but not in substance: a wrong UPN check letter, a birth date in the future, a UPN already on roll.
    const wrongCheckLetter = makeUpn(70_009).replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    for (const payload of [
      newPupil(70_009, { upn: wrongCheckLetter }),
      newPupil(70_010, { dateOfBirth: '2030-01-01' }),
    ]) {
      const response = await api('POST', '/api/v1/pupils', tokenA1, payload);
      const problem = expectProblem(response, 422) as unknown as { errors: { field: string; message: string }[] };
      expect(problem.errors.length).toBeGreaterThan(0);
    }
    expect(await pupilCount()).toBe(pupils);
    expect(await auditCount()).toBe(events);
  });

  it('ORG-1: POST /api/v1/pupils with a valid body adds the pupil to the token’s school (201), audited, and a repeat UPN is refused', async () => {
    const before = await pupilCount();
    const created = await api('POST', '/api/v1/pupils', tokenA1, newPupil(70_100, { neverPublish: true }));
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json() as { id: string; upn: string; neverPublish: boolean; consent: Record<string, boolean> };
    expect(body).toMatchObject({
      upn: makeUpn(70_100),
      givenName: 'Api',
      familyName: 'Pupil70100',
      yearGroup: 5,
      dateOfBirth: '2016-05-20',
      neverPublish: true,
      consent: { socialMedia: true, website: false, press: false },
    });
    const row = await t.database.db.selectFrom('pupil').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      school_id: world.schoolA1,
      trust_id: world.trustA,
      never_publish: true,
      never_publish_reason: null,
    });
    expect(await pupilCount()).toBe(before + 1);
    const event = await t.database.db
      .selectFrom('audit_event')
      .selectAll()
      .where('entity_id', '=', body.id)
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      action: 'pupil.created',
      actor_id: null,
      actor_label: 'API token “A1 nightly sync”',
      school_id: world.schoolA1,
    });
    // It is listed for A1, and invisible to B1.
    expect(
      ((await api('GET', '/api/v1/pupils', tokenA1)).json() as { items: { id: string }[] }).items.map((p) => p.id),
    ).toContain(body.id);
    expectProblem(await api('GET', `/api/v1/pupils/${body.id}`, tokenB1), 404);
    // The same UPN again at the same school is refused.
    const again = await api('POST', '/api/v1/pupils', tokenA1, newPupil(70_100));
    expectProblem(again, 422);
    expect(again.body).toContain('already on the roll');
    expect(await pupilCount()).toBe(before + 1);
  });

  it('ORG-1: fields the API does not offer (a never-publish reason, another school) are refused with problem+json, and nothing is written', async () => {
    const before = await t.database.db.selectFrom('pupil').select('id').execute();
    const refused = await api(
      'POST',
      '/api/v1/pupils',
      tokenA1,
      newPupil(70_200, {
        neverPublish: true,
        neverPublishReason: 'sneaked in through the API',
        schoolId: world.schoolB1,
        trustId: world.trustB,
      }),
    );
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ status: 400 });
    expect(await t.database.db.selectFrom('pupil').select('id').execute()).toHaveLength(before.length);
    expect(JSON.stringify(await t.database.db.selectFrom('audit_event').selectAll().execute())).not.toContain(
      'sneaked in',
    );
  });

  it('ORG-3: API tokens are stored only as hashes, and the token text appears nowhere in the database', async () => {
    const rows = await t.database.db.selectFrom('api_token').selectAll().execute();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const dump = JSON.stringify(rows);
    for (const token of [tokenA1, tokenB1]) {
      expect(dump).not.toContain(token);
      expect(dump).not.toContain(token.slice(3)); // nor without its prefix
    }
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
    const audit = JSON.stringify(await t.database.db.selectFrom('audit_event').selectAll().execute());
    expect(audit).not.toContain(tokenA1.slice(3));
    const sessions = JSON.stringify(await t.database.db.selectFrom('web_session').selectAll().execute());
    expect(sessions).not.toContain(tokenA1.slice(3));
    // The token page never shows it again.
    const agent = new Agent(t.app);
    await agent.signIn(world.people['admin-a1']!.email, PASSWORD);
    const page = await agent.get('/settings/api-tokens');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('A1 nightly sync');
    expect(page.body).not.toContain(tokenA1);
    // And it records when it was last used.
    const used = rows.find((r) => r.name === 'A1 nightly sync')!;
    expect(used.last_used_at).not.toBeNull();
  });

  it('ORG-1: another school’s administrator cannot revoke a school’s token', async () => {
    const row = await t.database.db
      .selectFrom('api_token')
      .select('id')
      .where('name', '=', 'A1 nightly sync')
      .executeTakeFirstOrThrow();
    const other = new Agent(t.app);
    await other.signIn(world.people['admin-b1']!.email, PASSWORD);
    await other.get('/settings/api-tokens');
    const attempt = await other.post(`/settings/api-tokens/${row.id}/revoke`, {});
    expect(attempt.statusCode).toBe(404);
    expect(
      (
        await t.database.db
          .selectFrom('api_token')
          .select('revoked_at')
          .where('id', '=', row.id)
          .executeTakeFirstOrThrow()
      ).revoked_at,
    ).toBeNull();
    expect((await api('GET', '/api/v1/pupils', tokenA1)).statusCode).toBe(200);
    expect((await other.get('/settings/api-tokens')).body).not.toContain('A1 nightly sync');
  });

  it('ORG-3: a signed-in web session is not an API credential, and an API token does not open the web pages', async () => {
    const agent = new Agent(t.app);
    await agent.signIn(world.people['admin-a1']!.email, PASSWORD);
    const viaCookie = await agent.get('/api/v1/pupils');
    expectProblem(viaCookie, 401);
    const page = await t.app.inject({ method: 'GET', url: '/pupils', headers: { authorization: `Bearer ${tokenA1}` } });
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toMatch(/^\/sign-in/);
  });
});
