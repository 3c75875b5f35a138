// What waits for the signed-in person on the home page (ACC-1, ACC-2, ACC-3): decisions for SLT and
// approvals for the head (only those they can act on now), the applicant's drafts, and what holds up
// an application the person made or is named to run.
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { HomeTask } from '../../../platform/http/home-tasks.ts';
import type { RequestContext } from '../../../platform/http/types.ts';
import { decisionQueue } from './queue.ts';
import { draftsOf, pendingApplicationsInvolving } from './repo.ts';
import { isPersonalReason, yourReasons } from './rules/words.ts';
import { applicationPolicy, blockersWith, standingsOf, type ApplicationPolicy } from './standing.ts';

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A named function, so registering it on every app start adds it once (addHomeTasks de-duplicates). */
export async function applicationTasks(db: Kysely<Database>, ctx: RequestContext, now: Date): Promise<HomeTask[]> {
  if (!ctx.school || ctx.via !== 'session') return [];
  const school = { trustId: ctx.trust.id, schoolId: ctx.school.id };
  const me = ctx.person.id;
  const tasks: HomeTask[] = [];
  const deciding = ctx.permissions.has('accounts.decide') || ctx.permissions.has('accounts.approve');
  const policy = deciding ? await applicationPolicy(db, school, now, 'approve') : undefined;
  if (ctx.permissions.has('accounts.decide')) {
    const { ready } = await decisionQueue(db, school, me, 'slt', now, policy);
    if (ready.length)
      tasks.push({
        text: `${count(ready.length, 'application', 'applications')} awaiting your decision`,
        href: '/accounts/applications',
        hint: 'To decide',
        important: true,
      });
  }
  if (ctx.permissions.has('accounts.approve')) {
    const { ready } = await decisionQueue(db, school, me, 'head', now, policy);
    if (ready.length)
      tasks.push({
        text: `${count(ready.length, 'application', 'applications')} awaiting your approval`,
        href: '/accounts/applications',
        hint: 'To approve',
        important: true,
      });
  }
  if (ctx.permissions.has('accounts.apply')) {
    const drafts = await draftsOf(db, school.schoolId, me);
    if (drafts.length === 1)
      tasks.push({
        text: `Finish your application for ‘${drafts[0]!.name}’ and send it for a decision`,
        href: `/accounts/${drafts[0]!.id}/application`,
        hint: 'Draft',
      });
    else if (drafts.length > 1)
      tasks.push({
        text: `${drafts.length} draft applications not yet sent for a decision`,
        href: '/accounts/applications',
        hint: 'Drafts',
      });
  }
  tasks.push(...(await heldUp(db, school, me, now, policy)));
  return tasks;
}

/**
 * Applications waiting for a decision that cannot be approved yet, on the home page of the person
 * who can put it right: a named operator is told what they lack; the applicant is told what holds it up.
 */
async function heldUp(
  db: Kysely<Database>,
  school: { trustId: string; schoolId: string },
  me: string,
  now: Date,
  known?: ApplicationPolicy,
): Promise<HomeTask[]> {
  const pending = await pendingApplicationsInvolving(db, school.schoolId, me);
  if (!pending.length) return [];
  const [policy, standings] = await Promise.all([
    known ?? applicationPolicy(db, school, now, 'approve'),
    standingsOf(
      db,
      school,
      pending.map((a) => a.id),
      now,
    ),
  ]);
  const tasks: HomeTask[] = [];
  for (const application of pending) {
    const operators = standings.get(application.id)!;
    const mine = operators.find((o) => o.personId === me)?.reasons.filter(isPersonalReason) ?? [];
    const href = `/accounts/${application.id}/application`;
    if (mine.length) {
      tasks.push({
        text: `‘${application.name}’ cannot be approved until you are ready to run it: ${yourReasons(mine)}`,
        href,
        hint: 'Needs you',
        important: true,
      });
    } else if (application.applicant_id === me) {
      const blockers = blockersWith(policy, operators);
      if (blockers.length)
        tasks.push({
          text: `Your application for ‘${application.name}’ cannot be approved yet: ${blockers.join('; ')}`,
          href,
          hint: 'Waiting',
        });
    }
  }
  return tasks;
}
