/**
 * GOV-2 reminders: a daily sweep books one reminder per record and stage (a week before its end, and
 * once past it) under a dedupe key; the reminder emails whoever authorised it, without naming the
 * person monitored (the email says only that a record needs them, and links to it).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { enqueueJob, type JobRunner } from '../../../platform/jobs/jobs.ts';
import { queueMail } from '../../../platform/mail/mail.ts';
import { transact } from '../../../platform/db/transact.ts';
import { ukDate } from '../../../platform/clock.ts';
import { formatDate } from '../../../platform/views/nunjucks.ts';
import { monitoringState, REMIND_DAYS_BEFORE_END } from './rules/record.ts';

export const MONITORING_SWEEP_JOB = 'monitoring.sweep';
export const MONITORING_REMINDER_JOB = 'monitoring.ending-reminder';
const DAY = 86_400_000;

export async function scheduleMonitoringSweep(db: Kysely<Database>, now: Date): Promise<void> {
  const next = new Date(`${ukDate(now)}T06:30:00Z`);
  if (next <= now) next.setTime(next.getTime() + DAY);
  await enqueueJob(db, MONITORING_SWEEP_JOB, {}, { runAt: next, dedupeKey: `monitoring-sweep:${next.toISOString()}` });
}

export async function sweepMonitoring(db: Kysely<Database>, now: Date): Promise<number> {
  const today = ukDate(now);
  const horizon = ukDate(new Date(now.getTime() + REMIND_DAYS_BEFORE_END * DAY));
  const due = await db
    .selectFrom('monitoring_record')
    .select(['id', 'ends_on'])
    .select(sql<string>`ends_on::text`.as('ends'))
    .where('ended_at', 'is', null)
    .where('ends_on', '<=', horizon)
    .orderBy('id')
    .execute();
  await transact(db, async (trx) => {
    for (const r of due) {
      const stage = r.ends < today ? 'past-end' : 'ending-soon';
      await enqueueJob(
        trx,
        MONITORING_REMINDER_JOB,
        { recordId: r.id, stage },
        { runAt: now, dedupeKey: `monitoring-ending:${r.id}:${r.ends}:${stage}` },
      );
    }
  });
  return due.length;
}

export function registerMonitoringJobs(jobs: JobRunner, config: { baseUrl: string }): void {
  jobs.register(MONITORING_SWEEP_JOB, async (_payload, { db, now }) => {
    await scheduleMonitoringSweep(db, new Date(now.getTime() + 1));
    await sweepMonitoring(db, now);
  });
  jobs.register(MONITORING_REMINDER_JOB, async (payload, { db, now }) => {
    const r = await db
      .selectFrom('monitoring_record as m')
      .innerJoin('person as a', 'a.id', 'm.authorised_by')
      .select(['m.id', 'm.trust_id', 'm.school_id', 'm.ended_at', 'a.email', 'a.given_name'])
      .select(sql<string>`m.ends_on::text`.as('ends_on'))
      .where('m.id', '=', String(payload.recordId ?? ''))
      .executeTakeFirst();
    if (!r?.email) return;
    const state = monitoringState(r, ukDate(now));
    if (state === 'ended' || state === 'active') return;
    await transact(db, (trx) =>
      queueMail(trx, now, {
        to: r.email!,
        trustId: r.trust_id,
        schoolId: r.school_id,
        sensitive: true,
        subject: state === 'past-end' ? 'A monitoring record is past its end date' : 'A monitoring record ends soon',
        text: [
          `Dear ${r.given_name},`,
          '',
          state === 'past-end'
            ? `Monitoring you authorised was due to end on ${formatDate(r.ends_on)} and has not been ended.`
            : `Monitoring you authorised is due to end on ${formatDate(r.ends_on)}.`,
          'Review it: record that it has ended, or review it and set out why it continues.',
          '',
          `${config.baseUrl}/monitoring-records/${r.id}`,
        ].join('\n'),
      }),
    );
  });
}
