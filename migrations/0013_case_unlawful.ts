import type { Kysely } from 'kysely';
import { runStatements } from '../src/platform/db/migrate.ts';

// Issue 9, 003 §10.5: the initial assessment records whether the material may be unlawful. When it
// may be, the police are told without waiting for anyone's consent, so the case keeps the answer
// (the assessment row keeps what each assessor said; the case keeps the latest).
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE case_assessment ADD COLUMN may_be_unlawful boolean NOT NULL DEFAULT false`,
    `ALTER TABLE concern_case ADD COLUMN may_be_unlawful boolean NOT NULL DEFAULT false`,
  ]);
}
