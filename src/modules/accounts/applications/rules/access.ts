/**
 * Who may open an application (ACC-1, ACC-2), as a pure rule: the person who applied, anyone named
 * to run the account, and those whose role lets them see, decide or approve accounts at the school.
 * Anyone else is told the page is not found, even in the same school.
 */
export const VIEW_PERMISSIONS = ['accounts.view', 'accounts.decide', 'accounts.approve'] as const;

export interface ViewFacts {
  viewerId: string;
  permissions: ReadonlySet<string>;
  applicantId: string;
  operatorIds: readonly string[];
}

export function mayOpenApplication(facts: ViewFacts): boolean {
  if (facts.viewerId === facts.applicantId) return true;
  if (facts.operatorIds.includes(facts.viewerId)) return true;
  return VIEW_PERMISSIONS.some((p) => facts.permissions.has(p));
}

/** Only the applicant changes an application, and only while it is a draft. */
export function mayEditApplication(facts: { viewerId: string; applicantId: string; status: string }): boolean {
  return facts.viewerId === facts.applicantId && facts.status === 'draft';
}
