/**
 * Demo monitoring records (GOV-2): at Harbour Bridge, HR's record of monitoring a teacher's use of
 * school email, reviewed once and due to end within the week (so HR's and the head's home pages ask
 * for it); at Larkfield, an ended one the head authorised last term. Sign in as HR or a head to see
 * them; everyone else gets "Page not found".
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { ukDate } from '../../platform/clock.ts';

const DAY = 86_400_000;

export async function seedOversightDemo(
  trx: Kysely<Database>,
  now: Date,
  trustId: string,
  schools: { primary: string; secondary: string },
  people: Record<string, string>,
): Promise<void> {
  const day = (offset: number) => ukDate(new Date(now.getTime() + offset * DAY));
  const at = (offset: number) => new Date(now.getTime() + offset * DAY);
  if (people['pe-teacher'] && people.hr)
    await trx
      .insertInto('monitoring_record')
      .values({
        trust_id: trustId,
        school_id: schools.secondary,
        subject_id: people['pe-teacher'],
        reason:
          'A parent reported messages from a school email address to a Year 10 pupil outside school hours. Monitoring checks whether the account is used to contact pupils directly, pending the investigation.',
        systems: 'School email account and web browsing on school devices',
        starts_on: day(-25),
        ends_on: day(5),
        authorised_by: people.hr,
        authorised_as: 'hr',
        recorded_by: people.hr,
        recorded_at: at(-25),
        reviewed_at: at(-11),
        reviewed_by: people.hr,
        review_note: 'Two weeks in: nothing further found; continue until the investigation meeting.',
      })
      .execute();
  if (people['teacher-primary'] && people['head-primary'])
    await trx
      .insertInto('monitoring_record')
      .values({
        trust_id: trustId,
        school_id: schools.primary,
        subject_id: people['teacher-primary'],
        reason: 'The web filter reported repeated visits to gambling sites from a classroom laptop during lessons.',
        systems: 'Web browsing on the Year 4 classroom laptop',
        starts_on: day(-120),
        ends_on: day(-90),
        authorised_by: people['head-primary'],
        authorised_as: 'headteacher',
        recorded_by: people['head-primary'],
        recorded_at: at(-120),
        reviewed_at: at(-105),
        reviewed_by: people['head-primary'],
        review_note: 'The visits came from a supply teacher’s session, not this teacher.',
        ended_at: at(-100),
        ended_by: people['head-primary'],
        end_note: 'Concern not upheld: the teacher was not the user. Ended early.',
      })
      .execute();
}
