import {
  ROLES,
  SCHOOL_ROLES,
  SENSITIVE_ROLES,
  ROLE_PERMISSIONS,
  isRole,
  permissionsFor,
  type Permission,
  type Role,
} from '../../../platform/auth/permissions.ts';

/**
 * The one rule for who may change whose sign-in email, leaving date and roles. The staff form, the
 * MIS staff import (web and command line) and anything else that changes a person ask it, so a path
 * that forgets a check cannot exist.
 *
 * A person's email is how they sign in and reset their password, and their leaving date is when their
 * access ends, so changing either for someone with as much authority as you (or more) would hand you
 * their account or lock them out. Those changes need a role above theirs.
 */

/** How much authority each role carries; higher is more. A person's authority is that of their most senior role anywhere in the trust. */
export const ROLE_RANK: Record<Role, number> = {
  staff: 0,
  line_manager: 1,
  governor: 2,
  hr: 2,
  slt: 3,
  account_admin: 3,
  school_admin: 4,
  dsl: 5,
  deputy_dsl: 5,
  headteacher: 6,
  // The chair receives allegations about the head, so nobody in the school, the head included, may redirect the chair's email.
  chair_of_governors: 7,
  trust_leader: 7,
  trust_admin: 8,
};

/**
 * Someone who runs an official account counts as having an account administrator's authority:
 * whoever holds their sign-in can post as the school. (Their role may be plain staff.)
 */
export const OPERATOR_RANK = ROLE_RANK.account_admin;

/** Who is making the change: a signed-in person with their roles where they work, or the installation's operator at the command line. */
export type Changer = { kind: 'person'; id: string; roles: readonly string[] } | { kind: 'installation' };

export interface ChangeTarget {
  /** Null for someone being added. */
  id: string | null;
  /** Every role they hold, in any school of the trust or trust-wide. */
  roles: readonly string[];
  /** Runs an official account of any school of the trust now. */
  operatesOfficialAccount: boolean;
}

export interface PersonChange {
  email?: { from: string | null; to: string | null };
  leavingDate?: { from: string | null; to: string | null };
  /** Roles at the school where the change is made. */
  roles?: { from: readonly string[]; to: readonly string[] };
  /** Removing all their second factors and recovery codes and ending their sessions (a lost phone). */
  secondFactorReset?: boolean;
}

export type ChangeField = 'email' | 'leavingDate' | 'roles' | 'secondFactor';
export interface Refusal {
  field: ChangeField;
  reason: string;
}

export type ChangeDecision =
  /** tellOldAddress: email the person's current address that this happened (and audit it as such). */
  { allowed: true; tellOldAddress: boolean } | { allowed: false; refusals: Refusal[] };

function rankOf(roles: readonly string[]): number {
  return Math.max(0, ...roles.filter(isRole).map((r) => ROLE_RANK[r]));
}

/** A person's authority for this rule: their most senior role, raised to an account administrator's if they run an official account. */
export function authorityOf(target: ChangeTarget): number {
  return Math.max(rankOf(target.roles), target.operatesOfficialAccount ? OPERATOR_RANK : 0);
}

/** Whoever may make this person's protected changes instead, in plain words: "the headteacher or a trust administrator". */
export function whoMayInstead(authority: number, orEqual = false): string {
  const names: Partial<Record<Role, string>> = {
    hr: 'HR',
    school_admin: 'a school administrator',
    headteacher: 'the headteacher',
    trust_admin: 'a trust administrator',
  };
  const above = (Object.keys(names) as Role[])
    .filter(
      (r) =>
        ROLE_PERMISSIONS[r].includes('staff.manage') &&
        (orEqual ? ROLE_RANK[r] >= authority : ROLE_RANK[r] > authority),
    )
    .sort((a, b) => ROLE_RANK[a] - ROLE_RANK[b])
    .map((r) => names[r]!);
  if (!above.length) return 'nobody else: they can change it themselves when signed in';
  return above.length === 1 ? above[0]! : `${above.slice(0, -1).join(', ')} or ${above.at(-1)}`;
}

const sameEmail = (a: string | null, b: string | null) =>
  (a?.trim().toLowerCase() || null) === (b?.trim().toLowerCase() || null);

function changedRoles(change: PersonChange['roles']): string[] {
  if (!change) return [];
  return [
    ...new Set([
      ...change.from.filter((r) => !change.to.includes(r)),
      ...change.to.filter((r) => !change.from.includes(r)),
    ]),
  ];
}

/**
 * What someone who manages roles may hand out: their own permissions, and, for holders of
 * roles.manage, everything the ordinary (non-safeguarding) school roles allow: appointing SLT is the
 * administrator's job even though deciding is SLT's.
 */
function roleCeiling(own: Set<Permission>): Set<Permission> {
  if (!own.has('roles.manage')) return own;
  return new Set([...own, ...permissionsFor(SCHOOL_ROLES.filter((r) => !SENSITIVE_ROLES.includes(r)))]);
}

