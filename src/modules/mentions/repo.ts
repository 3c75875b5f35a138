/** Mentions' SQL (MON-5), always scoped by school; pupil mentions only for those who may see pupils. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { isUuid } from '../../platform/http/forms.ts';
import type { TriageStatus } from './schema.ts';
import './schema.ts';

interface Scope {
  trustId: string;
  schoolId: string;
}

export async function sourcesOf(db: Kysely<Database>, scope: Scope) {
  return db
    .selectFrom('mention_source as s')
    .selectAll('s')
    .select((eb) =>
      eb
        .selectFrom('mention_item as i')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('i.source_id', '=', 's.id')
        .as('items'),
    )
    .where('s.trust_id', '=', scope.trustId)
    .where('s.school_id', '=', scope.schoolId)
    .where('s.removed_at', 'is', null)
    .orderBy('s.label')
    .execute();
}

export async function findSource(db: Kysely<Database>, scope: Scope, id: string) {
  if (!isUuid(id)) return undefined;
  return db
    .selectFrom('mention_source')
    .selectAll()
    .where('id', '=', id)
    .where('trust_id', '=', scope.trustId)
    .where('school_id', '=', scope.schoolId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
}

export type SourceRow = NonNullable<Awaited<ReturnType<typeof findSource>>>;

export async function namesOf(db: Kysely<Database>, scope: Scope) {
  return db
    .selectFrom('mention_name')
    .select(['id', 'text'])
    .where('trust_id', '=', scope.trustId)
    .where('school_id', '=', scope.schoolId)
    .orderBy('text')
    .execute();
}

export const STATUS_TEXT: Record<TriageStatus, { text: string; tag: string }> = {
  new: { text: 'To triage', tag: 'govuk-tag--blue' },
  watching: { text: 'Keeping an eye on it', tag: 'govuk-tag--yellow' },
  replied: { text: 'Replied', tag: 'govuk-tag--green' },
  concern: { text: 'Concern opened', tag: 'govuk-tag--red' },
  ignored: { text: 'Ignored', tag: 'govuk-tag--grey' },
};

export function isTriageStatus(value: string): value is TriageStatus {
  return Object.hasOwn(STATUS_TEXT, value);
}

export async function itemsOf(
  db: Kysely<Database>,
  scope: Scope,
  options: { seesPupils: boolean; status: TriageStatus | null; limit: number },
) {
  let query = db
    .selectFrom('mention_item as i')
    .innerJoin('mention_source as s', 's.id', 'i.source_id')
    .select([
      'i.id',
      'i.title',
      'i.body',
      'i.author',
      'i.link',
      'i.published_at',
      'i.found_at',
      'i.matches',
      'i.sensitive',
      'i.status',
      's.label as source_label',
    ])
    .where('i.trust_id', '=', scope.trustId)
    .where('i.school_id', '=', scope.schoolId)
    .orderBy('i.found_at', 'desc')
    .orderBy('i.id')
    .limit(options.limit);
  if (!options.seesPupils) query = query.where('i.sensitive', '=', false);
  if (options.status) query = query.where('i.status', '=', options.status);
  return query.execute();
}

export async function countNew(db: Kysely<Database>, scope: Scope, seesPupils: boolean): Promise<number> {
  let query = db
    .selectFrom('mention_item')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('trust_id', '=', scope.trustId)
    .where('school_id', '=', scope.schoolId)
    .where('status', '=', 'new');
  if (!seesPupils) query = query.where('sensitive', '=', false);
  return (await query.executeTakeFirstOrThrow()).n;
}

export async function findItem(db: Kysely<Database>, scope: Scope, id: string, seesPupils: boolean) {
  if (!isUuid(id)) return undefined;
  let query = db
    .selectFrom('mention_item as i')
    .innerJoin('mention_source as s', 's.id', 'i.source_id')
    .selectAll('i')
    .select(['s.label as source_label', 's.kind as source_kind'])
    .where('i.id', '=', id)
    .where('i.trust_id', '=', scope.trustId)
    .where('i.school_id', '=', scope.schoolId);
  if (!seesPupils) query = query.where('i.sensitive', '=', false);
  return query.executeTakeFirst();
}

export type ItemRow = NonNullable<Awaited<ReturnType<typeof findItem>>>;
