/**
 * Who may see a case (INC-7), as a pure rule. The repository enforces the same rule in its SQL
 * (repo.ts `visibleTo`); the HTTP tests prove the SQL, these unit tests prove the rule's cases.
 */
export interface CaseAccessFacts {
  restricted: boolean;
  aboutHead: boolean;
  reporterId: string;
  ownerId: string | null;
  /** People who own an action on the case. */
  actionOwnerIds: readonly string[];
  /** Staff the concern is about. */
  subjectIds: readonly string[];
}

export interface Viewer {
  id: string;
  /** Holds cases.view in the case's school (head, SLT, DSL team). */
  seesSchoolCases: boolean;
  dslTeam: boolean;
  head: boolean;
  chair: boolean;
}

export function maySeeCase(c: CaseAccessFacts, v: Viewer): boolean {
  if (c.subjectIds.includes(v.id)) return false;
  if (c.restricted) return v.dslTeam || (c.aboutHead ? v.chair : v.head);
  return v.seesSchoolCases || c.ownerId === v.id || c.reporterId === v.id || c.actionOwnerIds.includes(v.id);
}

/** Whether a viewer who may see the case may also act on it (assess, add actions, outcomes, close). */
export function mayActOnCase(c: CaseAccessFacts, v: Viewer): boolean {
  if (!maySeeCase(c, v)) return false;
  if (c.restricted) return true;
  return v.seesSchoolCases || c.ownerId === v.id;
}
