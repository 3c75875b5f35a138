/**
 * Deciding an application (ACC-2, ACC-3, ACC-7) as pure rules: who may decide it at which step, what
 * a decision form must say, and what stops an approval. The service gathers the facts.
 *
 * Who may not decide (documented in docs/decisions.md terms here, as the rule itself):
 * - the applicant, at either step: nobody approves their own application;
 * - a named operator, at the SLT step: the independent look at the business case comes from a member
 *   of the senior leadership team who will not run the account. The head's approval is not barred to
 *   a head who is a named operator, because a school has one head and the account could otherwise
 *   never be approved; the SLT decision before it was made by someone else.
 */
import type { AccountStatus } from '../../../../platform/db/schema.ts';
import type { FieldError } from '../../../../platform/http/errors.ts';
import { businessUseRefusal, headApproval, isPersonalReason, reasonSentence, statusPhrase } from './words.ts';

export type Step = 'slt' | 'head';

/** The status an application must have for each step, and where each outcome takes it. */
export const STEPS: Record<
  Step,
  { awaiting: AccountStatus; approved: AccountStatus; approvedEvent: string; rejectedEvent: string }
> = {
  slt: {
    awaiting: 'proposed',
    approved: 'endorsed',
    approvedEvent: 'application.endorsed',
    rejectedEvent: 'application.rejected',
  },
  head: {
    awaiting: 'endorsed',
    approved: 'approved',
    approvedEvent: 'application.approved',
    rejectedEvent: 'application.head-rejected',
  },
};

export interface StepFacts {
  step: Step;
  status: AccountStatus;
  viewerId: string;
  applicantId: string;
  /** The people named to run the account. */
  operatorIds: readonly string[];
  headTitle: string;
}

/** Why this person cannot decide this application at this step now, or undefined when they can. */
export function stepRefusal(facts: StepFacts): string | undefined {
  const { step, status, headTitle } = facts;
  if (step === 'head' && status === 'proposed') {
    return `The senior leadership team has not approved this application yet: it needs their approval before ${headApproval(headTitle)}`;
  }
  if (status !== STEPS[step].awaiting) {
    return step === 'slt'
      ? `This application is not waiting for a decision from the senior leadership team: ${statusPhrase(status)}`
      : `This application is not waiting for ${headApproval(headTitle)}: ${statusPhrase(status)}`;
  }
  if (facts.viewerId === facts.applicantId) {
    return step === 'slt'
      ? 'You applied for this account, so another member of the senior leadership team must decide it'
      : `You applied for this account, so you cannot give ${headApproval(headTitle)} for it`;
  }
  if (step === 'slt' && facts.operatorIds.includes(facts.viewerId)) {
    return 'You are named to run this account, so another member of the senior leadership team must decide it';
  }
  return undefined;
}

/**
 * Whether approving at this step also gives the head's approval: when the person deciding for the
 * senior leadership team is the head (they hold the head's approval), there is nobody above them to
 * send it to, so one decision records both steps.
 */
export function approvesBothSteps(step: Step, viewerMayGiveHeadApproval: boolean): boolean {
  return step === 'slt' && viewerMayGiveHeadApproval;
}

/**
 * Of the people whose role lets them take a step, those who may decide this application at that
 * step now (not the applicant; at the SLT step, not a named operator): whom to tell it is waiting.
 */
export function whoMayDecide<T extends { id: string }>(
  people: readonly T[],
  facts: Omit<StepFacts, 'viewerId' | 'status'>,
): T[] {
  const seen = new Set<string>();
  return people.filter((p) => {
    if (seen.has(p.id)) return false;
    seen.add(p.id);
    return stepRefusal({ ...facts, status: STEPS[facts.step].awaiting, viewerId: p.id }) === undefined;
  });
}

export const REASON_LIMIT = 2000;

export interface DecisionForm {
  decision: string;
  reason: string;
}

export interface Decision {
  outcome: 'approve' | 'reject';
  /** Why (required to reject, optional to approve), trimmed; null when blank. */
  reason: string | null;
}

export function checkDecisionForm(form: DecisionForm): { value?: Decision; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const decision = form.decision.trim();
  const reason = form.reason.trim();
  if (decision !== 'approve' && decision !== 'reject')
    errors.push({ href: '#decision', text: 'Select whether you approve or reject the application' });
  if (decision === 'reject' && !reason)
    errors.push({ href: '#reason', text: 'Enter why you are rejecting the application: the applicant will see it' });
  if (reason.length > REASON_LIMIT)
    errors.push({
      href: '#reason',
      text: `The reason must be ${REASON_LIMIT.toLocaleString('en-GB')} characters or fewer`,
    });
  if (errors.length) return { errors };
  return { value: { outcome: decision as Decision['outcome'], reason: reason || null }, errors };
}

export interface OperatorStanding {
  name: string;
  isLead: boolean;
  /** Empty when they may run the account. */
  reasons: readonly string[];
}

export interface ApprovalFacts {
  businessUseNotPermitted: boolean;
  businessUseCitation?: string | undefined;
  minimum: number;
  operatorsCitation?: string | undefined;
  operators: readonly OperatorStanding[];
}

/**
 * What stops an application being approved (at either step), each as a sentence; empty when nothing
 * does. Rejecting is never stopped by these.
 */
export function approvalBlockers(facts: ApprovalFacts): string[] {
  const blockers: string[] = [];
  if (facts.businessUseNotPermitted) blockers.push(businessUseRefusal(facts.businessUseCitation, 'approve'));
  if (facts.operators.length < facts.minimum) {
    const policy = facts.operatorsCitation ? `your policy (${facts.operatorsCitation})` : 'your policy';
    const n = facts.operators.length;
    blockers.push(
      `This application names ${n} ${n === 1 ? 'operator' : 'operators'}: ${policy} requires at least ${facts.minimum}`,
    );
  }
  if (facts.operators.length > 0 && !facts.operators.some((o) => o.isLead))
    blockers.push('None of the operators is marked as the lead');
  // What is missing for everyone (no policy in force, no course for operators) is said once; what one person lacks names them.
  for (const operator of facts.operators)
    for (const reason of operator.reasons)
      if (!isPersonalReason(reason) && !blockers.includes(reason)) blockers.push(reason);
  for (const operator of facts.operators)
    for (const reason of operator.reasons)
      if (isPersonalReason(reason)) blockers.push(reasonSentence(operator.name, reason));
  return blockers;
}
