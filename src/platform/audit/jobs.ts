import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { enqueueJob, type JobRunner } from '../jobs/jobs.ts';
import { checkpointPath, takeCheckpoint } from './checkpoint.ts';
import { verificationKeys } from './key-files.ts';
import { currentAuditKey } from './keys.ts';

export const AUDIT_CHECKPOINT_JOB = 'audit.checkpoint';
/** How often the checkpoint moves on: events after the last one could be cut off unnoticed. */
export const AUDIT_CHECKPOINT_INTERVAL_MS = 15 * 60_000;

export interface CheckpointLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** One checkpoint per quarter hour, whichever instance gets there first (the dedupe key is the slot). */
export async function scheduleAuditCheckpoint(db: Kysely<Database>, now: Date): Promise<void> {
  const next = new Date((Math.floor(now.getTime() / AUDIT_CHECKPOINT_INTERVAL_MS) + 1) * AUDIT_CHECKPOINT_INTERVAL_MS);
  await enqueueJob(db, AUDIT_CHECKPOINT_JOB, {}, { runAt: next, dedupeKey: `audit-checkpoint:${next.toISOString()}` });
}

/**
 * Checks the events added since the last checkpoint and moves the checkpoint file (and the log) on
 * to the newest. A broken chain is logged as an error and leaves the file as it was.
 */
export function registerAuditCheckpoint(
  jobs: JobRunner,
  options: { dataDir: string; secretKey: string | undefined; log: CheckpointLog },
): void {
  const { dataDir, log } = options;
  jobs.register(AUDIT_CHECKPOINT_JOB, async (_payload, { db, now }) => {
    try {
      const { keys } = verificationKeys({ secretKey: options.secretKey, dataDir });
      const run = await takeCheckpoint(db, { dataDir, sealWith: currentAuditKey(), keys, now });
      const file = checkpointPath(dataDir);
      if (run.problem) log.error({ file }, `Audit checkpoint not written. ${run.problem} Run postwarden verify-audit.`);
      else if (run.result && !run.result.ok) {
        const broken = run.result.firstBroken!;
        log.error(
          { file, auditEvent: broken.seq },
          `The audit log has been tampered with: event ${broken.seq} fails because ${broken.reason}. The checkpoint was left as it was. Run postwarden verify-audit.`,
        );
      } else if (run.written) {
        log.info(
          { file, auditCheckpoint: { seq: run.written.seq, hash: run.written.hash, eventAt: run.written.eventAt } },
          'audit checkpoint written',
        );
      }
    } finally {
      await scheduleAuditCheckpoint(db, now);
    }
  });
}
