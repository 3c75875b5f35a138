// A subject access export (GOV-3): everything Postwarden holds about one person of the school, as a
// ZIP of CSV files and a PDF summary, each export recorded in the audit log. A person of another
// school (or trust) is not found. Restricted safeguarding records are left out and the summary says
// so: the DSL considers them separately, as the exemptions for safeguarding allow.
import { sql, type Kysely } from 'kysely';
import { stringify } from 'csv-stringify/sync';
import { strToU8, zipSync } from 'fflate';
import PDFDocument from 'pdfkit';
import type { Database } from '../../../platform/db/schema.ts';
import { recordAudit, type Actor } from '../../../platform/audit/audit.ts';
import { transact } from '../../../platform/db/transact.ts';
import { NotFoundError } from '../../../platform/http/errors.ts';
import { longDate } from '../../../platform/calendar/date-range.ts';
import { pdfSafe } from '../../policies/publish/pdf.ts';

type School = { trustId: string; schoolId: string };

export interface Subject {
  id: string;
  given_name: string;
  family_name: string;
  email: string | null;
}

export async function findSubject(db: Kysely<Database>, school: School, personId: string): Promise<Subject> {
  const p = await db
    .selectFrom('person')
    .select(['id', 'given_name', 'family_name', 'email'])
    .where('id', '=', personId)
    .where('trust_id', '=', school.trustId)
    .where('school_id', '=', school.schoolId)
    .executeTakeFirst();
  if (!p) throw new NotFoundError();
  return p;
}

