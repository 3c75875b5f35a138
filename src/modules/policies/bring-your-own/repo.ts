import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { Owner } from '../versions/repo.ts';

/** An import of the owner's policy (a school's own, or the trust's in the trust view); another owner's finds nothing. */
export async function findImport(db: Kysely<Database>, owner: Owner, id: string) {
  let query = db
    .selectFrom('policy_import')
    .select([
      'id',
      'trust_id',
      'school_id',
      'status',
      'source_name',
      'source_format',
      'source_sha256',
      'document',
      'proposals',
      'added_keys',
      'decisions',
      'version_id',
      'created_at',
    ])
    .where('id', '=', id)
    .where('trust_id', '=', owner.trustId);
  query = owner.schoolId ? query.where('school_id', '=', owner.schoolId) : query.where('school_id', 'is', null);
  return query.executeTakeFirst();
}

export type ImportRow = NonNullable<Awaited<ReturnType<typeof findImport>>>;

export async function originalFile(db: Kysely<Database>, owner: Owner, id: string) {
  let query = db
    .selectFrom('policy_import')
    .select(['source_name', 'source_format', 'source_bytes'])
    .where('id', '=', id)
    .where('trust_id', '=', owner.trustId);
  query = owner.schoolId ? query.where('school_id', '=', owner.schoolId) : query.where('school_id', 'is', null);
  return query.executeTakeFirst();
}
