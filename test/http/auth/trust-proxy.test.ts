import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { seedWorld } from '../../support/world.ts';

// Issue 14: with TRUST_PROXY=true any client set its own X-Forwarded-For and escaped the
// per-address limit (1,641 reset requests, none refused). Now only what the proxy added is believed.

/** Asks for a password reset as a client behind the proxy would: the proxy connects, and appends the client's address. */
async function askFromBehind(t: TestApp, options: { proxy: string; client: string; forged?: string }) {
  const page = await t.app.inject({ url: '/forgot-password', remoteAddress: options.proxy });
  const cookie = String(page.headers['set-cookie']).split(';')[0]!;
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const forwarded = options.forged ? `${options.forged}, ${options.client}` : options.client;
  return t.app.inject({
    method: 'POST',
    url: '/forgot-password',
    remoteAddress: options.proxy,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': forwarded },
    payload: new URLSearchParams({ email: 'someone@alder.example.sch.uk', _csrf: token }).toString(),
  });
}

for (const [setting, proxy] of [
  ['1', '10.0.0.5'],
  ['10.0.0.5', '10.0.0.5'],
  ['10.0.0.0/8', '10.1.2.3'],
] as const) {
  describe(`ISSUE-14: TRUST_PROXY=${setting}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { TRUST_PROXY: setting } });
      await seedWorld(t.database.db);
    });
    afterAll(() => t.close());

    it(`ISSUE-14: a client forging its own X-Forwarded-For behind the proxy (TRUST_PROXY=${setting}) is still limited by its real address`, async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++)
        statuses.push((await askFromBehind(t, { proxy, client: '203.0.113.7', forged: `198.51.100.${i}` })).statusCode);
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
      expect(statuses.slice(10)).toEqual([429, 429]);
      // Another client behind the same proxy is a different address, and is not held back.
      expect((await askFromBehind(t, { proxy, client: '203.0.113.8' })).statusCode).toBe(200);
    });
  });
}

describe('ISSUE-14: TRUST_PROXY set to the proxy addresses', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { TRUST_PROXY: '10.0.0.5' } });
    await seedWorld(t.database.db);
  });
  afterAll(() => t.close());

  it('ISSUE-14: a client connecting directly (not through the proxy) cannot choose its address with X-Forwarded-For', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await askFromBehind(t, { proxy: '192.0.2.44', client: `198.51.100.${i}` })).statusCode);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses[10]).toBe(429);
  });
});
