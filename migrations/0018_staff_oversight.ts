import type { Kysely } from 'kysely';
import { runStatements } from '../src/platform/db/migrate.ts';

// Issue 11. STF-1: the nicknames a school is known by ("Kestrel", "KHPS"), which the "before you
// post" check looks for beside the school's name; drafts themselves are never stored.
// STF-2: each person's privacy check-in for a period (a term, or whatever the policy sets), one row
// per person and period, written once when they confirm.
// GOV-2: the restricted record of monitoring one person's use of school systems: why, for how long,
// who authorised it, its reviews and its end. Only the head and HR read it (in the SQL).
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `ALTER TABLE school ADD COLUMN nicknames jsonb NOT NULL DEFAULT '[]'`,
    `CREATE TABLE privacy_checkin (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid NOT NULL REFERENCES school(id),
      person_id uuid NOT NULL REFERENCES person(id),
      period text NOT NULL,
      statements jsonb NOT NULL,
      confirmed_at timestamptz NOT NULL,
      UNIQUE (school_id, person_id, period)
    )`,
    `CREATE INDEX privacy_checkin_period ON privacy_checkin (school_id, period)`,
    `CREATE TABLE monitoring_record (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid NOT NULL REFERENCES school(id),
      subject_id uuid NOT NULL REFERENCES person(id),
      reason text NOT NULL CHECK (length(btrim(reason)) > 0),
      systems text NOT NULL,
      starts_on date NOT NULL,
      ends_on date NOT NULL CHECK (ends_on >= starts_on),
      authorised_by uuid NOT NULL REFERENCES person(id),
      authorised_as text NOT NULL CHECK (authorised_as IN ('headteacher', 'hr')),
      recorded_by uuid NOT NULL REFERENCES person(id),
      recorded_at timestamptz NOT NULL,
      reviewed_at timestamptz,
      reviewed_by uuid REFERENCES person(id),
      review_note text,
      ended_at timestamptz,
      ended_by uuid REFERENCES person(id),
      end_note text
    )`,
    `CREATE INDEX monitoring_record_school ON monitoring_record (school_id, ends_on)`,
  ]);
}
