import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../platform/db/schema.ts';
import { enqueueJob, type JobRunner } from '../../platform/jobs/jobs.ts';
import { readDueSources, type ReadOptions } from './collect.ts';
import { DEFAULT_LIMITS } from './fetching/safe-fetch.ts';

export const MENTIONS_COLLECT_JOB = 'mentions.collect';
const HOUR = 3_600_000;

export function readOptionsFrom(config: Config): ReadOptions {
  return {
    limits: { ...DEFAULT_LIMITS, allowPrivate: config.mentionsAllowPrivateAddresses },
    appView: config.blueskyAppViewUrl,
  };
}

/** One collection an hour, whichever instance gets there first (the dedupe key is the hour). */
export async function scheduleMentionCollection(db: Kysely<Database>, now: Date): Promise<void> {
  const next = new Date(Math.ceil(now.getTime() / HOUR) * HOUR);
  await enqueueJob(db, MENTIONS_COLLECT_JOB, {}, { runAt: next, dedupeKey: `mentions-collect:${next.toISOString()}` });
}

/** MON-5: reads every source that is due; each source's own failures back it off, so one bad feed delays no other. */
export function registerMentionJobs(jobs: JobRunner, config: Config): void {
  const options = readOptionsFrom(config);
  jobs.register(MENTIONS_COLLECT_JOB, async (_payload, { db, now }) => {
    await scheduleMentionCollection(db, new Date(now.getTime() + 1));
    await readDueSources(db, now, options);
  });
}
