import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface JobContext {
  db: Kysely<Database>;
  now: Date;
  attempt: number;
  /** The attempt after which the job is given up (so a handler can tell its last try). */
  maxAttempts: number;
  /**
   * Aborted when this runner has lost the job's lease (its heartbeat found another runner holds it,
   * or the job outlived its time limit): stop, as another instance may now run the job.
   */
  signal: AbortSignal;
}

export type JobHandler = (payload: Record<string, unknown>, ctx: JobContext) => Promise<void>;

export interface EnqueueOptions {
  runAt: Date;
  /** A job with the same key is not enqueued twice (e.g. one reminder per person per round). */
  dedupeKey?: string;
  maxAttempts?: number;
}

/** Adds a job inside the caller's transaction, so it exists only if the change that needs it commits. */
export async function enqueueJob(
  trx: Kysely<Database>,
  kind: string,
  payload: Record<string, unknown>,
  options: EnqueueOptions,
): Promise<void> {
  await trx
    .insertInto('job')
    .values({
      kind,
      payload: JSON.stringify(payload),
      run_at: options.runAt,
      created_at: options.runAt,
      dedupe_key: options.dedupeKey ?? null,
      ...(options.maxAttempts ? { max_attempts: options.maxAttempts } : {}),
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

/** Exponential backoff: 30 s, 1 min, 2 min … capped at 1 hour. */
export function backoffMs(attempt: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
}

/**
 * A claimed job is leased for this long from the moment of the claim, and the lease is renewed by a
 * heartbeat every third of it while the job runs. A job whose instance died is therefore taken over
 * by another within about this long (plus one poll); a live instance never loses a long job.
 */
export const JOB_LEASE_MS = 30_000;
/** How many jobs one process runs at once, and how many of any one kind (unless the kind says otherwise). */
export const JOB_CONCURRENCY = 4;
export const JOB_CONCURRENCY_PER_KIND = 2;

export interface JobKindOptions {
  /** How many jobs of this kind one process runs at once (default 2). */
  concurrency?: number;
}

export interface JobRunnerOptions {
  leaseMs?: number;
  concurrency?: number;
}

interface ClaimedJob {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
}

interface Running {
  kind: string;
  abort: AbortController;
}

export class JobRunner {
  readonly #handlers = new Map<string, { handler: JobHandler; concurrency: number }>();
  readonly #running = new Map<number, Running>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly workerId = randomUUID();
  readonly leaseMs: number;
  readonly concurrency: number;

  constructor(
    private readonly db: Kysely<Database>,
    options: JobRunnerOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? JOB_LEASE_MS;
    this.concurrency = options.concurrency ?? JOB_CONCURRENCY;
  }

  register(kind: string, handler: JobHandler, options: JobKindOptions = {}): void {
    if (this.#handlers.has(kind)) throw new Error(`A handler for job '${kind}' is already registered`);
    this.#handlers.set(kind, { handler, concurrency: options.concurrency ?? JOB_CONCURRENCY_PER_KIND });
  }

  /**
   * Claims one due job, leased from `now` (the moment of the claim). SKIP LOCKED lets several
   * instances poll the same table: a row one of them is claiming is passed over by the others, and
   * the lease lets another instance take over a job whose worker died. `skipKinds`: kinds this
   * process already runs as many of as it may.
   */
  async claimOne(now: Date, skipKinds: readonly string[] = []): Promise<ClaimedJob | undefined> {
    const leaseUntil = new Date(now.getTime() + this.leaseMs);
    const skip = skipKinds.length ? sql`AND kind NOT IN (${sql.join(skipKinds)})` : sql``;
    const result = await sql<ClaimedJob>`
      UPDATE job SET locked_by = ${this.workerId}, locked_until = ${leaseUntil}, attempts = attempts + 1
      WHERE id = (
        SELECT id FROM job
        WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= ${now}
          AND (locked_until IS NULL OR locked_until < ${now}) ${skip}
        ORDER BY run_at, id
        LIMIT 1
        FOR UPDATE SKIP LOCKED
      )
      RETURNING id, kind, payload, attempts, max_attempts`.execute(this.db);
    return result.rows[0];
  }

  /** Runs every job due at `now`, one after another; returns how many ran. Tests call this instead of sleeping. */
  async runDueJobs(now: Date, limit = 1000): Promise<number> {
    let ran = 0;
    while (ran < limit) {
      const job = await this.claimOne(now);
      if (!job) break;
      ran++;
      await this.#run(job, now);
    }
    return ran;
  }

  /**
   * The heartbeat: pushes back the lease of every job this runner is running. A job whose lease is
   * no longer this runner's (it was taken over after a stall longer than the lease) is told to stop
   * through its signal. The server calls this every third of the lease; tests call it with their clock.
   */
  async renewLeases(now: Date): Promise<void> {
    const ids = [...this.#running.keys()];
    if (!ids.length) return;
    const renewed = await this.db
      .updateTable('job')
      .set({ locked_until: new Date(now.getTime() + this.leaseMs) })
      .where('id', 'in', ids)
      .where('locked_by', '=', this.workerId)
      .where('done_at', 'is', null)
      .returning('id')
      .execute();
    const kept = new Set(renewed.map((r) => Number(r.id)));
    for (const id of ids) if (!kept.has(id)) this.#running.get(id)?.abort.abort(new Error('The job lease was lost'));
  }

  async #run(job: ClaimedJob, now: Date): Promise<void> {
    const entry = this.#handlers.get(job.kind);
    const abort = new AbortController();
    this.#running.set(job.id, { kind: job.kind, abort });
    // Only the runner that still holds the lease records the outcome: one that lost it (a stall
    // longer than the lease) must not mark done a job another runner is now running.
    const ours = this.db.updateTable('job').where('id', '=', job.id).where('locked_by', '=', this.workerId);
    try {
      if (!entry) throw new Error(`No handler for job kind '${job.kind}'`);
      await entry.handler(job.payload, {
        db: this.db,
        now,
        attempt: job.attempts,
        maxAttempts: job.max_attempts,
        signal: abort.signal,
      });
      await ours.set({ done_at: now, locked_by: null, locked_until: null }).execute();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const giveUp = job.attempts >= job.max_attempts;
      await ours
        .set({
          last_error: message.slice(0, 2000),
          locked_by: null,
          locked_until: null,
          ...(giveUp ? { failed_at: now } : { run_at: new Date(now.getTime() + backoffMs(job.attempts)) }),
        })
        .execute();
    } finally {
      this.#running.delete(job.id);
    }
  }

  /** Kinds this process runs as many of as it may. */
  #fullKinds(): string[] {
    const counts = new Map<string, number>();
    for (const { kind } of this.#running.values()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
    return [...counts]
      .filter(([kind, n]) => n >= (this.#handlers.get(kind)?.concurrency ?? JOB_CONCURRENCY_PER_KIND))
      .map(([kind]) => kind);
  }

  #timer: NodeJS.Timeout | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  #claiming = false;
  #stopped = false;

  /**
   * Polls for due jobs in the background (the server does this; tests drain with runDueJobs). Up
   * to `concurrency` jobs run at once, at most the kind's limit of each kind, so one slow job (a
   * stalled mail server) does not hold up the others. Each claim is leased from the clock's time at
   * the claim, and renewed by the heartbeat while the job runs.
   */
  start(clock: { now(): Date }, intervalMs = 1000, onError: (e: unknown) => void = () => undefined): void {
    this.#stopped = false;
    const fill = async () => {
      if (this.#claiming || this.#stopped) return;
      this.#claiming = true;
      try {
        while (!this.#stopped && this.#running.size < this.concurrency) {
          const now = clock.now();
          const job = await this.claimOne(now, this.#fullKinds());
          if (!job) break;
          const done = this.#run(job, now).catch(onError);
          this.#inFlight.add(done);
          void done.finally(() => {
            this.#inFlight.delete(done);
            void fill();
          });
        }
      } catch (error) {
        onError(error);
      } finally {
        this.#claiming = false;
      }
    };
    this.#timer = setInterval(() => void fill(), intervalMs);
    this.#timer.unref();
    this.#heartbeat = setInterval(
      () => void this.renewLeases(clock.now()).catch(onError),
      Math.max(10, Math.floor(this.leaseMs / 3)),
    );
    this.#heartbeat.unref();
    this.kick = () => void fill();
  }

  /** Asks the poller to look now rather than at its next tick. */
  kick: () => void = () => undefined;

  /** Stops claiming new jobs; jobs already running carry on (await `idle()` for them to finish). */
  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.kick = () => undefined;
  }

  /** Resolves when no job this runner started in the background is still running. */
  async idle(): Promise<void> {
    while (this.#inFlight.size) await Promise.allSettled([...this.#inFlight]);
  }
}
