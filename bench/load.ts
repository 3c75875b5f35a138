/**
 * Issue 14, load: the common signed-in pages under 50 concurrent connections (autocannon), each
 * beside /health measured in the same run against the same server (the machine is shared and
 * noisy, so the ratio to /health means more than the absolute figures).
 *
 * The server runs as its own process (`postwarden demo`, or `postwarden serve` on a prepared
 * database), so the load tool does not share its event loop. On PGlite by default; with
 * PW_BENCH_PG=postgres://postgres@127.0.0.1:5432 also on PostgreSQL, in a database made for the
 * run and dropped after it.
 *
 * Run alone: node --import tsx bench/load.ts [seconds-per-page]   (or: npm run bench load)
 * PW_BENCH_SCALE=trust runs it on the trust-scale demo (`postwarden demo --scale trust`).
 * PW_BENCH_CPU_PROF=<dir> starts the server under `node --cpu-prof` (profile written on exit).
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import type { BenchResult } from './import.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const CONNECTIONS = 50;
const DEMO_PASSWORD = 'postwarden-demo';

/** The roles signed in, and the pages each drives (the ones people open most). */
export const ROLE_PAGES: { role: string; email: string; pages: string[] }[] = [
  {
    role: 'head',
    email: 'helen.pryce@riverside-trust.example',
    pages: ['/', '/posts', '/pupils', '/policy/coverage', '/staff', '/cases'],
  },
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Server {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `postwarden demo` on a new data folder (and database, if given) and waits for /health. */
export async function startServer(options: {
  databaseUrl?: string;
  cpuProfDir?: string;
  env?: Record<string, string>;
  dataDir?: string;
  /** 'trust': the demo trust grown to 50 schools, 5,000 staff, 75,000 pupils, 1,000,000 audit events. */
  scale?: string;
}): Promise<Server> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pw-bench-load-'));
  const port = await freePort();
  const args = [
    ...(options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : []),
    'bin/postwarden.js',
    'demo',
    ...(options.scale ? ['--scale', options.scale] : []),
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: os.homedir(),
      DATA_DIR: dataDir,
      PORT: String(port),
      POSTWARDEN_SECRET_KEY: 'b'.repeat(64),
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  while (performance.now() - started < 240_000) {
    if (child.exitCode !== null) throw new Error(`postwarden demo stopped (exit ${child.exitCode})`);
    if (
      await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the form; returns the session cookie. */
export async function signIn(url: string, email: string): Promise<string> {
  const page = await fetch(`${url}/sign-in`);
  const cookie = (page.headers.getSetCookie()[0] ?? '').split(';')[0]!;
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!token) throw new Error('The sign-in page carried no CSRF token');
  const response = await fetch(`${url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD, _csrf: token }).toString(),
  });
  const signedIn = (response.headers.getSetCookie()[0] ?? '').split(';')[0] || cookie;
  if (response.status !== 302) throw new Error(`Signing in as ${email} answered ${response.status}`);
  return signedIn;
}

export interface PageFigures {
  page: string;
  rps: number;
  p50: number;
  p95: number;
  p975: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** Drives one page for `seconds` with 50 connections; percentiles from every response's time. */
export async function drive(url: string, cookie: string | undefined, seconds: number): Promise<PageFigures> {
  const times: number[] = [];
  const tracker = autocannon({ url, connections: CONNECTIONS, duration: seconds, headers: cookie ? { cookie } : {} });
  tracker.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => times.push(ms));
  const result = await tracker;
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(times.length * q))] ?? 0);
  return {
    page: new URL(url).pathname,
    rps: Math.round(result.requests.average),
    p50: at(0.5),
    p95: at(0.95),
    p975: at(0.975),
    p99: at(0.99),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** Drives /health, then every page of every role, on one server; each page for `seconds`. */
export async function loadServer(server: Server, seconds: number): Promise<PageFigures[]> {
  await drive(`${server.url}/health`, undefined, 1); // warm-up
  const out = [await drive(`${server.url}/health`, undefined, seconds)];
  out.push(await drive(`${server.url}/sign-in`, undefined, seconds));
  for (const { email, pages } of ROLE_PAGES) {
    const cookie = await signIn(server.url, email);
    for (const page of pages) {
      await drive(`${server.url}${page}`, cookie, 1); // warm-up
      out.push(await drive(`${server.url}${page}`, cookie, seconds));
    }
  }
  return out;
}

function figures(rows: PageFigures[]): Record<string, string> {
  const health = rows[0]!.rps;
  const out: Record<string, string> = {};
  for (const r of rows)
    out[r.page] =
      `${r.rps} req/s (${(r.rps / health).toFixed(2)} of /health)  p50 ${r.p50}  p95 ${r.p95}  p97.5 ${r.p975}  p99 ${r.p99} ms  errors ${r.errors}  non-2xx ${r.non2xx}`;
  return out;
}

async function withPostgres<T>(base: string, work: (url: string) => Promise<T>): Promise<T> {
  const pg = (await import('pg')).default;
  const name = `pw_bench_load_${process.pid}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    return await work(`${base}/${name}`);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

export async function benchLoad(seconds = Number(process.env.PW_BENCH_SECONDS ?? 3)): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const cpuProfDir = process.env.PW_BENCH_CPU_PROF;
  const scale = process.env.PW_BENCH_SCALE;
  const size = scale ? `${scale}-scale demo trust` : 'Demo trust';
  const pglite = await startServer({ ...(cpuProfDir ? { cpuProfDir } : {}), ...(scale ? { scale } : {}) });
  try {
    results.push({
      name: `${size}, ${CONNECTIONS} connections, ${seconds} s a page, PGlite (ratio to /health in the same run)`,
      figures: figures(await loadServer(pglite, seconds)),
    });
  } finally {
    await pglite.stop();
  }
  const pgBase = process.env.PW_BENCH_PG;
  if (pgBase) {
    await withPostgres(pgBase, async (databaseUrl) => {
      const server = await startServer({ databaseUrl, ...(scale ? { scale } : {}) });
      try {
        results.push({
          name: `${size}, ${CONNECTIONS} connections, ${seconds} s a page, PostgreSQL (ratio to /health in the same run)`,
          figures: figures(await loadServer(server, seconds)),
        });
      } finally {
        await server.stop();
      }
    });
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await benchLoad(Number(process.argv[2] ?? process.env.PW_BENCH_SECONDS ?? 3))) {
    console.log(`\n## ${result.name}`);
    for (const [key, value] of Object.entries(result.figures)) console.log(`  ${key.padEnd(20)} ${value}`);
  }
  process.exit(0);
}
