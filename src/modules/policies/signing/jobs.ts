import type { JobRunner } from '../../../platform/jobs/jobs.ts';
import type { Config } from '../../../config.ts';
import { SIGNING_REMINDER_JOB } from '../versions/service.ts';
import { sendSigningReminders } from './service.ts';

/**
 * The signing round (POL-4): approval enqueues the first run for the effective date; each run mails
 * everyone in scope who has not signed, then schedules the next a week later while anyone is left.
 */
export function registerSigningJobs(jobs: JobRunner, config: Config): void {
  jobs.register(SIGNING_REMINDER_JOB, async (payload, { db, now }) => {
    await sendSigningReminders(db, now, String(payload.versionId ?? ''), config.baseUrl);
  });
}
