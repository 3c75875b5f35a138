import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { seedWorld, type World } from '../support/world.ts';
import { signedIn } from './directory/helpers.ts';
import { NAVIGATION, navigationFor } from '../../src/platform/http/render.ts';
import { permissionsFor } from '../../src/platform/auth/permissions.ts';

/** The header's links as [text, href]. */
function header(html: string): [string, string][] {
  const nav = /<nav[^>]*aria-label="Menu"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
  return [...nav.matchAll(/<a class="govuk-service-navigation__link" href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/g)].map(
    (m) => [m[2]!.replace(/<[^>]+>/g, '').trim(), m[1]!],
  );
}

describe('issue 11.6: navigation that still fits', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t.database.db);
  });
  afterAll(() => t?.close());

  it('the header holds daily work; administration sits behind one Administration link', async () => {
    const admin = await signedIn(t, world, 'admin-a1');
    const links = header((await admin.get('/')).body);
    const texts = links.map(([text]) => text);
    expect(texts[0]).toBe('Home');
    expect(texts).toContain('Posts');
    expect(texts).toContain('Policy');
    expect(texts.at(-1)).toBe('Administration');
    for (const moved of ['Staff', 'Pupils', 'Imports', 'Settings', 'API tokens', 'Outbox', 'Audit log', 'Training'])
      expect(texts, moved).not.toContain(moved);
    const page = await admin.get('/administration');
    expect(page.statusCode).toBe(200);
    for (const [text, href] of [
      ['Staff', '/staff'],
      ['Pupils', '/pupils'],
      ['Imports', '/imports'],
      ['Settings', '/settings/school'],
      ['API tokens', '/settings/api-tokens'],
      ['Outbox', '/outbox'],
      ['Audit log', '/audit'],
    ])
      expect(page.body, text).toContain(`<a class="govuk-link" href="${href}">${text}</a>`);
    // an administration page lights up the Administration link
    expect((await admin.get('/staff')).body).toMatch(
      /govuk-service-navigation__item--active">\s*<a class="govuk-service-navigation__link" href="\/administration"/,
    );
  });

  it('each role sees only what it may use: a teacher has no Administration; HR sees its own', async () => {
    const teacher = await signedIn(t, world, 'teacher-a1');
    expect(header((await teacher.get('/')).body).map(([text]) => text)).not.toContain('Administration');
    expect((await teacher.get('/administration')).statusCode).toBe(404);
    const hr = await signedIn(t, world, 'hr-a1');
    const page = (await hr.get('/administration')).body;
    expect(page).toContain('href="/monitoring-records"');
    expect(page).toContain('href="/privacy-check-ins"');
    expect(page).not.toContain('href="/pupils"');
    expect(page).not.toContain('href="/settings/api-tokens"');
  });

  it('an entry without an area is daily work; every administration entry says what is there', () => {
    expect(NAVIGATION.filter((i) => i.area === 'admin').every((i) => (i.description ?? '').length > 10)).toBe(true);
    const staff = navigationFor({ permissions: permissionsFor(['staff']), school: {} }, 'daily').map((i) => i.href);
    expect(staff).toContain('/');
    expect(staff).toContain('/posts');
    expect(navigationFor({ permissions: permissionsFor(['staff']), school: {} }, 'admin')).toEqual([]);
  });
});
