import type { Kysely } from 'kysely';
import { runStatements } from '../src/platform/db/migrate.ts';

// Issue 16: some findings of the post checks block until the approver confirms them ("this Max is the
// mascot, not the pupil on the never-publish list"). The confirmation is kept with the override record:
// the statement the approver confirmed, beside their reason. Null for advice overridden with a reason.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [`ALTER TABLE post_override ADD COLUMN confirmation text`]);
}
