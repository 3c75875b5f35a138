import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';

/**
 * Bulk writes for imports: each chunk travels as one JSON parameter that the database unpacks with
 * jsonb_to_recordset. The same SQL runs on both backends, and it is much faster than a statement
 * with tens of thousands of bound parameters.
 */
const json = (rows: unknown[]) => JSON.stringify(rows);

export interface PupilWrite {
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

export async function upsertPupils(
  trx: Kysely<Database>,
  tenant: { trustId: string; schoolId: string },
  now: Date,
  rows: PupilWrite[],
): Promise<void> {
  await sql`
    INSERT INTO pupil (id, trust_id, school_id, upn, mis_id, given_name, family_name, preferred_name, date_of_birth, year_group, form_group,
                       consent_social, consent_website, consent_press, never_publish, leaving_date, created_at, updated_at)
    SELECT x.id, ${tenant.trustId}::uuid, ${tenant.schoolId}::uuid, x.upn, x.mis_id, x.given_name, x.family_name, x.preferred_name, x.date_of_birth, x.year_group, x.form_group,
           x.consent_social, x.consent_website, x.consent_press, x.never_publish, x.leaving_date, ${now}::timestamptz, ${now}::timestamptz
    FROM jsonb_to_recordset(${json(rows)}::jsonb) AS x(id uuid, upn text, mis_id text, given_name text, family_name text, preferred_name text, date_of_birth date,
         year_group integer, form_group text, consent_social boolean, consent_website boolean, consent_press boolean, never_publish boolean, leaving_date date)
    ON CONFLICT (school_id, upn) DO UPDATE SET
      mis_id = excluded.mis_id, given_name = excluded.given_name, family_name = excluded.family_name, preferred_name = excluded.preferred_name,
      date_of_birth = excluded.date_of_birth, year_group = excluded.year_group, form_group = excluded.form_group,
      consent_social = excluded.consent_social, consent_website = excluded.consent_website, consent_press = excluded.consent_press,
      never_publish = pupil.never_publish OR excluded.never_publish, leaving_date = excluded.leaving_date, updated_at = excluded.updated_at`.execute(
    trx,
  );
}

export interface ContactWrite {
  pupilId: string;
  parentId: string;
  given_name: string;
  family_name: string;
  email: string | null;
  phone: string | null;
  relationship: string | null;
}

export async function upsertContacts(
  trx: Kysely<Database>,
  tenant: { trustId: string; schoolId: string },
  now: Date,
  rows: ContactWrite[],
): Promise<void> {
  const payload = json(
    rows.map((c) => ({
      pupil_id: c.pupilId,
      parent_id: c.parentId,
      given_name: c.given_name,
      family_name: c.family_name,
      email: c.email,
      phone: c.phone,
      relationship: c.relationship,
    })),
  );
  await sql`
    INSERT INTO parent (id, trust_id, school_id, given_name, family_name, email, phone, created_at)
    SELECT x.parent_id, ${tenant.trustId}::uuid, ${tenant.schoolId}::uuid, x.given_name, x.family_name, x.email, x.phone, ${now}::timestamptz
    FROM jsonb_to_recordset(${payload}::jsonb) AS x(parent_id uuid, given_name text, family_name text, email text, phone text)
    ON CONFLICT (id) DO UPDATE SET given_name = excluded.given_name, family_name = excluded.family_name, email = excluded.email, phone = excluded.phone`.execute(
    trx,
  );
  await sql`
    INSERT INTO pupil_parent (pupil_id, parent_id, relationship)
    SELECT x.pupil_id, x.parent_id, x.relationship FROM jsonb_to_recordset(${payload}::jsonb) AS x(pupil_id uuid, parent_id uuid, relationship text)
    ON CONFLICT (pupil_id, parent_id) DO UPDATE SET relationship = excluded.relationship`.execute(trx);
}

/**
 * Remembers what an import added or marked as leaving, in the chunk's own transaction, so the
 * import can be undone. A retry after a crash plans again and finds these rows already done, so
 * nothing is recorded twice.
 */
export async function recordImportChanges(
  trx: Kysely<Database>,
  batch: { batchId: string; schoolId: string },
  entityType: 'pupil' | 'parent' | 'person',
  change: 'added' | 'marked-leaver',
  rows: { id: string; previousLeavingDate?: string | null }[],
): Promise<void> {
  if (!rows.length) return;
  const payload = json(rows.map((r) => ({ id: r.id, previous: r.previousLeavingDate ?? null })));
  await sql`
    INSERT INTO import_change (batch_id, school_id, entity_type, entity_id, change, previous_leaving_date)
    SELECT ${batch.batchId}::uuid, ${batch.schoolId}::uuid, ${entityType}, x.id, ${change}, x.previous
    FROM jsonb_to_recordset(${payload}::jsonb) AS x(id uuid, previous date)
    ON CONFLICT DO NOTHING`.execute(trx);
}
