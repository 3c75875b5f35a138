import type { FieldError } from '../../../../platform/http/errors.ts';
import { readDateInput } from '../../../directory/dates.ts';
import { longDate } from './dates.ts';

/** Closing an account: why (required) and when (today unless a past date is given). Pure: "today" is passed in. */
export interface CloseForm {
  reason: string;
  closedDay?: string;
  closedMonth?: string;
  closedYear?: string;
}

export interface CloseInput {
  reason: string;
  closedOn: string;
}

export const REASON_MAX = 2000;

export function readClose(
  form: CloseForm,
  facts: { today: string; activatedOn: string | null },
): { ok: true; value: CloseInput } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const reason = form.reason.trim();
  if (!reason) errors.push({ href: '#reason', text: 'Enter why the account is closing' });
  else if (reason.length > REASON_MAX)
    errors.push({ href: '#reason', text: 'The reason must be 2,000 characters or fewer' });
  const date = readDateInput(form.closedDay, form.closedMonth, form.closedYear, 'The date it closed');
  let closedOn = facts.today;
  if (!date.ok) errors.push({ href: '#closedOn', text: date.message });
  else if (date.value && date.value > facts.today)
    errors.push({ href: '#closedOn', text: 'The date it closed cannot be in the future' });
  else if (date.value && facts.activatedOn && date.value < facts.activatedOn)
    errors.push({
      href: '#closedOn',
      text: `The date it closed cannot be before the account was set up on ${longDate(facts.activatedOn)}`,
    });
  else if (date.value) closedOn = date.value;
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { reason, closedOn } };
}
