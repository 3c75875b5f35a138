import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase } from '../../src/platform/db/connect.ts';
import { JobRunner } from '../../src/platform/jobs/jobs.ts';
import { CRASH_JOB_DEADLINE, CRASH_JOB_KIND } from './fixtures/crash-constants.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const WRITER = path.join(import.meta.dirname, 'fixtures', 'crash-writer.ts');
const KILL_AFTER = 200;

// This file always uses an on-disk embedded database (PGlite), whichever backend the rest of the
// suite runs on: it is the embedded database's durability that is being tested.
describe('the embedded database after a crash', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('ORG-1: a process killed with SIGKILL mid-write reopens with every acknowledged row and its pending job still due', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-crash-'));
    dirs.push(dataDir);
    // The data folder is only ever opened by one process at a time: the child, then (after it is dead) this test.
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acknowledged: number[] = [];
    let jobAcknowledged = false;
    let stderr = '';
    let pending = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'job') jobAcknowledged = true;
        const match = /^ack (\d+)$/.exec(line);
        if (match) acknowledged.push(Number(match[1]));
      }
      if (acknowledged.length >= KILL_AFTER && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    const { code, signal } = await exited;
    expect(signal, `the writer should have been killed mid-write, but it exited with ${code}: ${stderr}`).toBe(
      'SIGKILL',
    );
    expect(jobAcknowledged).toBe(true);
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(acknowledged).toEqual(Array.from({ length: acknowledged.length }, (_, i) => i + 1));

    const database = await openDatabase({ dataDir });
    try {
      const { rows } = await sql<{ id: number }>`SELECT id FROM crash_probe ORDER BY id`.execute(database.db);
      const present = new Set(rows.map((r) => r.id));
      const missing = acknowledged.filter((id) => !present.has(id));
      expect(missing, 'acknowledged rows lost in the crash').toEqual([]);
      // Nothing but whole rows: at most the one being written when the process died may be there unacknowledged.
      expect(rows.length).toBeLessThanOrEqual(acknowledged.length + 1);

      // The job's deadline survived the restart: not due a moment before it, due at it.
      const jobs = await database.db.selectFrom('job').selectAll().where('kind', '=', CRASH_JOB_KIND).execute();
      expect(jobs).toHaveLength(1);
      expect(jobs[0]).toMatchObject({ attempts: 0, done_at: null, failed_at: null, locked_by: null });
      expect(new Date(jobs[0]!.run_at).toISOString()).toBe(CRASH_JOB_DEADLINE);
      const runner = new JobRunner(database.db);
      const ran: unknown[] = [];
      runner.register(CRASH_JOB_KIND, async (payload) => {
        ran.push(payload);
      });
      const deadline = new Date(CRASH_JOB_DEADLINE);
      expect(await runner.runDueJobs(new Date(deadline.getTime() - 1000))).toBe(0);
      expect(await runner.runDueJobs(deadline)).toBe(1);
      expect(ran).toEqual([{ reminder: 'respond to the complaint' }]);

      // And the reopened database takes writes again.
      await sql`INSERT INTO crash_probe (id, written_at, filler) VALUES (${1_000_001}, now(), 'after the crash')`.execute(
        database.db,
      );
    } finally {
      await database.close();
    }
  }, 180_000);
});
