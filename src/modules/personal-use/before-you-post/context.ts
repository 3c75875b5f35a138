/**
 * What the "before you post" check (STF-1) needs from the database, built once and kept until it
 * changes: the school's pupils (publishing's own cached matcher), the trust's staff as a matcher of
 * names, and the trust's schools' names and nicknames. Nothing here ever sees a draft.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { ukDate } from '../../../platform/clock.ts';
import { buildRosterMatcher, type RosterMatcher, type RosterPupil } from '../../publishing/checks/index.ts';
import { schoolRoster } from '../../publishing/index.ts';
import { schoolNameForms, schoolNamesLexicon, type PersonalCheckContext } from './rules/check.ts';
import type { Lexicon } from '../../publishing/checks/index.ts';

interface StaffList {
  version: string;
  matcher: RosterMatcher;
  surnames: Map<string, number>;
  schoolNames: Lexicon;
}

const trusts = new Map<string, StaffList>();
const MAX_TRUSTS = 16;

/** The trust's people as the name matcher takes them (it was made for pupils: the class fields stay empty). */
export function staffAsRoster(
  people: readonly { id: string; given_name: string; family_name: string }[],
): RosterPupil[] {
  return people.map((p) => ({
    id: p.id,
    givenName: p.given_name,
    familyName: p.family_name,
    neverPublish: false,
    consentSocial: true,
  }));
}

export function surnamesOf(people: readonly { family_name: string }[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of people) {
    const s = p.family_name.trim().toLowerCase();
    if (s) out.set(s, (out.get(s) ?? 0) + 1);
  }
  return out;
}

async function trustLists(db: Kysely<Database>, trustId: string, today: string): Promise<StaffList> {
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's expression builder, as the home page's roster query types it
  const current = (eb: any) => eb.or([eb('leaving_date', 'is', null), eb('leaving_date', '>', today)]);
  const v = await db
    .selectFrom('person')
    .select([sql<number>`count(*)::int`.as('n'), sql<string>`coalesce(max(updated_at)::text, '')`.as('last')])
    .where('trust_id', '=', trustId)
    .where(current)
    .executeTakeFirstOrThrow();
  const schools = await db
    .selectFrom('school')
    .select(['name', 'nicknames'])
    .where('trust_id', '=', trustId)
    .orderBy('name')
    .execute();
  const names = schools.map((s) => ({ name: s.name, nicknames: Array.isArray(s.nicknames) ? s.nicknames : [] }));
  const version = `${v.n}|${v.last}|${today}|${JSON.stringify(names)}`;
  const cached = trusts.get(trustId);
  if (cached && cached.version === version) return cached;
  const people = await db
    .selectFrom('person')
    .select(['id', 'given_name', 'family_name'])
    .where('trust_id', '=', trustId)
    .where(current)
    .orderBy('id')
    .execute();
  const entry: StaffList = {
    version,
    matcher: buildRosterMatcher(staffAsRoster(people)),
    surnames: surnamesOf(people),
    schoolNames: schoolNamesLexicon(schoolNameForms(names)),
  };
  trusts.delete(trustId);
  if (trusts.size >= MAX_TRUSTS) trusts.delete(trusts.keys().next().value!);
  trusts.set(trustId, entry);
  return entry;
}

export async function personalCheckContext(
  db: Kysely<Database>,
  school: { trustId: string; schoolId: string },
  writer: { id: string; familyName: string },
  now: Date,
): Promise<PersonalCheckContext> {
  const today = ukDate(now);
  const [roster, lists, schoolRow] = await Promise.all([
    schoolRoster(db, school.schoolId, today),
    trustLists(db, school.trustId, today),
    db
      .selectFrom('school')
      .select('confidential_terms')
      .where('id', '=', school.schoolId)
      .where('trust_id', '=', school.trustId)
      .executeTakeFirstOrThrow(),
  ]);
  const self = lists.matcher.indexOf(writer.id);
  return {
    pupils: roster.matcher,
    staff: lists.matcher,
    self: new Set(self === undefined ? [] : [self]),
    staffSurnames: lists.surnames,
    selfSurname: writer.familyName.trim().toLowerCase(),
    schoolNames: lists.schoolNames,
    extraConfidentialTerms: Array.isArray(schoolRow.confidential_terms) ? schoolRow.confidential_terms : [],
    today: now,
  };
}
