/**
 * The demo trust's monitoring rotas (MON-1): every live account gets a week of cover, operators on
 * weekdays and the school's account administrators at weekends. One account is left without anyone
 * on Sundays, and the hourly check is run once, so the demo opens with a rota gap that has raised
 * an alert and the accounts left unchecked too long already flagged (emails in the outbox, tasks on
 * the home page).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { ukDate } from '../../platform/clock.ts';
import { accountAdministrators, liveAccounts, rotaCandidates } from './repo.ts';
import { runMonitoringChecks } from './service.ts';
import type { RotaEntry } from './rules/rota.ts';

const BASE_URL = 'http://localhost:3000';

export async function seedMonitoringDemo(
  trx: Kysely<Database>,
  now: Date,
  trustId: string,
  schools: { primary: string; secondary: string },
): Promise<void> {
  const today = ukDate(now);
  for (const [key, schoolId] of Object.entries(schools)) {
    const admins = await accountAdministrators(trx, trustId, schoolId, today);
    const accounts = await liveAccounts(trx, { trustId, schoolId });
    for (const [index, account] of accounts.entries()) {
      const people = await rotaCandidates(trx, account, today);
      const operators = people.filter((p) => p.role === 'Operator');
      const weekend = admins.length ? admins : operators;
      const entries: RotaEntry[] = [];
      for (let weekday = 1; weekday <= 5; weekday++) {
        const on = operators[(weekday - 1) % Math.max(1, operators.length)] ?? weekend[0];
        if (on) entries.push({ weekday, personId: on.id, coversHolidays: weekday !== 1 });
      }
      // The primary's first account has nobody on Sundays: the gap the demo shows.
      const sundayGap = key === 'primary' && index === 0;
      for (const weekday of sundayGap ? [6] : [6, 7])
        if (weekend[0]) entries.push({ weekday, personId: weekend[0].id, coversHolidays: true });
      if (entries.length)
        await trx
          .insertInto('monitoring_rota')
          .values(
            entries.map((e) => ({
              trust_id: trustId,
              school_id: schoolId,
              account_id: account.id,
              weekday: e.weekday,
              person_id: e.personId,
              covers_holidays: e.coversHolidays,
              created_at: now,
            })),
          )
          .execute();
    }
  }
  await runMonitoringChecks(trx, now, BASE_URL);
}
