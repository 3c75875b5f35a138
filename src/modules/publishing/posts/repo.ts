// Posts: the SQL, always scoped by school. Another school's id finds nothing.
import { sql, type Kysely } from 'kysely';
import type { Database, PostStatus } from '../../../platform/db/schema.ts';
import { isUuid } from '../../../platform/http/forms.ts';
import { STOPPABLE } from './access.ts';

interface School {
  trustId: string;
  schoolId: string;
}

export async function findPost(db: Kysely<Database>, school: School, id: string) {
  if (!isUuid(id)) return undefined;
  return db
    .selectFrom('post')
    .selectAll()
    .where('id', '=', id)
    .where('trust_id', '=', school.trustId)
    .where('school_id', '=', school.schoolId)
    .executeTakeFirst();
}

export type PostRow = NonNullable<Awaited<ReturnType<typeof findPost>>>;

/** The post, locked for the rest of the transaction, so two changes never interleave. */
export async function lockPost(trx: Kysely<Database>, school: School, id: string) {
  if (!isUuid(id)) return undefined;
  return trx
    .selectFrom('post')
    .selectAll()
    .where('id', '=', id)
    .where('trust_id', '=', school.trustId)
    .where('school_id', '=', school.schoolId)
    .forUpdate()
    .executeTakeFirst();
}

const IMAGE_FACTS = [
  'id',
  'post_id',
  'position',
  'file_name',
  'mime_type',
  'sha256',
  'width',
  'height',
  'alt_text',
  'had_location',
  'removed_metadata',
  'detected_faces',
  'confirmed_pupils',
  'no_pupils_visible',
  'tagged_pupil_ids',
] as const;

/** A post's photos without their bytes, in order. */
export async function imagesOf(db: Kysely<Database>, postId: string) {
  return db.selectFrom('post_image').select(IMAGE_FACTS).where('post_id', '=', postId).orderBy('position').execute();
}

export type ImageRow = Awaited<ReturnType<typeof imagesOf>>[number];

/** One photo with its bytes, of a post of the school. */
export async function imageFile(db: Kysely<Database>, school: School, postId: string, imageId: string) {
  if (!isUuid(imageId) || !isUuid(postId)) return undefined;
  return db
    .selectFrom('post_image')
    .select(['id', 'file_name', 'mime_type', 'bytes', 'sha256', 'width', 'height', 'alt_text'])
    .where('id', '=', imageId)
    .where('post_id', '=', postId)
    .where('school_id', '=', school.schoolId)
    .where('trust_id', '=', school.trustId)
    .executeTakeFirst();
}

export async function imagesWithBytes(db: Kysely<Database>, postId: string) {
  return db
    .selectFrom('post_image')
    .select(['id', 'file_name', 'mime_type', 'bytes', 'width', 'height', 'alt_text'])
    .where('post_id', '=', postId)
    .orderBy('position')
    .execute();
}

export async function timelineOfPost(db: Kysely<Database>, postId: string) {
  return db
    .selectFrom('post_event')
    .select(['id', 'at', 'actor_label', 'kind', 'comment', 'detail'])
    .where('post_id', '=', postId)
    .orderBy('id', 'desc')
    .execute();
}

export async function overridesOf(db: Kysely<Database>, postId: string) {
  return db
    .selectFrom('post_override as o')
    .innerJoin('person as p', 'p.id', 'o.overridden_by')
    .select([
      'o.finding_key',
      'o.rule',
      'o.message',
      'o.reason',
      'o.confirmation',
      'o.at',
      'o.content_hash',
      'p.given_name',
      'p.family_name',
    ])
    .where('o.post_id', '=', postId)
    .orderBy('o.at')
    .execute();
}

export interface PostListRow {
  id: string;
  text: string;
  status: PostStatus;
  account_name: string;
  platform: string;
  author_given: string;
  author_family: string;
  updated_at: Date;
  published_at: Date | null;
  url: string | null;
}

function listQuery(db: Kysely<Database>, school: School) {
  return db
    .selectFrom('post as p')
    .innerJoin('official_account as a', 'a.id', 'p.account_id')
    .innerJoin('person as au', 'au.id', 'p.author_id')
    .select([
      'p.id',
      'p.text',
      'p.status',
      'a.name as account_name',
      'a.platform',
      'au.given_name as author_given',
      'au.family_name as author_family',
      'p.updated_at',
      'p.published_at',
      'p.url',
    ])
    .where('p.trust_id', '=', school.trustId)
    .where('p.school_id', '=', school.schoolId);
}

