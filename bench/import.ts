/**
 * ORG-5 import at scale: "A 75,000-row file imports in under 10 s". One school, one SIMS-style pupil export
 * of 75,000 rows, through the same preview, confirm and apply job the web page and the command line use,
 * against a baseline measured in the same run on the same database: one plain multi-row INSERT of the same
 * rows into a scratch table with the pupil table's columns. The machine is shared and noisy, so the ratio
 * to the baseline means more than the seconds.
 *
 * Run alone: node --import tsx bench/import.ts   (or: npm run bench import)
 * Set TEST_DATABASE_URL to also measure on PostgreSQL (a scratch database is created and dropped).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../src/platform/db/connect.ts';
import { useAuditKey } from '../src/platform/audit/keys.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import type { Database } from '../src/platform/db/schema.ts';
import { JobRunner } from '../src/platform/jobs/jobs.ts';
import { ukDate } from '../src/platform/clock.ts';
import { makeUpn, parseImport, type PupilRow } from '../src/modules/directory/import/rules/index.ts';
import { confirmImport, previewImport, registerImportJob } from '../src/modules/directory/import/service.ts';
import { seededRandom as random } from '../test/support/random.ts';

export interface BenchResult {
  name: string;
  figures: Record<string, number | string>;
}

const NOW = new Date('2026-11-18T10:00:00Z');
const TARGET_SECONDS = 10;

// ---------------------------------------------------------------- the file

const FORENAMES = [
  'Oliver',
  'Amelia',
  'Muhammad',
  'Isla',
  'Noah',
  'Ava',
  'George',
  'Olivia',
  'Leo',
  'Freya',
  'Arthur',
  'Lily',
  'Oscar',
  'Ivy',
  'Aisha',
  'Zainab',
  'Yusuf',
  'Maryam',
  'Ibrahim',
  'Fatima',
  'Arjun',
  'Priya',
  'Rohan',
  'Ananya',
  'Kwame',
  'Amara',
  'Chidi',
  'Ngozi',
  'Tomasz',
  'Zofia',
  'Łukasz',
  'Oliwia',
  'Siân',
  'Rhys',
  'Cerys',
  'Dylan',
  'Ciarán',
  'Aoife',
  'Niamh',
  'Seán',
  'Zoë',
  'Chloé',
  'Mateo',
  'Lucía',
  'Kai',
  'Mei',
  'Hiroshi',
  'Yuki',
  'Ahmed',
  'Layla',
  'Elijah',
  'Grace',
  'Reuben',
  'Esther',
  'Ellis',
  'Harper',
  'Alfie',
  'Poppy',
  'Hamza',
  'Maja',
  'Jude',
  'Rosie',
  'Finley',
  'Evie',
  'Theo',
  'Mia',
  'Ezra',
  'Ruby',
];
const SURNAMES = [
  'Smith',
  'Jones',
  'Williams',
  'Taylor',
  'Brown',
  'Davies',
  'Evans',
  'Wilson',
  'Thomas',
  'Roberts',
  'Johnson',
  'Lewis',
  'Walker',
  'Robinson',
  'Wood',
  'Thompson',
  'White',
  'Watson',
  'Jackson',
  'Wright',
  'Green',
  'Harris',
  'Cooper',
  'King',
  'Khan',
  'Ali',
  'Hussain',
  'Begum',
  'Ahmed',
  'Patel',
  'Singh',
  'Kaur',
  'Shah',
  'Mistry',
  'Okafor',
  'Adeyemi',
  'Mensah',
  'Osei',
  'Nowak',
  'Kowalski',
  'Wiśniewski',
  'Kowalczyk',
  "O'Connor",
  "O'Neill",
  'MacLeod',
  'McCarthy',
  'Ní Bhriain',
  'Ahmed-Clarke',
  'Smith-Jones',
  'Nguyen',
  'Chen',
  'Wang',
  'Kim',
  'Rossi',
  'García',
  'Fernández',
  'Papadopoulos',
  'Yılmaz',
  'Öztürk',
  'Van der Berg',
  'de Souza',
  'Da Silva',
  'Fitzgerald',
  'Llewellyn',
  'ap Rhys',
  'Hughes',
  'Pritchard',
];
const RELATIONSHIPS = [
  'Mother',
  'Mother',
  'Mother',
  'Father',
  'Father',
  'Carer',
  'Grandmother',
  'Grandfather',
  'Step-mother',
  'Aunt',
];

const quote = (value: string): string => `"${value.replace(/"/g, '""')}"`;
const pad = (n: number): string => String(n).padStart(2, '0');
const emailPart = (name: string): string =>
  name
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();

/** A SIMS-style export ("Adno","UPN","Legal Surname",…, all values quoted) of `rows` pupils in one school, N2 to Year 13. */
export function pupilExport(rows: number, seed = 20261118): string {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const yesNo = (p: number): string => (next() < p ? 'Yes' : 'No');
  const headings = [
    'Adno',
    'UPN',
    'Legal Surname',
    'Legal Forename',
    'Preferred Forename',
    'DOB',
    'Year',
    'Reg',
    'Consent: Social Media',
    'Consent: Website',
    'Consent: Press',
    'Never Publish',
    'Contact 1 Forename',
    'Contact 1 Surname',
    'Contact 1 Relationship',
    'Contact 1 Email',
  ];
  const lines = [headings.map(quote).join(',')];
  for (let i = 0; i < rows; i++) {
    const year = Math.floor(next() * 15) - 1; // N2 (-1), Reception (0), Years 1–13
    // Born in the academic year that puts them in that year group in 2026/27: 1 September to 31 August.
    const born = new Date(Date.UTC(2021 - year, 8, 1) + Math.floor(next() * 365) * 86_400_000);
    const dob = `${pad(born.getUTCDate())}/${pad(born.getUTCMonth() + 1)}/${born.getUTCFullYear()}`;
    const surname = pick(SURNAMES);
    const forename = pick(FORENAMES);
    const preferred = next() < 0.05 ? pick(FORENAMES) : '';
    const yearText = year === -1 ? 'N2' : year === 0 ? 'R' : String(year);
    const reg = `${year === -1 ? 'NUR' : year === 0 ? 'R' : year}${'ABCDEFGH'[Math.floor(next() * 8)]}`;
    const social = yesNo(0.7);
    const website = yesNo(0.8);
    const press = yesNo(0.4);
    const neverPublish = next() < 0.005 ? 'Yes' : 'No';
    const parentForename = pick(FORENAMES);
    const parentSurname = next() < 0.8 ? surname : pick(SURNAMES);
    const relationship = pick(RELATIONSHIPS);
    const email = next() < 0.9 ? `${emailPart(parentForename)}.${emailPart(parentSurname)}${i}@example.com` : '';
    lines.push(
      [
        String(100_000 + i),
        makeUpn(i),
        surname,
        forename,
        preferred,
        dob,
        yearText,
        reg,
        social,
        website,
        press,
        neverPublish,
        parentForename,
        parentSurname,
        relationship,
        email,
      ]
        .map(quote)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

// ---------------------------------------------------------------- the measurements

const seconds = (since: number): number => (performance.now() - since) / 1000;
const round = (n: number, places = 3): number => Number(n.toFixed(places));

async function tenantIn(db: Kysely<Database>): Promise<{ trustId: string; schoolId: string }> {
  const trust = await db
    .insertInto('trust')
    .values({ name: 'Bench Trust', slug: `bench-${randomBytes(3).toString('hex')}`, created_at: NOW })
    .returning('id')
    .executeTakeFirstOrThrow();
  const school = await db
    .insertInto('school')
    .values({
      trust_id: trust.id,
      name: 'Bench Academy',
      slug: 'bench-academy',
      phase: 'secondary',
      urn: null,
      created_at: NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { trustId: trust.id, schoolId: school.id };
}

const literal = (value: string | number | boolean | null): string =>
  value === null ? 'NULL' : typeof value === 'string' ? `'${value.replace(/'/g, "''")}'` : String(value);

/** One INSERT … VALUES (…), (…), … of every row, as literals (75,000 rows × 19 columns is more than the 65,535 bind parameters a statement may have). */
function baselineInsert(rows: PupilRow[], tenant: { trustId: string; schoolId: string }): string {
  const at = literal(NOW.toISOString());
  const values = rows.map(
    (r) =>
      `(${[
        literal(randomUUID()),
        literal(tenant.trustId),
        literal(tenant.schoolId),
        literal(r.upn),
        literal(r.misId ?? null),
        literal(r.givenName),
        literal(r.familyName),
        literal(r.preferredName ?? null),
        literal(r.dateOfBirth),
        r.yearGroup,
        literal(r.formGroup ?? null),
        r.consentSocial,
        r.consentWebsite,
        r.consentPress,
        r.neverPublish,
        'NULL',
        literal(r.leavingDate ?? null),
        at,
        at,
      ].join(',')})`,
  );
  return `INSERT INTO bench_pupil_baseline (id, trust_id, school_id, upn, mis_id, given_name, family_name, preferred_name, date_of_birth, year_group, form_group,
    consent_social, consent_website, consent_press, never_publish, never_publish_reason, leaving_date, created_at, updated_at) VALUES ${values.join(',')}`;
}

async function measure(handle: DatabaseHandle, rows: number, file: Buffer, text: string): Promise<BenchResult> {
  const { db } = handle;
  await migrateToLatest(db);
  const tenant = await tenantIn(db);
  const importer = { actor: { id: null, label: 'Benchmark' }, changer: { kind: 'installation' } as const };

  // (d) first, so the import does not warm the table it is compared with: the baseline has its own table.
  const parsed = parseImport('pupils', text, ukDate(NOW));
  if (parsed.rows.length !== rows || parsed.errors.length)
    throw new Error(`The generated file has ${parsed.errors.length} errors, e.g. ${JSON.stringify(parsed.errors[0])}`);
  await sql`CREATE TABLE bench_pupil_baseline (LIKE pupil INCLUDING DEFAULTS)`.execute(db);
  const statement = baselineInsert(parsed.rows, tenant);
  let started = performance.now();
  await sql.raw(statement).execute(db);
  const baseline = seconds(started);
  const inserted = await db
    .selectFrom('bench_pupil_baseline' as 'pupil')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(inserted.n) !== rows) throw new Error('The baseline insert lost rows');
  await sql`DROP TABLE bench_pupil_baseline`.execute(db);

  // (a) preview: parse, plan against the (empty) school, store the batch.
  started = performance.now();
  const first = await previewImport(db, NOW, tenant, importer, 'pupils', 'whole', 'bench.csv', file);
  const preview = seconds(started);
  if (first.kind !== 'previewed' || first.preview.create !== rows || first.preview.errorCount)
    throw new Error(`Preview went wrong: ${JSON.stringify(first).slice(0, 300)}`);

  // (b) apply: confirm, then the background job as the server runs it.
  const jobs = new JobRunner(db);
  registerImportJob(jobs);
  started = performance.now();
  if ((await confirmImport(db, NOW, tenant, importer, first.batchId)) !== 'queued')
    throw new Error('Confirm was refused');
  await jobs.runDueJobs(NOW);
  const apply = seconds(started);
  const batch = await db
    .selectFrom('import_batch')
    .select(['status', 'error', 'processed'])
    .where('id', '=', first.batchId)
    .executeTakeFirstOrThrow();
  if (batch.status !== 'done') throw new Error(`The apply job did not finish: ${batch.error ?? batch.status}`);
  const pupils = await db
    .selectFrom('pupil')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('school_id', '=', tenant.schoolId)
    .executeTakeFirstOrThrow();
  const links = await db
    .selectFrom('pupil_parent')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(pupils.n) !== rows) throw new Error(`Expected ${rows} pupils, found ${pupils.n}`);

  // (c) the same file again: must find nothing to do.
  started = performance.now();
  const again = await previewImport(db, NOW, tenant, importer, 'pupils', 'whole', 'bench.csv', file);
  const reimport = seconds(started);
  if (again.kind !== 'previewed') throw new Error('Re-import preview failed');
  const { create, update, leavers, contacts } = again.preview;
  if (create || update || leavers || contacts)
    throw new Error(`Re-import found changes: ${JSON.stringify({ create, update, leavers, contacts })}`);

  const total = preview + apply;
  return {
    name: `Import ${rows.toLocaleString('en-GB')} pupils into one school (${handle.backend === 'pglite' ? 'embedded PGlite, in memory' : 'PostgreSQL'}) vs one multi-row INSERT, same run`,
    figures: {
      rows,
      'file size, MB': round(file.length / 1024 / 1024, 1),
      'parent links written': Number(links.n),
      'changes written by the apply job': batch.processed,
      '(a) preview: parse + plan + store, s': round(preview),
      '(b) apply: confirm + job, s': round(apply),
      'import total (a + b), s': round(total),
      'import rows/s': Math.round(rows / total),
      [`under the ${TARGET_SECONDS} s target`]: total < TARGET_SECONDS ? 'yes' : 'no',
      '(c) re-import preview (0 changes found), s': round(reimport),
      're-import rows/s': Math.round(rows / reimport),
      '(d) baseline: one multi-row INSERT, s': round(baseline),
      'baseline rows/s': Math.round(rows / baseline),
      'import total / baseline (ratio)': round(total / baseline, 2),
      'preview / baseline (ratio)': round(preview / baseline, 2),
      'apply / baseline (ratio)': round(apply / baseline, 2),
      're-import preview / baseline (ratio)': round(reimport / baseline, 2),
    },
  };
}

async function onPostgres(url: string, rows: number, file: Buffer, text: string): Promise<BenchResult> {
  const name = `pw_bench_import_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const dbUrl = new URL(url);
    dbUrl.pathname = `/${name}`;
    const handle = await openDatabase({ databaseUrl: dbUrl.toString() });
    try {
      return await measure(handle, rows, file, text);
    } finally {
      await handle.close();
    }
  } finally {
    // pg's pool.end() resolves before its sockets have closed: wait for the sessions to go, so the drop
    // does not have to terminate them (a terminated idle client is an unhandled 'error' on the pool).
    for (let i = 0; i < 50; i++) {
      const { rows: open } = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [
        name,
      ]);
      if (open[0].n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

export async function benchImport(rows = 75_000): Promise<BenchResult[]> {
  useAuditKey(randomBytes(32)); // the import records audit events, sealed as the server would
  const text = pupilExport(rows);
  const file = Buffer.from(text, 'utf8');
  const results: BenchResult[] = [];
  const embedded = await openDatabase({});
  try {
    results.push(await measure(embedded, rows, file, text));
  } finally {
    await embedded.close();
  }
  const url = process.env.TEST_DATABASE_URL;
  if (url) results.push(await onPostgres(url, rows, file, text));
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = Number(process.argv[2] ?? 75_000);
  for (const result of await benchImport(rows)) {
    console.log(`\n## ${result.name}`);
    for (const [key, value] of Object.entries(result.figures)) console.log(`  ${key.padEnd(44)} ${value}`);
  }
  process.exit(0);
}
