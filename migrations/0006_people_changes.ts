import type { Kysely } from 'kysely';
import { runStatements } from '../src/platform/db/migrate.ts';

// Issue 8: who owns a training course (the trust, or one school), and what an MIS import changed,
// so an administrator can undo the last one (leavers restored, additions removed).
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    // NULL: the trust's course, changed only in the trust view; otherwise the one school that owns it.
    `ALTER TABLE training_course ADD COLUMN school_id uuid REFERENCES school(id)`,
    `ALTER TABLE training_course DROP CONSTRAINT training_course_trust_id_title_key`,
    `CREATE UNIQUE INDEX training_course_owner_title ON training_course (trust_id, coalesce(school_id, '00000000-0000-0000-0000-000000000000'::uuid), title)`,
    // 'whole': the file is every pupil (or member of staff), so anyone missing leaves; 'changes': only new and changed ones.
    `ALTER TABLE import_batch ADD COLUMN scope text CHECK (scope IN ('whole', 'changes'))`,
    `ALTER TABLE import_batch ADD COLUMN changes_recorded boolean NOT NULL DEFAULT false`,
    `ALTER TABLE import_batch ADD COLUMN undone_at timestamptz`,
    `ALTER TABLE import_batch ADD COLUMN undone_by uuid REFERENCES person(id)`,
    `CREATE TABLE import_change (
      batch_id uuid NOT NULL REFERENCES import_batch(id),
      school_id uuid NOT NULL REFERENCES school(id),
      entity_type text NOT NULL CHECK (entity_type IN ('pupil', 'parent', 'person')),
      entity_id uuid NOT NULL,
      change text NOT NULL CHECK (change IN ('added', 'marked-leaver')),
      previous_leaving_date date,
      PRIMARY KEY (batch_id, entity_id, change)
    )`,
  ]);
}
