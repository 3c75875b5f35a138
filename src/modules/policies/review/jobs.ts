import type { JobRunner } from '../../../platform/jobs/jobs.ts';
import type { Config } from '../../../config.ts';
import { REVIEW_REMINDER_JOB } from '../versions/service.ts';
import { isReminderStage, sendReviewReminder } from './service.ts';

/** The review reminders scheduled at approval: a month before the review date, on it, and a month after (POL-3). */
export function registerReviewJobs(jobs: JobRunner, config: Config): void {
  jobs.register(REVIEW_REMINDER_JOB, async (payload, { db, now }) => {
    const versionId = typeof payload.versionId === 'string' ? payload.versionId : '';
    if (!versionId || !isReminderStage(payload.stage)) throw new Error(`Malformed ${REVIEW_REMINDER_JOB} payload`);
    await sendReviewReminder(db, now, config.baseUrl, versionId, payload.stage);
  });
}
