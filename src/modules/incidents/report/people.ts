/**
 * Finding the pupils and staff a reporter names (INC-1): typed names are searched in the school's
 * own roll and staff list; one match is taken, several are offered as a choice, none is an error
 * that points to the box for people outside the school.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { yearGroupLabel } from '../../directory/people.ts';
import type { School } from '../cases/repo.ts';

export interface PersonChoice {
  value: string; // "pupil:<id>" or "staff:<id>"
  kind: 'pupil' | 'staff';
  id: string;
  name: string;
  hint: string;
}

export type Resolution =
  | { state: 'found'; person: PersonChoice }
  | { state: 'several'; choices: PersonChoice[] }
  | { state: 'none' };

export async function searchPeople(
  db: Kysely<Database>,
  school: School,
  text: string,
  today: string,
): Promise<PersonChoice[]> {
  const q = text.trim().replace(/\s+/g, ' ').toLowerCase().slice(0, 100);
  if (q.length < 2) return [];
  const like = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const [pupils, staff] = await Promise.all([
    db
      .selectFrom('pupil')
      .select(['id', 'given_name', 'preferred_name', 'family_name', 'year_group'])
      .where('school_id', '=', school.schoolId)
      .where('trust_id', '=', school.trustId)
      .where((eb) => eb.or([eb('leaving_date', 'is', null), eb('leaving_date', '>', today)]))
      .where(
        sql<boolean>`(lower(given_name || ' ' || family_name) LIKE ${like} OR lower(coalesce(preferred_name, given_name) || ' ' || family_name) LIKE ${like})`,
      )
      .orderBy('family_name')
      .orderBy('given_name')
      .limit(10)
      .execute(),
    db
      .selectFrom('person')
      .select(['id', 'given_name', 'family_name', 'job_title'])
      .where('school_id', '=', school.schoolId)
      .where('trust_id', '=', school.trustId)
      .where((eb) => eb.or([eb('leaving_date', 'is', null), eb('leaving_date', '>', today)]))
      .where(sql<boolean>`lower(given_name || ' ' || family_name) LIKE ${like}`)
      .orderBy('family_name')
      .orderBy('given_name')
      .limit(10)
      .execute(),
  ]);
  return [
    ...staff.map((s) => ({
      value: `staff:${s.id}`,
      kind: 'staff' as const,
      id: s.id,
      name: `${s.given_name} ${s.family_name}`,
      hint: s.job_title ?? 'Staff',
    })),
    ...pupils.map((p) => ({
      value: `pupil:${p.id}`,
      kind: 'pupil' as const,
      id: p.id,
      name: `${p.preferred_name ?? p.given_name} ${p.family_name}`,
      hint: `Pupil, ${yearGroupLabel(p.year_group)}`,
    })),
  ];
}

/** One typed name: an exact full-name match wins; otherwise the partial matches. */
export async function resolveName(
  db: Kysely<Database>,
  school: School,
  text: string,
  today: string,
  picked: string | undefined,
): Promise<Resolution> {
  const matches = await searchPeople(db, school, text, today);
  if (picked) {
    const chosen = matches.find((m) => m.value === picked);
    if (chosen) return { state: 'found', person: chosen };
  }
  const exact = matches.filter((m) => m.name.toLowerCase() === text.trim().replace(/\s+/g, ' ').toLowerCase());
  const pool = exact.length ? exact : matches;
  if (pool.length === 1) return { state: 'found', person: pool[0]! };
  if (pool.length === 0) return { state: 'none' };
  return { state: 'several', choices: pool };
}
