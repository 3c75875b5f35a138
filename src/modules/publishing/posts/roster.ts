/**
 * The school's roster as the checks take it, with the matcher built once per school and kept until
 * the roster changes (PUB-2). Building a matcher for a large trust takes a noticeable fraction of a
 * second; checking a post takes well under a millisecond, so the cache is what makes checking as
 * the author writes affordable. A cheap version query (count and last change) decides whether the
 * pupils must be read again; the fingerprint of what was read decides whether to rebuild.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { buildRosterMatcher, rosterFingerprint, type RosterMatcher, type RosterPupil } from '../checks/index.ts';

export interface SchoolRoster {
  matcher: RosterMatcher;
  pupils: ReadonlyMap<string, RosterPupil>;
}

interface Cached extends SchoolRoster {
  version: string;
  fingerprint: string;
}

const cache = new Map<string, Cached>();
const MAX_SCHOOLS = 64;

/**
 * The pupils the checks protect, in a fixed order (the fingerprint depends on it): those on roll
 * today, and those who have left but are still under 18. A child who moved on last summer, or a
 * looked-after child who has just left, is still a child the school must not name.
 */
export async function rosterPupils(db: Kysely<Database>, schoolId: string, today: string): Promise<RosterPupil[]> {
  const adultIfBornBefore = `${Number(today.slice(0, 4)) - 18}${today.slice(4)}`;
  const rows = await db
    .selectFrom('pupil')
    .select([
      'id',
      'given_name',
      'preferred_name',
      'family_name',
      'form_group',
      'year_group',
      'date_of_birth',
      'never_publish',
      'consent_social',
    ])
    .where('school_id', '=', schoolId)
    .where((eb) =>
      eb.or([
        eb('leaving_date', 'is', null),
        eb('leaving_date', '>', today),
        eb('date_of_birth', '>', adultIfBornBefore),
      ]),
    )
    .orderBy('id')
    .execute();
  return rows.map((p) => ({
    id: p.id,
    givenName: p.given_name,
    preferredName: p.preferred_name,
    familyName: p.family_name,
    formGroup: p.form_group,
    yearGroup: p.year_group,
    dateOfBirth: p.date_of_birth,
    neverPublish: p.never_publish,
    consentSocial: p.consent_social,
  }));
}

async function rosterVersion(db: Kysely<Database>, schoolId: string, today: string): Promise<string> {
  const row = await db
    .selectFrom('pupil')
    .select([sql<number>`count(*)::int`.as('n'), sql<string>`coalesce(max(updated_at)::text, '')`.as('last')])
    .where('school_id', '=', schoolId)
    .executeTakeFirstOrThrow();
  // Leaving dates pass with the calendar, not with an update: the day is part of the version.
  return `${row.n}|${row.last}|${today}`;
}

export async function schoolRoster(db: Kysely<Database>, schoolId: string, today: string): Promise<SchoolRoster> {
  const version = await rosterVersion(db, schoolId, today);
  const cached = cache.get(schoolId);
  if (cached && cached.version === version) return cached;
  const pupils = await rosterPupils(db, schoolId, today);
  const fingerprint = rosterFingerprint(pupils);
  if (cached && cached.fingerprint === fingerprint) {
    cached.version = version;
    return cached;
  }
  const entry: Cached = {
    version,
    fingerprint,
    matcher: buildRosterMatcher(pupils),
    pupils: new Map(pupils.map((p) => [p.id, p])),
  };
  cache.delete(schoolId);
  if (cache.size >= MAX_SCHOOLS) cache.delete(cache.keys().next().value!);
  cache.set(schoolId, entry);
  return entry;
}
