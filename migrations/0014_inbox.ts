import type { Kysely } from 'kysely';
import { runStatements } from '../src/platform/db/migrate.ts';

// The inbox (MON-2..4, issue 10): comments, replies, mentions and messages per official account,
// each with its 24-hour deadline, kind, handling steps (an append-only timeline the database keeps),
// the reply and, for a press enquiry, the senior leader's written approval of it. `inbox_source`
// keeps how reading each connected account went, so a page can say "not read since …".
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `CREATE TABLE inbox_item (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid NOT NULL REFERENCES school(id),
      account_id uuid NOT NULL REFERENCES official_account(id),
      platform_id text NOT NULL,
      source text NOT NULL CHECK (source IN ('bluesky', 'mastodon', 'by-hand')),
      arrived_as text NOT NULL CHECK (arrived_as IN ('reply', 'mention', 'quote', 'comment', 'message')),
      kind text NOT NULL CHECK (kind IN ('question', 'complaint', 'press', 'abuse', 'parent-offensive', 'pupil-offensive', 'safeguarding')),
      suggested_kind text NOT NULL,
      state text NOT NULL CHECK (state IN ('new', 'assigned', 'awaiting-approval', 'answered', 'closed')),
      arrived_at timestamptz NOT NULL,
      deadline_at timestamptz NOT NULL,
      responded_at timestamptz,
      response text CHECK (response IN ('acknowledged', 'replied', 'replied-on-platform')),
      assignee_id uuid REFERENCES person(id),
      text text NOT NULL CHECK (length(btrim(text)) > 0),
      author text NOT NULL,
      author_handle text,
      link text,
      remote jsonb NOT NULL DEFAULT '{}',
      reply_text text,
      reply_remote_id text,
      reply_url text,
      draft_reply text,
      approved_text text,
      approved_by uuid REFERENCES person(id),
      approved_at timestamptz,
      case_id uuid REFERENCES concern_case(id),
      post_id uuid REFERENCES post(id),
      logged_by uuid REFERENCES person(id),
      reminded_at timestamptz,
      overdue_alerted_at timestamptz,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      UNIQUE (account_id, platform_id)
    )`,
    `CREATE INDEX inbox_item_school ON inbox_item (school_id, arrived_at DESC, id)`,
    `CREATE INDEX inbox_item_trust ON inbox_item (trust_id, arrived_at DESC, id)`,
    `CREATE INDEX inbox_item_open ON inbox_item (school_id, deadline_at) WHERE responded_at IS NULL`,
    `CREATE TABLE inbox_event (
      id bigserial PRIMARY KEY,
      item_id uuid NOT NULL REFERENCES inbox_item(id),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid NOT NULL REFERENCES school(id),
      at timestamptz NOT NULL,
      actor_id uuid REFERENCES person(id),
      actor_label text NOT NULL,
      kind text NOT NULL,
      text text,
      detail jsonb NOT NULL DEFAULT '{}'
    )`,
    `CREATE INDEX inbox_event_item ON inbox_event (item_id, id)`,
    `CREATE FUNCTION inbox_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'inbox_event is append-only: an item''s handling can be added to, never changed'; END $$`,
    `CREATE TRIGGER inbox_event_no_change BEFORE UPDATE OR DELETE ON inbox_event FOR EACH ROW EXECUTE FUNCTION inbox_event_append_only()`,
    `CREATE TABLE inbox_source (
      account_id uuid PRIMARY KEY REFERENCES official_account(id),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid NOT NULL REFERENCES school(id),
      last_read_at timestamptz,
      last_attempt_at timestamptz,
      failing_since timestamptz,
      last_error text,
      needs_sign_in boolean NOT NULL DEFAULT false,
      cursor text
    )`,
    `CREATE TABLE inbox_template (
      school_id uuid NOT NULL REFERENCES school(id),
      trust_id uuid NOT NULL REFERENCES trust(id),
      key text NOT NULL,
      text text NOT NULL,
      updated_by uuid REFERENCES person(id),
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (school_id, key)
    )`,
  ]);
}
