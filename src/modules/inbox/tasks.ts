/**
 * What the inbox adds to the home page (MON-2, MON-4): items waiting on you (assigned to you, or
 * unassigned on accounts you administer), overdue ones first; press replies waiting for a senior
 * leader's approval; accounts that need new sign-in details.
 */
import { sql } from 'kysely';
import type { HomeTask, HomeTaskProvider } from '../../platform/http/home-tasks.ts';
import './schema.ts';

export const inboxTasks: HomeTaskProvider = async (db, ctx, now) => {
  if (!ctx.school || !ctx.permissions.has('inbox.view')) return [];
  const schoolId = ctx.school.id;
  const me = ctx.person.id;
  const admin = ctx.roles.includes('account_admin');
  const tasks: HomeTask[] = [];
  const waiting = await db
    .selectFrom('inbox_item as i')
    .select([
      sql<number>`count(*)::int`.as('n'),
      sql<number>`count(*) FILTER (WHERE i.deadline_at < ${now})::int`.as('overdue'),
    ])
    .where('i.school_id', '=', schoolId)
    .where('i.trust_id', '=', ctx.trust.id)
    .where('i.responded_at', 'is', null)
    .where('i.state', 'not in', ['closed', 'awaiting-approval'])
    .where((eb) =>
      eb.or([
        eb('i.assignee_id', '=', me),
        ...(admin ? [eb('i.assignee_id', 'is', null)] : []),
        eb.and([
          eb('i.assignee_id', 'is', null),
          eb.exists(
            eb
              .selectFrom('account_operator as o')
              .select('o.id')
              .whereRef('o.account_id', '=', 'i.account_id')
              .where('o.person_id', '=', me)
              .where('o.is_lead', '=', true)
              .where('o.removed_at', 'is', null),
          ),
        ]),
      ]),
    )
    .executeTakeFirstOrThrow();
  if (waiting.n > 0)
    tasks.push({
      text: `${waiting.n} ${waiting.n === 1 ? 'comment or message needs' : 'comments or messages need'} a response`,
      href: '/inbox',
      hint: waiting.overdue ? `${waiting.overdue} overdue` : 'Within 24 hours',
      important: waiting.overdue > 0,
    });
  if (ctx.permissions.has('inbox.press.approve')) {
    const press = await db
      .selectFrom('inbox_item')
      .select(['id', 'author'])
      .where('school_id', '=', schoolId)
      .where('trust_id', '=', ctx.trust.id)
      .where('state', '=', 'awaiting-approval')
      .orderBy('deadline_at')
      .limit(10)
      .execute();
    for (const p of press)
      tasks.push({
        text: `Approve a reply to a press enquiry from ${p.author}`,
        href: `/inbox/items/${p.id}`,
        hint: 'Waiting for you',
      });
  }
  if (ctx.permissions.has('inbox.manage')) {
    const stuck = await db
      .selectFrom('inbox_source as s')
      .innerJoin('official_account as a', 'a.id', 's.account_id')
      .select(['a.id', 'a.name'])
      .where('s.school_id', '=', schoolId)
      .where('s.needs_sign_in', '=', true)
      .execute();
    for (const a of stuck)
      tasks.push({
        text: `Store new sign-in details for ${a.name}: its inbox is not being read`,
        href: `/inbox/accounts/${a.id}`,
        hint: 'Sign-in refused',
        important: true,
      });
  }
  return tasks;
};
