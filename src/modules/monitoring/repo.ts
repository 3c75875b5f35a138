/** The rota's SQL (MON-1), always scoped by school or trust. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { RotaEntry } from './rules/rota.ts';
import './schema.ts';

export const LIVE = ['active', 'under_review'] as const;

/** Live accounts of one school, or of every school when schoolId is null (the hourly job). */
export async function liveAccounts(db: Kysely<Database>, scope: { trustId: string; schoolId: string } | null) {
  let query = db
    .selectFrom('official_account as a')
    .innerJoin('school as s', 's.id', 'a.school_id')
    .select([
      'a.id',
      'a.trust_id',
      'a.school_id',
      'a.name',
      'a.platform',
      'a.status',
      'a.last_monitored_at',
      'a.activated_on',
      'a.created_at',
      's.name as school_name',
    ])
    .where('a.status', 'in', [...LIVE])
    .orderBy('a.name');
  if (scope) query = query.where('a.trust_id', '=', scope.trustId).where('a.school_id', '=', scope.schoolId);
  return query.execute();
}

export type LiveAccount = Awaited<ReturnType<typeof liveAccounts>>[number];

/** When checking began for an account that has never been checked: the day it went live, or when it was recorded. */
export function checkingSince(a: Pick<LiveAccount, 'activated_on' | 'created_at'>): Date {
  return a.activated_on ? new Date(`${a.activated_on}T00:00:00Z`) : new Date(a.created_at);
}

export async function rotaOf(db: Kysely<Database>, accountId: string): Promise<(RotaEntry & { name: string })[]> {
  const rows = await db
    .selectFrom('monitoring_rota as r')
    .innerJoin('person as p', 'p.id', 'r.person_id')
    .select(['r.weekday', 'r.person_id', 'r.covers_holidays', 'p.given_name', 'p.family_name'])
    .where('r.account_id', '=', accountId)
    .orderBy('r.weekday')
    .orderBy('p.family_name')
    .execute();
  return rows.map((r) => ({
    weekday: r.weekday,
    personId: r.person_id,
    coversHolidays: r.covers_holidays,
    name: `${r.given_name} ${r.family_name}`,
  }));
}

/** The rotas of many accounts at once (the list page and the hourly job). */
export async function rotasOf(db: Kysely<Database>, accountIds: string[]): Promise<Map<string, RotaEntry[]>> {
  const rotas = new Map<string, RotaEntry[]>(accountIds.map((id) => [id, []]));
  if (accountIds.length === 0) return rotas;
  const rows = await db
    .selectFrom('monitoring_rota')
    .select(['account_id', 'weekday', 'person_id', 'covers_holidays'])
    .where('account_id', 'in', accountIds)
    .execute();
  for (const r of rows)
    rotas.get(r.account_id)?.push({ weekday: r.weekday, personId: r.person_id, coversHolidays: r.covers_holidays });
  return rotas;
}

/** The school's account administrators still working there on `today`. */
export async function accountAdministrators(db: Kysely<Database>, trustId: string, schoolId: string, today: string) {
  return db
    .selectFrom('role_assignment as r')
    .innerJoin('person as p', 'p.id', 'r.person_id')
    .select(['p.id', 'p.given_name', 'p.family_name', 'p.email'])
    .where('r.role', '=', 'account_admin')
    .where('r.trust_id', '=', trustId)
    .where('r.school_id', '=', schoolId)
    .where((eb) => eb.or([eb('p.leaving_date', 'is', null), eb('p.leaving_date', '>=', today)]))
    .distinct()
    .orderBy('p.family_name')
    .execute();
}

/** Who may be on an account's rota: its current operators and the school's account administrators. */
export async function rotaCandidates(
  db: Kysely<Database>,
  account: { id: string; trust_id: string; school_id: string },
  today: string,
) {
  const operators = await db
    .selectFrom('account_operator as o')
    .innerJoin('person as p', 'p.id', 'o.person_id')
    .select(['p.id', 'p.given_name', 'p.family_name', 'p.email'])
    .where('o.account_id', '=', account.id)
    .where('o.removed_at', 'is', null)
    .where((eb) => eb.or([eb('p.leaving_date', 'is', null), eb('p.leaving_date', '>=', today)]))
    .execute();
  const admins = await accountAdministrators(db, account.trust_id, account.school_id, today);
  const byId = new Map<string, { id: string; name: string; email: string | null; role: string }>();
  for (const p of operators)
    byId.set(p.id, { id: p.id, name: `${p.given_name} ${p.family_name}`, email: p.email, role: 'Operator' });
  for (const p of admins)
    if (!byId.has(p.id))
      byId.set(p.id, {
        id: p.id,
        name: `${p.given_name} ${p.family_name}`,
        email: p.email,
        role: 'Account administrator',
      });
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Open alerts of a school raised for the given accounts (for the list and the home page). */
export async function openUncheckedAlerts(db: Kysely<Database>, trustId: string, schoolId: string) {
  return db
    .selectFrom('monitoring_alert as m')
    .innerJoin('official_account as a', 'a.id', 'm.account_id')
    .select(['m.id', 'm.account_id', 'm.raised_at', 'm.told', 'a.name', 'a.last_monitored_at'])
    .where('m.trust_id', '=', trustId)
    .where('m.school_id', '=', schoolId)
    .where('m.kind', '=', 'unchecked')
    .where('a.status', 'in', [...LIVE])
    .where((eb) =>
      eb.or([eb('a.last_monitored_at', 'is', null), eb('a.last_monitored_at', '<', eb.ref('m.raised_at'))]),
    )
    .orderBy('m.raised_at')
    .execute();
}

export async function gapAlertsFrom(db: Kysely<Database>, trustId: string, schoolId: string, today: string) {
  return db
    .selectFrom('monitoring_alert as m')
    .innerJoin('official_account as a', 'a.id', 'm.account_id')
    .select(['m.id', 'm.account_id', 'm.on_date', 'm.raised_at', 'm.told', 'a.name'])
    .where('m.trust_id', '=', trustId)
    .where('m.school_id', '=', schoolId)
    .where('m.kind', '=', 'gap')
    .where('m.on_date', '>=', today)
    .where('a.status', 'in', [...LIVE])
    .orderBy('m.on_date')
    .execute();
}

export async function alertCount(db: Kysely<Database>, accountId: string): Promise<number> {
  return (
    await db
      .selectFrom('monitoring_alert')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow()
  ).n;
}
