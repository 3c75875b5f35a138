/**
 * STF-2 reminders, as durable jobs. A daily sweep books one reminder job per person, period and stage
 * (when the period opens, and once it is overdue) under a dedupe key, so however often the sweep runs
 * (or on however many instances), each person gets each reminder once. The reminder itself checks
 * again that the check-in is still missing before it writes the email.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { enqueueJob, type JobRunner } from '../../../platform/jobs/jobs.ts';
import { queueMail } from '../../../platform/mail/mail.ts';
import { transact } from '../../../platform/db/transact.ts';
import { ukDate } from '../../../platform/clock.ts';
import { formatDate } from '../../../platform/views/nunjucks.ts';
import { checkInOf, notCheckedIn } from './repo.ts';
import { checkInsStarted, periodFor } from './service.ts';

export const CHECKIN_SWEEP_JOB = 'privacy.checkin-sweep';
export const CHECKIN_REMINDER_JOB = 'privacy.checkin-reminder';
const DAY = 86_400_000;

/** The next sweep: 07:00 UTC tomorrow (or today, if that is still ahead). */
export async function scheduleCheckInSweep(db: Kysely<Database>, now: Date): Promise<void> {
  const next = new Date(`${ukDate(now)}T07:00:00Z`);
  if (next <= now) next.setTime(next.getTime() + DAY);
  await enqueueJob(db, CHECKIN_SWEEP_JOB, {}, { runAt: next, dedupeKey: `privacy-sweep:${next.toISOString()}` });
}

export async function sweepCheckIns(db: Kysely<Database>, now: Date): Promise<number> {
  const today = ukDate(now);
  const schools = await db.selectFrom('school').select(['id', 'trust_id']).orderBy('id').execute();
  let booked = 0;
  for (const s of schools) {
    const school = { trustId: s.trust_id, schoolId: s.id };
    if (!(await checkInsStarted(db, school, now))) continue;
    const { period } = await periodFor(db, school, now);
    const stage = today > period.due ? 'overdue' : 'open';
    const people = await notCheckedIn(db, school, period, today);
    await transact(db, async (trx) => {
      for (const p of people) {
        await enqueueJob(
          trx,
          CHECKIN_REMINDER_JOB,
          { trustId: s.trust_id, schoolId: s.id, personId: p.id, period: period.key, stage },
          { runAt: now, dedupeKey: `privacy-reminder:${s.id}:${p.id}:${period.key}:${stage}` },
        );
        booked++;
      }
    });
  }
  return booked;
}

export function registerCheckInJobs(jobs: JobRunner, config: { baseUrl: string }): void {
  jobs.register(CHECKIN_SWEEP_JOB, async (_payload, { db, now }) => {
    await scheduleCheckInSweep(db, new Date(now.getTime() + 1));
    await sweepCheckIns(db, now);
  });
  jobs.register(CHECKIN_REMINDER_JOB, async (payload, { db, now }) => {
    const school = { trustId: String(payload.trustId), schoolId: String(payload.schoolId) };
    const personId = String(payload.personId);
    const { period } = await periodFor(db, school, now);
    if (period.key !== payload.period) return; // a new period has begun: its own sweep will ask
    if (await checkInOf(db, school, personId, period.key)) return;
    const person = await db
      .selectFrom('person')
      .select(['email', 'given_name'])
      .where('id', '=', personId)
      .where('trust_id', '=', school.trustId)
      .executeTakeFirst();
    if (!person?.email) return;
    const overdue = payload.stage === 'overdue';
    await transact(db, (trx) =>
      queueMail(trx, now, {
        to: person.email!,
        trustId: school.trustId,
        schoolId: school.schoolId,
        subject: overdue ? 'Your privacy check-in is overdue' : 'Time for your privacy check-in',
        text: [
          `Dear ${person.given_name},`,
          '',
          overdue
            ? `Your privacy check-in for the ${period.label.toLowerCase()} was due by ${formatDate(period.due)}.`
            : `Please do your privacy check-in for the ${period.label.toLowerCase()} by ${formatDate(period.due)}.`,
          'Check the privacy settings of your personal social media accounts and confirm three short statements. It takes a few minutes, and the page says how to check each platform.',
          '',
          `${config.baseUrl}/privacy-check-in`,
        ].join('\n'),
      }),
    );
  });
}
