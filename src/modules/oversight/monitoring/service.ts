/**
 * GOV-2: record, review and end the monitoring of one person's use of school systems. Each change and
 * its audit event commit together. The audit event belongs to no tenant and says only that a
 * restricted record changed (as restricted cases do, INC-7): no school's audit page, export or count
 * shows that someone is monitored; the hash chain still covers it and the record keeps the detail.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { recordAudit, type Actor } from '../../../platform/audit/audit.ts';
import { NotFoundError, ValidationError } from '../../../platform/http/errors.ts';
import { transact } from '../../../platform/db/transact.ts';
import { ukDate } from '../../../platform/clock.ts';
import { findRecord, schoolStaff } from './repo.ts';
import { checkRecord, type RecordForm } from './rules/record.ts';

interface School {
  trustId: string;
  schoolId: string;
}

export interface Authoriser extends Actor {
  id: string;
  as: 'headteacher' | 'hr';
}

async function audit(trx: Kysely<Database>, now: Date, actor: Actor, id: string, kind: string) {
  await recordAudit(trx, now, {
    actor,
    action: 'restricted-record.changed',
    entityType: 'restricted-record',
    entityId: id,
    trustId: null,
    schoolId: null,
    summary: { kind },
  });
}

export async function recordMonitoring(
  db: Kysely<Database>,
  now: Date,
  school: School,
  by: Authoriser,
  form: RecordForm,
): Promise<string> {
  const staff = await schoolStaff(db, school, ukDate(now));
  const { input, errors } = checkRecord(form, ukDate(now), new Set(staff.map((p) => p.id)));
  if (!input) throw new ValidationError(errors);
  return transact(db, async (trx) => {
    const row = await trx
      .insertInto('monitoring_record')
      .values({
        trust_id: school.trustId,
        school_id: school.schoolId,
        subject_id: input.subjectId,
        reason: input.reason,
        systems: input.systems,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        authorised_by: by.id,
        authorised_as: by.as,
        recorded_by: by.id,
        recorded_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, now, by, row.id, 'monitoring.recorded');
    return row.id;
  });
}

export async function reviewMonitoring(
  db: Kysely<Database>,
  now: Date,
  school: School,
  by: Authoriser,
  id: string,
  note: string,
): Promise<void> {
  const record = await findRecord(db, school, id);
  if (!record) throw new NotFoundError();
  const text = note.trim();
  if (!text)
    throw new ValidationError([
      { href: '#review-note', text: 'Enter what the review found and why monitoring continues or ends' },
    ]);
  if (text.length > 5000)
    throw new ValidationError([{ href: '#review-note', text: 'The review note must be 5,000 characters or fewer' }]);
  if (record.ended_at)
    throw new ValidationError([
      { href: '#review-note', text: 'This monitoring has ended: there is nothing to review' },
    ]);
  await transact(db, async (trx) => {
    await trx
      .updateTable('monitoring_record')
      .set({ reviewed_at: now, reviewed_by: by.id, review_note: text })
      .where('id', '=', id)
      .where('school_id', '=', school.schoolId)
      .execute();
    await audit(trx, now, by, id, 'monitoring.reviewed');
  });
}

export async function endMonitoring(
  db: Kysely<Database>,
  now: Date,
  school: School,
  by: Authoriser,
  id: string,
  note: string,
): Promise<void> {
  const record = await findRecord(db, school, id);
  if (!record) throw new NotFoundError();
  if (record.ended_at) throw new ValidationError([{ href: '#end-note', text: 'This monitoring has already ended' }]);
  const text = note.trim();
  if (!text)
    throw new ValidationError([{ href: '#end-note', text: 'Enter why monitoring is ending, or what it found' }]);
  if (text.length > 5000)
    throw new ValidationError([{ href: '#end-note', text: 'The note must be 5,000 characters or fewer' }]);
  await transact(db, async (trx) => {
    await trx
      .updateTable('monitoring_record')
      .set({ ended_at: now, ended_by: by.id, end_note: text })
      .where('id', '=', id)
      .where('school_id', '=', school.schoolId)
      .where('ended_at', 'is', null)
      .execute();
    await audit(trx, now, by, id, 'monitoring.ended');
  });
}
