import type { Kysely } from 'kysely';
import { runStatements } from '../src/platform/db/migrate.ts';

// MON-1: who checks each official account on each day of the week (every day, weekends and holidays
// included), and the alerts raised when an account goes unchecked or a day has nobody on it. An
// alert's dedupe_key makes it once per account per missed check (or per day without cover), however
// many times the hourly job runs. The last check itself stays on official_account.last_monitored_at
// (ACC-6), written by the accounts module.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `CREATE TABLE monitoring_rota (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid NOT NULL REFERENCES school(id),
      account_id uuid NOT NULL REFERENCES official_account(id),
      weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
      person_id uuid NOT NULL REFERENCES person(id),
      covers_holidays boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL
    )`,
    `CREATE UNIQUE INDEX monitoring_rota_slot ON monitoring_rota (account_id, weekday, person_id)`,
    `CREATE INDEX monitoring_rota_school ON monitoring_rota (school_id)`,
    `CREATE TABLE monitoring_alert (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      trust_id uuid NOT NULL REFERENCES trust(id),
      school_id uuid NOT NULL REFERENCES school(id),
      account_id uuid NOT NULL REFERENCES official_account(id),
      kind text NOT NULL CHECK (kind IN ('unchecked', 'gap')),
      on_date date,
      raised_at timestamptz NOT NULL,
      dedupe_key text NOT NULL UNIQUE,
      told uuid[] NOT NULL DEFAULT '{}'
    )`,
    `CREATE INDEX monitoring_alert_school ON monitoring_alert (school_id, raised_at)`,
  ]);
}
