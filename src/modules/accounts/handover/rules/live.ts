import type { AccountStatus } from '../../../../platform/db/schema.ts';
import { LIVE_STATUSES, STATUSES } from '../../model.ts';
import { longDate } from '../../review/rules/dates.ts';

/** What each page does to an account, for the message when the account is not live. */
export const ACTIONS = {
  operators: { closed: 'who ran it can no longer be changed', other: 'who runs it cannot be changed yet' },
  handover: { closed: 'it no longer needs a handover', other: 'it cannot be handed over' },
  review: { closed: 'it cannot be reviewed', other: 'it cannot be reviewed yet' },
  close: { closed: 'it cannot be closed again', other: 'it cannot be closed' },
  monitoring: { closed: 'there is nothing left to check', other: 'there is nothing to check yet' },
} as const;

export type Action = keyof typeof ACTIONS;

export function isLive(status: AccountStatus): boolean {
  return LIVE_STATUSES.includes(status);
}

/** Why an account that is not live cannot have this done to it, in a sentence. */
export function notLiveMessage(account: { status: AccountStatus; closed_on: string | null }, action: Action): string {
  if (account.status === 'closed') {
    return `This account was closed${account.closed_on ? ` on ${longDate(account.closed_on)}` : ''}, so ${ACTIONS[action].closed}`;
  }
  return `This account is not live (${STATUSES[account.status].text.toLowerCase()}), so ${ACTIONS[action].other}`;
}
