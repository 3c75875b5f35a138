import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../support/database.ts';
import type { DatabaseHandle } from '../../src/platform/db/connect.ts';
import { JOB_LEASE_MS, JobRunner, enqueueJob } from '../../src/platform/jobs/jobs.ts';
import { FixedClock } from '../../src/platform/clock.ts';

const NOW = new Date('2026-11-18T10:00:00Z');

/** A promise and the function that settles it: a job handler that stays running until the test says. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

async function until(check: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error('condition not met in time');
    await sleep(10);
  }
}

// Issue 14: jobs on several instances. Two runners on one database stand for two instances.
describe('ORG-1: background jobs across instances (leases, heartbeat, concurrency)', () => {
  let database: DatabaseHandle;
  beforeEach(async () => {
    database = await freshDatabase();
  });
  afterEach(async () => {
    await database.close();
  });
  const job = async () => database.db.selectFrom('job').selectAll().executeTakeFirstOrThrow();

  it('ISSUE-14: a job claimed by an instance that died is taken over by another when its 30 s lease ends, within 60 s', async () => {
    expect(JOB_LEASE_MS).toBeLessThanOrEqual(30_000);
    const dead = new JobRunner(database.db);
    const alive = new JobRunner(database.db);
    const runs: string[] = [];
    alive.register('test.work', async () => void runs.push('alive'));
    await enqueueJob(database.db, 'test.work', {}, { runAt: NOW });
    // The claim happens well after the job fell due: the lease counts from the claim, not from the due time.
    const claimedAt = new Date(NOW.getTime() + 10 * 60_000);
    expect(await dead.claimOne(claimedAt)).toBeDefined();
    expect(new Date((await job()).locked_until!).getTime()).toBe(claimedAt.getTime() + JOB_LEASE_MS);
    expect(await alive.runDueJobs(new Date(claimedAt.getTime() + JOB_LEASE_MS - 1000))).toBe(0);
    expect(await alive.runDueJobs(new Date(claimedAt.getTime() + JOB_LEASE_MS + 1000))).toBe(1);
    expect(runs).toEqual(['alive']);
    expect((await job()).done_at).not.toBeNull();
  });

  it('ISSUE-14: the heartbeat keeps a long job leased, so no other instance runs it twice; it runs exactly once', async () => {
    const clock = new FixedClock(NOW);
    const first = new JobRunner(database.db);
    const second = new JobRunner(database.db);
    const g = gate();
    let runs = 0;
    const handler = async () => {
      runs++;
      await g.opened;
    };
    first.register('test.slow', handler);
    second.register('test.slow', handler);
    await enqueueJob(database.db, 'test.slow', {}, { runAt: NOW });
    const running = first.runDueJobs(clock.now());
    await until(() => runs === 1);
    // Two and a half minutes of a slow send, with the heartbeat every 10 s as the server does it.
    for (let s = 10; s <= 150; s += 10) {
      clock.set(new Date(NOW.getTime() + s * 1000));
      await first.renewLeases(clock.now());
      expect(await second.runDueJobs(clock.now())).toBe(0);
    }
    g.open();
    expect(await running).toBe(1);
    expect(runs).toBe(1);
    expect((await job()).done_at).not.toBeNull();
    expect(await second.runDueJobs(new Date(NOW.getTime() + 3_600_000))).toBe(0);
  });

  it('ISSUE-14: a runner that lost its lease is told to stop, and does not mark done the job another runner holds', async () => {
    const first = new JobRunner(database.db);
    const second = new JobRunner(database.db);
    const g = gate();
    let signal: AbortSignal | undefined;
    first.register('test.stalled', async (_p, ctx) => {
      signal = ctx.signal;
      await g.opened;
    });
    const secondGate = gate();
    second.register('test.stalled', async () => {
      await secondGate.opened;
    });
    await enqueueJob(database.db, 'test.stalled', {}, { runAt: NOW });
    const stalled = first.runDueJobs(NOW);
    await until(() => signal !== undefined);
    // The first instance stalls past its lease (no heartbeat); the second takes the job over.
    const later = new Date(NOW.getTime() + JOB_LEASE_MS + 5000);
    const takeover = second.runDueJobs(later);
    await until(async () => (await job()).locked_by === second.workerId);
    await first.renewLeases(later);
    expect(signal!.aborted).toBe(true);
    g.open();
    await stalled;
    const row = await job();
    expect(row.done_at).toBeNull();
    expect(row.locked_by).toBe(second.workerId);
    secondGate.open();
    expect(await takeover).toBe(1);
    expect((await job()).done_at).not.toBeNull();
  });

  it('ISSUE-14: one slow kind does not hold up the queue: other jobs run beside it, and no more of a kind run at once than its limit', async () => {
    const runner = new JobRunner(database.db, { concurrency: 4 });
    const g = gate();
    let slowRunning = 0;
    let slowMost = 0;
    const fastDone: number[] = [];
    runner.register(
      'test.slow',
      async () => {
        slowRunning++;
        slowMost = Math.max(slowMost, slowRunning);
        await g.opened;
        slowRunning--;
      },
      { concurrency: 2 },
    );
    runner.register('test.fast', async (payload) => void fastDone.push(Number(payload.n)));
    for (let i = 0; i < 4; i++) await enqueueJob(database.db, 'test.slow', { n: i }, { runAt: NOW });
    for (let i = 0; i < 3; i++) await enqueueJob(database.db, 'test.fast', { n: i }, { runAt: NOW });
    const clock = new FixedClock(NOW);
    runner.start(clock, 20);
    try {
      await until(() => fastDone.length === 3);
      expect(slowRunning).toBe(2);
      expect(slowMost).toBe(2);
      g.open();
      await until(async () => {
        const left = await database.db.selectFrom('job').select('id').where('done_at', 'is', null).execute();
        return left.length === 0;
      });
      expect(slowMost).toBe(2);
    } finally {
      runner.stop();
      await runner.idle();
    }
  });
});
