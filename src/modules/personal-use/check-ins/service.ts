/** STF-2: confirming a check-in, and reading where each person stands. */
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { recordAudit, type Actor } from '../../../platform/audit/audit.ts';
import { ValidationError } from '../../../platform/http/errors.ts';
import { transact } from '../../../platform/db/transact.ts';
import { ukDate } from '../../../platform/clock.ts';
import { effectiveVersionForSchool, settingsFor } from '../../policies/index.ts';
import { checkInOf } from './repo.ts';
import { checkInPeriod, checkInState, isCheckInEvery, type CheckInPeriod } from './rules/period.ts';
import { STATEMENT_KEYS, statementsFor } from './statements.ts';

interface School {
  trustId: string;
  schoolId: string;
}

export async function periodFor(db: Kysely<Database>, school: School, now: Date) {
  const settings = await settingsFor(db, school, now);
  const every = isCheckInEvery(settings.privacyCheckInEvery) ? settings.privacyCheckInEvery : 'term';
  return {
    every,
    everyText: every === 'year' ? 'each school year' : 'each term',
    period: checkInPeriod(ukDate(now), every),
    statements: statementsFor(settings.pupilContactAgeLimit),
  };
}

/** Check-ins are what the policy asks: until the school has a policy in force, no one is asked or chased. */
export async function checkInsStarted(db: Kysely<Database>, school: School, now: Date): Promise<boolean> {
  return Boolean(await effectiveVersionForSchool(db, school, ukDate(now)));
}

export async function myCheckIn(db: Kysely<Database>, school: School, personId: string, now: Date) {
  const { period, statements, everyText } = await periodFor(db, school, now);
  const row = await checkInOf(db, school, personId, period.key);
  return {
    period,
    statements,
    everyText,
    confirmedAt: row?.confirmed_at ?? null,
    state: checkInState(Boolean(row), ukDate(now), period),
  };
}

export const UNTICKED =
  'Tick each statement that is true. If one is not true yet, put it right first (the guidance below says how), then come back.';

/** Records the check-in once per period; a second confirmation in the same period changes nothing. */
export async function confirmCheckIn(
  db: Kysely<Database>,
  now: Date,
  school: School,
  actor: Actor & { id: string },
  ticked: readonly string[],
): Promise<{ period: CheckInPeriod; already: boolean }> {
  const missing = STATEMENT_KEYS.filter((k) => !ticked.includes(k));
  if (missing.length > 0) throw new ValidationError([{ href: `#statement-${missing[0]}`, text: UNTICKED }]);
  const { period } = await periodFor(db, school, now);
  return transact(db, async (trx) => {
    const inserted = await trx
      .insertInto('privacy_checkin')
      .values({
        trust_id: school.trustId,
        school_id: school.schoolId,
        person_id: actor.id,
        period: period.key,
        statements: JSON.stringify([...STATEMENT_KEYS]),
        confirmed_at: now,
      })
      .onConflict((oc) => oc.columns(['school_id', 'person_id', 'period']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return { period, already: true };
    await recordAudit(trx, now, {
      actor,
      action: 'privacy.checked-in',
      entityType: 'privacy_checkin',
      entityId: inserted.id,
      ...school,
      summary: { period: period.key, statements: [...STATEMENT_KEYS] },
    });
    return { period, already: false };
  });
}
