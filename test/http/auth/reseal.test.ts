import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, TEST_SECRET_KEY, type TestApp } from '../../support/app.ts';
import { seedWorld, type World } from '../../support/world.ts';
import { rotateCredentialKey } from '../../../src/modules/accounts/credentials/rotate.ts';
import { openClientSecret, saveProvider } from '../../../src/platform/auth/provider/service.ts';
import { addAuthenticatorApp, checkCode } from '../../../src/platform/auth/second-factor/service.ts';
import { newTotpSecret, totpCode } from '../../../src/platform/auth/second-factor/rules.ts';

let t: TestApp;
let world: World;
beforeAll(async () => {
  t = await startTestApp();
  world = await seedWorld(t.database.db);
});
afterAll(async () => {
  await t?.close();
});

it('AUTH-1, AUTH-2: rotating the key re-seals the provider’s client secret and authenticator-app keys with the account credentials', async () => {
  const db = t.database.db;
  const oldKey = Buffer.from(TEST_SECRET_KEY, 'hex');
  const newKey = Buffer.from('c'.repeat(64), 'hex');
  const admin = { id: world.people['trustadmin-a']!.id, label: 'Admin', trustId: world.trustA };
  const endpoints = {
    entraAuthority: 'https://login.microsoftonline.com',
    googleIssuer: 'https://accounts.google.com',
  };
  await saveProvider(db, oldKey, endpoints, t.clock.now(), admin, {
    kind: 'google',
    tenantId: '',
    domain: 'example.sch.uk',
    issuer: '',
    clientId: 'client',
    clientSecret: 'the-client-secret',
  });
  const secret = newTotpSecret();
  const dsl = { id: world.people['dsl-a1']!.id, label: 'DSL', trustId: world.trustA, schoolId: world.schoolA1 };
  expect((await addAuthenticatorApp(db, oldKey, t.clock.now(), dsl, secret, totpCode(secret, t.clock.now()))).ok).toBe(
    true,
  );
  await rotateCredentialKey(db, t.clock.now(), oldKey, newKey);
  const row = await db.selectFrom('identity_provider').selectAll().executeTakeFirstOrThrow();
  expect(openClientSecret(newKey, row.client_secret_sealed)).toBe('the-client-secret');
  expect(() => openClientSecret(oldKey, row.client_secret_sealed)).toThrow();
  t.clock.advance(60_000);
  const code = totpCode(secret, t.clock.now());
  expect((await checkCode(db, newKey, t.clock.now(), dsl, code, '10.0.0.1')).ok).toBe(true);
});
