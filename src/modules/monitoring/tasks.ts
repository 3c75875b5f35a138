/**
 * What the rota puts on the home page (MON-1): an account gone unchecked, for whoever was told (the
 * person on the rota and the account administrators) until somebody records a check; and days in the
 * coming week with nobody on, for whoever manages the accounts, until the rota covers them.
 */
import type { HomeTask, HomeTaskProvider } from '../../platform/http/home-tasks.ts';
import { ukDate } from '../../platform/clock.ts';
import { formatDateTime } from '../../platform/views/nunjucks.ts';
import { workingCalendarFor } from '../directory/index.ts';
import { gapAlertsFrom, openUncheckedAlerts, rotasOf } from './repo.ts';
import { longDay, rotaDays, whoIsOn } from './rules/rota.ts';

export const monitoringTasks: HomeTaskProvider = async (db, ctx, now) => {
  if (!ctx.school || ctx.via !== 'session') return [];
  const me = ctx.person.id;
  const manages = ctx.permissions.has('accounts.manage');
  const tasks: HomeTask[] = [];
  for (const a of await openUncheckedAlerts(db, ctx.trust.id, ctx.school.id)) {
    if (!manages && !a.told.includes(me)) continue;
    tasks.push({
      text: `Check ‘${a.name}’: not checked ${a.last_monitored_at ? `since ${formatDateTime(a.last_monitored_at)}` : 'since it went live'}`,
      href: `/accounts/${a.account_id}/monitoring-check`,
      hint: 'Overdue',
      important: true,
    });
  }
  if (!manages) return tasks;
  const today = ukDate(now);
  const gaps = await gapAlertsFrom(db, ctx.trust.id, ctx.school.id, today);
  if (gaps.length === 0) return tasks;
  const rotas = await rotasOf(db, [...new Set(gaps.map((g) => g.account_id))]);
  const days = new Map(rotaDays(await workingCalendarFor(db, ctx.school.id), today, 8).map((d) => [d.date, d]));
  for (const g of gaps) {
    const day = g.on_date ? days.get(g.on_date) : undefined;
    // A gap the rota now covers is no longer a task.
    if (!day || whoIsOn(rotas.get(g.account_id) ?? [], day).length > 0) continue;
    tasks.push({
      text: `Nobody is on the rota for ‘${g.name}’ on ${longDay(day.date)}${day.holiday ? ` (${day.holiday})` : ''}`,
      href: `/monitoring/accounts/${g.account_id}`,
      hint: 'Rota gap',
    });
  }
  return tasks;
};
