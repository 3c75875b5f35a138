/** STF-2 on the home page: your own check-in while it waits, and coverage for those who follow it. */
import type { HomeTask, HomeTaskProvider } from '../../../platform/http/home-tasks.ts';
import { formatDate } from '../../../platform/views/nunjucks.ts';
import { ukDate } from '../../../platform/clock.ts';
import { tenantOf } from '../../../platform/http/forms.ts';
import { coverageByTeam } from './repo.ts';
import { checkInsStarted, myCheckIn, periodFor } from './service.ts';

export const checkInTasks: HomeTaskProvider = async (db, ctx, now) => {
  if (!ctx.school) return [];
  const school = tenantOf(ctx);
  const tasks: HomeTask[] = [];
  if (!(ctx.permissions.has('privacy.checkin') || ctx.permissions.has('privacy.coverage.view'))) return tasks;
  if (!(await checkInsStarted(db, school, now))) return tasks;
  if (ctx.permissions.has('privacy.checkin') && ctx.person.homeSchoolId === ctx.school.id) {
    const mine = await myCheckIn(db, school, ctx.person.id, now);
    if (mine.state !== 'done')
      tasks.push({
        text: `Do your privacy check-in for the ${mine.period.label.toLowerCase()}`,
        href: '/privacy-check-in',
        hint:
          mine.state === 'overdue'
            ? `Overdue since ${formatDate(mine.period.due)}`
            : `Due ${formatDate(mine.period.due)}`,
        important: mine.state === 'overdue',
      });
  }
  if (ctx.permissions.has('privacy.coverage.view')) {
    const { period } = await periodFor(db, school, now);
    const teams = await coverageByTeam(db, school, period, ukDate(now));
    const total = teams.reduce((n, t) => n + t.total, 0);
    const done = teams.reduce((n, t) => n + t.done, 0);
    const overdue = teams.reduce((n, t) => n + t.overdue, 0);
    tasks.push({
      text: `Privacy check-ins: ${done} of ${total} done`,
      href: '/privacy-check-ins',
      hint: overdue > 0 ? `${overdue} overdue` : period.label,
      group: 'oversight',
    });
  }
  return tasks;
};
