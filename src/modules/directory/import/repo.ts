import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';

/**
 * Large rosters are read as one JSON array built by the database: on the embedded database this is
 * about five times faster than row-by-row results for 75,000 pupils.
 */
async function selectJson<T>(db: Kysely<Database>, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = await sql<{
    rows: T[] | string;
  }>`SELECT coalesce(json_agg(q), '[]'::json) AS rows FROM (${query}) q`.execute(db);
  const rows = result.rows[0]?.rows ?? [];
  return typeof rows === 'string' ? (JSON.parse(rows) as T[]) : rows;
}

export interface ExistingPupil {
  id: string;
  upn: string;
  mis_id: string | null;
  given_name: string;
  family_name: string;
  preferred_name: string | null;
  date_of_birth: string;
  year_group: number;
  form_group: string | null;
  consent_social: boolean;
  consent_website: boolean;
  consent_press: boolean;
  never_publish: boolean;
  leaving_date: string | null;
}

export async function existingPupils(db: Kysely<Database>, schoolId: string): Promise<ExistingPupil[]> {
  return selectJson<ExistingPupil>(
    db,
    sql`SELECT id, upn, mis_id, given_name, family_name, preferred_name, date_of_birth, year_group, form_group, consent_social, consent_website, consent_press, never_publish, leaving_date FROM pupil WHERE school_id = ${schoolId}`,
  );
}

export interface ExistingContact {
  pupil_id: string;
  id: string;
  given_name: string;
  family_name: string;
  email: string | null;
  phone: string | null;
  relationship: string | null;
}

export async function existingContacts(db: Kysely<Database>, schoolId: string): Promise<ExistingContact[]> {
  return selectJson<ExistingContact>(
    db,
    sql`SELECT pp.pupil_id, p.id, p.given_name, p.family_name, p.email, p.phone, pp.relationship FROM pupil_parent pp JOIN parent p ON p.id = pp.parent_id WHERE p.school_id = ${schoolId}`,
  );
}

export async function existingStaff(db: Kysely<Database>, schoolId: string) {
  return db
    .selectFrom('person')
    .select([
      'id',
      'mis_id',
      'given_name',
      'family_name',
      'email',
      'employment_type',
      'job_title',
      'start_date',
      'leaving_date',
    ])
    .where('school_id', '=', schoolId)
    .where('mis_id', 'is not', null)
    .execute();
}

export type ExistingStaff = Awaited<ReturnType<typeof existingStaff>>[number];

/** Every email in use anywhere, with who holds it: sign-in emails are unique across the instance. */
export async function emailOwners(
  db: Kysely<Database>,
): Promise<Map<string, { id: string; schoolId: string | null; misId: string | null }>> {
  const rows = await db
    .selectFrom('person')
    .select(['id', 'email', 'school_id', 'mis_id'])
    .where('email', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.email!.toLowerCase(), { id: r.id, schoolId: r.school_id, misId: r.mis_id }]));
}

export async function findBatch(db: Kysely<Database>, schoolId: string, batchId: string) {
  return db
    .selectFrom('import_batch')
    .selectAll()
    .where('id', '=', batchId)
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
}

export async function recentBatches(db: Kysely<Database>, schoolId: string) {
  return db
    .selectFrom('import_batch')
    .leftJoin('person', 'person.id', 'import_batch.uploaded_by')
    .select([
      'import_batch.id',
      'import_batch.kind',
      'import_batch.filename',
      'import_batch.status',
      'import_batch.created_at',
      'import_batch.finished_at',
      'import_batch.preview',
      'person.given_name',
      'person.family_name',
    ])
    .where('import_batch.school_id', '=', schoolId)
    .orderBy('import_batch.created_at', 'desc')
    .limit(20)
    .execute();
}
