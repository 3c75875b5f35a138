/**
 * The mentions tables (migrations/0016), added to the database's types by declaration merging (see
 * monitoring/schema.ts for why).
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type SourceKind = 'feed' | 'bluesky';
export type TriageStatus = 'new' | 'ignored' | 'watching' | 'replied' | 'concern';

export interface MentionMatch {
  kind: 'school' | 'staff' | 'pupil';
  /** What was found, as the school wrote it (a pupil's name only for those who may see pupils). */
  text: string;
}

export interface MentionSourceTable {
  id: Generated<string>;
  trust_id: string;
  school_id: string;
  kind: SourceKind;
  label: string;
  address: string;
  created_at: Timestamp;
  created_by: string | null;
  last_read_at: Timestamp | null;
  last_error: string | null;
  failures: Generated<number>;
  next_read_at: Timestamp;
  removed_at: Timestamp | null;
}

export interface MentionNameTable {
  id: Generated<string>;
  trust_id: string;
  school_id: string;
  text: string;
  created_at: Timestamp;
}

export interface MentionItemTable {
  id: Generated<string>;
  trust_id: string;
  school_id: string;
  source_id: string;
  external_id: string;
  link: string | null;
  title: Generated<string>;
  body: Generated<string>;
  author: Generated<string>;
  published_at: Timestamp | null;
  found_at: Timestamp;
  matches: ColumnType<MentionMatch[], string | undefined, string>;
  sensitive: Generated<boolean>;
  status: ColumnType<TriageStatus, TriageStatus | undefined, TriageStatus>;
  note: string | null;
  triaged_by: string | null;
  triaged_at: Timestamp | null;
  case_id: string | null;
}

declare module '../../platform/db/schema.ts' {
  interface Database {
    mention_source: MentionSourceTable;
    mention_name: MentionNameTable;
    mention_item: MentionItemTable;
  }
}
