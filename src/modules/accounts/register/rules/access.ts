import type { AccountStatus } from '../../../../platform/db/schema.ts';
import { LIVE_STATUSES } from '../../model.ts';

/**
 * Who may open an account's page (ACC-6): holders of accounts.view, the person who applied for it
 * and the people running it now. Anyone else is told the page is not found.
 */
export function mayViewAccount(facts: {
  viewerId: string;
  permissions: ReadonlySet<string>;
  applicantId: string;
  operatorIds: readonly string[];
}): boolean {
  return (
    facts.permissions.has('accounts.view') ||
    facts.viewerId === facts.applicantId ||
    facts.operatorIds.includes(facts.viewerId)
  );
}

/** An approved account is set up; a live one has its details changed. Anything else has no set-up page. */
export function setupMode(status: AccountStatus): 'set-up' | 'edit' | undefined {
  if (status === 'approved') return 'set-up';
  return LIVE_STATUSES.includes(status) ? 'edit' : undefined;
}

/** Sign-in details are kept from approval (the account may be created first) until the account closes. */
export function mayStoreCredentials(status: AccountStatus): boolean {
  return status === 'approved' || LIVE_STATUSES.includes(status);
}

export interface ActionFacts {
  id: string;
  status: AccountStatus;
  permissions: ReadonlySet<string>;
  /** False in the trust view: the pages that change an account are a school's. */
  inSchool: boolean;
  hasSecret: boolean;
  openHandover: boolean;
  /** The viewer runs the account now. */
  isOperator: boolean;
}

export interface AccountAction {
  href: string;
  text: string;
}

/** The links on an account's page, for what this viewer may do with it now. */
export function accountActions(f: ActionFacts): AccountAction[] {
  const base = `/accounts/${f.id}`;
  const actions: AccountAction[] = [];
  const manage = f.inSchool && f.permissions.has('accounts.manage');
  const live = LIVE_STATUSES.includes(f.status);
  if (manage && f.status === 'approved')
    actions.push({ href: `${base}/setup`, text: 'Record the account once it has been created' });
  if (manage && live) actions.push({ href: `${base}/setup`, text: 'Change the account’s details' });
  if (f.inSchool && live && (manage || f.isOperator))
    actions.push({ href: `${base}/monitoring-check`, text: 'Record that you have checked the account' });
  if (manage && mayStoreCredentials(f.status))
    actions.push({
      href: `${base}/credentials`,
      text: f.hasSecret ? 'Replace the sign-in details' : 'Store the sign-in details',
    });
  if (f.inSchool && f.hasSecret && f.permissions.has('accounts.secrets.reveal'))
    actions.push({ href: `${base}/credentials/reveal`, text: 'Reveal the sign-in details' });
  if (manage && live) actions.push({ href: `${base}/operators`, text: 'Change who runs the account' });
  if (manage && f.openHandover) actions.push({ href: `${base}/handover`, text: 'Complete the handover' });
  if (manage && live) actions.push({ href: `${base}/review`, text: 'Record a review' });
  if (manage && live) actions.push({ href: `${base}/close`, text: 'Close the account' });
  actions.push({ href: `${base}/application`, text: 'See the application' });
  return actions;
}
