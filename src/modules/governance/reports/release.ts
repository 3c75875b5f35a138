// Restricted safeguarding cases never appear in the report by themselves (INC-7). The school's DSL
// may release one number for one period: how many restricted cases were reported in it. The number
// is kept as it was when released, and releasing, replacing or withdrawing it is audited (GOV-1).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { recordAudit, type Actor } from '../../../platform/audit/audit.ts';
import { transact } from '../../../platform/db/transact.ts';
import { rangeInstants, type DateRange } from '../../../platform/calendar/date-range.ts';

type School = { trustId: string; schoolId: string };

export async function restrictedCount(db: Kysely<Database>, school: School, range: DateRange): Promise<number> {
  const { start, end } = rangeInstants(range);
  const row = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM concern_case
    WHERE trust_id = ${school.trustId} AND school_id = ${school.schoolId} AND restricted
      AND reported_at >= ${start} AND reported_at < ${end}`.execute(db);
  return row.rows[0]?.n ?? 0;
}

export async function findRelease(db: Kysely<Database>, school: School, range: DateRange) {
  return db
    .selectFrom('restricted_count_release as r')
    .innerJoin('person as p', 'p.id', 'r.released_by')
    .select(['r.released_count', 'r.released_at', 'p.given_name', 'p.family_name'])
    .where('r.trust_id', '=', school.trustId)
    .where('r.school_id', '=', school.schoolId)
    .where('r.period_from', '=', range.from)
    .where('r.period_to', '=', range.to)
    .executeTakeFirst();
}

/** Releases (or replaces) the count for the period, counted now inside the same transaction. */
export async function releaseCount(
  db: Kysely<Database>,
  now: Date,
  school: School,
  actor: Actor & { id: string },
  range: DateRange,
): Promise<number> {
  return transact(db, async (trx) => {
    const count = await restrictedCount(trx, school, range);
    await trx
      .insertInto('restricted_count_release')
      .values({
        trust_id: school.trustId,
        school_id: school.schoolId,
        period_from: range.from,
        period_to: range.to,
        released_count: count,
        released_by: actor.id,
        released_at: now,
      })
      .onConflict((oc) =>
        oc
          .columns(['school_id', 'period_from', 'period_to'])
          .doUpdateSet({ released_count: count, released_by: actor.id, released_at: now }),
      )
      .execute();
    await recordAudit(trx, now, {
      actor,
      action: 'report.restricted-count-released',
      entityType: 'school',
      entityId: school.schoolId,
      trustId: school.trustId,
      schoolId: school.schoolId,
      // The count itself stays out of the audit log: after a withdrawal it must be findable nowhere.
      summary: { from: range.from, to: range.to },
    });
    return count;
  });
}

export async function withdrawRelease(
  db: Kysely<Database>,
  now: Date,
  school: School,
  actor: Actor,
  range: DateRange,
): Promise<boolean> {
  return transact(db, async (trx) => {
    const gone = await trx
      .deleteFrom('restricted_count_release')
      .where('trust_id', '=', school.trustId)
      .where('school_id', '=', school.schoolId)
      .where('period_from', '=', range.from)
      .where('period_to', '=', range.to)
      .executeTakeFirst();
    if (!Number(gone.numDeletedRows)) return false;
    await recordAudit(trx, now, {
      actor,
      action: 'report.restricted-count-withdrawn',
      entityType: 'school',
      entityId: school.schoolId,
      trustId: school.trustId,
      schoolId: school.schoolId,
      summary: { from: range.from, to: range.to },
    });
    return true;
  });
}
