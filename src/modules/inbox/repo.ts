/**
 * The inbox's SQL, always scoped by school (or trust) in the query. Who sees which items (MON-2):
 * anyone who manages the inbox sees all the school's; anyone else only the items of accounts they
 * run now, or those assigned to them.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { InboxItemTable } from './schema.ts';
import './schema.ts';

export interface School {
  trustId: string;
  schoolId: string;
}

export interface Viewer {
  id: string;
  /** Holds inbox.manage: every account of the school. */
  all: boolean;
}

export type ItemRow = Selectable<InboxItemTable>;

/** Who sees an item, as SQL over `i` (inbox_item). */
export function visibleTo(v: Viewer) {
  return sql<boolean>`(${v.all} OR i.assignee_id = ${v.id} OR EXISTS (
    SELECT 1 FROM account_operator o WHERE o.account_id = i.account_id AND o.person_id = ${v.id} AND o.removed_at IS NULL))`;
}

export async function findItem(
  db: Kysely<Database>,
  school: School,
  viewer: Viewer,
  id: string,
  lock = false,
): Promise<ItemRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  let q = db
    .selectFrom('inbox_item as i')
    .selectAll('i')
    .where('i.id', '=', id)
    .where('i.school_id', '=', school.schoolId)
    .where('i.trust_id', '=', school.trustId)
    .where(visibleTo(viewer));
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export interface ItemFilters {
  accountId?: string;
  /** 'open': not yet responded to; 'overdue'; 'all'. */
  show: 'open' | 'overdue' | 'all';
  page: number;
}

export const PAGE_SIZE = 50;

const listColumns = [
  'i.id',
  'i.account_id',
  'i.kind',
  'i.state',
  'i.arrived_at',
  'i.deadline_at',
  'i.responded_at',
  'i.text',
  'i.author',
  'i.source',
  'i.arrived_as',
  'a.name as account_name',
  'a.platform',
  'p.given_name as assignee_given',
  'p.family_name as assignee_family',
] as const;

export async function schoolItems(db: Kysely<Database>, school: School, viewer: Viewer, f: ItemFilters, now: Date) {
  let q = db
    .selectFrom('inbox_item as i')
    .innerJoin('official_account as a', 'a.id', 'i.account_id')
    .leftJoin('person as p', 'p.id', 'i.assignee_id')
    .where('i.school_id', '=', school.schoolId)
    .where('i.trust_id', '=', school.trustId)
    .where(visibleTo(viewer));
  if (f.accountId) q = q.where('i.account_id', '=', f.accountId);
  if (f.show !== 'all') q = q.where('i.responded_at', 'is', null).where('i.state', '<>', 'closed');
  if (f.show === 'overdue') q = q.where('i.deadline_at', '<', now);
  const rows = await q
    .select(listColumns)
    .orderBy(f.show === 'all' ? 'i.arrived_at' : 'i.deadline_at', f.show === 'all' ? 'desc' : 'asc')
    .orderBy('i.id')
    .limit(PAGE_SIZE + 1)
    .offset((f.page - 1) * PAGE_SIZE)
    .execute();
  return { rows: rows.slice(0, PAGE_SIZE), more: rows.length > PAGE_SIZE };
}

/** Open and overdue counts per account of the school (what the viewer may see). */
export async function countsByAccount(db: Kysely<Database>, school: School, viewer: Viewer, now: Date) {
  return db
    .selectFrom('inbox_item as i')
    .select([
      'i.account_id',
      sql<number>`count(*)::int`.as('open'),
      sql<number>`count(*) FILTER (WHERE i.deadline_at < ${now})::int`.as('overdue'),
    ])
    .where('i.school_id', '=', school.schoolId)
    .where('i.trust_id', '=', school.trustId)
    .where('i.responded_at', 'is', null)
    .where('i.state', '<>', 'closed')
    .where(visibleTo(viewer))
    .groupBy('i.account_id')
    .execute();
}

