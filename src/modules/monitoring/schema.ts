/**
 * The monitoring rota's tables (migrations/0015), added to the database's types by declaration
 * merging, as modules add their services to ModuleServices: the platform's schema file stays the
 * platform's, and two modules adding tables at once do not collide there.
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface MonitoringRotaTable {
  id: Generated<string>;
  trust_id: string;
  school_id: string;
  account_id: string;
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number;
  person_id: string;
  covers_holidays: Generated<boolean>;
  created_at: Timestamp;
}

export interface MonitoringAlertTable {
  id: Generated<string>;
  trust_id: string;
  school_id: string;
  account_id: string;
  kind: 'unchecked' | 'gap';
  on_date: string | null;
  raised_at: Timestamp;
  dedupe_key: string;
  told: Generated<string[]>;
}

declare module '../../platform/db/schema.ts' {
  interface Database {
    monitoring_rota: MonitoringRotaTable;
    monitoring_alert: MonitoringAlertTable;
  }
}
