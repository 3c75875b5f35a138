/**
 * What a school's mentions are matched against (MON-5): every school of the trust by its name and the
 * names, short names and nicknames each school added; the trust's staff by full name; and the
 * school's pupils by full name (legal and preferred first name with the surname), which marks an item
 * sensitive. Full names only: a first name or surname alone is far too common in local news.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { rosterPupils } from '../../publishing/posts/roster.ts';
import type { MentionMatch } from '../schema.ts';
import { PhraseMatcher } from './phrase-matcher.ts';

export interface Phrase {
  kind: MentionMatch['kind'];
  text: string;
}

export async function schoolPhrases(
  db: Kysely<Database>,
  school: { trustId: string; schoolId: string },
  today: string,
): Promise<Phrase[]> {
  const phrases: Phrase[] = [];
  const schools = await db.selectFrom('school').select(['name']).where('trust_id', '=', school.trustId).execute();
  for (const s of schools) phrases.push({ kind: 'school', text: s.name });
  const names = await db.selectFrom('mention_name').select(['text']).where('trust_id', '=', school.trustId).execute();
  for (const n of names) phrases.push({ kind: 'school', text: n.text });
  const staff = await db
    .selectFrom('person')
    .select(['given_name', 'family_name'])
    .where('trust_id', '=', school.trustId)
    .where((eb) => eb.or([eb('leaving_date', 'is', null), eb('leaving_date', '>=', today)]))
    .execute();
  for (const p of staff) phrases.push({ kind: 'staff', text: `${p.given_name} ${p.family_name}` });
  for (const p of await rosterPupils(db, school.schoolId, today)) {
    phrases.push({ kind: 'pupil', text: `${p.givenName} ${p.familyName}` });
    if (p.preferredName && p.preferredName !== p.givenName)
      phrases.push({ kind: 'pupil', text: `${p.preferredName} ${p.familyName}` });
  }
  return phrases;
}

export interface MentionMatcher {
  /** What the text mentions, each phrase once; empty when it mentions nobody. */
  matches(text: string): MentionMatch[];
}

export function mentionMatcher(phrases: readonly Phrase[]): MentionMatcher {
  const matcher = new PhraseMatcher(phrases.map((p) => p.text));
  return {
    matches(text) {
      const seen = new Set<number>();
      const found: MentionMatch[] = [];
      for (const hit of matcher.find(text)) {
        if (seen.has(hit.phrase)) continue;
        seen.add(hit.phrase);
        found.push({ kind: phrases[hit.phrase]!.kind, text: phrases[hit.phrase]!.text });
      }
      return found;
    },
  };
}
