// What waits for the account administrator on the home page (ACC-6): approved accounts to set up.
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { HomeTask } from '../../../platform/http/home-tasks.ts';
import type { RequestContext } from '../../../platform/http/types.ts';
import { countAwaitingSetup } from './repo.ts';

/** A named function, so registering it on every app start adds it once (addHomeTasks de-duplicates). */
export async function setupTasks(db: Kysely<Database>, ctx: RequestContext, _now: Date): Promise<HomeTask[]> {
  if (!ctx.school || ctx.via !== 'session' || !ctx.permissions.has('accounts.manage')) return [];
  const n = await countAwaitingSetup(db, ctx.school.id);
  if (!n) return [];
  return [
    {
      text: n === 1 ? '1 approved account to set up and record' : `${n} approved accounts to set up and record`,
      href: '/accounts?status=approved',
      hint: 'To set up',
    },
  ];
}
