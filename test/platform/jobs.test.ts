import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { freshDatabase, testBackend } from '../support/database.ts';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db/connect.ts';
import { JOB_LEASE_MS, JobRunner, backoffMs, enqueueJob } from '../../src/platform/jobs/jobs.ts';

const NOW = new Date('2026-11-18T10:00:00Z');
const at = (ms: number) => new Date(NOW.getTime() + ms);
const MINUTE = 60_000;

describe('background jobs', () => {
  let database: DatabaseHandle;
  beforeEach(async () => {
    database = await freshDatabase();
  });
  afterEach(async () => {
    await database.close();
  });

  const jobRows = () => database.db.selectFrom('job').selectAll().orderBy('id').execute();

  it('ORG-1: a due job runs once; a job set for later waits until its time', async () => {
    const runner = new JobRunner(database.db);
    const seen: { payload: Record<string, unknown>; now: Date; attempt: number }[] = [];
    runner.register('test.record', async (payload, ctx) => {
      seen.push({ payload, now: ctx.now, attempt: ctx.attempt });
    });
    await enqueueJob(database.db, 'test.record', { which: 'due' }, { runAt: NOW });
    await enqueueJob(database.db, 'test.record', { which: 'later' }, { runAt: at(60 * MINUTE) });

    expect(await runner.runDueJobs(NOW)).toBe(1);
    expect(seen).toEqual([{ payload: { which: 'due' }, now: NOW, attempt: 1 }]);
    expect(await runner.runDueJobs(NOW)).toBe(0);
    expect(await runner.runDueJobs(at(60 * MINUTE - 1))).toBe(0);
    expect(seen).toHaveLength(1);

    const [due, later] = await jobRows();
    expect(due).toMatchObject({ attempts: 1, locked_by: null, locked_until: null, failed_at: null, last_error: null });
    expect(new Date(due!.done_at!).toISOString()).toBe(NOW.toISOString());
    expect(later).toMatchObject({ attempts: 0, done_at: null });

    expect(await runner.runDueJobs(at(60 * MINUTE))).toBe(1);
    expect(seen.map((s) => s.payload.which)).toEqual(['due', 'later']);
    expect(await runner.runDueJobs(at(24 * 60 * MINUTE))).toBe(0);
  });

  it('ORG-1: due jobs run in the order they fell due', async () => {
    const runner = new JobRunner(database.db);
    const order: unknown[] = [];
    runner.register('test.order', async (payload) => {
      order.push(payload.n);
    });
    await enqueueJob(database.db, 'test.order', { n: 3 }, { runAt: at(3000) });
    await enqueueJob(database.db, 'test.order', { n: 1 }, { runAt: at(1000) });
    await enqueueJob(database.db, 'test.order', { n: 2 }, { runAt: at(2000) });
    expect(await runner.runDueJobs(at(5000))).toBe(3);
    expect(order).toEqual([1, 2, 3]);
  });

  it('ORG-1: a failing job is retried with backoff, and given up after max_attempts with the error kept', async () => {
    const runner = new JobRunner(database.db);
    const attempts: string[] = [];
    runner.register('test.fails', async (_payload, ctx) => {
      attempts.push(`${ctx.attempt} of ${ctx.maxAttempts}`);
      throw new Error(`mail server said no (attempt ${ctx.attempt})`);
    });
    await enqueueJob(database.db, 'test.fails', {}, { runAt: NOW, maxAttempts: 3 });

    expect(await runner.runDueJobs(NOW)).toBe(1);
    let [job] = await jobRows();
    expect(job).toMatchObject({
      attempts: 1,
      max_attempts: 3,
      failed_at: null,
      done_at: null,
      locked_by: null,
      locked_until: null,
      last_error: 'mail server said no (attempt 1)',
    });
    const retry1 = at(backoffMs(1));
    expect(new Date(job!.run_at).toISOString()).toBe(retry1.toISOString());
    expect(backoffMs(1)).toBe(30_000);

    // Not before its backoff has passed.
    expect(await runner.runDueJobs(at(backoffMs(1) - 1))).toBe(0);
    expect(await runner.runDueJobs(retry1)).toBe(1);
    [job] = await jobRows();
    const retry2 = new Date(retry1.getTime() + backoffMs(2));
    expect(backoffMs(2)).toBe(60_000);
    expect(job).toMatchObject({ attempts: 2, failed_at: null, last_error: 'mail server said no (attempt 2)' });
    expect(new Date(job!.run_at).toISOString()).toBe(retry2.toISOString());

    expect(await runner.runDueJobs(retry2)).toBe(1);
    [job] = await jobRows();
    expect(job).toMatchObject({ attempts: 3, done_at: null, last_error: 'mail server said no (attempt 3)' });
    expect(new Date(job!.failed_at!).toISOString()).toBe(retry2.toISOString());

    // Given up: never runs again, however late.
    expect(await runner.runDueJobs(at(7 * 24 * 60 * MINUTE))).toBe(0);
    // The handler is told which attempt this is, and which is the last.
    expect(attempts).toEqual(['1 of 3', '2 of 3', '3 of 3']);
  });

  it('ORG-1: backoff doubles from 30 seconds and stops at 1 hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map(backoffMs)).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000,
    ]);
  });

  it('ORG-1: a job that fails once and then works is done, not failed', async () => {
    const runner = new JobRunner(database.db);
    let calls = 0;
    runner.register('test.flaky', async () => {
      calls++;
      if (calls === 1) throw new Error('temporary');
    });
    await enqueueJob(database.db, 'test.flaky', {}, { runAt: NOW });
    expect(await runner.runDueJobs(NOW)).toBe(1);
    expect(await runner.runDueJobs(at(backoffMs(1)))).toBe(1);
    const [job] = await jobRows();
    expect(job).toMatchObject({ attempts: 2, failed_at: null, last_error: 'temporary' });
    expect(job!.done_at).not.toBeNull();
    expect(await runner.runDueJobs(at(24 * 60 * MINUTE))).toBe(0);
  });

  it('ORG-1: a job with no handler is recorded as failing, not lost, and the default is 8 attempts', async () => {
    const runner = new JobRunner(database.db);
    await enqueueJob(database.db, 'test.nobody-handles-this', {}, { runAt: NOW });
    expect(await runner.runDueJobs(NOW)).toBe(1);
    const [job] = await jobRows();
    expect(job).toMatchObject({ attempts: 1, max_attempts: 8, done_at: null, failed_at: null });
    expect(job!.last_error).toContain("No handler for job kind 'test.nobody-handles-this'");
    expect(() => runner.register('x', async () => undefined)).not.toThrow();
    expect(() => runner.register('x', async () => undefined)).toThrow(/already registered/);
  });

  it('ORG-1: a dedupe key keeps a job from being enqueued twice; jobs without a key are all kept', async () => {
    await enqueueJob(database.db, 'test.remind', { round: 1 }, { runAt: NOW, dedupeKey: 'remind:person-1:round-1' });
    await enqueueJob(
      database.db,
      'test.remind',
      { round: 1, again: true },
      { runAt: at(MINUTE), dedupeKey: 'remind:person-1:round-1' },
    );
    await enqueueJob(database.db, 'test.remind', { round: 2 }, { runAt: NOW, dedupeKey: 'remind:person-1:round-2' });
    await enqueueJob(database.db, 'test.remind', { plain: 1 }, { runAt: NOW });
    await enqueueJob(database.db, 'test.remind', { plain: 1 }, { runAt: NOW });
    const rows = await jobRows();
    expect(rows).toHaveLength(4);
    expect(rows.filter((r) => r.dedupe_key === 'remind:person-1:round-1').map((r) => r.payload)).toEqual([
      { round: 1 },
    ]);
    // Inside a transaction that rolls back, the job is not enqueued at all.
    await database.db
      .transaction()
      .execute(async (trx) => {
        await enqueueJob(trx, 'test.remind', { rolledBack: true }, { runAt: NOW, dedupeKey: 'rolled-back' });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await jobRows()).toHaveLength(4);
    // The second enqueue did not run either, so the job ran once.
    const runner = new JobRunner(database.db);
    const ran: unknown[] = [];
    runner.register('test.remind', async (payload) => {
      ran.push(payload);
    });
    expect(await runner.runDueJobs(at(MINUTE))).toBe(4);
    expect(ran.filter((p) => (p as { round?: number }).round === 1)).toHaveLength(1);
  });

  it('ORG-1: a job held by a worker that died is taken over by another once the lease runs out', async () => {
    const dead = new JobRunner(database.db);
    const alive = new JobRunner(database.db);
    const ran: string[] = [];
    alive.register('test.lease', async () => {
      ran.push(alive.workerId);
    });
    await enqueueJob(database.db, 'test.lease', {}, { runAt: NOW });
    const claimed = await dead.claimOne(NOW); // claimed, then the worker "dies" before running it
    expect(claimed).toMatchObject({ kind: 'test.lease', attempts: 1 });
    expect(await alive.runDueJobs(NOW)).toBe(0);
    expect(await alive.runDueJobs(at(JOB_LEASE_MS - 1))).toBe(0);
    expect(await alive.runDueJobs(at(JOB_LEASE_MS + 1))).toBe(1);
    expect(ran).toEqual([alive.workerId]);
    const [job] = await jobRows();
    expect(job).toMatchObject({ attempts: 2, locked_by: null });
    expect(job!.done_at).not.toBeNull();
  });

  it(`ORG-1: two instances never run one job twice (${testBackend === 'postgresql' ? 'two runners over two connection pools' : 'two runners over one embedded database'})`, async () => {
    let second: DatabaseHandle | undefined;
    try {
      let otherDb = database.db;
      if (testBackend === 'postgresql') {
        const { rows } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(database.db);
        const url = new URL(process.env.TEST_DATABASE_URL!);
        url.pathname = `/${rows[0]!.name}`;
        second = await openDatabase({ databaseUrl: url.toString() });
        otherDb = second.db;
        // They really are two sessions.
        const pids = await Promise.all(
          [database.db, otherDb].map(
            async (db) => (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db)).rows[0]!.pid,
          ),
        );
        expect(pids[0]).not.toBe(pids[1]);
      }
      const runs: { n: number; runner: string }[] = [];
      const runners = [new JobRunner(database.db), new JobRunner(otherDb)];
      for (const [i, runner] of runners.entries()) {
        runner.register('test.once', async (payload) => {
          runs.push({ n: Number(payload.n), runner: `r${i}` });
          await sleep(2); // hold the job a moment, so the other runner is claiming meanwhile
        });
      }
      for (let n = 0; n < 50; n++) await enqueueJob(database.db, 'test.once', { n }, { runAt: NOW });

      const counts = await Promise.all(runners.map((r) => r.runDueJobs(NOW)));
      expect(counts[0]! + counts[1]!).toBe(50);
      expect(runs).toHaveLength(50);
      expect(runs.map((r) => r.n).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
      // Both took part, so the claims really did race.
      expect(counts[0]).toBeGreaterThan(0);
      expect(counts[1]).toBeGreaterThan(0);
      const rows = await jobRows();
      expect(rows.every((r) => r.attempts === 1 && r.done_at !== null && r.locked_by === null)).toBe(true);
      expect(await runners[0]!.runDueJobs(at(MINUTE))).toBe(0);
    } finally {
      await second?.close();
    }
  });
});