/** The school's accounts that an inbox can hold, with how reading each is going. */
export async function inboxAccounts(db: Kysely<Database>, school: School) {
  return db
    .selectFrom('official_account as a')
    .leftJoin('inbox_source as s', 's.account_id', 'a.id')
    .select([
      'a.id',
      'a.name',
      'a.platform',
      'a.handle',
      's.last_read_at',
      's.failing_since',
      's.last_error',
      's.needs_sign_in',
    ])
    .where('a.school_id', '=', school.schoolId)
    .where('a.trust_id', '=', school.trustId)
    .where('a.status', 'in', ['active', 'under_review'])
    .orderBy('a.name')
    .execute();
}

/** The trust's items across its schools, newest first (the trust view), safeguarding matters left out. */
export async function trustItems(db: Kysely<Database>, trustId: string, page: number) {
  const rows = await db
    .selectFrom('inbox_item as i')
    .innerJoin('official_account as a', 'a.id', 'i.account_id')
    .innerJoin('school as s', 's.id', 'i.school_id')
    .select([
      'i.id',
      'i.kind',
      'i.state',
      'i.arrived_at',
      'i.deadline_at',
      'i.author',
      'a.name as account_name',
      's.name as school_name',
    ])
    .where('i.trust_id', '=', trustId)
    // A safeguarding matter stays with its school, as restricted cases do (INC-7).
    .where('i.kind', '<>', 'safeguarding')
    .orderBy('i.arrived_at', 'desc')
    .orderBy('i.id')
    .limit(PAGE_SIZE + 1)
    .offset((page - 1) * PAGE_SIZE)
    .execute();
  return { rows: rows.slice(0, PAGE_SIZE), more: rows.length > PAGE_SIZE };
}

export async function eventsOf(db: Kysely<Database>, itemId: string) {
  return db
    .selectFrom('inbox_event')
    .select(['at', 'actor_label', 'kind', 'text', 'detail'])
    .where('item_id', '=', itemId)
    .orderBy('id')
    .execute();
}

/** People who administer the school's accounts: the account administrators and the account's lead. */
export async function accountAdministrators(db: Kysely<Database>, school: School, accountId: string | null) {
  const rows = await db
    .selectFrom('person as p')
    .select(['p.id', 'p.email', 'p.given_name', 'p.family_name'])
    .where('p.trust_id', '=', school.trustId)
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('role_assignment as r')
            .select('r.id')
            .whereRef('r.person_id', '=', 'p.id')
            .where('r.school_id', '=', school.schoolId)
            .where('r.role', '=', 'account_admin'),
        ),
        ...(accountId
          ? [
              eb.exists(
                eb
                  .selectFrom('account_operator as o')
                  .select('o.id')
                  .whereRef('o.person_id', '=', 'p.id')
                  .where('o.account_id', '=', accountId)
                  .where('o.is_lead', '=', true)
                  .where('o.removed_at', 'is', null),
              ),
            ]
          : []),
      ]),
    )
    .execute();
  return rows;
}

/** The headteacher and senior leaders, who route and approve press replies (MON-4). */
export async function seniorLeaders(db: Kysely<Database>, school: School) {
  return db
    .selectFrom('person as p')
    .innerJoin('role_assignment as r', 'r.person_id', 'p.id')
    .select(['p.id', 'p.email', 'p.given_name', 'p.family_name'])
    .distinct()
    .where('r.school_id', '=', school.schoolId)
    .where('r.trust_id', '=', school.trustId)
    .where('r.role', 'in', ['headteacher', 'slt'])
    .execute();
}

/** Staff of the school an item may be assigned to: whoever runs one of its accounts, or administers them. */
export async function assignable(db: Kysely<Database>, school: School, accountId: string) {
  const admins = await accountAdministrators(db, school, accountId);
  const operators = await db
    .selectFrom('account_operator as o')
    .innerJoin('person as p', 'p.id', 'o.person_id')
    .select(['p.id', 'p.email', 'p.given_name', 'p.family_name'])
    .where('o.account_id', '=', accountId)
    .where('o.school_id', '=', school.schoolId)
    .where('o.removed_at', 'is', null)
    .execute();
  const byId = new Map([...admins, ...operators].map((p) => [p.id, p]));
  return [...byId.values()].sort((a, b) => a.family_name.localeCompare(b.family_name));
}
