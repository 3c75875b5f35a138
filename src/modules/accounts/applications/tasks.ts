// What waits for the signed-in person on the home page (ACC-1, ACC-2): decisions for SLT, approvals
// for the head, and the applicant's own drafts not yet sent.
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { HomeTask } from '../../../platform/http/home-tasks.ts';
import type { RequestContext } from '../../../platform/http/types.ts';
import { countAwaitingDecisionBy, draftsOf } from './repo.ts';

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A named function, so registering it on every app start adds it once (addHomeTasks de-duplicates). */
export async function applicationTasks(db: Kysely<Database>, ctx: RequestContext, _now: Date): Promise<HomeTask[]> {
  if (!ctx.school || ctx.via !== 'session') return [];
  const schoolId = ctx.school.id;
  const me = ctx.person.id;
  const tasks: HomeTask[] = [];
  if (ctx.permissions.has('accounts.decide')) {
    const n = await countAwaitingDecisionBy(db, schoolId, 'proposed', me, true);
    if (n) tasks.push({ text: `${count(n, 'application', 'applications')} awaiting your decision`, href: '/accounts/applications', hint: 'To decide' });
  }
  if (ctx.permissions.has('accounts.approve')) {
    const n = await countAwaitingDecisionBy(db, schoolId, 'endorsed', me, false);
    if (n) tasks.push({ text: `${count(n, 'application', 'applications')} awaiting your approval`, href: '/accounts/applications', hint: 'To approve' });
  }
  if (ctx.permissions.has('accounts.apply')) {
    const drafts = await draftsOf(db, schoolId, me);
    if (drafts.length === 1) tasks.push({ text: `Finish your application for ‘${drafts[0]!.name}’ and send it for a decision`, href: `/accounts/${drafts[0]!.id}/application`, hint: 'Draft' });
    else if (drafts.length > 1) tasks.push({ text: `${drafts.length} draft applications not yet sent for a decision`, href: '/accounts/applications', hint: 'Drafts' });
  }
  return tasks;
}
