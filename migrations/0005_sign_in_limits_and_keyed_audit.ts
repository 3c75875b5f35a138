import type { Kysely } from 'kysely';
import { runStatements } from '../src/platform/db/migrate.ts';

// Sign-in limits counted per account and per client address in the database, so they hold across
// restarts and instances (issue 8.6), and the audit chain keyed with a secret the database does
// not hold (issue 8.7).
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    // Failed sign-ins only: a success never counts. `subject` is a SHA-256 of the email address or the
    // client address, so what people typed (sometimes a password in the email box) is not kept.
    `CREATE TABLE sign_in_throttle (
      scope text NOT NULL CHECK (scope IN ('account', 'address')),
      subject text NOT NULL,
      failures integer NOT NULL,
      window_started_at timestamptz NOT NULL,
      last_failure_at timestamptz NOT NULL,
      locked_until timestamptz,
      PRIMARY KEY (scope, subject)
    )`,
    `CREATE INDEX sign_in_throttle_last_failure ON sign_in_throttle (last_failure_at)`,
    // Which key sealed an event: a public fingerprint of the audit key, never the key. Events written
    // before this migration have none: their hash is the older, unkeyed SHA-256. Adding a column does
    // not touch existing rows, so the append-only trigger is not involved.
    `ALTER TABLE audit_event ADD COLUMN key_id text`,
  ]);
}
