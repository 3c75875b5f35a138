/**
 * Cases at scale (INC-7, issue 9): a trust of 10 schools with 20,000 cases (10% restricted) and
 * 200,000 chronology entries. Measures, over real HTTP on loopback as a signed-in DSL, the school's
 * case list and a case page (p50/p95, one request at a time), and the list's throughput with 8
 * requests in flight, against a bare Fastify page and the app's lightest signed-in page (/account)
 * in the same run. Not a timed test: the machine is shared, so the ratios matter as much as the ms.
 *
 * Run alone: node --import tsx bench/cases.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { createRuntime } from '../src/runtime.ts';
import { openDatabase } from '../src/platform/db/connect.ts';
import { hashPassword } from '../src/platform/auth/passwords.ts';
import { KIND_KEYS, KINDS } from '../src/modules/incidents/rules/kinds.ts';
import { seedTrust, type BenchResult } from './coverage.ts';

const CASES = 20_000;
const EVENTS_PER_CASE = 10;
const PASSWORD = 'bench cases password';

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const ms = (n: number): number => Number(n.toFixed(2));

async function timed(
  url: string,
  total: number,
  headers: Record<string, string>,
  expect?: (body: string) => void,
): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < total; i++) {
    const t0 = performance.now();
    const response = await fetch(url, { headers, redirect: 'manual' });
    const body = await response.text();
    out.push(performance.now() - t0);
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    if (expect && i === 0) expect(body);
  }
  return out.sort((a, b) => a - b);
}

/** Requests per second with `inFlight` requests at a time, for `seconds`. */
async function throughput(url: string, headers: Record<string, string>, inFlight = 8, seconds = 5): Promise<number> {
  let done = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < end) {
        const r = await fetch(url, { headers, redirect: 'manual' });
        await r.arrayBuffer();
        if (r.status !== 200) throw new Error(`${url} answered ${r.status}`);
        done++;
      }
    }),
  );
  return done / seconds;
}

