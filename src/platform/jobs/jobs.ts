import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface JobContext {
  db: Kysely<Database>;
  now: Date;
  attempt: number;
  /** The attempt after which the job is given up (so a handler can tell its last try). */
  maxAttempts: number;
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

const LEASE_MS = 5 * 60_000;

interface ClaimedJob {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
}

export class JobRunner {
  readonly #handlers = new Map<string, JobHandler>();
  readonly workerId = randomUUID();

  constructor(private readonly db: Kysely<Database>) {}

  register(kind: string, handler: JobHandler): void {
    if (this.#handlers.has(kind)) throw new Error(`A handler for job '${kind}' is already registered`);
    this.#handlers.set(kind, handler);
  }

  /**
   * Claims one due job. SKIP LOCKED lets several instances poll the same table: a row one of them
   * holds is passed over by the others, and the lease lets another instance take over a job whose
   * worker died.
   */
  async claimOne(now: Date): Promise<ClaimedJob | undefined> {
    const leaseUntil = new Date(now.getTime() + LEASE_MS);
    const result = await sql<ClaimedJob>`
      UPDATE job SET locked_by = ${this.workerId}, locked_until = ${leaseUntil}, attempts = attempts + 1
      WHERE id = (
        SELECT id FROM job
        WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= ${now}
          AND (locked_until IS NULL OR locked_until < ${now})
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

  async #run(job: ClaimedJob, now: Date): Promise<void> {
    const handler = this.#handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`No handler for job kind '${job.kind}'`);
      await handler(job.payload, { db: this.db, now, attempt: job.attempts, maxAttempts: job.max_attempts });
      await this.db
        .updateTable('job')
        .set({ done_at: now, locked_by: null, locked_until: null })
        .where('id', '=', job.id)
        .execute();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const giveUp = job.attempts >= job.max_attempts;
      await this.db
        .updateTable('job')
        .set({
          last_error: message.slice(0, 2000),
          locked_by: null,
          locked_until: null,
          ...(giveUp ? { failed_at: now } : { run_at: new Date(now.getTime() + backoffMs(job.attempts)) }),
        })
        .where('id', '=', job.id)
        .execute();
    }
  }

  #timer: NodeJS.Timeout | undefined;
  #running = false;

  /** Polls for due jobs in the background (the server does this; tests drain with runDueJobs). */
  start(clock: { now(): Date }, intervalMs = 1000, onError: (e: unknown) => void = () => undefined): void {
    const tick = async () => {
      if (this.#running) return;
      this.#running = true;
      try {
        await this.runDueJobs(clock.now(), 50);
      } catch (error) {
        onError(error);
      } finally {
        this.#running = false;
      }
    };
    this.#timer = setInterval(() => void tick(), intervalMs);
    this.#timer.unref();
    this.kick = () => void tick();
  }

  /** Asks the poller to look now rather than at its next tick. */
  kick: () => void = () => undefined;

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
  }
}
