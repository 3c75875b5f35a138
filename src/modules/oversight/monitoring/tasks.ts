/** GOV-2 on the head's and HR's home page: monitoring records that end within a week or are past their end. */
import { sql } from 'kysely';
import type { HomeTaskProvider } from '../../../platform/http/home-tasks.ts';
import { ukDate } from '../../../platform/clock.ts';
import { REMIND_DAYS_BEFORE_END } from './rules/record.ts';

export const monitoringTasks: HomeTaskProvider = async (db, ctx, now) => {
  if (!ctx.school || !ctx.permissions.has('monitoring.manage')) return [];
  const horizon = ukDate(new Date(now.getTime() + REMIND_DAYS_BEFORE_END * 86_400_000));
  const row = await db
    .selectFrom('monitoring_record')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('trust_id', '=', ctx.trust.id)
    .where('school_id', '=', ctx.school.id)
    .where('ended_at', 'is', null)
    .where('ends_on', '<=', horizon)
    .executeTakeFirstOrThrow();
  if (row.n === 0) return [];
  return [
    {
      text:
        row.n === 1
          ? 'A monitoring record is due to end: review or end it'
          : `${row.n} monitoring records are due to end: review or end them`,
      href: '/monitoring-records',
      hint: 'Due within a week',
      important: true,
    },
  ];
};
