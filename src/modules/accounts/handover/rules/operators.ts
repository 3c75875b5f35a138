import type { FieldError } from '../../../../platform/http/errors.ts';
import { longDate } from '../../review/rules/dates.ts';
import { hasLeft } from './handovers.ts';

/**
 * Who may be added to, removed from, or made lead of an account, as pure rules (ACC-3, ACC-5). The
 * service gathers the facts (the person, the current operators, the policy's answer on eligibility).
 */

export interface Candidate {
  id: string;
  name: string;
  leavingDate: string | null;
}

export interface AddFacts {
  today: string;
  /** What was chosen in the form: blank, or an id. */
  chosen: string;
  /** The person, when the id is one of this school's people (leavers included); undefined otherwise. */
  person: Candidate | undefined;
  currentPersonIds: readonly string[];
  /** The policy's answer (operatorEligibility); undefined when it was not asked. */
  eligibility: { eligible: true } | { eligible: false; reasons: string[] } | undefined;
}

/** Every reason the person cannot be added, each naming them; empty when they can. */
export function addRefusals(f: AddFacts): FieldError[] {
  const field = '#personId';
  if (!f.chosen) return [{ href: field, text: 'Select the person to add' }];
  if (!f.person) return [{ href: field, text: 'Select one of this school’s people from the list' }];
  const name = f.person.name;
  if (hasLeft(f.person.leavingDate, f.today))
    return [
      { href: field, text: `${name} left the school on ${longDate(f.person.leavingDate!)}, so cannot run the account` },
    ];
  if (f.currentPersonIds.includes(f.person.id)) return [{ href: field, text: `${name} already runs this account` }];
  if (f.eligibility && !f.eligibility.eligible)
    return f.eligibility.reasons.map((reason) => ({
      href: field,
      text: `${name} cannot run an official account yet: ${lowerFirst(reason)}`,
    }));
  return [];
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

export const REMOVE_REASON_MAX = 500;

export interface RemoveFacts {
  reason: string;
  /** The operator being removed is the lead. */
  isLead: boolean;
  /** The operator row chosen to take over as lead: blank for nobody. */
  newLead: string;
  /** The other operators (row ids) who could take over. */
  otherOperatorIds: readonly string[];
}

/** Problems with a removal. Removing the lead without naming a new one is allowed: a 'no-lead' handover opens. */
export function removeRefusals(f: RemoveFacts): FieldError[] {
  const errors: FieldError[] = [];
  const reason = f.reason.trim();
  if (!reason) errors.push({ href: '#reason', text: 'Enter why they are no longer running the account' });
  else if (reason.length > REMOVE_REASON_MAX)
    errors.push({ href: '#reason', text: 'The reason must be 500 characters or fewer' });
  if (f.newLead && (!f.isLead || !f.otherOperatorIds.includes(f.newLead)))
    errors.push({ href: '#newLead', text: 'Select who takes over as lead from the list' });
  return errors;
}

/** Problems with making an operator the lead. */
export function leadRefusals(f: {
  chosen: string;
  operators: readonly { id: string; name: string; isLead: boolean }[];
}): FieldError[] {
  if (!f.chosen) return [{ href: '#operator', text: 'Select who should be the lead operator' }];
  const operator = f.operators.find((o) => o.id === f.chosen);
  if (!operator) return [{ href: '#operator', text: 'Select one of the people running the account' }];
  if (operator.isLead) return [{ href: '#operator', text: `${operator.name} is already the lead operator` }];
  return [];
}
