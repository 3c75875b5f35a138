import type { Kysely } from 'kysely';
import { runStatements } from '../src/platform/db/migrate.ts';

// Concerns and cases (INC-1..9): the case with its routing and clocks, the people named in it, its
// evidence kept byte for byte with a SHA-256, assessments of seriousness, actions with due times,
// outcomes, and the chronology that the database itself keeps append-only.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    // One counter per school and year, so references read C-2026-0001 and never repeat.
    `CREATE TABLE case_counter (
      school_id uuid NOT NULL REFERENCES school(id),
      year integer NOT NULL,
      last integer NOT NULL,
      PRIMARY KEY (school_id, year)
    )`,
    `CREATE TABLE concern_case (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid NOT NULL REFERENCES school(id),
      reference text NOT NULL,
      kind text NOT NULL,
      status text NOT NULL CHECK (status IN ('new', 'open', 'closed')),
      restricted boolean NOT NULL,
      about_head boolean NOT NULL DEFAULT false,
      urgent boolean NOT NULL DEFAULT false,
      reporter_id uuid NOT NULL REFERENCES person(id),
      description text NOT NULL,
      disclosure text,
      location_url text,
      happened_on date,
      happened_time text,
      at_risk boolean NOT NULL DEFAULT false,
      post_id uuid REFERENCES post(id),
      routed_to text NOT NULL,
      routed_fallback boolean NOT NULL DEFAULT false,
      owner_id uuid REFERENCES person(id),
      reported_at timestamptz NOT NULL,
      level text CHECK (level IN ('minor', 'moderate', 'serious')),
      level_reason text,
      significant boolean NOT NULL DEFAULT false,
      breach boolean NOT NULL DEFAULT false,
      breach_aware_at timestamptz,
      breach_decision text CHECK (breach_decision IN ('report', 'not-report')),
      breach_reason text,
      breach_decided_at timestamptz,
      lado_referred_at timestamptz,
      lado_advice_at timestamptz,
      lado_advice text,
      lado_suspension_advice text,
      closed_at timestamptz,
      closed_by uuid REFERENCES person(id),
      closing_note text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      UNIQUE (school_id, reference)
    )`,
    `CREATE INDEX concern_case_school ON concern_case (school_id, status, reported_at DESC)`,
    `CREATE INDEX concern_case_trust ON concern_case (trust_id, reported_at DESC)`,
    `CREATE INDEX concern_case_owner ON concern_case (owner_id, status)`,
    `CREATE INDEX concern_case_reporter ON concern_case (reporter_id)`,
    // Who is involved: pupils and staff by record, anyone else by name. A subject is the person the
    // concern is about (never told, never shown the case); others are involved (a colleague targeted).
    `CREATE TABLE case_person (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES concern_case(id),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid NOT NULL REFERENCES school(id),
      kind text NOT NULL CHECK (kind IN ('pupil', 'staff', 'outside')),
      pupil_id uuid REFERENCES pupil(id),
      person_id uuid REFERENCES person(id),
      name text NOT NULL,
      is_subject boolean NOT NULL DEFAULT false
    )`,
    `CREATE INDEX case_person_case ON case_person (case_id)`,
    `CREATE INDEX case_person_person ON case_person (person_id) WHERE person_id IS NOT NULL`,
    // The chronology (INC-8): who, when, what; the database refuses to change or remove a row.
    `CREATE TABLE case_event (
      id bigserial PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES concern_case(id),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid NOT NULL REFERENCES school(id),
      at timestamptz NOT NULL,
      actor_id uuid REFERENCES person(id),
      actor_label text NOT NULL,
      kind text NOT NULL,
      text text,
      detail jsonb NOT NULL DEFAULT '{}'
    )`,
    `CREATE INDEX case_event_case ON case_event (case_id, id)`,
    `CREATE FUNCTION case_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'case_event is append-only: a chronology can be added to, never changed'; END $$`,
    `CREATE TRIGGER case_event_no_change BEFORE UPDATE OR DELETE ON case_event FOR EACH ROW EXECUTE FUNCTION case_event_append_only()`,
    // Evidence (INC-2): files byte for byte with their hash and size; links with when they were seen.
    `CREATE TABLE case_evidence (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES concern_case(id),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid NOT NULL REFERENCES school(id),
      kind text NOT NULL CHECK (kind IN ('file', 'link')),
      file_name text,
      mime_type text,
      size_bytes integer,
      sha256 text,
      bytes bytea,
      preview bytea,
      url text,
      seen_at timestamptz,
      site_description text,
      added_by uuid NOT NULL REFERENCES person(id),
      added_at timestamptz NOT NULL,
      CHECK ((kind = 'file' AND bytes IS NOT NULL AND sha256 IS NOT NULL AND size_bytes IS NOT NULL) OR (kind = 'link' AND url IS NOT NULL))
    )`,
    `CREATE INDEX case_evidence_case ON case_evidence (case_id, added_at)`,
    `CREATE FUNCTION case_evidence_kept() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN RAISE EXCEPTION 'case evidence is kept as it was added'; END IF;
        IF EXISTS (SELECT 1 FROM concern_case WHERE id = OLD.case_id AND status <> 'closed') THEN
          RAISE EXCEPTION 'evidence cannot be deleted while its case is open';
        END IF;
        RETURN OLD;
      END $$`,
    `CREATE TRIGGER case_evidence_no_change BEFORE UPDATE OR DELETE ON case_evidence FOR EACH ROW EXECUTE FUNCTION case_evidence_kept()`,
    // Seriousness (INC-5): each assessment is kept; the latest one sets the case's level.
    `CREATE TABLE case_assessment (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES concern_case(id),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid NOT NULL REFERENCES school(id),
      summary text NOT NULL,
      nature integer NOT NULL CHECK (nature BETWEEN 1 AND 3),
      nature_note text,
      visibility integer NOT NULL CHECK (visibility BETWEEN 1 AND 3),
      visibility_note text,
      recirculation integer NOT NULL CHECK (recirculation BETWEEN 1 AND 3),
      recirculation_note text,
      impact integer NOT NULL CHECK (impact BETWEEN 1 AND 3),
      impact_note text,
      level text NOT NULL,
      assessed_by uuid NOT NULL REFERENCES person(id),
      assessed_at timestamptz NOT NULL
    )`,
    `CREATE INDEX case_assessment_case ON case_assessment (case_id, assessed_at)`,
    // Actions with clocks (INC-3, INC-4, INC-9).
    `CREATE TABLE case_action (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES concern_case(id),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid NOT NULL REFERENCES school(id),
      kind text NOT NULL,
      title text NOT NULL,
      owner_id uuid REFERENCES person(id),
      due_at timestamptz NOT NULL,
      clock text NOT NULL CHECK (clock IN ('working-days', 'calendar-hours')),
      status text NOT NULL CHECK (status IN ('open', 'done')),
      detail jsonb NOT NULL DEFAULT '{}',
      result text,
      done_at timestamptz,
      done_by uuid REFERENCES person(id),
      reminded_at timestamptz,
      overdue_alerted_at timestamptz,
      created_at timestamptz NOT NULL,
      created_by uuid REFERENCES person(id)
    )`,
    `CREATE INDEX case_action_case ON case_action (case_id, due_at)`,
    `CREATE INDEX case_action_open ON case_action (school_id, status, due_at)`,
    `CREATE INDEX case_action_owner ON case_action (owner_id, status)`,
    // Outcomes (INC-6): several may apply to one case.
    `CREATE TABLE case_outcome (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES concern_case(id),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid NOT NULL REFERENCES school(id),
      kind text NOT NULL,
      note text,
      check_on date,
      recorded_by uuid NOT NULL REFERENCES person(id),
      recorded_at timestamptz NOT NULL
    )`,
    `CREATE INDEX case_outcome_case ON case_outcome (case_id)`,
  ]);
}