export async function benchCases(total = 200): Promise<BenchResult[]> {
  const bare = Fastify();
  bare.get('/', async (_r, reply) =>
    reply.type('text/html').send('<!DOCTYPE html><html lang="en"><title>bare</title><h1>Cases</h1></html>'),
  );
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/`;

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-bench-cases-'));
  const config = loadConfig({ DATA_DIR: dataDir, POSTWARDEN_SECRET_KEY: 'd'.repeat(64), LOG_LEVEL: 'silent' });
  const database = await openDatabase({});
  const runtime = await createRuntime(config, { database, logger: false });
  try {
    const db = database.db;
    const now = new Date();
    const seedStart = performance.now();
    const { trustId } = await seedTrust(db, now);
    const schools = await db
      .selectFrom('school')
      .select('id')
      .where('trust_id', '=', trustId)
      .orderBy('name')
      .execute();
    const _kinds = KIND_KEYS.map((k) => `'${k}'`).join(',');
    const restrictedKinds = KIND_KEYS.filter((k) => KINDS[k].restricted)
      .map((k) => `'${k}'`)
      .join(',');
    const openKinds = KIND_KEYS.filter((k) => !KINDS[k].restricted)
      .map((k) => `'${k}'`)
      .join(',');
    for (const school of schools) {
      const perSchool = CASES / schools.length;
      // Every tenth case is restricted (a safeguarding kind); owners are the school's leaders; a third closed.
      await sql`
        INSERT INTO concern_case (trust_id, school_id, reference, kind, status, restricted, urgent, reporter_id, description, routed_to, owner_id, reported_at, level, created_at, updated_at)
        SELECT ${trustId}, ${school.id}, 'C-2026-' || lpad(i::text, 5, '0'),
          CASE WHEN i % 10 = 0 THEN (ARRAY[${sql.raw(restrictedKinds)}])[1 + i % ${KIND_KEYS.filter((k) => KINDS[k].restricted).length}]
               ELSE (ARRAY[${sql.raw(openKinds)}])[1 + i % ${KIND_KEYS.filter((k) => !KINDS[k].restricted).length}] END,
          CASE WHEN i % 3 = 0 THEN 'closed' WHEN i % 3 = 1 THEN 'open' ELSE 'new' END,
          i % 10 = 0, i % 10 = 0,
          (SELECT id FROM person WHERE school_id = ${school.id} ORDER BY email OFFSET (40 + i % 300) LIMIT 1),
          'A concern reported in the bench, number ' || i, CASE WHEN i % 10 = 0 THEN 'dsl-team' ELSE 'slt' END,
          (SELECT r.person_id FROM role_assignment r WHERE r.school_id = ${school.id} AND r.role = CASE WHEN i % 10 = 0 THEN 'dsl' ELSE 'slt' END ORDER BY r.person_id LIMIT 1),
          ${now}::timestamptz - (i || ' hours')::interval,
          (ARRAY['minor', 'moderate', 'serious', NULL])[1 + i % 4],
          ${now}, ${now}
        FROM generate_series(1, ${perSchool}) AS i`.execute(db);
      await sql`
        INSERT INTO case_event (case_id, trust_id, school_id, at, actor_id, actor_label, kind, text, detail)
        SELECT c.id, c.trust_id, c.school_id, c.reported_at + (e || ' minutes')::interval, c.owner_id, 'Bench person',
          (ARRAY['case.reported', 'case.viewed', 'action.added', 'case.note', 'evidence.added'])[1 + e % 5], 'Entry ' || e, '{}'
        FROM concern_case c, generate_series(1, ${EVENTS_PER_CASE}) AS e WHERE c.school_id = ${school.id}`.execute(db);
      await sql`
        INSERT INTO case_action (case_id, trust_id, school_id, kind, title, owner_id, due_at, clock, status, created_at)
        SELECT c.id, c.trust_id, c.school_id, a.kind, a.title, c.owner_id, c.reported_at + interval '30 hours', 'working-days',
          CASE WHEN c.status = 'closed' THEN 'done' ELSE 'open' END, c.reported_at
        FROM concern_case c, (VALUES ('triage', 'Open the case and record an initial assessment'), ('takedown-request', 'Ask the site to take the content down')) AS a(kind, title)
        WHERE c.school_id = ${school.id}`.execute(db);
    }
    // The DSL of the first school signs in.
    const dsl = await db
      .selectFrom('role_assignment')
      .select('person_id')
      .where('school_id', '=', schools[0]!.id)
      .where('role', '=', 'dsl')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('person')
      .set({ password_hash: await hashPassword(PASSWORD) })
      .where('id', '=', dsl.person_id)
      .execute();
    const email = (
      await db.selectFrom('person').select('email').where('id', '=', dsl.person_id).executeTakeFirstOrThrow()
    ).email!;
    await sql`ANALYZE`.execute(db);
    const counts = await sql<{
      cases: number;
      events: number;
      restricted: number;
    }>`SELECT (SELECT count(*)::int FROM concern_case) AS cases, (SELECT count(*)::int FROM case_event) AS events, (SELECT count(*)::int FROM concern_case WHERE restricted) AS restricted`.execute(
      db,
    );
    const seedSeconds = (performance.now() - seedStart) / 1000;

    await runtime.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(runtime.app.server.address() as { port: number }).port}`;
    const cookies = new Map<string, string>();
    let csrf = '';
    const keep = (r: Response, body: string) => {
      for (const line of r.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const at = pair!.indexOf('=');
        cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
      }
      csrf = /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? csrf;
    };
    const headers = () => ({ cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') });
    const signInPage = await fetch(`${base}/sign-in`);
    keep(signInPage, await signInPage.text());
    const signedIn = await fetch(`${base}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...headers(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password: PASSWORD, _csrf: csrf }).toString(),
    });
    keep(signedIn, await signedIn.text());
    if (signedIn.status !== 302) throw new Error(`The DSL could not sign in: ${signedIn.status}`);

    const open = await db
      .selectFrom('concern_case')
      .select('id')
      .where('school_id', '=', schools[0]!.id)
      .where('restricted', '=', false)
      .where('status', '=', 'open')
      .orderBy('reported_at', 'desc')
      .executeTakeFirstOrThrow();
    const restricted = await db
      .selectFrom('concern_case')
      .select('id')
      .where('school_id', '=', schools[0]!.id)
      .where('restricted', '=', true)
      .orderBy('reported_at', 'desc')
      .executeTakeFirstOrThrow();
    let shownTotal = 0;
    const listUrl = `${base}/cases`;
    await timed(bareUrl, 30, {});
    await timed(listUrl, 20, headers(), (body) => {
      shownTotal = Number((/([\d,]+) cases/.exec(body)?.[1] ?? '0').replace(/,/g, ''));
    });
    const bareTimes = await timed(bareUrl, total, {});
    const accountTimes = await timed(`${base}/account`, total, headers());
    const listTimes = await timed(listUrl, total, headers());
    const filteredTimes = await timed(
      `${listUrl}?status=active&level=serious&overdue=yes`,
      Math.min(total, 100),
      headers(),
    );
    const pageTimes = await timed(`${base}/cases/${open.id}`, total, headers());
    const restrictedTimes = await timed(`${base}/cases/${restricted.id}`, Math.min(total, 100), headers());
    const bareRps = await throughput(bareUrl, {});
    const accountRps = await throughput(`${base}/account`, headers());
    const listRps = await throughput(listUrl, headers());
    return [
      {
        name: `Cases (issue 9): trust of 10 schools, ${counts.rows[0]!.cases.toLocaleString('en-GB')} cases (${counts.rows[0]!.restricted.toLocaleString('en-GB')} restricted), ${counts.rows[0]!.events.toLocaleString('en-GB')} chronology entries, embedded database, as a school's DSL`,
        figures: {
          'seed seconds': Number(seedSeconds.toFixed(1)),
          'cases the list says the DSL can see': shownTotal,
          'bare p50 / p95 ms': `${ms(percentile(bareTimes, 50))} / ${ms(percentile(bareTimes, 95))}`,
          '/account (bare signed-in page) p50 / p95 ms': `${ms(percentile(accountTimes, 50))} / ${ms(percentile(accountTimes, 95))}`,
          '/cases list p50 / p95 ms': `${ms(percentile(listTimes, 50))} / ${ms(percentile(listTimes, 95))}`,
          '/cases filtered p50 / p95 ms': `${ms(percentile(filteredTimes, 50))} / ${ms(percentile(filteredTimes, 95))}`,
          'case page p50 / p95 ms': `${ms(percentile(pageTimes, 50))} / ${ms(percentile(pageTimes, 95))}`,
          'restricted case page (writes a view entry) p50 / p95 ms': `${ms(percentile(restrictedTimes, 50))} / ${ms(percentile(restrictedTimes, 95))}`,
          'target p95 ms (list and page)': 100,
          'list p95 within target': percentile(listTimes, 95) <= 100 ? 'yes' : 'NO',
          'case page p95 within target': percentile(pageTimes, 95) <= 100 ? 'yes' : 'NO',
          'throughput req/s, 8 in flight: bare / account / list': `${bareRps.toFixed(0)} / ${accountRps.toFixed(0)} / ${listRps.toFixed(0)}`,
          'list ÷ bare Fastify throughput': Number((listRps / bareRps).toFixed(3)),
          'list ÷ /account throughput (target ≥ 0.33)': Number((listRps / accountRps).toFixed(3)),
        },
      },
    ];
  } finally {
    await runtime.close();
    await bare.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await benchCases()) {
    console.log(`\n## ${result.name}`);
    for (const [key, value] of Object.entries(result.figures)) console.log(`  ${key.padEnd(56)} ${value}`);
  }
  process.exit(0);
}
