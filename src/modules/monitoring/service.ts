/**
 * The rota's use cases (MON-1): changing an account's rota (audited), and the hourly check that
 * alerts whoever is on the rota today and the account administrators when an account has gone
 * unchecked longer than the policy allows, and the administrators when a day in the coming week has
 * nobody on. Each alert is one row with a unique dedupe key, written with its mail in one
 * transaction, so however often the job runs (or retries) nobody is told twice.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import { queueMail } from '../../platform/mail/mail.ts';
import { ukDate } from '../../platform/clock.ts';
import { formatDateTime } from '../../platform/views/nunjucks.ts';
import { transact } from '../../platform/db/transact.ts';
import { settingsFor } from '../policies/index.ts';
import { workingCalendarFor } from '../directory/index.ts';
import {
  accountAdministrators,
  checkingSince,
  liveAccounts,
  rotaCandidates,
  rotasOf,
  type LiveAccount,
} from './repo.ts';
import { checkState, gapAlertKey, gapsIn, longDay, rotaDays, whoIsOn, type RotaEntry } from './rules/rota.ts';

/** How far ahead a day with nobody on is raised. */
export const GAP_HORIZON_DAYS = 7;

export async function saveRota(
  db: Kysely<Database>,
  now: Date,
  actor: Actor,
  account: { id: string; trust_id: string; school_id: string; name: string },
  entries: RotaEntry[],
): Promise<void> {
  await transact(db, async (trx) => {
    await trx.deleteFrom('monitoring_rota').where('account_id', '=', account.id).execute();
    if (entries.length)
      await trx
        .insertInto('monitoring_rota')
        .values(
          entries.map((e) => ({
            trust_id: account.trust_id,
            school_id: account.school_id,
            account_id: account.id,
            weekday: e.weekday,
            person_id: e.personId,
            covers_holidays: e.coversHolidays,
            created_at: now,
          })),
        )
        .execute();
    await recordAudit(trx, now, {
      actor,
      action: 'monitoring.rota-changed',
      entityType: 'official_account',
      entityId: account.id,
      trustId: account.trust_id,
      schoolId: account.school_id,
      summary: {
        account: account.name,
        slots: entries.map((e) => ({ weekday: e.weekday, person: e.personId, holidays: e.coversHolidays })),
      },
    });
  });
}

interface Person {
  id: string;
  email: string | null;
}

async function raise(
  db: Kysely<Database>,
  now: Date,
  account: LiveAccount,
  alert: { kind: 'unchecked' | 'gap'; key: string; onDate: string | null },
  people: Person[],
  mail: { subject: string; text: string },
): Promise<boolean> {
  return transact(db, async (trx) => {
    const row = await trx
      .insertInto('monitoring_alert')
      .values({
        trust_id: account.trust_id,
        school_id: account.school_id,
        account_id: account.id,
        kind: alert.kind,
        on_date: alert.onDate,
        raised_at: now,
        dedupe_key: alert.key,
        told: people.map((p) => p.id),
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) return false;
    for (const p of people)
      if (p.email)
        await queueMail(trx, now, { to: p.email, ...mail, trustId: account.trust_id, schoolId: account.school_id });
    await recordAudit(trx, now, {
      actor: { id: null, label: 'Postwarden' },
      action: alert.kind === 'unchecked' ? 'monitoring.unchecked-alert' : 'monitoring.gap-alert',
      entityType: 'official_account',
      entityId: account.id,
      trustId: account.trust_id,
      schoolId: account.school_id,
      summary: { account: account.name, date: alert.onDate, told: people.map((p) => p.id) },
    });
    return true;
  });
}

/** The hourly check of every live account; returns how many alerts it raised. */
export async function runMonitoringChecks(db: Kysely<Database>, now: Date, baseUrl: string): Promise<number> {
  const accounts = await liveAccounts(db, null);
  const rotas = await rotasOf(
    db,
    accounts.map((a) => a.id),
  );
  const today = ukDate(now);
  const perSchool = new Map<string, { hours: number; days: ReturnType<typeof rotaDays>; admins: Person[] }>();
  let raised = 0;
  for (const account of accounts) {
    let school = perSchool.get(account.school_id);
    if (!school) {
      const tenant = { trustId: account.trust_id, schoolId: account.school_id };
      school = {
        hours: (await settingsFor(db, tenant, now)).accountCheckIntervalHours,
        days: rotaDays(await workingCalendarFor(db, account.school_id), today, GAP_HORIZON_DAYS),
        admins: await accountAdministrators(db, account.trust_id, account.school_id, today),
      };
      perSchool.set(account.school_id, school);
    }
    const rota = rotas.get(account.id) ?? [];
    const link = `${baseUrl}/monitoring/accounts/${account.id}`;
    const state = checkState(account.id, account.last_monitored_at, checkingSince(account), now, school.hours);
    if (state.overdue) {
      const onToday = new Set(whoIsOn(rota, school.days[0]!));
      const people = await peopleToTell(db, account, onToday, school.admins, today);
      const since = account.last_monitored_at
        ? `since ${formatDateTime(account.last_monitored_at)}`
        : 'since it went live';
      if (
        await raise(db, now, account, { kind: 'unchecked', key: state.alertKey, onDate: today }, people, {
          subject: `Not checked: ${account.name}`,
          text: `Nobody has recorded a check of ‘${account.name}’ ${since}. The policy asks for a check at least every ${school.hours} hours, weekends and holidays included.\n\nCheck it (comments, messages, tags) and record the check:\n${baseUrl}/accounts/${account.id}/monitoring-check\n\nThe rota: ${link}`,
        })
      )
        raised++;
    }
    for (const gap of gapsIn(rota, school.days)) {
      const when = `${longDay(gap.date)}${gap.holiday ? ` (${gap.holiday})` : ''}`;
      if (
        await raise(
          db,
          now,
          account,
          { kind: 'gap', key: gapAlertKey(account.id, gap.date), onDate: gap.date },
          school.admins,
          {
            subject: `Nobody on the rota: ${account.name}, ${when}`,
            text: `Nobody is on the monitoring rota for ‘${account.name}’ on ${when}. Put someone on for that day so the account is still checked:\n${link}`,
          },
        )
      )
        raised++;
    }
  }
  return raised;
}

/** The person on the rota today and the account administrators; without either, the account's operators. */
async function peopleToTell(
  db: Kysely<Database>,
  account: LiveAccount,
  onToday: Set<string>,
  admins: Person[],
  today: string,
): Promise<Person[]> {
  const candidates = await rotaCandidates(db, account, today);
  const people = new Map<string, Person>();
  for (const c of candidates) if (onToday.has(c.id)) people.set(c.id, c);
  for (const a of admins) people.set(a.id, a);
  if (people.size === 0) for (const c of candidates) people.set(c.id, c);
  return [...people.values()];
}
