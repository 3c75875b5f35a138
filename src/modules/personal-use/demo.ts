/**
 * Demo data for staff's own use (STF-1, STF-2): the schools' nicknames, which "before you post" looks
 * for, and privacy check-ins: last term's done by nearly everyone, this term's by some (the rest show
 * as due or overdue, depending on the day the demo is made).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { ukDate } from '../../platform/clock.ts';
import { checkInPeriod } from './check-ins/rules/period.ts';
import { STATEMENT_KEYS } from './check-ins/statements.ts';

const DAY = 86_400_000;

export async function seedPersonalUseDemo(
  trx: Kysely<Database>,
  now: Date,
  trustId: string,
  schools: { primary: string; secondary: string },
  people: Record<string, string>,
): Promise<void> {
  await trx
    .updateTable('school')
    .set({ nicknames: JSON.stringify(['the Larks', 'LPS']) })
    .where('id', '=', schools.primary)
    .execute();
  await trx
    .updateTable('school')
    .set({ nicknames: JSON.stringify(['HBA', 'the Bridge']) })
    .where('id', '=', schools.secondary)
    .execute();

  const current = checkInPeriod(ukDate(now), 'term');
  const previous = checkInPeriod(ukDate(new Date(new Date(`${current.starts}T12:00:00Z`).getTime() - DAY)), 'term');
  const staff = await trx
    .selectFrom('person')
    .select(['id', 'school_id'])
    .where('trust_id', '=', trustId)
    .where('school_id', 'is not', null)
    .orderBy('family_name')
    .orderBy('id')
    .execute();
  // The teachers whose check-in the demo leaves open this term, so their home page asks for it.
  const open = new Set([people['teacher-primary'], people['pe-teacher']].filter(Boolean));
  const rows = staff.flatMap((p, i) => {
    const out = [];
    if (i % 7 !== 3)
      out.push({ period: previous.key, at: new Date(`${previous.starts}T09:00:00Z`).getTime() + (i % 20) * DAY });
    if (!open.has(p.id) && i % 3 !== 0)
      out.push({
        period: current.key,
        at: Math.min(now.getTime() - DAY, new Date(`${current.starts}T09:00:00Z`).getTime() + (i % 30) * DAY),
      });
    return out.map((c) => ({
      trust_id: trustId,
      school_id: p.school_id!,
      person_id: p.id,
      period: c.period,
      statements: JSON.stringify([...STATEMENT_KEYS]),
      confirmed_at: new Date(c.at),
    }));
  });
  if (rows.length > 0) await trx.insertInto('privacy_checkin').values(rows).execute();
}
