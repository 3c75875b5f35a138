import type { Kysely } from 'kysely';
import { runStatements } from '../src/platform/db/migrate.ts';

// Official accounts: applications, decisions, the register, operators, sealed credentials,
// handovers and reviews (ACC-1..7). account_event is append-only (the timeline); official_account
// holds the status derived from it, so lists never replay events.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `CREATE TABLE official_account (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid NOT NULL REFERENCES school(id),
      name text NOT NULL,
      platform text NOT NULL,
      status text NOT NULL CHECK (status IN ('draft', 'proposed', 'endorsed', 'approved', 'rejected', 'active', 'under_review', 'closed')),
      applicant_id uuid NOT NULL REFERENCES person(id),
      aim text NOT NULL DEFAULT '',
      audience text NOT NULL DEFAULT '',
      promotion text NOT NULL DEFAULT '',
      visibility text NOT NULL DEFAULT 'open' CHECK (visibility IN ('open', 'closed')),
      submitted_at timestamptz,
      decided_at timestamptz,
      handle text,
      address text,
      recovery_email text,
      tagging_disabled boolean,
      two_factor_enabled boolean,
      setup_checklist text[] NOT NULL DEFAULT '{}',
      activated_on date,
      last_reviewed_on date,
      review_due date,
      last_monitored_at timestamptz,
      closed_on date,
      closed_reason text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`,
    `CREATE INDEX official_account_school ON official_account (school_id, status)`,
    `CREATE INDEX official_account_trust ON official_account (trust_id, status)`,
    `CREATE UNIQUE INDEX official_account_handle ON official_account (trust_id, platform, lower(handle)) WHERE handle IS NOT NULL AND status <> 'closed'`,
    `CREATE TABLE account_operator (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL REFERENCES official_account(id),
      person_id uuid NOT NULL REFERENCES person(id),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid NOT NULL REFERENCES school(id),
      is_lead boolean NOT NULL DEFAULT false,
      added_at timestamptz NOT NULL,
      added_by uuid REFERENCES person(id),
      removed_at timestamptz,
      removed_reason text
    )`,
    `CREATE UNIQUE INDEX account_operator_current ON account_operator (account_id, person_id) WHERE removed_at IS NULL`,
    `CREATE UNIQUE INDEX account_operator_one_lead ON account_operator (account_id) WHERE removed_at IS NULL AND is_lead`,
    `CREATE INDEX account_operator_person ON account_operator (person_id) WHERE removed_at IS NULL`,
    `CREATE TABLE account_event (
      id bigserial PRIMARY KEY,
      account_id uuid NOT NULL REFERENCES official_account(id),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid NOT NULL REFERENCES school(id),
      at timestamptz NOT NULL,
      actor_id uuid REFERENCES person(id),
      actor_label text NOT NULL,
      kind text NOT NULL,
      comment text,
      detail jsonb NOT NULL DEFAULT '{}'
    )`,
    `CREATE INDEX account_event_account ON account_event (account_id, id)`,
    `CREATE FUNCTION account_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'account_event is append-only'; END $$`,
    `CREATE TRIGGER account_event_no_change BEFORE UPDATE OR DELETE ON account_event FOR EACH ROW EXECUTE FUNCTION account_event_append_only()`,
    `CREATE TABLE account_secret (
      account_id uuid PRIMARY KEY REFERENCES official_account(id),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid NOT NULL REFERENCES school(id),
      sealed text NOT NULL,
      updated_at timestamptz NOT NULL,
      updated_by uuid REFERENCES person(id),
      rotate_required boolean NOT NULL DEFAULT false,
      rotate_reason text
    )`,
    `CREATE TABLE account_handover (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL REFERENCES official_account(id),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid NOT NULL REFERENCES school(id),
      reason text NOT NULL CHECK (reason IN ('operator-left', 'operator-removed', 'below-minimum', 'no-lead')),
      person_id uuid REFERENCES person(id),
      detail text NOT NULL,
      opened_at timestamptz NOT NULL,
      resolved_at timestamptz,
      resolved_by uuid REFERENCES person(id),
      resolution text
    )`,
    `CREATE INDEX account_handover_open ON account_handover (school_id) WHERE resolved_at IS NULL`,
    `CREATE UNIQUE INDEX account_handover_once ON account_handover (account_id, reason, coalesce(person_id, '00000000-0000-0000-0000-000000000000'::uuid)) WHERE resolved_at IS NULL`,
    `CREATE TABLE account_review (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL REFERENCES official_account(id),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid NOT NULL REFERENCES school(id),
      reviewed_on date NOT NULL,
      reviewer_id uuid NOT NULL REFERENCES person(id),
      still_needed boolean NOT NULL,
      operators_right boolean NOT NULL,
      settings_safe boolean NOT NULL,
      notes text,
      outcome text NOT NULL CHECK (outcome IN ('keep', 'changes-needed', 'close')),
      recorded_at timestamptz NOT NULL
    )`,
    `CREATE INDEX account_review_account ON account_review (account_id, reviewed_on)`,
  ]);
}
