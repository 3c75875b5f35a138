/**
 * Roles and what each may do, in one place (ORG-3). A route names the permission it needs; a role
 * that is not listed against a permission does not have it.
 */
export const ROLES = {
  headteacher: { label: 'Headteacher', trustLevel: false },
  slt: { label: 'Senior leadership team', trustLevel: false },
  dsl: { label: 'Designated safeguarding lead', trustLevel: false },
  deputy_dsl: { label: 'Deputy designated safeguarding lead', trustLevel: false },
  account_admin: { label: 'Account administrator', trustLevel: false },
  line_manager: { label: 'Line manager', trustLevel: false },
  hr: { label: 'HR', trustLevel: false },
  governor: { label: 'Governor', trustLevel: false },
  chair_of_governors: { label: 'Chair of governors', trustLevel: false },
  staff: { label: 'Staff', trustLevel: false },
  school_admin: { label: 'School administrator', trustLevel: false },
  trust_admin: { label: 'Trust administrator', trustLevel: true },
  trust_leader: { label: 'Trust leadership', trustLevel: true },
} as const;

export type Role = keyof typeof ROLES;
export const ROLE_NAMES = Object.keys(ROLES) as Role[];

export function isRole(value: string): value is Role {
  return Object.hasOwn(ROLES, value);
}

