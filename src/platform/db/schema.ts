import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface TrustTable {
  id: Generated<string>;
  name: string;
  slug: string;
  created_at: Timestamp;
  second_factor_required: Generated<boolean>;
  password_sign_in: Generated<boolean>;
}

export interface SchoolTable {
  id: Generated<string>;
  trust_id: string;
  name: string;
  slug: string;
  phase: string;
  urn: string | null;
  region: Generated<string>;
  email_domains: ColumnType<string[], string | undefined, string>;
  confidential_terms: ColumnType<string[], string | undefined, string>;
  nicknames: ColumnType<string[], string | undefined, string>;
  created_at: Timestamp;
}

export interface SchoolClosureDayTable {
  school_id: string;
  day: string;
  reason: string;
}

export interface PersonTable {
  id: Generated<string>;
  trust_id: string;
  school_id: string | null;
  mis_id: string | null;
  given_name: string;
  family_name: string;
  email: string | null;
  employment_type: string;
  job_title: string | null;
  start_date: string | null;
  leaving_date: string | null;
  password_hash: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RoleAssignmentTable {
  id: Generated<string>;
  person_id: string;
  trust_id: string;
  school_id: string | null;
  role: string;
}

export interface PupilTable {
  id: Generated<string>;
  trust_id: string;
  school_id: string;
  upn: string;
  mis_id: string | null;
  given_name: string;
  family_name: string;
  preferred_name: string | null;
  date_of_birth: string;
  year_group: number;
  form_group: string | null;
  consent_social: boolean;
  consent_website: boolean;
  consent_press: boolean;
  never_publish: boolean;
  never_publish_reason: string | null;
  leaving_date: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ParentTable {
  id: Generated<string>;
  trust_id: string;
  school_id: string;
  given_name: string;
  family_name: string;
  email: string | null;
  phone: string | null;
  created_at: Timestamp;
}

export interface PupilParentTable {
  pupil_id: string;
  parent_id: string;
  relationship: string | null;
}

export interface WebSessionTable {
  sid: string;
  data: Json<Record<string, unknown>>;
  expires_at: Timestamp;
  public_id: Generated<string>;
  person_id: string | null;
  signed_in_at: Timestamp | null;
  last_seen_at: Timestamp | null;
  device: string | null;
  address: string | null;
}

export interface IdentityProviderTable {
  trust_id: string;
  kind: 'entra' | 'google' | 'oidc';
  issuer: string;
  client_id: string;
  client_secret_sealed: string;
  tenant_id: string | null;
  domain: string | null;
  tested_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface IdentityLinkTable {
  issuer: string;
  subject: string;
  person_id: string;
  trust_id: string;
  linked_at: Timestamp;
}

export interface SecondFactorTable {
  id: Generated<string>;
  person_id: string;
  kind: 'totp' | 'passkey';
  label: string;
  totp_secret_sealed: string | null;
  last_used_step: ColumnType<string | null, number | string | null, number | string | null>;
  credential_id: string | null;
  public_key: string | null;
  sign_count: ColumnType<string | null, number | string | null, number | string | null>;
  transports: string | null;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
}

export interface RecoveryCodeTable {
  person_id: string;
  code_hash: string;
  created_at: Timestamp;
  used_at: Timestamp | null;
}

export interface PasswordResetTable {
  token_hash: string;
  person_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface AuditEventTable {
  seq: Generated<number>;
  at: Timestamp;
  trust_id: string | null;
  school_id: string | null;
  actor_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  summary: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
  /** The fingerprint of the key that sealed the event; null for events from before the chain was keyed. */
  key_id: string | null;
}

export interface SignInThrottleTable {
  scope: 'account' | 'address';
  subject: string;
  failures: number;
  window_started_at: Timestamp;
  last_failure_at: Timestamp;
  locked_until: Timestamp | null;
}

export interface JobTable {
  id: Generated<number>;
  kind: string;
  payload: Json<Record<string, unknown>>;
  run_at: Timestamp;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_until: Timestamp | null;
  locked_by: string | null;
  last_error: string | null;
  done_at: Timestamp | null;
  failed_at: Timestamp | null;
  dedupe_key: string | null;
  created_at: Timestamp;
}

/** An email about a case (issue 9): shown on the case's page to those who may open it. */
export interface CaseMailTable {
  case_id: string;
  message_id: string;
  trust_id: string;
  school_id: string;
}

export interface MailMessageTable {
  id: Generated<string>;
  trust_id: string | null;
  school_id: string | null;
  to_address: string;
  subject: string;
  body_text: string;
  /** Holds a sign-in link or similar: hidden from the outbox except where it is the only way to deliver it. */
  sensitive: Generated<boolean>;
  status: 'queued' | 'sent' | 'outbox' | 'failed';
  error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface ApiTokenTable {
  id: Generated<string>;
  trust_id: string;
  school_id: string;
  name: string;
  token_hash: string;
  created_by: string | null;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface ImportBatchTable {
  id: Generated<string>;
  trust_id: string;
  school_id: string;
  kind: 'pupils' | 'staff';
  filename: string;
  uploaded_by: string | null;
  created_at: Timestamp;
  status: 'previewed' | 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'undone';
  csv_text: string;
  preview: Json<Record<string, unknown>>;
  processed: Generated<number>;
  total: Generated<number>;
  finished_at: Timestamp | null;
  error: string | null;
  /** 'whole': the file is everyone, so anyone missing leaves; 'changes': only new and changed people. Null before 0006. */
  scope: 'whole' | 'changes' | null;
  /** True when the apply recorded what it added and whom it marked as leaving (import_change), so it can be undone. */
  changes_recorded: Generated<boolean>;
  undone_at: Timestamp | null;
  undone_by: string | null;
}

/** What one import added or marked as leaving, so the import can be undone (0006). */
export interface ImportChangeTable {
  batch_id: string;
  school_id: string;
  entity_type: 'pupil' | 'parent' | 'person';
  entity_id: string;
  change: 'added' | 'marked-leaver';
  previous_leaving_date: string | null;
}

export interface PolicyTable {
  id: Generated<string>;
  trust_id: string;
  school_id: string | null;
  title: string;
  created_at: Timestamp;
}

export interface PolicyVersionTable {
  id: Generated<string>;
  policy_id: string;
  trust_id: string;
  school_id: string | null;
  number: number;
  status: 'draft' | 'approved';
  document: Json<unknown>;
  settings: Json<Record<string, unknown>>;
  created_at: Timestamp;
  created_by: string | null;
  approved_by_body: string | null;
  approved_on: string | null;
  approved_recorded_by: string | null;
  effective_from: string | null;
  review_due: string | null;
  consultation: string | null;
  change_summary: string | null;
  content_hash: string | null;
}

export interface PolicyImportTable {
  id: Generated<string>;
  trust_id: string;
  school_id: string | null;
  status: 'open' | 'saved';
  source_name: string;
  source_format: 'docx' | 'pdf' | 'text' | 'pasted';
  source_bytes: Buffer;
  source_sha256: string;
  document: Json<unknown>;
  proposals: Json<unknown>;
  added_keys: ColumnType<unknown, string | undefined, string>;
  decisions: ColumnType<unknown, string | null | undefined, string | null>;
  version_id: string | null;
  created_by: string;
  created_at: Timestamp;
  saved_at: Timestamp | null;
}

export interface PolicyLocalSettingsTable {
  school_id: string;
  trust_id: string;
  settings: Json<Record<string, unknown>>;
  updated_at: Timestamp;
}

export interface PolicyReviewTable {
  id: Generated<string>;
  policy_id: string;
  trust_id: string;
  kind: 'scheduled' | 'early';
  reason: string;
  detail: string | null;
  opened_at: Timestamp;
  opened_by: string;
  closed_at: Timestamp | null;
  closed_by_version: string | null;
}

export interface SignatureTable {
  id: Generated<string>;
  version_id: string;
  person_id: string;
  trust_id: string;
  signed_at: Timestamp;
  typed_name: string;
  statement: string;
  content_hash: string;
}

export interface TrainingCourseTable {
  id: Generated<string>;
  trust_id: string;
  /** The school that owns the course; null for the trust's own, which only the trust view changes. */
  school_id: string | null;
  title: string;
  description: string | null;
  valid_months: number | null;
  created_at: Timestamp;
}

export interface TrainingRequirementTable {
  course_id: string;
  trust_id: string;
  requirement: string;
}

export interface TrainingCompletionTable {
  id: Generated<string>;
  course_id: string;
  person_id: string;
  trust_id: string;
  completed_on: string;
  expires_on: string | null;
  evidence: string | null;
  recorded_by: string | null;
  recorded_at: Timestamp;
}

export type AccountStatus =
  | 'draft'
  | 'proposed'
  | 'endorsed'
  | 'approved'
  | 'rejected'
  | 'active'
  | 'under_review'
  | 'closed';

export interface OfficialAccountTable {
  id: Generated<string>;
  trust_id: string;
  school_id: string;
  name: string;
  platform: string;
  status: AccountStatus;
  applicant_id: string;
  aim: Generated<string>;
  audience: Generated<string>;
  promotion: Generated<string>;
  visibility: Generated<'open' | 'closed'>;
  submitted_at: Timestamp | null;
  decided_at: Timestamp | null;
  handle: string | null;
  address: string | null;
  recovery_email: string | null;
  tagging_disabled: boolean | null;
  two_factor_enabled: boolean | null;
  setup_checklist: Generated<string[]>;
  activated_on: string | null;
  last_reviewed_on: string | null;
  review_due: string | null;
  last_monitored_at: Timestamp | null;
  closed_on: string | null;
  closed_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AccountOperatorTable {
  id: Generated<string>;
  account_id: string;
  person_id: string;
  trust_id: string;
  school_id: string;
  is_lead: Generated<boolean>;
  added_at: Timestamp;
  added_by: string | null;
  removed_at: Timestamp | null;
  removed_reason: string | null;
}

export interface AccountEventTable {
  id: Generated<string>;
  account_id: string;
  trust_id: string;
  school_id: string;
  at: Timestamp;
  actor_id: string | null;
  actor_label: string;
  kind: string;
  comment: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, never>;
}

export interface AccountSecretTable {
  account_id: string;
  trust_id: string;
  school_id: string;
  sealed: string;
  updated_at: Timestamp;
  updated_by: string | null;
  rotate_required: Generated<boolean>;
  rotate_reason: string | null;
}

export type HandoverReason = 'operator-left' | 'operator-removed' | 'below-minimum' | 'no-lead';

export interface AccountHandoverTable {
  id: Generated<string>;
  account_id: string;
  trust_id: string;
  school_id: string;
  reason: HandoverReason;
  person_id: string | null;
  detail: string;
  opened_at: Timestamp;
  resolved_at: Timestamp | null;
  resolved_by: string | null;
  resolution: string | null;
}

export interface AccountReviewTable {
  id: Generated<string>;
  account_id: string;
  trust_id: string;
  school_id: string;
  reviewed_on: string;
  reviewer_id: string;
  still_needed: boolean;
  operators_right: boolean;
  settings_safe: boolean;
  notes: string | null;
  outcome: 'keep' | 'changes-needed' | 'close';
  recorded_at: Timestamp;
}

export type PostStatus =
  | 'draft'
  | 'submitted'
  | 'changes_requested'
  | 'approved'
  | 'scheduled'
  | 'publishing'
  | 'published'
  | 'failed'
  | 'rejected'
  | 'taken_down';

export interface PostTable {
  id: Generated<string>;
  trust_id: string;
  school_id: string;
  account_id: string;
  author_id: string;
  status: PostStatus;
  text: Generated<string>;
  shares_material: Generated<boolean>;
  shared_source: string | null;
  shared_permission: boolean | null;
  content_hash: string;
  findings: ColumnType<unknown[], string | undefined, string>;
  checked_at: Timestamp | null;
  submitted_at: Timestamp | null;
  approved_hash: string | null;
  approved_by: string | null;
  approved_at: Timestamp | null;
  human_checks: Generated<string[]>;
  scheduled_for: Timestamp | null;
  publish_via: 'direct' | 'manual' | null;
  publication_key: string | null;
  remote_id: string | null;
  url: string | null;
  published_at: Timestamp | null;
  published_by: string | null;
  last_error: string | null;
  taken_down_at: Timestamp | null;
  taken_down_by: string | null;
  takedown_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PostImageTable {
  id: Generated<string>;
  post_id: string;
  trust_id: string;
  school_id: string;
  position: number;
  file_name: string;
  mime_type: 'image/jpeg' | 'image/png';
  bytes: Buffer;
  sha256: string;
  width: number;
  height: number;
  alt_text: Generated<string>;
  had_location: Generated<boolean>;
  removed_metadata: Generated<string[]>;
  detected_faces: number | null;
  confirmed_pupils: number | null;
  no_pupils_visible: Generated<boolean>;
  tagged_pupil_ids: Generated<string[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PostEventTable {
  id: Generated<string>;
  post_id: string;
  trust_id: string;
  school_id: string;
  at: Timestamp;
  actor_id: string | null;
  actor_label: string;
  kind: string;
  comment: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, never>;
}

export interface PostOverrideTable {
  id: Generated<string>;
  post_id: string;
  trust_id: string;
  school_id: string;
  content_hash: string;
  finding_key: string;
  rule: string;
  message: string;
  reason: string;
  overridden_by: string;
  at: Timestamp;
  /** Issue 16: for a finding that blocks until confirmed, the statement the approver confirmed; null for advice overridden. */
  confirmation: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PostPublicationTable {
  idempotency_key: string;
  post_id: string;
  trust_id: string;
  school_id: string;
  via: 'direct' | 'manual';
  started_at: Timestamp;
  status: 'pending' | 'published' | 'failed';
  outcome_unknown: boolean;
  publish_calls: number;
  failures: number;
  remote_id: string | null;
  url: string | null;
  last_error: string | null;
  next_attempt_at: Timestamp | null;
  published_at: Timestamp | null;
}

export interface CaseCounterTable {
  school_id: string;
  year: number;
  last: number;
}

export interface ConcernCaseTable {
  id: Generated<string>;
  trust_id: string;
  school_id: string;
  reference: string;
  kind: string;
  status: 'new' | 'open' | 'closed';
  restricted: boolean;
  about_head: Generated<boolean>;
  urgent: Generated<boolean>;
  reporter_id: string;
  description: string;
  disclosure: string | null;
  location_url: string | null;
  happened_on: string | null;
  happened_time: string | null;
  at_risk: Generated<boolean>;
  post_id: string | null;
  routed_to: string;
  routed_fallback: Generated<boolean>;
  owner_id: string | null;
  reported_at: Timestamp;
  level: 'minor' | 'moderate' | 'serious' | null;
  level_reason: string | null;
  significant: Generated<boolean>;
  may_be_unlawful: Generated<boolean>;
  breach: Generated<boolean>;
  breach_aware_at: Timestamp | null;
  breach_decision: 'report' | 'not-report' | null;
  breach_reason: string | null;
  breach_decided_at: Timestamp | null;
  lado_referred_at: Timestamp | null;
  lado_advice_at: Timestamp | null;
  lado_advice: string | null;
  lado_suspension_advice: string | null;
  closed_at: Timestamp | null;
  closed_by: string | null;
  closing_note: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CasePersonTable {
  id: Generated<string>;
  case_id: string;
  trust_id: string;
  school_id: string;
  kind: 'pupil' | 'staff' | 'outside';
  pupil_id: string | null;
  person_id: string | null;
  name: string;
  is_subject: Generated<boolean>;
}

export interface CaseEventTable {
  id: Generated<string>;
  case_id: string;
  trust_id: string;
  school_id: string;
  at: Timestamp;
  actor_id: string | null;
  actor_label: string;
  kind: string;
  text: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, never>;
}

export interface CaseEvidenceTable {
  id: Generated<string>;
  case_id: string;
  trust_id: string;
  school_id: string;
  kind: 'file' | 'link';
  file_name: string | null;
  mime_type: string | null;
  size_bytes: number | null;
  sha256: string | null;
  bytes: Buffer | null;
  preview: Buffer | null;
  url: string | null;
  seen_at: Timestamp | null;
  site_description: string | null;
  added_by: string;
  added_at: Timestamp;
}

export interface CaseAssessmentTable {
  id: Generated<string>;
  case_id: string;
  trust_id: string;
  school_id: string;
  summary: string;
  nature: number;
  nature_note: string | null;
  visibility: number;
  visibility_note: string | null;
  recirculation: number;
  recirculation_note: string | null;
  impact: number;
  impact_note: string | null;
  level: string;
  assessed_by: string;
  assessed_at: Timestamp;
  may_be_unlawful: Generated<boolean>;
}

export interface CaseActionTable {
  id: Generated<string>;
  case_id: string;
  trust_id: string;
  school_id: string;
  kind: string;
  title: string;
  owner_id: string | null;
  due_at: Timestamp;
  clock: 'working-days' | 'calendar-hours';
  status: 'open' | 'done';
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
  result: string | null;
  done_at: Timestamp | null;
  done_by: string | null;
  reminded_at: Timestamp | null;
  overdue_alerted_at: Timestamp | null;
  created_at: Timestamp;
  created_by: string | null;
}

export interface CaseOutcomeTable {
  id: Generated<string>;
  case_id: string;
  trust_id: string;
  school_id: string;
  kind: string;
  note: string | null;
  check_on: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface RetentionPeriodTable {
  school_id: string;
  trust_id: string;
  record_type: string;
  months: number;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface RestrictedCountReleaseTable {
  id: Generated<string>;
  trust_id: string;
  school_id: string;
  period_from: string;
  period_to: string;
  released_count: number;
  released_by: string;
  released_at: Timestamp;
}

export interface PrivacyCheckinTable {
  id: Generated<string>;
  trust_id: string;
  school_id: string;
  person_id: string;
  period: string;
  statements: ColumnType<string[], string, string>;
  confirmed_at: Timestamp;
}

export interface MonitoringRecordTable {
  id: Generated<string>;
  trust_id: string;
  school_id: string;
  subject_id: string;
  reason: string;
  systems: string;
  starts_on: string;
  ends_on: string;
  authorised_by: string;
  authorised_as: 'headteacher' | 'hr';
  recorded_by: string;
  recorded_at: Timestamp;
  reviewed_at: Timestamp | null;
  reviewed_by: string | null;
  review_note: string | null;
  ended_at: Timestamp | null;
  ended_by: string | null;
  end_note: string | null;
}

export interface Database {
  retention_period: RetentionPeriodTable;
  restricted_count_release: RestrictedCountReleaseTable;
  privacy_checkin: PrivacyCheckinTable;
  monitoring_record: MonitoringRecordTable;
  case_counter: CaseCounterTable;
  concern_case: ConcernCaseTable;
  case_person: CasePersonTable;
  case_event: CaseEventTable;
  case_evidence: CaseEvidenceTable;
  case_assessment: CaseAssessmentTable;
  case_action: CaseActionTable;
  case_outcome: CaseOutcomeTable;
  post: PostTable;
  post_image: PostImageTable;
  post_event: PostEventTable;
  post_override: PostOverrideTable;
  post_publication: PostPublicationTable;
  official_account: OfficialAccountTable;
  account_operator: AccountOperatorTable;
  account_event: AccountEventTable;
  account_secret: AccountSecretTable;
  account_handover: AccountHandoverTable;
  account_review: AccountReviewTable;
  policy: PolicyTable;
  policy_version: PolicyVersionTable;
  policy_import: PolicyImportTable;
  policy_local_settings: PolicyLocalSettingsTable;
  policy_review: PolicyReviewTable;
  signature: SignatureTable;
  training_course: TrainingCourseTable;
  training_requirement: TrainingRequirementTable;
  training_completion: TrainingCompletionTable;
  trust: TrustTable;
  school: SchoolTable;
  school_closure_day: SchoolClosureDayTable;
  person: PersonTable;
  role_assignment: RoleAssignmentTable;
  pupil: PupilTable;
  parent: ParentTable;
  pupil_parent: PupilParentTable;
  web_session: WebSessionTable;
  identity_provider: IdentityProviderTable;
  identity_link: IdentityLinkTable;
  second_factor: SecondFactorTable;
  recovery_code: RecoveryCodeTable;
  password_reset: PasswordResetTable;
  audit_event: AuditEventTable;
  sign_in_throttle: SignInThrottleTable;
  job: JobTable;
  mail_message: MailMessageTable;
  case_mail: CaseMailTable;
  api_token: ApiTokenTable;
  import_batch: ImportBatchTable;
  import_change: ImportChangeTable;
}

export type Person = Selectable<PersonTable>;
export type NewPerson = Insertable<PersonTable>;
export type PersonUpdate = Updateable<PersonTable>;
export type Pupil = Selectable<PupilTable>;
export type School = Selectable<SchoolTable>;
export type Trust = Selectable<TrustTable>;