function roleRefusal(
  actor: Extract<Changer, { kind: 'person' }>,
  target: ChangeTarget,
  changed: string[],
  actorRank: number,
): string | undefined {
  if (actor.id === target.id) return 'You cannot change your own roles. Ask another administrator';
  const own = permissionsFor(actor.roles.filter(isRole));
  if (changed.some((r) => !isRole(r))) return 'Select roles from the list';
  if (changed.some((r) => SENSITIVE_ROLES.includes(r as Role)) && !own.has('roles.sensitive.manage')) {
    return 'Only the headteacher or a trust administrator can give or remove the headteacher and safeguarding lead roles';
  }
  const ceiling = roleCeiling(own);
  if (
    changed.some(
      (r) => !SENSITIVE_ROLES.includes(r as Role) && ![...permissionsFor([r as Role])].every((p) => ceiling.has(p)),
    )
  ) {
    return 'You can only give or remove roles that allow no more than your own roles do';
  }
  const authority = authorityOf(target);
  if (target.id !== null && authority >= actorRank) {
    return `You cannot change the roles of someone whose authority is the same as yours or more. Ask ${whoMayInstead(authority)}`;
  }
  return undefined;
}

function protectedRefusal(
  field: 'email' | 'leavingDate',
  target: ChangeTarget,
  change: PersonChange,
  today: string,
): string {
  const authority = authorityOf(target);
  const byRole = rankOf(target.roles) >= authority || !target.operatesOfficialAccount;
  const whose = byRole
    ? 'someone whose authority is the same as yours or more'
    : 'someone who runs an official school account';
  const instead = `Ask ${whoMayInstead(authority)}`;
  if (field === 'email') return `You cannot change the email address of ${whose}: it is how they sign in. ${instead}`;
  const to = change.leavingDate?.to ?? null;
  const when =
    to !== null && to <= today ? ': that would end their access at once' : ': it decides when their access ends';
  return `You cannot set or change the leaving date of ${whose}${when}. ${instead}`;
}

/**
 * May this changer make this change to this person? `today` is the school's date (Europe/London),
 * passed in so the rule stays pure. Unchanged fields may be passed; they are ignored.
 */
export function mayChangePerson({
  actor,
  target,
  change,
  today,
}: {
  actor: Changer;
  target: ChangeTarget;
  change: PersonChange;
  today: string;
}): ChangeDecision {
  const emailChanged = change.email !== undefined && !sameEmail(change.email.from, change.email.to);
  const leavingChanged =
    change.leavingDate !== undefined && (change.leavingDate.from ?? null) !== (change.leavingDate.to ?? null);
  const roles = changedRoles(change.roles);
  const isSelf = actor.kind === 'person' && target.id !== null && actor.id === target.id;
  const authority = authorityOf(target);
  // Anyone beyond plain staff (or who runs an account) is told at their current address when their
  // sign-in address or leaving date changes, and so is anyone who changes their own address.
  const tellOldAddress =
    target.id !== null && (((emailChanged || leavingChanged) && authority > 0) || (isSelf && emailChanged));
  if (actor.kind === 'installation') return { allowed: true, tellOldAddress };

  const refusals: Refusal[] = [];
  const actorRank = rankOf(actor.roles);
  if (roles.length) {
    const reason = roleRefusal(actor, target, roles, actorRank);
    if (reason) refusals.push({ field: 'roles', reason });
  }
  // People may keep their own details up to date; for anyone else, these need a role above theirs.
  if (!isSelf && target.id !== null && authority >= actorRank) {
    if (emailChanged) refusals.push({ field: 'email', reason: protectedRefusal('email', target, change, today) });
    if (leavingChanged)
      refusals.push({ field: 'leavingDate', reason: protectedRefusal('leavingDate', target, change, today) });
  }
  if (change.secondFactorReset) {
    const reason = secondFactorRefusal(isSelf, authority, actorRank);
    if (reason) refusals.push({ field: 'secondFactor', reason });
  }
  return refusals.length ? { allowed: false, refusals } : { allowed: true, tellOldAddress };
}

/**
 * A second-factor reset leaves the person's password as their only way in until they set up a new
 * factor, and they are emailed at once; it hands nobody their account, so someone of the same
 * authority may do it (two trust administrators can reset each other), unlike an email change.
 * Your own goes through "Your second factor", which asks for a current factor first.
 */
function secondFactorRefusal(isSelf: boolean, authority: number, actorRank: number): string | undefined {
  if (isSelf)
    return 'You cannot reset your own second factor here. Use “Your second factor” on your account page, or ask another administrator';
  if (authority > actorRank)
    return `You cannot reset the second factor of someone whose authority is more than yours. Ask ${whoMayInstead(authority, true)}`;
  return undefined;
}

/** "Headteacher, Senior leadership team": for messages and the audit log. */
export function roleLabels(roles: readonly string[]): string {
  return roles.map((r) => (isRole(r) ? ROLES[r].label : r)).join(', ');
}
