import type { Kysely } from 'kysely';
import { runStatements } from '../src/platform/db/migrate.ts';

// Issue 13 (POL-7): a school's own policy brought in. The original file is kept byte for byte
// beside what was read from it (sections and clauses as the person arranged them, the settings
// proposed, each decision on them) and, once saved, the draft version it became.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `CREATE TABLE policy_import (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid REFERENCES school(id),
      status text NOT NULL CHECK (status IN ('open', 'saved')),
      source_name text NOT NULL,
      source_format text NOT NULL CHECK (source_format IN ('docx', 'pdf', 'text', 'pasted')),
      source_bytes bytea NOT NULL,
      source_sha256 text NOT NULL,
      document jsonb NOT NULL,
      proposals jsonb NOT NULL,
      added_keys jsonb NOT NULL DEFAULT '[]',
      decisions jsonb,
      version_id uuid REFERENCES policy_version(id),
      created_by uuid NOT NULL REFERENCES person(id),
      created_at timestamptz NOT NULL,
      saved_at timestamptz
    )`,
    `CREATE INDEX policy_import_owner ON policy_import (trust_id, school_id, created_at)`,
  ]);
}
