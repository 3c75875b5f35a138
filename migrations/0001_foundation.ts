import type { Kysely } from 'kysely';
import { runStatements } from '../src/platform/db/migrate.ts';

// Foundation: tenants, people, pupils, sign-in, audit, jobs, mail, API tokens, imports.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `CREATE TABLE trust (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      slug text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL
    )`,
    `CREATE TABLE school (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      trust_id uuid NOT NULL REFERENCES trust(id),
      name text NOT NULL,
      slug text NOT NULL UNIQUE,
      phase text NOT NULL,
      urn text,
      region text NOT NULL DEFAULT 'england-and-wales',
      email_domains jsonb NOT NULL DEFAULT '[]',
      created_at timestamptz NOT NULL,
      UNIQUE (trust_id, name)
    )`,
    `CREATE TABLE school_closure_day (
      school_id uuid NOT NULL REFERENCES school(id),
      day date NOT NULL,
      reason text NOT NULL,
      PRIMARY KEY (school_id, day)
    )`,
    `CREATE TABLE person (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid REFERENCES school(id),
      mis_id text,
      given_name text NOT NULL,
      family_name text NOT NULL,
      email text,
      employment_type text NOT NULL,
      job_title text,
      start_date date,
      leaving_date date,
      password_hash text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`,
    `CREATE UNIQUE INDEX person_email_unique ON person (lower(email)) WHERE email IS NOT NULL`,
    `CREATE UNIQUE INDEX person_mis_id_unique ON person (school_id, mis_id) WHERE mis_id IS NOT NULL`,
    `CREATE INDEX person_school ON person (trust_id, school_id)`,
    `CREATE TABLE role_assignment (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES person(id),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid REFERENCES school(id),
      role text NOT NULL,
      UNIQUE NULLS NOT DISTINCT (person_id, school_id, role)
    )`,
    `CREATE INDEX role_assignment_person ON role_assignment (person_id)`,
    // pupil and parent hold tens of thousands of rows per school: their trust follows from their
    // school, so only the school is a foreign key (one check fewer per row on bulk imports).
    `CREATE TABLE pupil (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      trust_id uuid NOT NULL,
      school_id uuid NOT NULL REFERENCES school(id),
      upn text NOT NULL,
      mis_id text,
      given_name text NOT NULL,
      family_name text NOT NULL,
      preferred_name text,
      date_of_birth date NOT NULL,
      year_group integer NOT NULL,
      form_group text,
      consent_social boolean NOT NULL DEFAULT false,
      consent_website boolean NOT NULL DEFAULT false,
      consent_press boolean NOT NULL DEFAULT false,
      never_publish boolean NOT NULL DEFAULT false,
      never_publish_reason text,
      leaving_date date,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      UNIQUE (school_id, upn)
    )`,
    `CREATE TABLE parent (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      trust_id uuid NOT NULL,
      school_id uuid NOT NULL REFERENCES school(id),
      given_name text NOT NULL,
      family_name text NOT NULL,
      email text,
      phone text,
      created_at timestamptz NOT NULL
    )`,
    `CREATE INDEX parent_school ON parent (school_id)`,
    `CREATE TABLE pupil_parent (
      pupil_id uuid NOT NULL REFERENCES pupil(id),
      parent_id uuid NOT NULL REFERENCES parent(id),
      relationship text,
      PRIMARY KEY (pupil_id, parent_id)
    )`,
    `CREATE INDEX pupil_parent_parent ON pupil_parent (parent_id)`,
    `CREATE TABLE web_session (
      sid text PRIMARY KEY,
      data jsonb NOT NULL,
      expires_at timestamptz NOT NULL
    )`,
    `CREATE INDEX web_session_expiry ON web_session (expires_at)`,
    `CREATE TABLE password_reset (
      token_hash text PRIMARY KEY,
      person_id uuid NOT NULL REFERENCES person(id),
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    )`,
    `CREATE TABLE audit_event (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz NOT NULL,
      trust_id uuid,
      school_id uuid,
      actor_id uuid,
      actor_label text NOT NULL,
      action text NOT NULL,
      entity_type text NOT NULL,
      entity_id text,
      summary jsonb NOT NULL,
      prev_hash text NOT NULL,
      hash text NOT NULL
    )`,
    `CREATE INDEX audit_event_tenant ON audit_event (trust_id, school_id, seq)`,
    `CREATE INDEX audit_event_entity ON audit_event (entity_type, entity_id)`,
    `CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit events are append-only'; END;
    $$`,
    `CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`,
    `CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()`,
    `CREATE TABLE job (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      kind text NOT NULL,
      payload jsonb NOT NULL,
      run_at timestamptz NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      max_attempts integer NOT NULL DEFAULT 8,
      locked_until timestamptz,
      locked_by text,
      last_error text,
      done_at timestamptz,
      failed_at timestamptz,
      dedupe_key text UNIQUE,
      created_at timestamptz NOT NULL
    )`,
    `CREATE INDEX job_due ON job (run_at) WHERE done_at IS NULL AND failed_at IS NULL`,
    `CREATE TABLE mail_message (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      trust_id uuid,
      school_id uuid,
      to_address text NOT NULL,
      subject text NOT NULL,
      body_text text NOT NULL,
      sensitive boolean NOT NULL DEFAULT false,
      status text NOT NULL,
      error text,
      created_at timestamptz NOT NULL,
      sent_at timestamptz
    )`,
    `CREATE INDEX mail_message_tenant ON mail_message (trust_id, created_at)`,
    `CREATE TABLE api_token (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid NOT NULL REFERENCES school(id),
      name text NOT NULL,
      token_hash text NOT NULL UNIQUE,
      created_by uuid REFERENCES person(id),
      created_at timestamptz NOT NULL,
      last_used_at timestamptz,
      revoked_at timestamptz
    )`,
    `CREATE TABLE import_batch (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid NOT NULL REFERENCES school(id),
      kind text NOT NULL,
      filename text NOT NULL,
      uploaded_by uuid REFERENCES person(id),
      created_at timestamptz NOT NULL,
      status text NOT NULL,
      csv_text text NOT NULL,
      preview jsonb NOT NULL,
      processed integer NOT NULL DEFAULT 0,
      total integer NOT NULL DEFAULT 0,
      finished_at timestamptz,
      error text
    )`,
  ]);
}
