import type { Kysely } from 'kysely';
import { runStatements } from '../src/platform/db/migrate.ts';

// Issue 9. The case list at 20,000 cases: indexes for the list's three questions.
// - A school's cases newest first: read in order from the index, stopping at the page's last row,
//   instead of every case the school has sorted (concern_case_school leads with status, which the
//   unfiltered list does not fix).
// - Each listed case's earliest open clock: one entry of a partial index of the open actions,
//   instead of every action of the case read from the table and filtered.
// - "Is the viewer the person this case is about?", asked of every case a list or count reads: a
//   partial index of the subjects only (most people on a case are not its subject).
//
// And each email about a case, linked to it (case_mail): a restricted case's email belongs to no
// school, so no outbox shows it (INC-7); without SMTP it would be read by nobody. The people who may
// open the case see, on its page, every email sent about it and whether it went.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `CREATE INDEX concern_case_school_newest ON concern_case (school_id, reported_at DESC, reference DESC)`,
    `CREATE INDEX case_action_open_due ON case_action (case_id, due_at) WHERE status = 'open'`,
    `CREATE INDEX case_person_subject ON case_person (case_id, person_id) WHERE is_subject`,
    `CREATE TABLE case_mail (
      case_id uuid NOT NULL REFERENCES concern_case(id),
      message_id uuid NOT NULL REFERENCES mail_message(id),
      trust_id uuid NOT NULL,
      school_id uuid NOT NULL,
      PRIMARY KEY (case_id, message_id)
    )`,
  ]);
}
