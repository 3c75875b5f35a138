import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../platform/db/schema.ts';
import { enqueueJob, type JobRunner } from '../../platform/jobs/jobs.ts';
import { runMonitoringChecks } from './service.ts';

export const MONITORING_CHECK_JOB = 'monitoring.hourly-check';
const HOUR = 3_600_000;

/** One check an hour, whichever instance gets there first (the dedupe key is the hour). */
export async function scheduleMonitoringChecks(db: Kysely<Database>, now: Date): Promise<void> {
  const next = new Date(Math.ceil(now.getTime() / HOUR) * HOUR);
  await enqueueJob(db, MONITORING_CHECK_JOB, {}, { runAt: next, dedupeKey: `monitoring-check:${next.toISOString()}` });
}

/** MON-1: the next run is booked first, so a failing run (retried with backoff) never stops the checks. */
export function registerMonitoringJobs(jobs: JobRunner, config: Config): void {
  jobs.register(MONITORING_CHECK_JOB, async (_payload, { db, now }) => {
    await scheduleMonitoringChecks(db, new Date(now.getTime() + 1));
    await runMonitoringChecks(db, now, config.baseUrl);
  });
}
