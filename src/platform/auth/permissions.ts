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
  'mentions.view',
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  headteacher: [
    ...SCHOOL_ADMIN,
    'pupils.restricted.view',
    'roles.sensitive.manage',
    'accounts.decide',
    'accounts.approve',
    'cases.view',
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
    'mentions.view',
  ],
  line_manager: ['home.view', 'staff.view', 'accounts.apply', 'posts.write', 'posts.view', 'cases.report'],
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
    'mentions.view',
  ],
  governor: ['home.view', 'policy.coverage.view', 'accounts.view', 'posts.view', 'cases.report'],
  // The chair sees a case only when it is about the head (INC-7), through the case's own rule, not a list.
  chair_of_governors: ['home.view', 'policy.coverage.view', 'accounts.view', 'posts.view', 'cases.report'],
  staff: ['home.view', 'accounts.apply', 'posts.write', 'posts.view', 'cases.report'],
  school_admin: SCHOOL_ADMIN,
  trust_admin: [...SCHOOL_ADMIN, 'trust.view', 'roles.sensitive.manage', 'cases.trust.view'],
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
