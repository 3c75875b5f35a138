/** What the report adds to the home page (GOV-1): in a term's last four weeks, the DSL is asked whether governors may see a count of restricted cases. */
import type { HomeTaskProvider } from '../../platform/http/home-tasks.ts';
import { ukDate } from '../../platform/clock.ts';
import { termOf, termRange } from '../../platform/calendar/date-range.ts';
import { tenantOf } from '../../platform/http/forms.ts';
import { findRelease, restrictedCount } from './reports/release.ts';

const FOUR_WEEKS_MS = 28 * 86_400_000;

export const reportTasks: HomeTaskProvider = async (db, ctx, now) => {
  if (!ctx.school || !ctx.permissions.has('reports.restricted.release')) return [];
  const term = termRange(termOf(ukDate(now)))!;
  if (Date.parse(`${term.to}T23:59:59Z`) - now.getTime() > FOUR_WEEKS_MS) return [];
  const school = tenantOf(ctx);
  if (await findRelease(db, school, term)) return [];
  const count = await restrictedCount(db, school, term);
  if (!count) return [];
  return [
    {
      text: `Choose whether governors see a count of restricted cases in their report for this term`,
      href: `/reports/restricted?term=${term.term}`,
      hint: 'Before the term ends',
    },
  ];
};
