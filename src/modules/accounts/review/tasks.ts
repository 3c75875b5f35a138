import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { HomeTask } from '../../../platform/http/home-tasks.ts';
import type { RequestContext } from '../../../platform/http/types.ts';
import { ukDate } from '../../../platform/clock.ts';
import { overdueAccountsOf, reviewsDueBy } from './repo.ts';
import { addDaysIso } from '../register/rules/dates.ts';

/** Overdue account reviews on the home page of whoever manages the school's accounts. A named function, so it is added once. */
export async function reviewTasks(db: Kysely<Database>, ctx: RequestContext, now: Date): Promise<HomeTask[]> {
  if (!ctx.school || !ctx.permissions.has('accounts.manage')) return [];
  const overdue = await overdueAccountsOf(db, ctx.school.id, ukDate(now));
  if (!overdue.length) return [];
  const one = overdue.length === 1;
  return [
    {
      text: one ? `1 account review is overdue: ${overdue[0]!.name}` : `${overdue.length} account reviews are overdue`,
      href: one ? `/accounts/${overdue[0]!.id}/review` : '/accounts?attention=1',
      hint: 'Overdue',
      important: true,
    },
  ];
}

/** How far ahead a coming account review is shown. */
export const REVIEW_HORIZON_DAYS = 30;

/**
 * Account reviews coming up or overdue, for everyone who oversees the register (governors, SLT, the
 * head, account administrators): what is due, and when. A named function, so it is added once.
 */
export async function reviewOversight(db: Kysely<Database>, ctx: RequestContext, now: Date): Promise<HomeTask[]> {
  if (!ctx.school || ctx.via !== 'session' || !ctx.permissions.has('accounts.view')) return [];
  const today = ukDate(now);
  const due = await reviewsDueBy(db, ctx.school.id, addDaysIso(today, REVIEW_HORIZON_DAYS));
  const overdue = due.filter((a) => a.review_due! < today).length;
  const soon = due.length - overdue;
  if (!due.length)
    return [
      {
        group: 'oversight',
        text: `Official account reviews: none due in the next ${REVIEW_HORIZON_DAYS} days`,
        href: '/accounts?sort=review-due',
      },
    ];
  const parts = [
    overdue ? `${overdue} overdue` : '',
    soon ? `${soon} due in the next ${REVIEW_HORIZON_DAYS} days` : '',
  ].filter(Boolean);
  return [
    {
      group: 'oversight',
      text: `Official account reviews: ${parts.join(', ')}`,
      href: '/accounts?sort=review-due',
      hint: overdue ? 'Overdue' : `Next: ${due[0]!.name}`,
      important: overdue > 0,
    },
  ];
}
