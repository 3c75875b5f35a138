import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { RequestContext, TenantSchool } from '../http/types.ts';
import { ROLES, permissionsFor, type Role } from './permissions.ts';
import { findPersonContext, type RoleGrant } from './repo.ts';

/** Access ends on the leaving date itself (ORG-2, issue: "a leaver's access ends on their leaving date"). */
export function hasLeft(leavingDate: string | null, today: string): boolean {
  return leavingDate !== null && leavingDate <= today;
}

/** The roles that apply in one school (or, for null, in the trust view): that school's plus trust-wide ones. */
export function rolesIn(grants: RoleGrant[], schoolId: string | null, homeSchoolId: string | null): Role[] {
  const roles = new Set<Role>();
  for (const grant of grants) {
    if (grant.schoolId === null) roles.add(grant.role);
    else if (schoolId !== null && grant.schoolId === schoolId) roles.add(grant.role);
  }
  // Everyone in scope at their own school is at least staff (they sign the policy, report concerns).
  if (schoolId !== null && schoolId === homeSchoolId) roles.add('staff');
  return [...roles];
}

export type ContextResult =
  | { kind: 'ok'; ctx: RequestContext }
  | { kind: 'gone' }
  | { kind: 'left'; leavingDate: string };

/**
 * Builds the request context for a signed-in person, in the school they chose (or their default).
 * One query (person, grants and schools together); called on every signed-in request so removed
 * roles and leaving dates take effect at once.
 */
export async function resolveContext(
  db: Kysely<Database>,
  personId: string,
  wantedSchoolId: string | null | undefined,
  today: string,
): Promise<ContextResult> {
  const person = await findPersonContext(db, personId);
  if (!person) return { kind: 'gone' };
  if (hasLeft(person.leaving_date, today)) return { kind: 'left', leavingDate: person.leaving_date! };
  const grants = person.grants;
  const trustWide = grants.some((g) => g.schoolId === null);
  const allSchools: TenantSchool[] = person.schools;
  const reachable = trustWide
    ? allSchools
    : allSchools.filter((s) => s.id === person.school_id || grants.some((g) => g.schoolId === s.id));
  const canViewTrust = grants.some((g) => g.schoolId === null && ROLES[g.role].trustLevel);

  let school: TenantSchool | null;
  if (wantedSchoolId === null && canViewTrust) school = null;
  else {
    school =
      reachable.find((s) => s.id === wantedSchoolId) ??
      reachable.find((s) => s.id === person.school_id) ??
      reachable[0] ??
      null;
  }
  const roles = rolesIn(grants, school?.id ?? null, person.school_id);
  return {
    kind: 'ok',
    ctx: {
      person: {
        id: person.id,
        name: `${person.given_name} ${person.family_name}`,
        email: person.email,
        homeSchoolId: person.school_id,
      },
      trust: { id: person.trust_id, name: person.trust_name, slug: person.trust_slug },
      school,
      roles,
      permissions: permissionsFor(roles),
      schools: reachable,
      canViewTrust,
      switchable: reachable.length > 1 || canViewTrust,
      tenantName: school ? school.name : `${person.trust_name} (whole trust)`,
      via: 'session',
    },
  };
}
