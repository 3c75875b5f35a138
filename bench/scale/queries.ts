/**
 * Issue 14: the queries one request of each common page runs, with their time, on the demo trust
 * (embedded database), and with --explain the plan of each (EXPLAIN ANALYZE).
 *
 * Run: node --import tsx bench/scale/queries.ts [email] [--explain]
 * On the trust-scale data set: make it once with
 *   DATA_DIR=/tmp/pw-scale POSTWARDEN_SECRET_KEY=<64 hex> npx postwarden demo --scale trust   (stop it when it serves)
 * then: PW_SCALE_DATA_DIR=/tmp/pw-scale node --import tsx bench/scale/queries.ts --explain > bench/scale/plans.txt
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { createRuntime } from '../../src/runtime.ts';
import { openDatabase } from '../../src/platform/db/connect.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import { seedDemoTrust } from '../../src/demo/seed.ts';
import { useAuditKey } from '../../src/platform/audit/keys.ts';

const PAGES = ['/', '/posts', '/pupils', '/policy/coverage', '/staff', '/cases'];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-queries-'));
const config = loadConfig({
  DATA_DIR: dataDir,
  POSTWARDEN_SECRET_KEY: 'b'.repeat(64),
  LOG_LEVEL: 'silent',
  POSTWARDEN_DEMO: '1',
});
const existing = process.env.PW_SCALE_DATA_DIR;
const explain = process.argv.includes('--explain');
const email = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'helen.pryce@riverside-trust.example';
const database = await openDatabase(existing ? { dataDir: existing } : {});
await migrateToLatest(database.db);
useAuditKey(Buffer.from('b'.repeat(64), 'hex'));
if (!existing) await seedDemoTrust(database.db, new Date(), { demoMode: true });
const runtime = await createRuntime(config, { database, logger: false });
const log: { sql: string; ms: number; text: string; params: unknown[] }[] = [];
const pglite = database.pglite!;
for (const method of ['query', 'exec'] as const) {
  const original = pglite[method].bind(pglite) as (...a: unknown[]) => Promise<unknown>;
  (pglite as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
    const t0 = performance.now();
    try {
      return await original(...args);
    } finally {
      log.push({
        sql: String(args[0]).replace(/\s+/g, ' ').slice(0, 160),
        ms: performance.now() - t0,
        text: String(args[0]),
        params: (args[1] as unknown[]) ?? [],
      });
    }
  };
}
const app = runtime.app;
const page = await app.inject({ url: '/sign-in' });
let cookie = String(page.headers['set-cookie']).split(';')[0]!;
const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
const signed = await app.inject({
  method: 'POST',
  url: '/sign-in',
  headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams({
    email: process.argv[2] ?? 'helen.pryce@riverside-trust.example',
    password: 'postwarden-demo',
    _csrf: token,
  }).toString(),
});
if (signed.statusCode !== 302) throw new Error(`Signing in as ${email} answered ${signed.statusCode}`);
cookie = String(signed.headers['set-cookie']).split(';')[0]!;
for (const url of PAGES) {
  await app.inject({ url, headers: { cookie } });
  log.length = 0;
  const t0 = performance.now();
  const response = await app.inject({ url, headers: { cookie } });
  const total = performance.now() - t0;
  const inDb = log.reduce((a, q) => a + q.ms, 0);
  console.log(
    `\n${url}: ${response.statusCode}, ${total.toFixed(1)} ms, ${log.length} queries, ${inDb.toFixed(1)} ms in the database`,
  );
  const seen = [...log];
  for (const q of seen) {
    console.log(`  ${q.ms.toFixed(2).padStart(7)} ms  ${q.sql}`);
    if (explain && /^\s*(select|with)\b/i.test(q.text)) {
      const plan = await pglite.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${q.text}`, q.params);
      for (const line of plan.rows) console.log(`             | ${line['QUERY PLAN']}`);
    }
  }
}
await runtime.close();
fs.rmSync(dataDir, { recursive: true, force: true });
