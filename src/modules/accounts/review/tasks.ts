import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { HomeTask } from '../../../platform/http/home-tasks.ts';
import type { RequestContext } from '../../../platform/http/types.ts';
import { ukDate } from '../../../platform/clock.ts';
import { overdueAccountsOf } from './repo.ts';

/** Overdue account reviews on the home page of whoever manages the school's accounts. A named function, so it is added once. */
export async function reviewTasks(db: Kysely<Database>, ctx: RequestContext, now: Date): Promise<HomeTask[]> {
  if (!ctx.school || !ctx.permissions.has('accounts.manage')) return [];
  const overdue = await overdueAccountsOf(db, ctx.school.id, ukDate(now));
  if (!overdue.length) return [];
  const one = overdue.length === 1;
  return [{
    text: one ? `1 account review is overdue: ${overdue[0]!.name}` : `${overdue.length} account reviews are overdue`,
    href: one ? `/accounts/${overdue[0]!.id}/review` : '/accounts?attention=1',
    hint: 'Overdue', important: true,
  }];
}
