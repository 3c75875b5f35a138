import type { Kysely } from 'kysely';
import { runStatements } from '../src/platform/db/migrate.ts';

// Issue 11, GOV-1 and GOV-3: how long each kind of record is kept, per school (a missing row means
// the default in governance/records/retention-rules.ts), and the counts of restricted safeguarding
// cases that a DSL has chosen to release for one period of the governors' report. A release keeps the
// count as it was when released, so a case restricted later never changes a report already shared.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `CREATE TABLE retention_period (
      school_id uuid NOT NULL REFERENCES school(id),
      trust_id uuid NOT NULL REFERENCES trust(id),
      record_type text NOT NULL,
      months integer NOT NULL CHECK (months >= 1 AND months <= 1200),
      updated_at timestamptz NOT NULL,
      updated_by uuid REFERENCES person(id),
      PRIMARY KEY (school_id, record_type)
    )`,
    `CREATE TABLE restricted_count_release (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid NOT NULL REFERENCES school(id),
      period_from date NOT NULL,
      period_to date NOT NULL,
      released_count integer NOT NULL CHECK (released_count >= 0),
      released_by uuid NOT NULL REFERENCES person(id),
      released_at timestamptz NOT NULL,
      UNIQUE (school_id, period_from, period_to)
    )`,
    // The report's figures are aggregates over date ranges; these keep them index scans at trust scale.
    `CREATE INDEX gov_signature_trust_signed ON signature (trust_id, signed_at)`,
    `CREATE INDEX gov_audit_event_trust_at ON audit_event (trust_id, at)`,
    `CREATE INDEX gov_post_school_published ON post (school_id, published_at)`,
    `CREATE INDEX gov_case_school_reported ON concern_case (school_id, reported_at)`,
  ]);
}