export const PERMISSIONS = [
  'home.view',
  'staff.view',
  'staff.manage',
  'pupils.view',
  'pupils.manage',
  'pupils.restricted.view',
  'directory.import',
  'audit.view',
  'mail.outbox.view',
  'school.settings.manage',
  'api.tokens.manage',
  'trust.view',
  /** Give and remove the ordinary school roles, including ones whose decisions the giver does not take. */
  'roles.manage',
  /** Grant the roles that can read restricted records (headteacher, DSL, deputy DSL). */
  'roles.sensitive.manage',
  /** Draft, edit and record the approval of the social media policy. */
  'policy.manage',
  /** See who has and has not signed the policy. */
  'policy.coverage.view',
  /** Record training courses, completions and which roles need which course. */
  'training.manage',
  /** Apply for a new official account and follow one's own applications (ACC-1). */
  'accounts.apply',
  /** See the register of official accounts, their operators and timelines (ACC-6). */
  'accounts.view',
  /** Decide applications as the senior leadership team (ACC-2). */
  'accounts.decide',
  /** Give the head's approval to an application SLT has approved (ACC-2). */
  'accounts.approve',
  /** Record created accounts, operators, handovers, reviews and closures; store credentials (ACC-4..6). */
  'accounts.manage',
  /** Reveal an account's stored sign-in details, with a reason (ACC-4). */
  'accounts.secrets.reveal',
  /** Write posts for the official accounts one runs; approvers (from the policy) decide on them (PUB-1). */
  'posts.write',
  /** See the record of the school's published and taken-down posts (PUB-5). */
  'posts.view',
  /** Check a text against the policy and the roll through the API (a school's website or newsletter tool). */
  'posts.check',
  /** Report a concern, from any page (INC-1). */
  'cases.report',
  /** See the school's cases that are not restricted, and act on them (INC-3..6). Restricted ones follow INC-7, in the SQL. */
  'cases.view',
  /** See cases across the trust's schools, restricted ones excluded (INC-7). */
  'cases.trust.view',
  /** See the governors' report and dashboards: figures only, never a pupil (GOV-1). */
  'reports.view',
  /** See the names in the report (who overrode a warning, and why); not governors (GOV-1). */
  'reports.names.view',
  /** Release a count of restricted safeguarding cases for one period of the report, as the DSL (GOV-1). */
  'reports.restricted.release',
  /** Set how long records are kept, and export everything held about one person (GOV-3). */
  'records.manage',
  /** Work the inbox of the accounts one runs: answer, acknowledge, log by hand (MON-2..4). */
  'inbox.view',
  /** Every account's inbox in the school: assign, read again, the school's reply templates (MON-2). */
  'inbox.manage',
  /** Approve in writing the reply to a press enquiry (MON-4, 000 §5.2). */
  'inbox.press.approve',
  /** The inbox across the trust's schools, read only (MON-2). */
  'inbox.trust.view',
  /** Check a draft of one's own personal post against the policy; nothing of it is kept (STF-1). */
  'personal-use.check',
  /** Confirm one's own privacy check-in each period (STF-2). */
  'privacy.checkin',
  /** See who has and has not done their privacy check-in, by school, team and person (STF-2). */
  'privacy.coverage.view',
  /** Record, review and end the monitoring of one person's use of school systems (GOV-2): the head and HR only. */
  'monitoring.manage',
  /** See and triage posts about the school elsewhere, and choose where to look (MON-5). Pupil mentions also need pupils.view. */
  'mentions.view',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const SCHOOL_ADMIN: Permission[] = [
  'home.view',
  'staff.view',
  'staff.manage',
  'pupils.view',
  'pupils.manage',
  'directory.import',
  'audit.view',
  'mail.outbox.view',
  'school.settings.manage',
  'api.tokens.manage',
  'roles.manage',
  'policy.manage',
  'policy.coverage.view',
  'training.manage',
  'accounts.apply',
  'accounts.view',
  'posts.write',
  'posts.view',
  'cases.report',
  'reports.view',
  'records.manage',
  'inbox.view',
  'personal-use.check',
  'privacy.checkin',
  'mentions.view',
];

/** What everyone who works at a school does for themselves (STF-1, STF-2). */
const OWN_USE: Permission[] = ['personal-use.check', 'privacy.checkin'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  headteacher: [
    ...SCHOOL_ADMIN,
    'pupils.restricted.view',
    'roles.sensitive.manage',
    'accounts.decide',
    'accounts.approve',
    'cases.view',
    'reports.names.view',
    'inbox.manage',
    'inbox.press.approve',
    'privacy.coverage.view',
    'monitoring.manage',
  ],
  slt: [
    'home.view',
    'staff.view',
    'pupils.view',
    'audit.view',
    'policy.coverage.view',
    'accounts.apply',
    'accounts.view',
    'accounts.decide',
    'posts.write',
    'posts.view',
    'cases.report',
    'cases.view',
    'reports.view',
    'reports.names.view',
    'inbox.view',
    'inbox.manage',
    'inbox.press.approve',
    ...OWN_USE,
    'privacy.coverage.view',
    'mentions.view',
  ],
  dsl: [
    'home.view',
    'staff.view',
    'pupils.view',
    'pupils.restricted.view',
    'accounts.apply',
    'posts.write',
    'posts.view',
    'cases.report',
    'cases.view',
    'reports.view',
    'reports.restricted.release',
    'inbox.view',
    ...OWN_USE,
    'mentions.view',
  ],
  deputy_dsl: [
    'home.view',
    'staff.view',
    'pupils.view',
    'pupils.restricted.view',
    'accounts.apply',
    'posts.write',
    'posts.view',
    'cases.report',
    'cases.view',
    'inbox.view',
    ...OWN_USE,
    'mentions.view',
  ],
  account_admin: [
    'home.view',
    'staff.view',
    'pupils.view',
    'accounts.apply',
    'accounts.view',
    'accounts.manage',
    'accounts.secrets.reveal',
    'posts.write',
    'posts.view',
    'cases.report',
    'inbox.view',
    'inbox.manage',
    ...OWN_USE,
    'mentions.view',
  ],
  line_manager: [
    'home.view',
    'staff.view',
    'accounts.apply',
    'posts.write',
    'posts.view',
    'cases.report',
    'inbox.view',
    ...OWN_USE,
  ],
  hr: [
    'home.view',
    'staff.view',
    'staff.manage',
    'policy.coverage.view',
    'training.manage',
    'accounts.apply',
    'posts.write',
    'posts.view',
    'cases.report',
    'inbox.view',
    ...OWN_USE,
    'privacy.coverage.view',
    'monitoring.manage',
    'mentions.view',
  ],
  governor: ['home.view', 'policy.coverage.view', 'accounts.view', 'posts.view', 'cases.report', 'reports.view'],
  // The chair sees a case only when it is about the head (INC-7), through the case's own rule, not a list.
  chair_of_governors: [
    'home.view',
    'policy.coverage.view',
    'accounts.view',
    'posts.view',
    'cases.report',
    'reports.view',
  ],
  staff: ['home.view', 'accounts.apply', 'posts.write', 'posts.view', 'cases.report', 'inbox.view', ...OWN_USE],
  school_admin: [...SCHOOL_ADMIN, 'inbox.manage'],
  trust_admin: [
    ...SCHOOL_ADMIN,
    'trust.view',
    'roles.sensitive.manage',
    'cases.trust.view',
    'reports.names.view',
    'inbox.trust.view',
    'privacy.coverage.view',
  ],
  trust_leader: [
    'home.view',
    'staff.view',
    'pupils.view',
    'audit.view',
    'trust.view',
    'policy.coverage.view',
    'accounts.view',
    'posts.view',
    'cases.report',
    'cases.trust.view',
    'reports.view',
    'reports.names.view',
    'inbox.trust.view',
    'privacy.coverage.view',
  ],
};

export function permissionsFor(roles: Iterable<Role>): Set<Permission> {
  const granted = new Set<Permission>();
  for (const role of roles) for (const permission of ROLE_PERMISSIONS[role]) granted.add(permission);
  return granted;
}

/** Roles that open restricted records; only holders of roles.sensitive.manage may grant them. */
export const SENSITIVE_ROLES: readonly Role[] = ['headteacher', 'dsl', 'deputy_dsl', 'chair_of_governors'];

/** Roles given within one school (the trust-level ones are given by a trust administrator). */
export const SCHOOL_ROLES = ROLE_NAMES.filter((r) => !ROLES[r].trustLevel);

/**
 * What makes a role need a second factor (AUTH-2): seeing restricted information (restricted pupils
 * and cases, cases at all, the staff record and its roles, stored account sign-in details). Roles are
 * derived from this list, so a permission given to a new role brings the requirement with it.
 */
export const SECOND_FACTOR_PERMISSIONS: readonly Permission[] = [
  'pupils.restricted.view',
  'cases.view',
  'cases.trust.view',
  'staff.manage',
  'roles.manage',
  'roles.sensitive.manage',
  'accounts.secrets.reveal',
  'monitoring.manage',
  'records.manage',
];

/** Permissions whose every route asks for the second factor again when the last check is old (AUTH-2). */
export const STEP_UP_PERMISSIONS: readonly Permission[] = ['accounts.secrets.reveal', 'monitoring.manage'];

/** A role needs a second factor if it can open restricted records or holds any permission above. */
export function roleNeedsSecondFactor(role: Role): boolean {
  return SENSITIVE_ROLES.includes(role) || ROLE_PERMISSIONS[role].some((p) => SECOND_FACTOR_PERMISSIONS.includes(p));
}
