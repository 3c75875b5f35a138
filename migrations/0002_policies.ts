import type { Kysely } from 'kysely';
import { runStatements } from '../src/platform/db/migrate.ts';

// Policies: versions, approval, adoption by schools, read-and-sign, training, review (POL-1..6).
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `CREATE TABLE policy (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid REFERENCES school(id),
      title text NOT NULL,
      created_at timestamptz NOT NULL,
      UNIQUE NULLS NOT DISTINCT (trust_id, school_id)
    )`,
    `CREATE TABLE policy_version (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      policy_id uuid NOT NULL REFERENCES policy(id),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid REFERENCES school(id),
      number integer NOT NULL,
      status text NOT NULL,
      document jsonb NOT NULL,
      settings jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      created_by uuid REFERENCES person(id),
      approved_by_body text,
      approved_on date,
      approved_recorded_by uuid REFERENCES person(id),
      effective_from date,
      review_due date,
      consultation text,
      change_summary text,
      content_hash text,
      UNIQUE (policy_id, number)
    )`,
    `CREATE INDEX policy_version_effective ON policy_version (policy_id, status, effective_from)`,
    `CREATE TABLE policy_local_settings (
      school_id uuid PRIMARY KEY REFERENCES school(id),
      trust_id uuid NOT NULL REFERENCES trust(id),
      settings jsonb NOT NULL,
      updated_at timestamptz NOT NULL
    )`,
    `CREATE TABLE policy_review (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      policy_id uuid NOT NULL REFERENCES policy(id),
      trust_id uuid NOT NULL REFERENCES trust(id),
      kind text NOT NULL,
      reason text NOT NULL,
      detail text,
      opened_at timestamptz NOT NULL,
      opened_by text NOT NULL,
      closed_at timestamptz,
      closed_by_version uuid REFERENCES policy_version(id)
    )`,
    `CREATE TABLE signature (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      version_id uuid NOT NULL REFERENCES policy_version(id),
      person_id uuid NOT NULL REFERENCES person(id),
      trust_id uuid NOT NULL REFERENCES trust(id),
      signed_at timestamptz NOT NULL,
      typed_name text NOT NULL,
      statement text NOT NULL,
      content_hash text NOT NULL,
      UNIQUE (version_id, person_id)
    )`,
    `CREATE INDEX signature_person ON signature (person_id)`,
    `CREATE TABLE training_course (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      trust_id uuid NOT NULL REFERENCES trust(id),
      title text NOT NULL,
      description text,
      valid_months integer,
      created_at timestamptz NOT NULL,
      UNIQUE (trust_id, title)
    )`,
    `CREATE TABLE training_requirement (
      course_id uuid NOT NULL REFERENCES training_course(id),
      trust_id uuid NOT NULL REFERENCES trust(id),
      requirement text NOT NULL,
      PRIMARY KEY (course_id, requirement)
    )`,
    `CREATE TABLE training_completion (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      course_id uuid NOT NULL REFERENCES training_course(id),
      person_id uuid NOT NULL REFERENCES person(id),
      trust_id uuid NOT NULL REFERENCES trust(id),
      completed_on date NOT NULL,
      expires_on date,
      evidence text,
      recorded_by uuid REFERENCES person(id),
      recorded_at timestamptz NOT NULL
    )`,
    `CREATE INDEX training_completion_person ON training_completion (person_id, course_id)`,
  ]);
}
