/**
 * Issue 8, start-up: how long the real command takes, each against a baseline measured in the same
 * run (the machine is shared and noisy, so the ratios mean more than the seconds).
 * - `postwarden check` on one sentence (target: under a second) against the least any check must
 *   do: a bare Node process that opens the same embedded database and runs one query; and the
 *   same check with every source through tsx (no build), as every start ran before issue 8.
 * - `postwarden demo` on a new data folder, until /health answers (target: under 15 s), against
 *   PGlite making a new data folder alone (its initdb), which the demo cannot avoid.
 *
 * Run alone: node --import tsx bench/start.ts   (or: npm run bench start)
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { openDatabase } from '../src/platform/db/connect.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import type { BenchResult } from './import.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const RUNS = 5;
const DEMO_TIMEOUT_MS = 180_000;

/** Runs a command to its end; resolves with the seconds it took. */
function timed(args: string[], env: Record<string, string>, input?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: os.homedir(), LOG_LEVEL: 'silent', ...env },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 || code === 1
        ? resolve((performance.now() - started) / 1000)
        : reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`)),
    );
    child.stdin.end(input ?? '');
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const seconds = (x: number) => Number(x.toFixed(2));

async function benchCheck(): Promise<BenchResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-bench-start-'));
  const handle = await openDatabase({ dataDir });
  await migrateToLatest(handle.db);
  const now = new Date();
  const trust = await handle.db
    .insertInto('trust')
    .values({ name: 'Bench Trust', slug: 'bench', created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const school = await handle.db
    .insertInto('school')
    .values({
      trust_id: trust.id,
      name: 'Bench Primary',
      slug: 'bench-primary',
      phase: 'primary',
      urn: null,
      email_domains: '[]',
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await handle.db
    .insertInto('pupil')
    .values(
      Array.from({ length: 200 }, (_, i) => ({
        trust_id: trust.id,
        school_id: school.id,
        upn: `B${String(100000000000 + i)}`,
        given_name: `Given${i}`,
        family_name: `Family${i}`,
        date_of_birth: '2017-05-14',
        year_group: 4,
        form_group: '4B',
        consent_social: true,
        consent_website: true,
        consent_press: false,
        never_publish: false,
        leaving_date: null,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  await handle.close();

  const env = { DATA_DIR: dataDir };
  const sentence = 'Well done to Given7 Family7 for a brilliant poem!\n';
  const floorScript = `const { PGlite } = await import('@electric-sql/pglite'); const db = await PGlite.create({ dataDir: ${JSON.stringify(path.join(dataDir, 'pgdata'))} }); await db.query("SELECT id FROM school WHERE slug = 'bench-primary'"); await db.close();`;
  const variants: [string, string[]][] = [
    ['floor', ['--input-type=module', '-e', floorScript]],
    ['check', ['bin/postwarden.js', 'check', '--school', 'bench-primary', '-']],
    ['tsx', ['--import', 'tsx', 'src/main.ts', 'check', '--school', 'bench-primary', '-']],
  ];
  const times = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  await timed(variants[1]![1], env, sentence); // makes the build if the sources changed
  for (let i = 0; i < RUNS; i++) {
    for (const [name, args] of variants) times.get(name)!.push(await timed(args, env, sentence));
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  const floor = median(times.get('floor')!);
  const check = median(times.get('check')!);
  const tsx = median(times.get('tsx')!);
  return {
    name: `postwarden check on one sentence (median of ${RUNS}) vs a bare process opening the same database, same run`,
    figures: {
      'bare open + one query s': seconds(floor),
      'postwarden check s (target < 1)': seconds(check),
      'same check through tsx, no build s': seconds(tsx),
      'check / bare (ratio)': Number((check / floor).toFixed(2)),
      'through tsx / bare (ratio)': Number((tsx / floor).toFixed(2)),
    },
  };
}

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

/** Seconds from launching `postwarden demo` on a new folder until /health answers on loopback. */
async function demoFirstStart(): Promise<number> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-bench-demo-'));
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/postwarden.js', 'demo'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: os.homedir(),
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      PORT: String(port),
    },
    stdio: 'ignore',
  });
  try {
    while (performance.now() - started < DEMO_TIMEOUT_MS) {
      if (child.exitCode !== null) throw new Error(`postwarden demo stopped (exit ${child.exitCode})`);
      const up = await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) return (performance.now() - started) / 1000;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('postwarden demo did not answer within 3 minutes');
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(undefined)));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchDemo(): Promise<BenchResult> {
  const initdbScript = (dir: string) =>
    `const { PGlite } = await import('@electric-sql/pglite'); const db = await PGlite.create({ dataDir: ${JSON.stringify(dir)} }); await db.close();`;
  const initdb: number[] = [];
  const demo: number[] = [];
  for (let i = 0; i < 2; i++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-bench-initdb-'));
    initdb.push(await timed(['--input-type=module', '-e', initdbScript(path.join(dir, 'pgdata'))], {}));
    fs.rmSync(dir, { recursive: true, force: true });
    demo.push(await demoFirstStart());
  }
  const baseline = Math.min(...initdb);
  const first = Math.min(...demo);
  return {
    name: 'postwarden demo on a new data folder until /health answers (best of 2) vs PGlite making a new folder alone, same run',
    figures: {
      'PGlite initdb alone s': seconds(baseline),
      'demo first start s (target < 15)': seconds(first),
      'demo / initdb (ratio)': Number((first / baseline).toFixed(2)),
    },
  };
}

export async function benchStart(): Promise<BenchResult[]> {
  return [await benchCheck(), await benchDemo()];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await benchStart()) {
    console.log(`\n## ${result.name}`);
    for (const [key, value] of Object.entries(result.figures)) console.log(`  ${key.padEnd(44)} ${value}`);
  }
}
