import type { AccountStatus, HandoverReason } from '../../../../platform/db/schema.ts';
import { LIVE_STATUSES } from '../../model.ts';
import { longDate } from '../../review/rules/dates.ts';

/**
 * When an account needs a handover (ACC-5), as pure rules: no I/O, no clock. An operator who leaves
 * or is removed, an account below the policy's minimum operators, and an account with no lead each
 * open a handover, and each is resolved only once the account again has enough operators and a lead.
 */

export interface OperatorFact {
  personId: string;
  name: string;
  isLead: boolean;
}

export interface AccountFacts {
  status: AccountStatus;
  minimumOperators: number;
  /** The people running the account now. */
  operators: readonly OperatorFact[];
}

export interface HandoverNeed {
  reason: HandoverReason;
  personId: string | null;
  detail: string;
}

/** Someone has left on their leaving date (the same rule as everywhere else in Postwarden; the hourly check's query uses it too). */
export function hasLeft(leavingDate: string | null, today: string): boolean {
  return leavingDate !== null && leavingDate <= today;
}

/** What the operator record says when someone is taken off an account because they left. */
export function leftReason(leavingDate: string): string {
  return `Left the school on ${longDate(leavingDate)}`;
}

function people(n: number): string {
  return `${n} ${n === 1 ? 'person runs' : 'people run'}`;
}

/** The handovers a live account's operators call for now: too few of them, or no lead. */
export function handoversCalledFor(facts: AccountFacts): HandoverNeed[] {
  if (!LIVE_STATUSES.includes(facts.status)) return [];
  const needs: HandoverNeed[] = [];
  const n = facts.operators.length;
  if (n < facts.minimumOperators) {
    needs.push({
      reason: 'below-minimum',
      personId: null,
      detail: `${n === 0 ? 'Nobody runs' : people(n)} the account; the policy needs at least ${facts.minimumOperators}`,
    });
  }
  if (!facts.operators.some((o) => o.isLead))
    needs.push({ reason: 'no-lead', personId: null, detail: 'Nobody is the lead operator' });
  return needs;
}

/** The handover an operator's leaving opens. */
export function leftHandover(operator: Pick<OperatorFact, 'personId' | 'name'>, leavingDate: string): HandoverNeed {
  return {
    reason: 'operator-left',
    personId: operator.personId,
    detail: `${operator.name} left the school on ${longDate(leavingDate)}`,
  };
}

/** The handover removing an operator opens. */
export function removedHandover(operator: Pick<OperatorFact, 'personId' | 'name'>, reason: string): HandoverNeed {
  return { reason: 'operator-removed', personId: operator.personId, detail: `${operator.name} was removed: ${reason}` };
}

/** What must still be true before a handover can be recorded as done; empty when nothing is missing. */
export function stillMissing(facts: {
  minimumOperators: number;
  operators: readonly Pick<OperatorFact, 'isLead'>[];
}): string[] {
  const missing: string[] = [];
  const short = facts.minimumOperators - facts.operators.length;
  if (short > 0)
    missing.push(
      `Add ${short === 1 ? 'another operator' : `${short} more operators`}: the policy needs at least ${facts.minimumOperators} people running each account`,
    );
  if (!facts.operators.some((o) => o.isLead)) missing.push('Make one of the operators the lead operator');
  return missing;
}

/** How each reason reads on the handover page, and what would put it right. */
export const HANDOVER_REASONS: Record<HandoverReason, { text: string; todo: string }> = {
  'operator-left': {
    text: 'An operator has left the school',
    todo: 'Change the password so they can no longer sign in, and check enough people still run the account.',
  },
  'operator-removed': {
    text: 'An operator was removed',
    todo: 'Change the password so they can no longer sign in, and check enough people still run the account.',
  },
  'below-minimum': {
    text: 'Too few people run the account',
    todo: 'Add an operator, or close the account if it is no longer needed.',
  },
  'no-lead': {
    text: 'The account has no lead operator',
    todo: 'Make one of the operators the lead, add a new operator as the lead, or close the account.',
  },
};

/**
 * Why a handover cannot be recorded as done yet: nothing is open, the administrator has not
 * confirmed it, or the account still lacks operators or a lead. Empty when it can.
 */
export function resolveRefusals(f: {
  confirmed: boolean;
  openCount: number;
  minimumOperators: number;
  operators: readonly Pick<OperatorFact, 'isLead'>[];
}): { href: string; text: string }[] {
  if (f.openCount === 0) return [{ href: '#confirmed', text: 'There is no open handover for this account' }];
  const errors = stillMissing(f).map((text) => ({
    href: text.startsWith('Add') ? '#add-operator' : '#change-lead',
    text,
  }));
  if (!f.confirmed) errors.unshift({ href: '#confirmed', text: 'Confirm that the handover is done' });
  return errors;
}
