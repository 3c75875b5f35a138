import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { seedWorld, type World } from '../support/world.ts';
import { pageText, signedIn } from './directory/helpers.ts';

describe('issue 8.7: the API documentation is a readable page, offered only to people who can give a system access', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t.database.db);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('issue 8.7: a teacher, the DSL, SLT and someone signed out see no API link, and the page is not found for them', async () => {
    for (const key of ['teacher-a1', 'dsl-a1', 'slt-a1']) {
      const agent = await signedIn(t, world, key);
      const home = await agent.get('/');
      expect(home.statusCode).toBe(200);
      expect(pageText(home.body), key).not.toContain('API documentation');
      expect(home.body, key).not.toContain('/api/docs');
      expect((await agent.get('/settings/api-documentation')).statusCode, key).toBe(404);
    }
    const signIn = await t.app.inject({ method: 'GET', url: '/sign-in' });
    expect(pageText(signIn.body)).not.toContain('API documentation');
  });

  it('issue 8.7: an administrator follows the footer link to a page that describes each endpoint in words, and links the JSON for tools', async () => {
    const admin = await signedIn(t, world, 'admin-a1');
    const home = await admin.get('/');
    expect(home.body).toContain(
      '<a class="govuk-footer__link" href="/settings/api-documentation">API documentation</a>',
    );
    const page = await admin.get('/settings/api-documentation');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const text = pageText(page.body);
    expect(text).toContain('API documentation');
    expect(text).toContain('Authorization: Bearer <token>');
    expect(text).toMatch(
      /Pupils on roll at the token’s school GET \/api\/v1\/pupils Parameters Name Where Type Required Notes yearGroup Query string whole number No From -2 to 14\./,
    );
    expect(text).toMatch(
      /Add a pupil POST \/api\/v1\/pupils .*What to send \(JSON\) .*upn text Yes Exactly 13 characters\./,
    );
    expect(text).toContain('Staff and others in scope at the token’s school');
    expect(page.body).toContain('href="/api/docs"');
    expect(page.body).not.toContain('"openapi"');
    // The machine-readable description stays where tools look for it.
    const json = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(json.headers['content-type']).toContain('application/json');
    expect(json.json()).toMatchObject({ openapi: '3.1.0' });
    // The API tokens page points people to the readable page.
    expect((await admin.get('/settings/api-tokens')).body).toContain('href="/settings/api-documentation"');
  });
});
