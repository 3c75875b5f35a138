import type { Kysely } from 'kysely';
import { runStatements } from '../src/platform/db/migrate.ts';

// Issue 12: signing in through the trust's identity provider, a second factor, and "your sessions".
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    // On by default (AUTH-2); a trust may turn it off. Password sign-in may be turned off once a
    // provider works; a trust administrator with a second factor keeps a break-glass password.
    `ALTER TABLE trust ADD COLUMN second_factor_required boolean NOT NULL DEFAULT true`,
    `ALTER TABLE trust ADD COLUMN password_sign_in boolean NOT NULL DEFAULT true`,
    // One provider per trust. The client secret is sealed with the instance key like account credentials.
    `CREATE TABLE identity_provider (
      trust_id uuid PRIMARY KEY REFERENCES trust(id),
      kind text NOT NULL CHECK (kind IN ('entra', 'google', 'oidc')),
      issuer text NOT NULL,
      client_id text NOT NULL,
      client_secret_sealed text NOT NULL,
      tenant_id text,
      domain text,
      tested_at timestamptz,
      updated_at timestamptz NOT NULL
    )`,
    // A person's stable subject at the provider (Entra: tid:oid; others: sub), linked at first sign-in.
    `CREATE TABLE identity_link (
      issuer text NOT NULL,
      subject text NOT NULL,
      person_id uuid NOT NULL REFERENCES person(id),
      trust_id uuid NOT NULL REFERENCES trust(id),
      linked_at timestamptz NOT NULL,
      PRIMARY KEY (issuer, subject)
    )`,
    `CREATE UNIQUE INDEX identity_link_person ON identity_link (person_id, issuer)`,
    `CREATE TABLE second_factor (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES person(id),
      kind text NOT NULL CHECK (kind IN ('totp', 'passkey')),
      label text NOT NULL,
      totp_secret_sealed text,
      last_used_step bigint,
      credential_id text UNIQUE,
      public_key text,
      sign_count bigint,
      transports text,
      created_at timestamptz NOT NULL,
      last_used_at timestamptz
    )`,
    `CREATE INDEX second_factor_person ON second_factor (person_id)`,
    // Stored as SHA-256 hashes; a used code is kept with its time so a reuse is refused, not forgotten.
    `CREATE TABLE recovery_code (
      person_id uuid NOT NULL REFERENCES person(id),
      code_hash text NOT NULL,
      created_at timestamptz NOT NULL,
      used_at timestamptz,
      PRIMARY KEY (person_id, code_hash)
    )`,
    // "Your sessions": the sid is the cookie's secret, so a session is shown and ended by public_id.
    `ALTER TABLE web_session ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid()`,
    `ALTER TABLE web_session ADD COLUMN person_id uuid`,
    `ALTER TABLE web_session ADD COLUMN signed_in_at timestamptz`,
    `ALTER TABLE web_session ADD COLUMN last_seen_at timestamptz`,
    `ALTER TABLE web_session ADD COLUMN device text`,
    `ALTER TABLE web_session ADD COLUMN address text`,
    `CREATE INDEX web_session_person ON web_session (person_id)`,
  ]);
}
