import type { Kysely } from 'kysely';
import { runStatements } from '../src/platform/db/migrate.ts';

// MON-5: where the school looks for posts about it (feeds, Bluesky search), the names it goes by,
// and what was found. An item is stored once per source and platform id (the unique index), so a
// feed read twice never doubles it. A source that fails keeps when it was last read and backs off.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `CREATE TABLE mention_source (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid NOT NULL REFERENCES school(id),
      kind text NOT NULL CHECK (kind IN ('feed', 'bluesky')),
      label text NOT NULL,
      address text NOT NULL,
      created_at timestamptz NOT NULL,
      created_by uuid REFERENCES person(id),
      last_read_at timestamptz,
      last_error text,
      failures integer NOT NULL DEFAULT 0,
      next_read_at timestamptz NOT NULL,
      removed_at timestamptz
    )`,
    `CREATE INDEX mention_source_school ON mention_source (school_id) WHERE removed_at IS NULL`,
    `CREATE INDEX mention_source_due ON mention_source (next_read_at) WHERE removed_at IS NULL`,
    `CREATE TABLE mention_name (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid NOT NULL REFERENCES school(id),
      text text NOT NULL,
      created_at timestamptz NOT NULL
    )`,
    `CREATE UNIQUE INDEX mention_name_once ON mention_name (school_id, lower(text))`,
    `CREATE TABLE mention_item (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid NOT NULL REFERENCES school(id),
      source_id uuid NOT NULL REFERENCES mention_source(id),
      external_id text NOT NULL,
      link text,
      title text NOT NULL DEFAULT '',
      body text NOT NULL DEFAULT '',
      author text NOT NULL DEFAULT '',
      published_at timestamptz,
      found_at timestamptz NOT NULL,
      matches jsonb NOT NULL DEFAULT '[]',
      sensitive boolean NOT NULL DEFAULT false,
      status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'ignored', 'watching', 'replied', 'concern')),
      note text,
      triaged_by uuid REFERENCES person(id),
      triaged_at timestamptz,
      case_id uuid REFERENCES concern_case(id)
    )`,
    `CREATE UNIQUE INDEX mention_item_once ON mention_item (source_id, external_id)`,
    `CREATE INDEX mention_item_school ON mention_item (school_id, found_at DESC)`,
  ]);
}
