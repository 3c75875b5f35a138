import { it } from 'vitest';
import { startTestApp } from '../support/app.ts';
import { seedWorld } from '../support/world.ts';
import { signedIn, createTokenThroughUi, cookieOf } from '../http/directory/helpers.ts';
it('probe', async () => {
  const t = await startTestApp();
  const world = await seedWorld(t.database.db);
  const admin = await signedIn(t, world, 'admin-a1', '/staff/new');
  const token = await createTokenThroughUi(admin, 'x');
  const r = await t.app.inject({ method: 'GET', url: '/api/v1/pupils?offset=1e400&limit=1e2&yearGroup=4.0', headers: { authorization: `Bearer ${token}` } });
  console.log(r.statusCode, r.body);
  const b = 'walkboundary';
  const m = await t.app.inject({ method: 'POST', url: '/posts/00000000-0000-4000-8000-000000000000/photos/new', headers: { cookie: cookieOf(admin)!, 'x-csrf-token': admin.csrfToken!, 'content-type': `multipart/form-data; boundary=${b}` }, payload: `--${b}\r\n\r\nno headers here\r\n--${b}--\r\n` });
  console.log(m.statusCode);
  await t.close();
}, 60000);
