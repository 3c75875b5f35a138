import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, type TestApp } from '../../support/app.ts';
import type { Agent } from '../../support/agent.ts';
import { changedTables, cookieOf, pageText, signedIn, snapshot } from '../directory/helpers.ts';
import { schoolCases } from '../../../src/modules/incidents/cases/repo.ts';
import { concern, report, seedCaseWorld, type CaseWorld } from './support.ts';

/** Everything a page shows, without the per-request CSRF token and script nonce. */
const stable = (body: string) => body.replace(/name="_csrf" value="[^"]*"/g, '').replace(/nonce="[^"]*"/g, '');

describe('restricted cases are unfindable by anyone who may not see them (INC-7)', () => {
  let t: TestApp;
  let world: CaseWorld;
  let restrictedId: string;
  let restrictedRef: string;
  let outsiders: { label: string; agent: Agent }[];

  beforeAll(async () => {
    t = await startTestApp({ env: { SESSION_IDLE_MINUTES: '1440' } });
    world = await seedCaseWorld(t);
    const trustAdmin = await signedIn(t, world, 'trustadmin-a', '/switch');
    await trustAdmin.post('/switch', { school: world.schoolA1 });
    await trustAdmin.get('/'); // reads the "now working in" message, so later pages compare like for like
    outsiders = [
      { label: 'administrator', agent: world.agents.admin },
      { label: 'teacher', agent: world.agents.teacher },
      { label: 'HR', agent: world.agents.hr },
      { label: 'governor', agent: world.agents.governor },
      { label: 'SLT', agent: world.agents.slt },
      { label: 'trust administrator', agent: trustAdmin },
    ];
    // An ordinary case, so the lists are not empty for those who may see it.
    await report(t, world.agents.teacher, concern('journalist-contact'));
    const restricted = await report(
      t,
      world.agents.teacher,
      concern('child-safeguarding', {
        'involved-0': 'Josephine Quill',
        description: 'Marigold-Zephyr: a child shared an image in a chat.',
        where: 'https://chat.example/room/1',
      }),
    );
    restrictedId = restricted.caseId!;
    restrictedRef = restricted.reference!;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  function caseRoutes() {
    return [...t.app.routeAccess.keys()]
      .map((k) => k.split(' ') as [string, string])
      .filter(([, url]) => url.startsWith('/cases/:id'));
  }

  async function call(agent: Agent, method: string, url: string): Promise<LightMyRequestResponse> {
    if (method === 'POST')
      return agent.post(url, {
        summary: 'x',
        nature: '1',
        visibility: '1',
        recirculation: '1',
        impact: '1',
        kind: 'no-further-action',
        note: 'x',
        advice: 'x',
        suspension: 'x',
        decision: 'report',
        reason: 'x',
        result: 'x',
        removed: 'yes',
      });
    const cookie = cookieOf(agent);
    return t.app.inject({ method: method as 'GET' | 'HEAD', url, headers: cookie ? { cookie } : {} });
  }

  it('INC-7: an administrator, a teacher, HR, a governor, SLT and the trust administrator get exactly the not-found answer of a made-up id on every case route, and nothing is written', async () => {
    const [evidence, action] = await Promise.all([
      t.database.db
        .selectFrom('case_evidence')
        .select('id')
        .where('case_id', '=', restrictedId)
        .executeTakeFirstOrThrow(),
      t.database.db
        .selectFrom('case_action')
        .select('id')
        .where('case_id', '=', restrictedId)
        .executeTakeFirstOrThrow(),
    ]);
    const fill = (url: string, caseId: string) =>
      url.replace(':id', caseId).replace(':actionId', action.id).replace(':evidenceId', evidence.id);
    const routes = caseRoutes();
    expect(routes.length).toBeGreaterThan(15);
    const before = await snapshot(t);
    const failures: string[] = [];
    for (const { label, agent } of outsiders) {
      for (const [method, url] of routes) {
        const real = await call(agent, method, fill(url, restrictedId));
        const madeUp = await call(agent, method, fill(url, randomUUID()));
        if (real.statusCode !== 404) failures.push(`${method} ${url} as ${label}: ${real.statusCode}`);
        if (stable(real.body) !== stable(madeUp.body))
          failures.push(`${method} ${url} as ${label}: the answer differs from a made-up id's`);
        if (real.body.includes('Marigold') || real.body.includes(restrictedRef))
          failures.push(`${method} ${url} as ${label} showed the case`);
      }
    }
    expect(failures).toEqual([]);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
  }, 300_000);

  it('INC-7: their lists, home pages, audit log, outbox and trust view do not change when a restricted case is added', async () => {
    const pages = [
      '/',
      '/cases',
      '/cases/mine',
      '/audit',
      '/audit/export.csv',
      '/outbox',
      '/trust/cases',
      `/cases?ref=${restrictedRef}`,
      '/cases?kind=child-safeguarding',
    ];
    // The trust administrator looks in the school and then in the trust view (one session, switched).
    const trustAdmin = outsiders.find((o) => o.label === 'trust administrator')!.agent;
    const look = async () => {
      const out: Record<string, string> = {};
      for (const { label, agent } of outsiders)
        for (const p of pages) {
          const r = await agent.get(p);
          out[`${label} ${p}`] = `${r.statusCode} ${pageText(stable(r.body))}`;
        }
      await trustAdmin.post('/switch', { school: 'trust' });
      await trustAdmin.get('/trust');
      for (const p of pages) {
        const r = await trustAdmin.get(p);
        out[`trust view ${p}`] = `${r.statusCode} ${pageText(stable(r.body))}`;
      }
      await trustAdmin.post('/switch', { school: world.schoolA1 });
      await trustAdmin.get('/');
      return out;
    };
    const before = await look();
    const added = await report(
      t,
      world.agents.dsl,
      concern('child-inappropriate-communication', {
        description: 'Marigold-Quince: messages from an adult to a pupil',
      }),
    );
    const after = await look();
    const changed = Object.keys(before).filter((k) => before[k] !== after[k]);
    expect(changed).toEqual([]);
    expect(Object.values(after).join('\n')).not.toContain('Marigold');
    expect(Object.values(after).join('\n')).not.toContain(added.reference!);
    // The pages were real pages for those allowed them: SLT's case list shows the ordinary case.
    expect(after['SLT /cases']).toContain('Press contact');
  }, 300_000);

  it('INC-7: the DSL team and the head find it; each opening is written to its chronology; the trust view and the reporter never list it', async () => {
    for (const agent of [world.agents.dsl, world.agents.deputy, world.agents.head]) {
      expect(pageText((await agent.get('/cases')).body)).toContain(restrictedRef);
    }
    const views = async () =>
      (
        await t.database.db
          .selectFrom('case_event')
          .select('actor_label')
          .where('case_id', '=', restrictedId)
          .where('kind', '=', 'case.viewed')
          .execute()
      ).map((e) => e.actor_label);
    const before = await views();
    expect((await world.agents.deputy.get(`/cases/${restrictedId}`)).statusCode).toBe(200);
    expect((await world.agents.head.get(`/cases/${restrictedId}`)).statusCode).toBe(200);
    expect(await views()).toEqual([...before, 'deputy Tester', 'head Tester']);
    expect(pageText((await world.agents.teacher.get('/cases/mine')).body)).not.toContain(restrictedRef);
    // The audit log records that a restricted record changed, but belongs to no tenant.
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select(['trust_id', 'school_id', 'action'])
      .where('entity_id', '=', restrictedId)
      .execute();
    expect(audit.length).toBeGreaterThan(0);
    expect(
      audit.every((a) => a.trust_id === null && a.school_id === null && a.action === 'restricted-record.changed'),
    ).toBe(true);
  });

  it('INC-7: a restricted case’s emails, unsent without SMTP, are in no outbox, and the people who may open the case see them on its page', async () => {
    await t.drainJobs();
    const messages = await t.database.db
      .selectFrom('case_mail as cm')
      .innerJoin('mail_message as m', 'm.id', 'cm.message_id')
      .select(['m.subject', 'm.status', 'm.trust_id', 'm.school_id', 'm.to_address'])
      .where('cm.case_id', '=', restrictedId)
      .execute();
    // Told: the DSL team, by email that could not go (no SMTP here), held without a tenant.
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.every((m) => m.status === 'outbox' && m.trust_id === null && m.school_id === null)).toBe(true);
    for (const agent of [world.agents.admin, outsiders.find((o) => o.label === 'trust administrator')!.agent]) {
      const outbox = await agent.get('/outbox');
      expect(outbox.statusCode).toBe(200);
      expect(outbox.body).not.toContain(restrictedRef);
      expect((await agent.get(`/cases/${restrictedId}`)).statusCode).toBe(404);
    }
    for (const agent of [world.agents.dsl, world.agents.head]) {
      const page = pageText((await agent.get(`/cases/${restrictedId}`)).body);
      const section = page.slice(
        page.indexOf('Emails about this case'),
        page.indexOf('Chronology', page.indexOf('Emails about this case')),
      );
      for (const m of messages) {
        expect(section).toContain(m.subject);
        expect(section).toContain(m.to_address);
      }
      expect(section).toContain('Not sent: email is not set up here, so tell them yourself');
      expect(section).toContain('they are in no outbox');
    }
  });

  it('INC-7: the restriction is in the repository’s SQL: the list query itself returns neither rows nor a count for a viewer outside the team', async () => {
    const school = { trustId: world.trustA, schoolId: world.schoolA1 };
    const now = t.clock.now();
    const slt = await schoolCases(
      t.database.db,
      school,
      { id: world.people['slt-a1']!.id, seesSchoolCases: true, dslTeam: false, head: false, chair: false },
      {},
      now,
    );
    const dsl = await schoolCases(
      t.database.db,
      school,
      { id: world.people['dsl-a1']!.id, seesSchoolCases: true, dslTeam: true, head: false, chair: false },
      {},
      now,
    );
    expect(slt.rows.some((r) => r.restricted)).toBe(false);
    expect(dsl.total - slt.total).toBe(dsl.rows.filter((r) => r.restricted).length);
    expect(dsl.rows.filter((r) => r.restricted).length).toBeGreaterThanOrEqual(2);
  });
});
