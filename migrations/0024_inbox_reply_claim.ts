import type { Kysely } from 'kysely';
import { runStatements } from '../src/platform/db/migrate.ts';

// MON-2: a reply sent from Postwarden is claimed here before the platform is called, then the
// platform's answer is recorded. One claim per item (the primary key), so two people replying at
// once cannot both send; a claim left 'sending' by a crash stays visible and is checked on the
// platform (under its idempotency key) before anything is sent again.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `CREATE TABLE inbox_reply (
      item_id uuid PRIMARY KEY REFERENCES inbox_item(id),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid NOT NULL REFERENCES school(id),
      idempotency_key text NOT NULL UNIQUE,
      text text NOT NULL,
      status text NOT NULL CHECK (status IN ('sending', 'sent')),
      started_at timestamptz NOT NULL,
      started_by uuid REFERENCES person(id),
      started_by_label text NOT NULL,
      remote_id text,
      url text,
      sent_at timestamptz
    )`,
  ]);
}
