/** What cases add to the home page (INC-1, INC-3): new concerns waiting for you, and your actions due or overdue. Restricted ones only for those who may see them (the same SQL rule). */
import { sql } from 'kysely';
import type { HomeTask, HomeTaskProvider } from '../../platform/http/home-tasks.ts';
import { visibleTo } from './cases/repo.ts';
import { viewerOf } from './cases/viewer.ts';

export const caseTasks: HomeTaskProvider = async (db, ctx, now) => {
  if (!ctx.school || !ctx.permissions.has('cases.report')) return [];
  const viewer = viewerOf(ctx);
  const soon = new Date(now.getTime() + 24 * 3_600_000);
  const [fresh, actions] = await Promise.all([
    db
      .selectFrom('concern_case as c')
      .select(['c.id', 'c.reference', 'c.urgent'])
      .where('c.school_id', '=', ctx.school.id)
      .where('c.trust_id', '=', ctx.trust.id)
      .where('c.status', '=', 'new')
      .where('c.owner_id', '=', viewer.id)
      .where(visibleTo(viewer))
      .orderBy('c.reported_at')
      .limit(20)
      .execute(),
    db
      .selectFrom('case_action as a')
      .innerJoin('concern_case as c', 'c.id', 'a.case_id')
      .select(['c.id', 'c.reference', 'a.title', 'a.due_at'])
      .select(sql<boolean>`a.due_at < ${now}`.as('overdue'))
      .where('c.school_id', '=', ctx.school.id)
      .where('c.trust_id', '=', ctx.trust.id)
      .where('a.owner_id', '=', viewer.id)
      .where('a.status', '=', 'open')
      .where('a.kind', '<>', 'triage')
      .where('a.due_at', '<', soon)
      .where(visibleTo(viewer))
      .orderBy('a.due_at')
      .limit(20)
      .execute(),
  ]);
  const tasks: HomeTask[] = [];
  for (const c of fresh) {
    tasks.push({
      text: c.urgent ? `Urgent concern ${c.reference}: open it now` : `New concern ${c.reference} reported to you`,
      href: `/cases/${c.id}`,
      hint: c.urgent ? 'Urgent' : 'To do',
      important: c.urgent,
    });
  }
  for (const a of actions) {
    tasks.push({
      text: `${a.title} (case ${a.reference})`,
      href: `/cases/${a.id}`,
      hint: a.overdue ? 'Overdue' : 'Due within a day',
      important: a.overdue,
    });
  }
  return tasks;
};
