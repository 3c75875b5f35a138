/**
 * A second factor for people in tests (AUTH-2), set up the way a person does it: the set-up page's
 * key, a code computed from it at the app's clock, and the recovery codes the page shows. Trusts in
 * the harness do not require a second factor (test/support/app.ts, world.ts) unless a test turns it
 * on; a test that needs an enrolled person calls this after signing them in.
 */
import { expect } from 'vitest';
import type { Agent } from './agent.ts';
import type { TestApp } from './app.ts';
import { totpCode } from '../../src/platform/auth/second-factor/rules.ts';

export interface Enrolled {
  secret: string;
  recoveryCodes: string[];
  /** The code the app shows now, at the test app's clock. */
  code(): string;
}

export async function enrolAuthenticator(t: TestApp, agent: Agent): Promise<Enrolled> {
  const page = await agent.get('/second-factor/set-up');
  expect(page.statusCode).toBe(200);
  const secret = /id="setup-key">([A-Z2-7 ]+)</.exec(page.body)![1]!.replace(/\s/g, '');
  const done = await agent.post('/second-factor/set-up', { code: totpCode(secret, t.clock.now()) });
  expect(done.statusCode).toBe(200);
  const recoveryCodes = [...done.body.matchAll(/<li><code class="pw-code">([a-z0-9-]+)<\/code><\/li>/g)].map(
    (m) => m[1]!,
  );
  expect(recoveryCodes).toHaveLength(10);
  // The code just used is spent: move on a step so the next code is a new one.
  t.clock.advance(30_000);
  return { secret, recoveryCodes, code: () => totpCode(secret, t.clock.now()) };
}
