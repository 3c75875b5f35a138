import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { enqueueJob, type JobRunner } from './jobs.ts';

export const HOUSEKEEPING_JOB = 'platform.housekeeping';
const HOUR = 3_600_000;

/** One housekeeping run per hour, whichever instance gets there first (the dedupe key is the hour). */
export async function scheduleHousekeeping(db: Kysely<Database>, now: Date): Promise<void> {
  const next = new Date(Math.ceil(now.getTime() / HOUR) * HOUR);
  await enqueueJob(db, HOUSEKEEPING_JOB, {}, { runAt: next, dedupeKey: `housekeeping:${next.toISOString()}` });
}

/** Removes expired sessions and used or expired reset links, then books the next run. */
export function registerHousekeeping(jobs: JobRunner): void {
  jobs.register(HOUSEKEEPING_JOB, async (_payload, { db, now }) => {
    await db.deleteFrom('web_session').where('expires_at', '<', now).execute();
    await db
      .deleteFrom('password_reset')
      .where('expires_at', '<', new Date(now.getTime() - 24 * HOUR))
      .execute();
    await scheduleHousekeeping(db, new Date(now.getTime() + 1));
  });
}
