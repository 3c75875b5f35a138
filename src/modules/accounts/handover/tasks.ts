import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { HomeTask } from '../../../platform/http/home-tasks.ts';
import type { RequestContext } from '../../../platform/http/types.ts';
import { accountsNeedingHandover } from './repo.ts';

/** Open handovers on the home page of whoever manages the school's accounts (ACC-5). A named function, so it is added once. */
export async function handoverTasks(db: Kysely<Database>, ctx: RequestContext, _now: Date): Promise<HomeTask[]> {
  if (!ctx.school || !ctx.permissions.has('accounts.manage')) return [];
  const accounts = await accountsNeedingHandover(db, ctx.school.id);
  if (!accounts.length) return [];
  const one = accounts.length === 1;
  return [
    {
      text: one
        ? `1 official account needs a handover: ${accounts[0]!.name}`
        : `${accounts.length} official accounts need a handover`,
      href: one ? `/accounts/${accounts[0]!.id}/handover` : '/accounts?attention=1',
      hint: 'Handover',
      important: true,
    },
  ];
}
