import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SECRET_KEY, startTestApp, type TestApp } from '../../support/app.ts';
import { Agent } from '../../support/agent.ts';
import { DEMO_PASSWORD, seedDemoTrust } from '../../../src/demo/seed.ts';
import { pageText } from '../directory/helpers.ts';

describe('the demo’s cases (INC-1..9)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoTrust(t.database.db, t.clock.now(), {
      demoMode: true,
      masterKey: Buffer.from(TEST_SECRET_KEY, 'hex'),
    });
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  const as = async (email: string) => {
    const agent = new Agent(t.app);
    expect((await agent.signIn(email, DEMO_PASSWORD)).statusCode).toBe(302);
    return agent;
  };

  it('INC-1..9: both schools have cases new, open and closed, with an overdue takedown, a restricted safeguarding case, an allegation waiting for the LADO and a breach clock', async () => {
    const db = t.database.db;
    const cases = await db
      .selectFrom('concern_case as c')
      .innerJoin('school as s', 's.id', 'c.school_id')
      .select([
        'c.id',
        'c.kind',
        'c.status',
        'c.restricted',
        'c.breach',
        'c.lado_advice_at',
        'c.lado_referred_at',
        's.slug',
      ])
      .execute();
    expect(new Set(cases.map((c) => c.slug))).toEqual(new Set(['larkfield-primary', 'harbour-bridge']));
    expect(new Set(cases.map((c) => c.status))).toEqual(new Set(['new', 'open', 'closed']));
    expect(cases.some((c) => c.kind === 'child-safeguarding' && c.restricted && c.slug === 'larkfield-primary')).toBe(
      true,
    );
    expect(cases.some((c) => c.kind === 'allegation-adult' && c.lado_referred_at && !c.lado_advice_at)).toBe(true);
    expect(cases.some((c) => c.breach && c.slug === 'harbour-bridge')).toBe(true);
    const overdue = await db
      .selectFrom('case_action')
      .select('kind')
      .where('status', '=', 'open')
      .where('due_at', '<', t.clock.now())
      .execute();
    expect(overdue.map((a) => a.kind)).toContain('takedown-request');
  });

  it('INC-7: signed in, the DSL sees the safeguarding case on her home page; the administrator and the teacher never see it', async () => {
    const dsl = await as('farah.siddiqui@riverside-trust.example');
    expect(pageText((await dsl.get('/')).body)).toMatch(/Urgent concern C-\d{4}-\d{4}: open it now/);
    expect(pageText((await dsl.get('/cases?kind=child-safeguarding')).body)).toContain('Safeguarding: a child');
    const admin = await as('gareth.lowe@riverside-trust.example');
    expect((await admin.get('/cases')).statusCode).toBe(404);
    const teacher = await as('chloe.marsden@riverside-trust.example');
    const mine = pageText((await teacher.get('/cases/mine')).body);
    expect(mine).toContain('Cyberbullying of staff');
    expect(mine).not.toContain('Safeguarding: a child');
    const head = await as('helen.pryce@riverside-trust.example');
    expect(pageText((await head.get('/cases')).body)).toContain('Allegation about an adult');
  });
});
