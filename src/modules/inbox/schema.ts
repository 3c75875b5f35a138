/**
 * The inbox's tables (migrations/0014_inbox.ts), added to the database's type by declaration merging
 * so the shared schema file stays as it is.
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type ItemKind =
  | 'question'
  | 'complaint'
  | 'press'
  | 'abuse'
  | 'parent-offensive'
  | 'pupil-offensive'
  | 'safeguarding';
export type ItemState = 'new' | 'assigned' | 'awaiting-approval' | 'answered' | 'closed';
export type ItemSource = 'bluesky' | 'mastodon' | 'by-hand';
export type ArrivedAs = 'reply' | 'mention' | 'quote' | 'comment' | 'message';

export interface InboxItemTable {
  id: Generated<string>;
  trust_id: string;
  school_id: string;
  account_id: string;
  platform_id: string;
  source: ItemSource;
  arrived_as: ArrivedAs;
  kind: ItemKind;
  suggested_kind: ItemKind;
  state: ItemState;
  arrived_at: Timestamp;
  deadline_at: Timestamp;
  responded_at: Timestamp | null;
  response: 'acknowledged' | 'replied' | 'replied-on-platform' | null;
  assignee_id: string | null;
  text: string;
  author: string;
  author_handle: string | null;
  link: string | null;
  remote: ColumnType<Record<string, unknown>, string | undefined, string>;
  reply_text: string | null;
  reply_remote_id: string | null;
  reply_url: string | null;
  draft_reply: string | null;
  approved_text: string | null;
  approved_by: string | null;
  approved_at: Timestamp | null;
  case_id: string | null;
  post_id: string | null;
  logged_by: string | null;
  reminded_at: Timestamp | null;
  overdue_alerted_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InboxEventTable {
  id: Generated<string>;
  item_id: string;
  trust_id: string;
  school_id: string;
  at: Timestamp;
  actor_id: string | null;
  actor_label: string;
  kind: string;
  text: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, never>;
}

export interface InboxSourceTable {
  account_id: string;
  trust_id: string;
  school_id: string;
  last_read_at: Timestamp | null;
  last_attempt_at: Timestamp | null;
  failing_since: Timestamp | null;
  last_error: string | null;
  needs_sign_in: Generated<boolean>;
  cursor: string | null;
}

export interface InboxTemplateTable {
  school_id: string;
  trust_id: string;
  key: string;
  text: string;
  updated_by: string | null;
  updated_at: Timestamp;
}

/** A reply from Postwarden claimed before the platform is called (migrations/0024_inbox_reply_claim.ts). */
export interface InboxReplyTable {
  item_id: string;
  trust_id: string;
  school_id: string;
  idempotency_key: string;
  text: string;
  status: 'sending' | 'sent';
  started_at: Timestamp;
  started_by: string | null;
  started_by_label: string;
  remote_id: string | null;
  url: string | null;
  sent_at: Timestamp | null;
}

declare module '../../platform/db/schema.ts' {
  interface Database {
    inbox_item: InboxItemTable;
    inbox_event: InboxEventTable;
    inbox_source: InboxSourceTable;
    inbox_template: InboxTemplateTable;
    inbox_reply: InboxReplyTable;
  }
}
