import type { Kysely } from 'kysely';
import type { Config } from '../../../config.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { enqueueJob, type JobRunner } from '../../../platform/jobs/jobs.ts';
import { runHandoverChecks } from './service.ts';
import { recordOverdueReviews } from '../review/service.ts';

export const ACCOUNT_CHECKS_JOB = 'accounts.hourly-check';
const HOUR = 3_600_000;

/** One check an hour, whichever instance gets there first (the dedupe key is the hour). */
export async function scheduleAccountChecks(db: Kysely<Database>, now: Date): Promise<void> {
  const next = new Date(Math.ceil(now.getTime() / HOUR) * HOUR);
  await enqueueJob(db, ACCOUNT_CHECKS_JOB, {}, { runAt: next, dedupeKey: `accounts-check:${next.toISOString()}` });
}

/**
 * The hourly check of official accounts (ACC-5): operators whose leaving date has come are taken off
 * and a handover opens; accounts with too few operators or no lead get a handover; overdue reviews
 * go on the timeline once per due date. The next run is booked first, so a failing run (retried
 * with backoff) never stops the checks.
 */
export function registerHandoverJobs(jobs: JobRunner, _config: Config): void {
  jobs.register(ACCOUNT_CHECKS_JOB, async (_payload, { db, now }) => {
    await scheduleAccountChecks(db, new Date(now.getTime() + 1));
    await runHandoverChecks(db, now);
    await recordOverdueReviews(db, now);
  });
}
