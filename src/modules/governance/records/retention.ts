// Retention periods per school and the job that applies them (GOV-3). Each deletion or
// anonymisation commits with an audit event that says what kind of record, how many and under which
// period; the audit log itself is never touched.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { recordAudit, type Actor } from '../../../platform/audit/audit.ts';
import { transact } from '../../../platform/db/transact.ts';
import { ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { enqueueJob, type JobRunner } from '../../../platform/jobs/jobs.ts';
import { ukDate } from '../../../platform/clock.ts';
import { expiryCutoff, readMonths, RETENTION_TYPES, type RetentionType } from './retention-rules.ts';

type School = { trustId: string; schoolId: string };
const SYSTEM: Actor = { id: null, label: 'Postwarden (retention)' };
export const RETENTION_JOB = 'records.retention';
const DAY_MS = 86_400_000;

export async function retentionSettings(
  db: Kysely<Database>,
  school: School,
): Promise<(RetentionType & { months: number; isDefault: boolean })[]> {
  const rows = await db
    .selectFrom('retention_period')
    .select(['record_type', 'months'])
    .where('trust_id', '=', school.trustId)
    .where('school_id', '=', school.schoolId)
    .execute();
  const set = new Map(rows.map((r) => [r.record_type, r.months]));
  return RETENTION_TYPES.map((t) => ({ ...t, months: set.get(t.key) ?? t.defaultMonths, isDefault: !set.has(t.key) }));
}

/** Saves every period on the form, or none: one bad value refuses the lot with a message beside it. */
export async function saveRetention(
  db: Kysely<Database>,
  now: Date,
  school: School,
  actor: Actor,
  fields: Record<string, string>,
): Promise<number> {
  const errors: FieldError[] = [];
  const chosen: { type: RetentionType; months: number }[] = [];
  for (const type of RETENTION_TYPES) {
    const raw = fields[type.key];
    if (raw === undefined) continue;
    const read = readMonths(type, raw);
    if ('error' in read) errors.push({ href: `#${type.key}`, text: read.error });
    else chosen.push({ type, months: read.months });
  }
  if (errors.length) throw new ValidationError(errors);
  return transact(db, async (trx) => {
    const current = new Map((await retentionSettings(trx, school)).map((t) => [t.key, t.months]));
    let changed = 0;
    for (const { type, months } of chosen) {
      const before = current.get(type.key);
      if (before === months) continue;
      await trx
        .insertInto('retention_period')
        .values({
          school_id: school.schoolId,
          trust_id: school.trustId,
          record_type: type.key,
          months,
          updated_at: now,
          updated_by: actor.id,
        })
        .onConflict((oc) =>
          oc.columns(['school_id', 'record_type']).doUpdateSet({ months, updated_at: now, updated_by: actor.id }),
        )
        .execute();
      await recordAudit(trx, now, {
        actor,
        action: 'records.retention-changed',
        entityType: 'retention-period',
        entityId: null,
        trustId: school.trustId,
        schoolId: school.schoolId,
        summary: { recordType: type.key, before: { months: before }, after: { months } },
      });
      changed++;
    }
    return changed;
  });
}

async function audited(
  trx: Kysely<Database>,
  now: Date,
  school: School,
  type: RetentionType,
  months: number,
  count: number,
) {
  if (!count) return;
  await recordAudit(trx, now, {
    actor: SYSTEM,
    action: 'records.retention-applied',
    entityType: 'retention-period',
    trustId: school.trustId,
    schoolId: school.schoolId,
    summary: { recordType: type.key, months, [type.key === 'former-staff' ? 'anonymised' : 'deleted']: count },
  });
}

const APPLY: Record<string, (trx: Kysely<Database>, now: Date, school: School, cutoff: Date) => Promise<number>> = {
  async mail(trx, _now, school, cutoff) {
    const r = await trx
      .deleteFrom('mail_message')
      .where('trust_id', '=', school.trustId)
      .where('school_id', '=', school.schoolId)
      .where('created_at', '<', cutoff)
      .where('status', '<>', 'queued')
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  },
  async 'roster-imports'(trx, _now, school, cutoff) {
    const old = trx
      .selectFrom('import_batch')
      .select('id')
      .where('trust_id', '=', school.trustId)
      .where('school_id', '=', school.schoolId)
      .where('created_at', '<', cutoff)
      .where('status', 'not in', ['queued', 'running']);
    await trx.deleteFrom('import_change').where('batch_id', 'in', old).execute();
    const r = await trx.deleteFrom('import_batch').where('id', 'in', old).executeTakeFirst();
    return Number(r.numDeletedRows);
  },
  // Closed, unrestricted cases only; each case's chronology records the removal, as a system entry.
  async 'case-evidence'(trx, now, school, cutoff) {
    const cases = await sql<{ id: string; n: number }>`
      SELECT c.id, count(e.id)::int AS n FROM concern_case c JOIN case_evidence e ON e.case_id = c.id
      WHERE c.trust_id = ${school.trustId} AND c.school_id = ${school.schoolId} AND c.status = 'closed'
        AND NOT c.restricted AND c.closed_at < ${cutoff}
      GROUP BY c.id`.execute(trx);
    let total = 0;
    for (const c of cases.rows) {
      await trx.deleteFrom('case_evidence').where('case_id', '=', c.id).execute();
      await trx
        .insertInto('case_event')
        .values({
          case_id: c.id,
          trust_id: school.trustId,
          school_id: school.schoolId,
          at: now,
          actor_id: null,
          actor_label: SYSTEM.label,
          kind: 'case.evidence-deleted',
          text: `${c.n} evidence ${c.n === 1 ? 'item' : 'items'} deleted: the school's retention period had passed.`,
          detail: JSON.stringify({ count: c.n }),
        })
        .execute();
      total += c.n;
    }
    return total;
  },
  async 'former-staff'(trx, _now, school, cutoff) {
    const leavers = trx
      .selectFrom('person')
      .select('id')
      .where('trust_id', '=', school.trustId)
      .where('school_id', '=', school.schoolId)
      .where('leaving_date', '<', ukDate(cutoff))
      .where((eb) =>
        eb.or([eb('email', 'is not', null), eb('password_hash', 'is not', null), eb('mis_id', 'is not', null)]),
      );
    const ids = (await leavers.execute()).map((r) => r.id);
    if (!ids.length) return 0;
    await trx.deleteFrom('role_assignment').where('person_id', 'in', ids).execute();
    await trx.deleteFrom('password_reset').where('person_id', 'in', ids).execute();
    await trx
      .updateTable('person')
      .set({
        given_name: 'Former',
        family_name: 'member of staff',
        email: null,
        password_hash: null,
        mis_id: null,
        job_title: null,
        updated_at: _now,
      })
      .where('id', 'in', ids)
      .execute();
    return ids.length;
  },
};

/** Applies every school's periods as at `now`, one school and one record type per transaction. */
export async function applyRetention(db: Kysely<Database>, now: Date): Promise<Record<string, number>> {
  const totals: Record<string, number> = {};
  const schools = await db.selectFrom('school').select(['id', 'trust_id']).execute();
  for (const s of schools) {
    const school = { trustId: s.trust_id, schoolId: s.id };
    for (const type of await retentionSettings(db, school)) {
      await transact(db, async (trx) => {
        const count = await APPLY[type.key]!(trx, now, school, expiryCutoff(now, type.months));
        await audited(trx, now, school, type, type.months, count);
        totals[type.key] = (totals[type.key] ?? 0) + count;
      });
    }
  }
  return totals;
}

/** Once a day, at 02:00 UTC, whichever instance gets there first. */
export async function scheduleRetention(db: Kysely<Database>, now: Date): Promise<void> {
  const next = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS + DAY_MS + 2 * 3_600_000);
  await enqueueJob(db, RETENTION_JOB, {}, { runAt: next, dedupeKey: `retention:${next.toISOString()}` });
}

export function registerRetentionJob(jobs: JobRunner): void {
  jobs.register(RETENTION_JOB, async (_payload, { db, now }) => {
    try {
      await applyRetention(db, now);
    } finally {
      await scheduleRetention(db, now);
    }
  });
}