export async function findSubjectByEmail(db: Kysely<Database>, school: School, email: string) {
  return db
    .selectFrom('person')
    .select('id')
    .where('trust_id', '=', school.trustId)
    .where('school_id', '=', school.schoolId)
    .where(sql`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
}

type Rows = Record<string, unknown>[];

/** Each file of the export: its name, what it holds, and its rows. */
export interface SubjectFile {
  name: string;
  about: string;
  rows: Rows;
}

async function q(db: Kysely<Database>, query: ReturnType<typeof sql>): Promise<Rows> {
  return (await query.execute(db)).rows as Rows;
}

export async function subjectFiles(db: Kysely<Database>, school: School, person: Subject): Promise<SubjectFile[]> {
  const t = school.trustId;
  const id = person.id;
  return [
    {
      name: 'person.csv',
      about: 'Their record: name, email, employment, dates (a password is held only as a one-way hash, not exported)',
      rows: await q(
        db,
        sql`SELECT given_name, family_name, email, employment_type, job_title, mis_id, start_date, leaving_date,
          (password_hash IS NOT NULL) AS has_password, created_at, updated_at FROM person WHERE id = ${id} AND trust_id = ${t}`,
      ),
    },
    {
      name: 'roles.csv',
      about: 'Roles they hold in Postwarden',
      rows: await q(
        db,
        sql`SELECT ra.role, coalesce(s.name, 'Whole trust') AS school FROM role_assignment ra LEFT JOIN school s ON s.id = ra.school_id
          WHERE ra.person_id = ${id} AND ra.trust_id = ${t} ORDER BY ra.role`,
      ),
    },
    {
      name: 'signatures.csv',
      about: 'Their signatures of the social media policy',
      rows: await q(
        db,
        sql`SELECT v.number AS version, s.signed_at, s.typed_name, s.statement, s.content_hash
          FROM signature s JOIN policy_version v ON v.id = s.version_id WHERE s.person_id = ${id} AND s.trust_id = ${t} ORDER BY s.signed_at`,
      ),
    },
    {
      name: 'training.csv',
      about: 'Training they completed',
      rows: await q(
        db,
        sql`SELECT c.title AS course, tc.completed_on, tc.expires_on, tc.evidence, tc.recorded_at
          FROM training_completion tc JOIN training_course c ON c.id = tc.course_id WHERE tc.person_id = ${id} AND tc.trust_id = ${t} ORDER BY tc.completed_on`,
      ),
    },
    {
      name: 'accounts.csv',
      about: 'Official accounts they applied for or run',
      rows: await q(
        db,
        sql`SELECT a.name, a.platform, a.status, 'applicant' AS relation, a.submitted_at AS since, NULL::timestamptz AS until
          FROM official_account a WHERE a.applicant_id = ${id} AND a.trust_id = ${t}
          UNION ALL
          SELECT a.name, a.platform, a.status, CASE WHEN o.is_lead THEN 'lead operator' ELSE 'operator' END, o.added_at, o.removed_at
          FROM account_operator o JOIN official_account a ON a.id = o.account_id WHERE o.person_id = ${id} AND o.trust_id = ${t}`,
      ),
    },
    {
      name: 'posts.csv',
      about: 'Posts they wrote for official accounts',
      rows: await q(
        db,
        sql`SELECT a.name AS account, p.status, p.text, p.created_at, p.submitted_at, p.published_at, p.url
          FROM post p JOIN official_account a ON a.id = p.account_id WHERE p.author_id = ${id} AND p.trust_id = ${t} ORDER BY p.created_at`,
      ),
    },
    {
      name: 'post-decisions.csv',
      about: 'Warnings they overrode when approving a post, with their reasons',
      rows: await q(
        db,
        sql`SELECT o.at, o.rule, o.message, o.reason FROM post_override o WHERE o.overridden_by = ${id} AND o.trust_id = ${t} ORDER BY o.at`,
      ),
    },
    {
      name: 'concerns.csv',
      about: 'Concerns they reported or are named in (restricted safeguarding cases are not included)',
      rows: await q(
        db,
        sql`SELECT c.reference, c.kind, c.status, c.reported_at, 'reported it' AS relation, c.description
          FROM concern_case c WHERE c.reporter_id = ${id} AND c.trust_id = ${t} AND NOT c.restricted
          UNION ALL
          SELECT c.reference, c.kind, c.status, c.reported_at, CASE WHEN cp.is_subject THEN 'the concern is about them' ELSE 'named in it' END, NULL
          FROM case_person cp JOIN concern_case c ON c.id = cp.case_id
          WHERE cp.person_id = ${id} AND cp.trust_id = ${t} AND NOT c.restricted AND c.reporter_id <> ${id}
          ORDER BY 4`,
      ),
    },
    {
      name: 'emails.csv',
      about: 'Emails Postwarden sent them (the text of sensitive ones is left out)',
      rows: person.email
        ? await q(
            db,
            sql`SELECT created_at, subject, status, CASE WHEN sensitive THEN '(sensitive: not included)' ELSE body_text END AS text
              FROM mail_message WHERE lower(to_address) = ${person.email.toLowerCase()} AND trust_id = ${t} ORDER BY created_at`,
          )
        : [],
    },
    {
      name: 'audit-log.csv',
      about: 'Entries in the audit log made by them or about their record',
      rows: await q(
        db,
        sql`SELECT seq, at, actor_label AS who, action, entity_type AS record_type, summary::text AS details FROM audit_event
          WHERE trust_id = ${t} AND (actor_id = ${id} OR (entity_type = 'person' AND entity_id = ${id}::text)) ORDER BY seq`,
      ),
    },
  ];
}

function cell(value: unknown): string {
  const text = value instanceof Date ? value.toISOString() : value === null || value === undefined ? '' : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function toZip(files: SubjectFile[]): Buffer {
  const entries: Record<string, Uint8Array> = {};
  for (const f of files) {
    const columns = f.rows[0] ? Object.keys(f.rows[0]) : ['none'];
    entries[f.name] = strToU8(
      stringify(
        f.rows.map((r) => columns.map((c) => cell(r[c]))),
        { header: true, columns },
      ),
    );
  }
  return Buffer.from(zipSync(entries, { level: 6 }));
}

export async function summaryPdf(
  person: Subject,
  schoolName: string,
  files: SubjectFile[],
  today: string,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 64, bottom: 64, left: 64, right: 64 },
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    info: {
      Title: pdfSafe(`Subject access export: ${person.given_name} ${person.family_name}`),
      Creator: 'Postwarden',
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const root = doc.struct('Document');
  doc.addStructure(root);
  const para = (type: string, text: string, font = 'Helvetica', size = 11, gap = 6) => {
    doc.font(font).fontSize(size).fillColor('#0b0c0c');
    doc.text(pdfSafe(text), { width: 467, lineGap: 2, structParent: root, structType: type });
    doc.y += gap;
  };
  para('P', schoolName, 'Helvetica', 13, 2);
  para('H1', `Subject access export: ${person.given_name} ${person.family_name}`, 'Helvetica-Bold', 20, 8);
  para(
    'P',
    `Everything Postwarden holds about this person, as on ${longDate(today)}. The files are in the ZIP export made at the same time.`,
  );
  para('H2', 'What is held', 'Helvetica-Bold', 14, 4);
  for (const f of files)
    para('P', `${f.name}: ${f.rows.length} ${f.rows.length === 1 ? 'entry' : 'entries'}. ${f.about}.`);
  para('H2', 'What is not included', 'Helvetica-Bold', 14, 4);
  para(
    'P',
    'Restricted safeguarding records are not included in this export. The designated safeguarding lead considers them separately, under the exemptions that apply to safeguarding.',
  );
  para('P', 'Other people’s records that mention this person by name in free text are not searched.');
  root.end();
  doc.end();
  return done;
}

/** Builds the export and records it in the audit log in one transaction, so no export goes unrecorded. */
export async function exportSubject(
  db: Kysely<Database>,
  now: Date,
  school: School & { name: string },
  actor: Actor,
  personId: string,
  format: 'zip' | 'pdf',
  today: string,
): Promise<{ person: Subject; body: Buffer }> {
  return transact(db, async (trx) => {
    const person = await findSubject(trx, school, personId);
    const files = await subjectFiles(trx, school, person);
    const body = format === 'zip' ? toZip(files) : await summaryPdf(person, school.name, files, today);
    await recordAudit(trx, now, {
      actor,
      action: 'records.subject-access-exported',
      entityType: 'person',
      entityId: person.id,
      trustId: school.trustId,
      schoolId: school.schoolId,
      summary: { format, files: Object.fromEntries(files.map((f) => [f.name, f.rows.length])) },
    });
    return { person, body };
  });
}