/** The posts this person wrote that are still in hand (not yet published, taken down or rejected). */
export async function postsInHandBy(db: Kysely<Database>, school: School, personId: string): Promise<PostListRow[]> {
  return listQuery(db, school)
    .where('p.author_id', '=', personId)
    .where('p.status', 'not in', ['published', 'taken_down', 'rejected'])
    .orderBy('p.updated_at', 'desc')
    .limit(200)
    .execute() as Promise<PostListRow[]>;
}

/** Posts waiting for an approver's decision, oldest first. */
export async function postsAwaitingApproval(db: Kysely<Database>, school: School): Promise<PostListRow[]> {
  return listQuery(db, school)
    .where('p.status', '=', 'submitted')
    .orderBy('p.submitted_at')
    .limit(200)
    .execute() as Promise<PostListRow[]>;
}

/** Posts in hand that the checks stopped because they name or show a pupil on the never-publish list, newest first. */
export async function postsStoppedForNeverPublish(
  db: Kysely<Database>,
  school: School,
  limit = 200,
): Promise<PostListRow[]> {
  return listQuery(db, school)
    .where('p.status', 'in', STOPPABLE)
    .where(sql<boolean>`p.findings @> '[{"rule":"never-publish"}]'::jsonb`)
    .orderBy('p.updated_at', 'desc')
    .limit(limit)
    .execute() as Promise<PostListRow[]>;
}

/** Published and taken-down posts (the record, PUB-5), newest first, optionally of one account or with some words. */
export async function archive(
  db: Kysely<Database>,
  school: School,
  filter: { accountId?: string; words?: string; status?: 'published' | 'taken_down' },
  limit = 100,
): Promise<PostListRow[]> {
  let query = listQuery(db, school).where(
    'p.status',
    'in',
    filter.status ? [filter.status] : ['published', 'taken_down'],
  );
  if (filter.accountId && isUuid(filter.accountId)) query = query.where('p.account_id', '=', filter.accountId);
  if (filter.words) query = query.where('p.text', 'ilike', `%${filter.words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return query.orderBy('p.published_at', 'desc').limit(limit).execute() as Promise<PostListRow[]>;
}

/** Accounts of the school that have posts in the record, for the archive's filter. */
export async function accountsWithPosts(db: Kysely<Database>, school: School) {
  return db
    .selectFrom('official_account as a')
    .select(['a.id', 'a.name'])
    .where('a.school_id', '=', school.schoolId)
    .where('a.trust_id', '=', school.trustId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('post as p')
          .select('p.id')
          .whereRef('p.account_id', '=', 'a.id')
          .where('p.status', 'in', ['published', 'taken_down']),
      ),
    )
    .orderBy('a.name')
    .execute();
}

export async function personName(db: Kysely<Database>, id: string | null): Promise<string | null> {
  if (!id) return null;
  const p = await db.selectFrom('person').select(['given_name', 'family_name']).where('id', '=', id).executeTakeFirst();
  return p ? `${p.given_name} ${p.family_name}` : null;
}

/** Pupils of the school whose name or class matches, for tagging a photo (on roll today). */
export async function searchPupils(db: Kysely<Database>, school: School, words: string, today: string) {
  const terms = words.trim().toLowerCase().split(/\s+/).filter(Boolean).slice(0, 4);
  if (terms.length === 0) return [];
  let query = db
    .selectFrom('pupil')
    .select([
      'id',
      'given_name',
      'preferred_name',
      'family_name',
      'year_group',
      'form_group',
      'never_publish',
      'consent_social',
    ])
    .where('school_id', '=', school.schoolId)
    .where('trust_id', '=', school.trustId)
    .where((eb) => eb.or([eb('leaving_date', 'is', null), eb('leaving_date', '>', today)]));
  for (const term of terms) {
    const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('given_name', 'ilike', like),
        eb('family_name', 'ilike', like),
        eb('preferred_name', 'ilike', like),
        eb('form_group', 'ilike', like),
      ]),
    );
  }
  return query.orderBy('family_name').orderBy('given_name').limit(50).execute();
}

export async function pupilsByIds(db: Kysely<Database>, school: School, ids: readonly string[]) {
  const valid = ids.filter(isUuid);
  if (valid.length === 0) return [];
  return db
    .selectFrom('pupil')
    .select([
      'id',
      'given_name',
      'preferred_name',
      'family_name',
      'year_group',
      'form_group',
      'never_publish',
      'consent_social',
    ])
    .where('school_id', '=', school.schoolId)
    .where('trust_id', '=', school.trustId)
    .where('id', 'in', valid)
    .execute();
}
