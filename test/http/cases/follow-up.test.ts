import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { concern, report, reportWithFiles, seedCaseWorld, type CaseWorld } from './support.ts';

describe('gaps closed after the first cases module (INC-7, INC-4, POL-3, INC-1, INC-8)', () => {
  let t: TestApp;
  let world: CaseWorld;

  beforeAll(async () => {
    t = await startTestApp({ env: { SESSION_IDLE_MINUTES: '1440' } });
    world = await seedCaseWorld(t);
  }, 120_000);
  afterAll(async () => { await t?.close(); });

  const views = async (caseId: string) => (await t.database.db.selectFrom('case_event').select(['actor_label', 'text', 'detail'])
    .where('case_id', '=', caseId).where('kind', '=', 'case.viewed').orderBy('id').execute());

  it('INC-7: every page under a restricted case that the DSL opens (the case, each form, an action, evidence files) adds exactly one entry to its chronology, saying which page', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#336699' } }).png().toBuffer();
    const sent = await reportWithFiles(t, world.agents.teacher, concern('child-safeguarding', { description: 'A pupil shared a worrying image.' }), [{ filename: 'shot.png', content: png, type: 'image/png' }]);
    expect(sent.statusCode).toBe(302);
    const c = await t.database.db.selectFrom('concern_case').select('id').where('restricted', '=', true).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    const [evidence, action] = await Promise.all([
      t.database.db.selectFrom('case_evidence').select('id').where('case_id', '=', c.id).where('kind', '=', 'file').executeTakeFirstOrThrow(),
      t.database.db.selectFrom('case_action').select('id').where('case_id', '=', c.id).executeTakeFirstOrThrow(),
    ]);
    const gets = [...t.app.routeAccess.keys()].map((k) => k.split(' ') as [string, string]).filter(([method, url]) => method === 'GET' && url.startsWith('/cases/:id'));
    expect(gets.length).toBeGreaterThanOrEqual(10);
    for (const [, route] of gets) {
      const before = (await views(c.id)).length;
      const url = route.replace(':id', c.id).replace(':actionId', action.id).replace(':evidenceId', evidence.id);
      const response = await world.agents.dsl.get(url);
      expect(response.statusCode, `${route}: ${response.body.slice(0, 200)}`).toBe(200);
      const after = await views(c.id);
      expect(after.length, route).toBe(before + 1);
      expect(after.at(-1)!.actor_label).toBe('dsl Tester');
      expect(after.at(-1)!.text, route).not.toMatch(/^the page \//);
    }
    // A form sent back is recorded by what it changes, not as an opening.
    const before = (await views(c.id)).length;
    expect((await world.agents.dsl.post(`/cases/${c.id}/assess`, { summary: '' })).statusCode).toBe(400);
    expect((await views(c.id)).length).toBe(before);
    // An ordinary case's pages add nothing.
    const { caseId } = await report(t, world.agents.teacher, concern('journalist-contact'));
    await world.agents.head.get(`/cases/${caseId}/assess`);
    expect(await views(caseId!)).toEqual([]);
  }, 120_000);
});
