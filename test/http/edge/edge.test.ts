import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { Agent } from '../../support/agent.ts';
import { PASSWORD, seedWorld, type World } from '../../support/world.ts';
import { buildApp } from '../../../src/app.ts';
import { connectorsFor } from '../../../src/modules/publishing/connectors/registry.ts';
import { makeUpn } from '../../../src/modules/directory/import/rules/index.ts';
import { changedTables, cookieOf, createTokenThroughUi, pageText, signedIn, snapshot } from '../directory/helpers.ts';

/** Issue 8: what the edge refuses, and how it says so; what every answer carries. */
describe('the HTTP edge (issue 8)', () => {
  let t: TestApp;
  let world: World;
  let admin: Agent;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t.database.db);
    admin = await signedIn(t, world, 'admin-a1', '/settings/api-tokens');
    token = await createTokenThroughUi(admin, 'Edge sync');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const api = (method: 'GET' | 'POST', url: string, body?: unknown, bearer: string | undefined = token) =>
    t.app.inject({
      method,
      url,
      headers: {
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
  const problemOf = (response: LightMyRequestResponse) => {
    expect(response.headers['content-type']).toContain('application/problem+json');
    return response.json() as {
      status: number;
      title: string;
      detail: string;
      errors?: { field: string; message: string }[];
    };
  };
  const multipartPost = (url: string, body: string, contentType: string, agent?: Agent) =>
    t.app.inject({
      method: 'POST',
      url,
      payload: body,
      headers: {
        'content-type': contentType,
        ...(agent ? { cookie: cookieOf(agent)!, 'x-csrf-token': agent.csrfToken! } : {}),
      },
    });

  it('issue 8: a query parameter given twice answers 400 with a page that names it', async () => {
    const response = await admin.get('/staff?q=Tester&q=other');
    expect(response.statusCode).toBe(400);
    expect(pageText(response.body)).toContain('There is a problem with the web address');
    expect(pageText(response.body)).toContain('The web address gives ‘q’ more than once.');
    expect((await admin.get('/staff?q=Tester')).statusCode).toBe(200);
  });

  it('issue 8: NUL in a search answers 400 naming the field, and reaches no query', async () => {
    const response = await admin.get('/staff?q=Test%00er');
    expect(response.statusCode).toBe(400);
    expect(pageText(response.body)).toContain('The web address has a NUL character (U+0000) in ‘q’');
  });

  it('issue 8: NUL in a form answers 400 naming the field, and nothing is written', async () => {
    const before = await snapshot(t);
    const response = await admin.post('/settings/api-tokens', { name: 'Nightly\u0000sync' });
    expect(response.statusCode).toBe(400);
    expect(pageText(response.body)).toContain('‘name’ has a NUL character (U+0000), which cannot be saved.');
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    // Tabs and line breaks are ordinary text in a form, not refused.
    expect((await admin.post('/settings/api-tokens', { name: 'Nightly\tsync' })).statusCode).toBe(200);
  });

  it('issue 8: the pupils list refuses a page or year too large for the database with a clear message', async () => {
    const page = await admin.get('/pupils?page=99999999999999999999');
    expect(page.statusCode).toBe(400);
    expect(pageText(page.body)).toContain(
      'The page number in the web address must be a whole number from 1 to 100,000.',
    );
    const year = await admin.get('/pupils?year=1e400');
    expect(year.statusCode).toBe(400);
    expect(pageText(year.body)).toContain('The year group in the web address must be a whole number from -2 to 14.');
    expect(pageText((await admin.get('/pupils?year=4&page=1')).body)).toContain('Josephine');
  });

  it('issue 8: a broken multipart body answers 400 with a clear page, signed in and anonymously on a public route', async () => {
    const boundary = 'edgeboundary';
    const cutOff = `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\npupils\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="roster.csv"\r\nContent-Type: text/csv\r\n\r\nUPN,Surname\r\nA12`;
    const before = await snapshot(t);
    const truncated = await multipartPost('/imports/new', cutOff, `multipart/form-data; boundary=${boundary}`, admin);
    expect(truncated.statusCode).toBe(400);
    expect(pageText(truncated.body)).toContain('There is a problem with the upload');
    expect(pageText(truncated.body)).toContain('The form and its file could not be read');
    const noBoundary = await multipartPost('/sign-in', 'email=x', 'multipart/form-data');
    expect(noBoundary.statusCode).toBe(400);
    expect(pageText(noBoundary.body)).toContain('There is a problem with the upload');
    const twoFiles = `${['a.csv', 'b.csv']
      .map(
        (name) =>
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\nx\r\n`,
      )
      .join('')}--${boundary}--\r\n`;
    const tooMany = await multipartPost('/imports/new', twoFiles, `multipart/form-data; boundary=${boundary}`, admin);
    expect(tooMany.statusCode).toBe(400);
    expect(pageText(tooMany.body)).toContain('The form sent more than one file. Choose one file and try again.');
    expect(changedTables(before, await snapshot(t))).toEqual([]);
  });

  it('issue 8: the API refuses a JSON value of the wrong type instead of converting it ("text": 5)', async () => {
    const number = await api('POST', '/api/v1/posts/check', { text: 5 });
    expect(number.statusCode).toBe(400);
    expect(problemOf(number)).toMatchObject({
      status: 400,
      detail: 'body/text must be string',
      errors: [{ field: 'text', message: 'must be string' }],
    });
    const before = await snapshot(t);
    const pupil = {
      upn: makeUpn(880_001),
      givenName: 'Typed',
      familyName: 'Wrongly',
      dateOfBirth: '2016-05-20',
      yearGroup: '5',
    };
    const stringYear = await api('POST', '/api/v1/pupils', pupil);
    expect(stringYear.statusCode).toBe(400);
    expect(problemOf(stringYear).errors).toEqual([{ field: 'yearGroup', message: 'must be integer' }]);
    expect((await api('POST', '/api/v1/pupils', { ...pupil, neverPublish: 'false', yearGroup: 5 })).statusCode).toBe(
      400,
    );
    expect(changedTables(before, await snapshot(t)).filter((c) => !c.startsWith('api_token'))).toEqual([]);
    // The query string is text, so its numbers and booleans are still read as such.
    const listed = await api('GET', '/api/v1/pupils?yearGroup=4&limit=1&includeLeavers=true');
    expect(listed.statusCode).toBe(200);
    expect((listed.json() as { items: unknown[] }).items).toHaveLength(1);
  });

  it('issue 8: the API refuses NUL in JSON and paging beyond the database as problem+json', async () => {
    const nul = await api('POST', '/api/v1/posts/check', { text: 'Sports day\u0000' });
    expect(nul.statusCode).toBe(400);
    expect(problemOf(nul).errors).toEqual([
      { field: 'text', message: expect.stringContaining('a NUL character (U+0000)') },
    ]);
    for (const offset of ['1e400', '99999999999999999999', '-1']) {
      const response = await api('GET', `/api/v1/pupils?offset=${offset}`);
      expect(response.statusCode, offset).toBe(400);
      expect(problemOf(response).status).toBe(400);
    }
    const repeated = await api('GET', '/api/v1/pupils?limit=1&limit=2');
    expect(repeated.statusCode).toBe(400);
    expect(problemOf(repeated).detail).toContain('‘limit’ more than once');
  });

  it('issue 8 item 8: every API answer says Cache-Control: no-store, whatever its status', async () => {
    const answers = {
      ok: await api('GET', '/api/v1/pupils'),
      refused: await api('POST', '/api/v1/posts/check', { text: 5 }),
      unauthenticated: await api('GET', '/api/v1/pupils', undefined, ''),
      missing: await api('GET', '/api/v1/pupils/00000000-0000-4000-8000-000000000000'),
      unknown: await api('GET', '/api/v1/nothing-here'),
      docs: await api('GET', '/api/docs', undefined, ''),
    };
    expect(
      Object.fromEntries(Object.entries(answers).map(([k, r]) => [k, [r.statusCode, r.headers['cache-control']]])),
    ).toEqual({
      ok: [200, 'no-store'],
      refused: [400, 'no-store'],
      unauthenticated: [401, 'no-store'],
      missing: [404, 'no-store'],
      unknown: [404, 'no-store'],
      docs: [200, 'no-store'],
    });
  });

  it('issue 8 item 8: signed-in answers are never stored by a cache: pages, redirects and downloads', async () => {
    const answers = [
      await admin.get('/'),
      await admin.get('/staff'),
      await admin.get('/trust'),
      await admin.get('/audit/export.csv'),
      await admin.get('/no-such-page'),
    ];
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 404, 200, 404]);
    for (const r of answers) expect(r.headers['cache-control']).toBe('no-store');
    // …including a redirect, which has no page to carry the header.
    const redirect = await admin.get('/sign-in');
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers['cache-control']).toBe('no-store');
    // Static assets are still cached: they carry nobody's data.
    expect((await admin.get('/assets/postwarden.css')).headers['cache-control']).toBe('public, max-age=3600');
  });

  it('issue 8 item 8: X-Frame-Options and CSP frame-ancestors agree that no page may be framed', async () => {
    for (const response of [
      await t.app.inject({ method: 'GET', url: '/sign-in' }),
      await admin.get('/staff'),
      await api('GET', '/api/v1/pupils'),
    ]) {
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
  });

  it('SEC-1: signing in with next=/€ redirects with a header Node can write, and the server keeps serving', async () => {
    const agent = new Agent(t.app);
    await agent.get('/sign-in');
    const response = await agent.post('/sign-in', {
      email: world.people['teacher-a1']!.email,
      password: PASSWORD,
      next: '/€',
    });
    expect(response.statusCode).toBe(302);
    expect(String(response.headers.location)).toMatch(/^[\x21-\x7e]+$/);
    expect((await agent.get('/account')).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });
});

describe('the edge in an app with routes of its own (issue 8)', () => {
  let t: TestApp;
  let app: FastifyInstance;

  beforeAll(async () => {
    t = await startTestApp();
    await seedWorld(t.database.db);
    app = await buildApp({
      config: t.config,
      db: t.database.db,
      backend: t.database.backend,
      clock: t.clock,
      jobs: t.jobs,
      masterKey: Buffer.alloc(32, 7),
      connectors: connectorsFor,
      logger: false,
    });
    app.get('/tags', { config: { access: 'public', queryLists: ['tag'] } }, async (request) => ({
      tags: [(request.query as { tag?: string | string[] }).tag ?? []].flat(),
    }));
    app.get('/one-tag', { config: { access: 'public' } }, async (request) => ({
      tag: (request.query as { tag?: string }).tag,
    }));
    app.get('/to-cafe', { config: { access: 'public' } }, async (_request, reply) => reply.redirect('/café/€?q=Zoë'));
    app.get('/bad-header', { config: { access: 'public' } }, async (_request, reply) =>
      reply.header('content-disposition', 'attachment; filename="sports 🌼.jpg"').send('photo'),
    );
    await app.ready();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('issue 8: a route that declares a query parameter a list takes it repeated; others refuse the repeat', async () => {
    expect((await app.inject({ method: 'GET', url: '/tags?tag=a&tag=b' })).json()).toEqual({ tags: ['a', 'b'] });
    expect((await app.inject({ method: 'GET', url: '/one-tag?tag=a' })).json()).toEqual({ tag: 'a' });
    expect((await app.inject({ method: 'GET', url: '/one-tag?tag=a&tag=b' })).statusCode).toBe(400);
  });

  it('SEC-1: a redirect to a path outside ASCII is sent percent-encoded instead of failing after the route has finished', async () => {
    const response = await app.inject({ method: 'GET', url: '/to-cafe' });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/caf%C3%A9/%E2%82%AC?q=Zo%C3%AB');
  });

  it('SEC-1: any other header Node cannot write answers 500 with the error page, and the next request is served', async () => {
    const response = await app.inject({ method: 'GET', url: '/bad-header' });
    expect(response.statusCode).toBe(500);
    expect(response.headers['content-disposition']).toBeUndefined();
    expect(pageText(response.body)).toContain('Sorry, there is a problem with the service');
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });
});
