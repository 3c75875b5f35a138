import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { changedTables, createTokenThroughUi, signedIn, snapshot } from '../directory/helpers.ts';
import { seedPostingWorld, type PostingWorld } from './support.ts';

describe('the post checks through the API (PUB-2)', () => {
  let t: TestApp;
  let w: PostingWorld;
  let tokenA1: string;
  let tokenB1: string;
  beforeAll(async () => {
    t = await startTestApp();
    w = await seedPostingWorld(t);
    tokenA1 = await createTokenThroughUi(w.agents.admin, 'Website news');
    tokenB1 = await createTokenThroughUi(await signedIn(t, w, 'admin-b1'), 'Birch website');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const check = (token: string, body: unknown) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/posts/check',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });

  it('PUB-2: a school’s token checks a text against its own roll and policy, with the clause as the school numbers it, and nothing is stored', async () => {
    const before = await snapshot(t);
    const response = await check(tokenA1, {
      text: 'Josephine Quill and Marnie won the relay. Call 07700 900123 for tickets.',
    });
    expect(response.statusCode).toBe(200);
    const body = response.json() as {
      blocking: number;
      advisory: number;
      findings: { rule: string; severity: string; citation: string; words: string[] }[];
    };
    expect(body.blocking).toBeGreaterThanOrEqual(1);
    const surname = body.findings.find((f) => f.rule === 'pupil-surname')!;
    expect(surname).toMatchObject({ severity: 'blocking', words: ['Josephine Quill'] });
    expect(surname.citation).toMatch(/^§\d+\.\d+ First names only$/);
    expect(body.findings.some((f) => f.rule === 'contact-details')).toBe(true);
    expect(changedTables(before, await snapshot(t)).filter((x) => x !== 'api_token')).toEqual([]);
    // Another school's token checks against that school's roll: A1's pupils mean nothing there.
    const other = (await check(tokenB1, { text: 'Josephine Quill won the relay.' })).json() as { findings: unknown[] };
    expect(other.findings).toEqual([]);
  });

  it('PUB-2: bad input answers problem+json; no token answers 401; the OpenAPI document describes it', async () => {
    const tooLong = await check(tokenA1, { text: 'a'.repeat(10_001) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(tooLong.body).not.toMatch(/at .*\.ts:\d+/);
    expect((await check(tokenA1, { text: 'ok', extra: true })).statusCode).toBe(400);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/posts/check', payload: { text: 'x' } })).statusCode,
    ).toBe(401);
    const docs = (await t.app.inject({ method: 'GET', url: '/api/docs' })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(docs.paths)).toContain('/api/v1/posts/check');
  });
});
