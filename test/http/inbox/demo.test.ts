import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SECRET_KEY, startTestApp, type TestApp } from '../../support/app.ts';
import { Agent } from '../../support/agent.ts';
import { DEMO_PASSWORD, seedDemoTrust } from '../../../src/demo/seed.ts';
import { pageText } from '../directory/helpers.ts';

describe('the demo’s inbox (MON-2..4)', () => {
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

  const as = async (role: string, slug: string) => {
    const person = await t.database.db
      .selectFrom('person as p')
      .innerJoin('role_assignment as r', 'r.person_id', 'p.id')
      .innerJoin('school as s', 's.id', 'r.school_id')
      .select('p.email')
      .where('r.role', '=', role)
      .where('s.slug', '=', slug)
      .executeTakeFirstOrThrow();
    const agent = new Agent(t.app);
    expect((await agent.signIn(person.email!, DEMO_PASSWORD)).statusCode).toBe(302);
    return agent;
  };

  it('MON-2..4: both schools have items of every kind and state: one overdue, a press reply waiting for approval, an abusive reply handled', async () => {
    const db = t.database.db;
    const items = await db
      .selectFrom('inbox_item as i')
      .innerJoin('school as s', 's.id', 'i.school_id')
      .select(['s.slug', 'i.kind', 'i.state', 'i.deadline_at', 'i.responded_at', 'i.post_id', 'i.case_id', 'i.id'])
      .execute();
    for (const slug of ['larkfield-primary', 'harbour-bridge']) {
      const mine = items.filter((i) => i.slug === slug);
      expect(new Set(mine.map((i) => i.kind))).toEqual(
        new Set(['question', 'complaint', 'press', 'abuse', 'parent-offensive', 'pupil-offensive', 'safeguarding']),
      );
      expect(new Set(mine.map((i) => i.state))).toEqual(
        new Set(['new', 'assigned', 'awaiting-approval', 'answered', 'closed']),
      );
      expect(mine.some((i) => !i.responded_at && i.deadline_at < t.clock.now())).toBe(true);
      const abuse = mine.find((i) => i.kind === 'abuse')!;
      expect(abuse).toMatchObject({ state: 'closed' });
      expect(abuse.post_id).not.toBeNull();
      const steps = await db
        .selectFrom('inbox_event')
        .select('detail')
        .where('item_id', '=', abuse.id)
        .where('kind', '=', 'inbox.step')
        .execute();
      expect(steps.map((s) => (s.detail as { step: string }).step)).toEqual([
        'hidden',
        'blocked',
        'reported',
        'audience-post',
      ]);
      expect(mine.find((i) => i.kind === 'pupil-offensive')!.case_id).not.toBeNull();
    }
  });

  it('MON-4: signed in, the head sees the press reply to approve on the home page; the account administrator sees the inbox with what is overdue', async () => {
    const head = await as('headteacher', 'larkfield-primary');
    expect(pageText((await head.get('/')).body)).toContain(
      'Approve a reply to a press enquiry from Riverside Gazette newsdesk',
    );
    const admin = await as('account_admin', 'larkfield-primary');
    const inbox = pageText((await admin.get('/inbox')).body);
    expect(inbox).toContain('Larkfield library reads');
    expect(inbox).toMatch(/\d+ overdue/);
    expect(inbox).toContain('Overdue by');
  });

  it('MON-2: the trust administrator sees the inbox across the schools, without the safeguarding matters', async () => {
    const db = t.database.db;
    const person = await db
      .selectFrom('person as p')
      .innerJoin('role_assignment as r', 'r.person_id', 'p.id')
      .select('p.email')
      .where('r.role', '=', 'trust_admin')
      .executeTakeFirstOrThrow();
    const agent = new Agent(t.app);
    expect((await agent.signIn(person.email!, DEMO_PASSWORD)).statusCode).toBe(302);
    await agent.get('/switch');
    expect((await agent.post('/switch', { school: 'trust' })).statusCode).toBe(302);
    const page = pageText((await agent.get('/trust/inbox')).body);
    expect(page).toContain('Riverside Gazette newsdesk');
    expect(page).toContain('Larkfield');
    expect(page).toContain('Harbour Bridge');
    expect(page).not.toContain('Safeguarding matter');
    expect(page).not.toContain('A worried neighbour');
  });
});
