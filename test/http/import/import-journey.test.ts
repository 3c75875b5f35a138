import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { Agent, decode, errorSummary } from '../../support/agent.ts';
import { PASSWORD, seedWorld, type World } from '../../support/world.ts';
import type { Database } from '../../../src/platform/db/schema.ts';
import { hashPassword } from '../../../src/platform/auth/passwords.ts';
import { verifyAuditChain } from '../../../src/platform/audit/audit.ts';
import { makeUpn } from '../../../src/modules/directory/import/rules/index.ts';
import { APPLY_IMPORT_JOB } from '../../../src/modules/directory/import/service.ts';

// ORG-4 / ORG-5: pupils and staff come in from MIS CSV exports, through a preview, a confirmation and a
// background apply job. Every test checks what is in the database, not only what the pages say.

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/import');
const fixture = (name: string): Buffer => fs.readFileSync(path.join(FIXTURES, name));
const TODAY = '2026-11-18';
const HOUR = 3_600_000;
/** Less than the 2-hour idle timeout, so the signed-in agent stays signed in. */
const MINUTES_20 = 20 * 60_000;

/** The SIMS fixture is Windows-1252: edit it as latin1 so every byte survives the round trip. */
function editFixture(name: string, edit: (lines: string[]) => string[]): Buffer {
  const text = fixture(name).toString('latin1');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(eol);
  return Buffer.from(edit(lines).join(eol), 'latin1');
}

const SIMS_HEADINGS = [
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
const csv = (headings: string[], rows: string[][]): string =>
  `${[headings, ...rows]
    .map((r) => r.map((c) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','))
    .join('\r\n')}\r\n`;

type Db = Kysely<Database>;

async function snapshot(db: Db) {
  return {
    pupil: await db.selectFrom('pupil').selectAll().orderBy('id').execute(),
    parent: await db.selectFrom('parent').selectAll().orderBy('id').execute(),
    pupil_parent: await db.selectFrom('pupil_parent').selectAll().orderBy('pupil_id').orderBy('parent_id').execute(),
    person: await db.selectFrom('person').selectAll().orderBy('id').execute(),
    role_assignment: await db.selectFrom('role_assignment').selectAll().orderBy('id').execute(),
  };
}

const pupilsOf = (db: Db, schoolId: string) =>
  db.selectFrom('pupil').selectAll().where('school_id', '=', schoolId).orderBy('upn').execute();
const pupilByUpn = (db: Db, upn: string) =>
  db.selectFrom('pupil').selectAll().where('upn', '=', upn).executeTakeFirstOrThrow();
const count = async (db: Db, table: 'import_batch' | 'pupil' | 'parent' | 'pupil_parent' | 'person') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
/** Import apply jobs (other background jobs, such as housekeeping, come and go on their own). */
const importJobs = (db: Db) =>
  db.selectFrom('job').select(['payload', 'done_at', 'failed_at']).where('kind', '=', APPLY_IMPORT_JOB).execute();

/** The GOV.UK summary list on the preview page, as { "New pupils": "8", … }. */
function previewCounts(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(
    /<dt class="govuk-summary-list__key[^"]*">([\s\S]*?)<\/dt>\s*<dd class="govuk-summary-list__value[^"]*">([\s\S]*?)<\/dd>/g,
  )) {
    out[decode(m[1]!.trim())] = decode(m[2]!.replace(/<[^>]+>/g, '').trim());
  }
  return out;
}

/** Rows of the "Errors to correct" table: { line, column, message }. */
function errorTable(html: string): { line: number; column: string; message: string }[] {
  const start = html.indexOf('id="errors"');
  if (start === -1) return [];
  const table = html.slice(start, html.indexOf('</table>', start));
  return [
    ...table.matchAll(
      /<tr class="govuk-table__row"><td class="govuk-table__cell">(\d+)<\/td><td class="govuk-table__cell">([\s\S]*?)<\/td><td class="govuk-table__cell">([\s\S]*?)<\/td><\/tr>/g,
    ),
  ].map((m) => ({ line: Number(m[1]), column: decode(m[2]!), message: decode(m[3]!) }));
}

/** Items of a GOV.UK details block on the preview page, found by the start of its summary text. */
function detailsList(html: string, summaryStart: string): string[] {
  const at = html.indexOf(summaryStart);
  if (at === -1) return [];
  const list = html.slice(html.indexOf('<ul class="govuk-list">', at), html.indexOf('</ul>', at));
  return [...list.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => decode(m[1]!.trim()));
}

/** Uploads a file; `scope` answers "is this everyone, or only new and changed people?" ('whole' unless said). */
async function upload(
  agent: Agent,
  kind: string | undefined,
  filename: string,
  content: Buffer | string,
  type = 'text/csv',
  scope: string | undefined = 'whole',
): Promise<LightMyRequestResponse> {
  return agent.upload(
    '/imports/new',
    { ...(kind ? { kind } : {}), ...(scope ? { scope } : {}) },
    { field: 'file', filename, content, type },
  );
}

/** How many the preview's warning says will be marked as leaving (0 when there is no warning). */
function leaverCount(html: string): number {
  const match = /([\d,]+) (?:pupils?|members? of staff) will be marked as having left today/.exec(pageTextOf(html));
  return match ? Number(match[1]!.replace(/,/g, '')) : 0;
}

const pageTextOf = (html: string) => decode(html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
const asksToTypeLeavers = (html: string) => html.includes('name="confirmLeavers"');

function batchIdOf(response: LightMyRequestResponse): string {
  expect(response.statusCode, errorSummary(response.body).join('; ')).toBe(302);
  const id = /^\/imports\/([0-9a-f-]{36})$/.exec(String(response.headers.location))?.[1];
  expect(id, String(response.headers.location)).toBeDefined();
  return id!;
}

/** Uploads a file and opens its preview page; returns the batch id and the page. */
async function preview(
  agent: Agent,
  kind: 'pupils' | 'staff',
  filename: string,
  content: Buffer | string,
  scope: 'whole' | 'changes' = 'whole',
) {
  const id = batchIdOf(await upload(agent, kind, filename, content, 'text/csv', scope));
  const page = await agent.get(`/imports/${id}`);
  expect(page.statusCode).toBe(200);
  return { id, page: page.body, counts: previewCounts(page.body) };
}

async function confirmAndApply(t: TestApp, agent: Agent, id: string, confirmLeavers?: number): Promise<void> {
  const confirmed = await agent.post(
    `/imports/${id}/confirm`,
    confirmLeavers === undefined ? {} : { confirmLeavers: String(confirmLeavers) },
  );
  expect(confirmed.statusCode, errorSummary(confirmed.body).join('; ')).toBe(302);
  expect(confirmed.headers.location).toBe(`/imports/${id}`);
  await t.drainJobs();
  const job = (await importJobs(t.database.db)).find((j) => (j.payload as { batchId?: string }).batchId === id);
  expect(job?.done_at).toBeInstanceOf(Date);
  const batch = await t.database.db
    .selectFrom('import_batch')
    .select(['status', 'error'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  expect(batch).toEqual({ status: 'done', error: null });
}

/** Previews and imports a file of everyone, typing the number of leavers when the page asks for it. */
async function importFile(
  t: TestApp,
  agent: Agent,
  kind: 'pupils' | 'staff',
  filename: string,
  content: Buffer | string,
) {
  const result = await preview(agent, kind, filename, content);
  await confirmAndApply(t, agent, result.id, asksToTypeLeavers(result.page) ? leaverCount(result.page) : undefined);
  return result;
}

async function signedIn(t: TestApp, world: World, who = 'admin-a1'): Promise<Agent> {
  const agent = new Agent(t.app);
  const response = await agent.signIn(world.people[who]!.email, PASSWORD);
  expect(response.statusCode).toBe(302);
  return agent;
}

// UPNs in the SIMS fixture.
const AALIYAH = 'U330210417001';
const OLIVER = 'X330210416002';
const ZAINAB = 'A330210415003';
const JACK = 'D330210414004';
const SIAN = 'K330210412006';
const ARJUN = 'A330210419007';
const FREYA = 'Z330210413008';
const SIMS_UPNS = [AALIYAH, OLIVER, ZAINAB, JACK, 'G330210413005', SIAN, ARJUN, FREYA];

describe('pupil import journey', () => {
  let t: TestApp;
  let world: World;
  let db: Db;
  beforeEach(async () => {
    t = await startTestApp();
    world = await seedWorld(t.database.db);
    db = t.database.db;
  });
  afterEach(async () => {
    await t.close();
  });

  it('ORG-5: the SIMS export is previewed with counts, nothing is written until it is confirmed, then pupils, consents and parents are in', async () => {
    const agent = await signedIn(t, world);
    const before = await snapshot(db);
    const { id, page, counts } = await preview(agent, 'pupils', 'pupils-sims.csv', fixture('pupils-sims.csv'));
    expect(counts).toMatchObject({
      'Rows in the file': '8',
      'New pupils': '8',
      'Details updated': '0',
      'No change': '0',
      'Parents and carers added or updated': '11',
      'Rows with errors': '0',
    });
    // the two pupils seeded in the school are not in the file: a warning, not an ordinary row
    expect(counts['Marked as leavers']).toBeUndefined();
    expect(leaverCount(page)).toBe(2);
    expect(detailsList(page, 'New pupils (first')).toContain('Line 7: Siân Evans');
    expect(detailsList(page, 'Leavers (first').sort()).toEqual(['Josephine Quill', 'Marnie Oakhurst']);
    expect(pageTextOf(page)).toContain(
      '2 pupils will be marked as having left today, because they are not in the file (2 of the 2 on roll)',
    );
    expect(page).toContain('Import pupils');
    // every pupil on roll would leave, so the number must be typed
    expect(asksToTypeLeavers(page)).toBe(true);

    // a preview changes no roster data
    expect(await snapshot(db)).toEqual(before);
    const stored = await db.selectFrom('import_batch').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      status: 'previewed',
      school_id: world.schoolA1,
      trust_id: world.trustA,
      kind: 'pupils',
      uploaded_by: world.people['admin-a1']!.id,
      total: 8,
      processed: 0,
    });

    await confirmAndApply(t, agent, id, 2);

    const pupils = await db
      .selectFrom('pupil')
      .selectAll()
      .where('school_id', '=', world.schoolA1)
      .where('upn', 'in', SIMS_UPNS)
      .execute();
    expect(pupils).toHaveLength(8);
    const byUpn = new Map(pupils.map((p) => [p.upn, p]));
    expect(byUpn.get(AALIYAH)).toMatchObject({
      trust_id: world.trustA,
      mis_id: '001234',
      given_name: 'Aaliyah',
      family_name: 'Begum',
      preferred_name: null,
      date_of_birth: '2018-11-03',
      year_group: 0,
      form_group: 'RH',
      consent_social: true,
      consent_website: true,
      consent_press: false,
      never_publish: false,
      leaving_date: null,
    });
    expect(byUpn.get(OLIVER)).toMatchObject({
      preferred_name: 'Olly',
      year_group: 1,
      consent_social: true,
      consent_website: false,
      consent_press: false,
    });
    expect(byUpn.get(ZAINAB)).toMatchObject({ preferred_name: 'Zara', never_publish: true, consent_social: false });
    expect(byUpn.get('G330210413005')).toMatchObject({
      consent_social: true,
      consent_website: true,
      consent_press: false,
    });
    expect(byUpn.get(SIAN)).toMatchObject({
      given_name: 'Siân',
      consent_social: false,
      consent_website: false,
      consent_press: false,
      never_publish: false,
      year_group: 6,
    });
    expect(byUpn.get(ARJUN)).toMatchObject({ year_group: -1, date_of_birth: '2021-04-17' });
    for (const p of pupils) expect(p.created_at).toEqual(new Date('2026-11-18T10:00:00Z'));

    const links = await db
      .selectFrom('pupil_parent')
      .innerJoin('parent', 'parent.id', 'pupil_parent.parent_id')
      .innerJoin('pupil', 'pupil.id', 'pupil_parent.pupil_id')
      .select([
        'pupil.upn',
        'parent.given_name',
        'parent.family_name',
        'parent.email',
        'parent.school_id',
        'pupil_parent.relationship',
      ])
      .execute();
    expect(links).toHaveLength(11);
    for (const l of links) expect(l.school_id).toBe(world.schoolA1);
    const of = (upn: string) =>
      links
        .filter((l) => l.upn === upn)
        .map(({ given_name, family_name, email, relationship }) => ({ given_name, family_name, email, relationship }));
    expect(of(AALIYAH)).toEqual(
      expect.arrayContaining([
        { given_name: 'Shirin', family_name: 'Begum', email: 'shirin.begum@example.co.uk', relationship: 'Mother' },
        { given_name: 'Abdul', family_name: 'Miah', email: 'abdul.miah@example.com', relationship: 'Father' },
      ]),
    );
    expect(of(AALIYAH)).toHaveLength(2);
    expect(of(ZAINAB)).toEqual([
      { given_name: 'Imran', family_name: 'Hussain', email: 'imran.hussain@example.org', relationship: 'Father' },
    ]);
    expect(of(JACK)).toEqual(
      expect.arrayContaining([
        { given_name: 'Siobhán', family_name: "O'Connor", email: 'siobhan.oconnor@example.ie', relationship: 'Mother' },
        { given_name: 'Declan', family_name: "O'Connor", email: null, relationship: 'Father' },
      ]),
    );
    expect(of(FREYA)).toEqual([{ given_name: 'Ewan', family_name: 'MacLeod', email: null, relationship: 'Carer' }]);

    // the seeded pupils who were not in the file are leavers now, not deleted
    for (const key of ['jo-a1', 'secret-a1']) {
      const p = await db.selectFrom('pupil').selectAll().where('id', '=', world.pupils[key]!).executeTakeFirstOrThrow();
      expect(p.leaving_date).toBe(TODAY);
      expect(p.date_of_birth).toBe('2017-04-12');
    }
    // other schools are untouched
    expect((await pupilsOf(db, world.schoolA2)).map((p) => p.leaving_date)).toEqual([null]);
    expect((await pupilsOf(db, world.schoolB1)).map((p) => p.leaving_date)).toEqual([null]);

    const done = await agent.get(`/imports/${id}`);
    expect(done.body).toContain('Import complete');
    expect(done.body).toContain('8 added, 0 updated, 2 marked as leavers');
    const batch = await db.selectFrom('import_batch').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(batch.finished_at).toEqual(new Date('2026-11-18T10:00:00Z'));
    expect(batch.csv_text).toBe('');
  });

  it('ORG-5: re-importing the same file finds 0 new, 0 updated, 0 leavers, and changes no row (updated_at included)', async () => {
    const agent = await signedIn(t, world);
    await importFile(t, agent, 'pupils', 'pupils-sims.csv', fixture('pupils-sims.csv'));
    t.clock.advance(MINUTES_20);
    const before = await snapshot(db);

    const { id, page, counts } = await preview(agent, 'pupils', 'pupils-sims.csv', fixture('pupils-sims.csv'));
    expect(counts).toMatchObject({
      'Rows in the file': '8',
      'New pupils': '0',
      'Details updated': '0',
      'No change': '8',
      'Parents and carers added or updated': '0',
      'Rows with errors': '0',
    });
    expect(leaverCount(page)).toBe(0);
    expect(page).toContain('Confirm: nothing to change');
    await confirmAndApply(t, agent, id);

    expect(await snapshot(db)).toEqual(before);
    // and once more, to be sure the first re-run left nothing for the next one either
    const again = await preview(agent, 'pupils', 'pupils-sims.csv', fixture('pupils-sims.csv'));
    expect(again.counts).toMatchObject({
      'New pupils': '0',
      'Details updated': '0',
      'Parents and carers added or updated': '0',
    });
    expect(leaverCount(again.page)).toBe(0);
    expect(await count(db, 'pupil')).toBe(4 + 8);
  });

  it('ORG-5: a pupil missing from the next file is marked as a leaver with today’s date and keeps their record', async () => {
    const agent = await signedIn(t, world);
    await importFile(t, agent, 'pupils', 'pupils-sims.csv', fixture('pupils-sims.csv'));
    const freyaBefore = await pupilByUpn(db, FREYA);
    const linksBefore = await db
      .selectFrom('pupil_parent')
      .selectAll()
      .where('pupil_id', '=', freyaBefore.id)
      .execute();
    t.clock.advance(MINUTES_20);
    const before = await snapshot(db);

    const withoutFreya = editFixture('pupils-sims.csv', (lines) => lines.filter((l) => !l.includes(FREYA)));
    const { id, page, counts } = await preview(agent, 'pupils', 'without-freya.csv', withoutFreya);
    expect(counts).toMatchObject({
      'Rows in the file': '7',
      'New pupils': '0',
      'Details updated': '0',
      'No change': '7',
    });
    expect(leaverCount(page)).toBe(1);
    expect(asksToTypeLeavers(page)).toBe(false); // one of eight on roll
    expect(detailsList(page, 'Leavers (first')).toEqual(['Freya MacLeod']);
    await confirmAndApply(t, agent, id);

    const freya = await pupilByUpn(db, FREYA);
    expect(freya).toEqual({ ...freyaBefore, leaving_date: TODAY, updated_at: new Date('2026-11-18T10:20:00Z') });
    expect(await db.selectFrom('pupil_parent').selectAll().where('pupil_id', '=', freya.id).execute()).toEqual(
      linksBefore,
    );
    // nobody else changed
    const after = await snapshot(db);
    expect(after.pupil.filter((p) => p.upn !== FREYA)).toEqual(before.pupil.filter((p) => p.upn !== FREYA));
    expect(after.parent).toEqual(before.parent);
    expect(await count(db, 'pupil')).toBe(12);

    // importing the same short file the next day does not mark her again
    t.clock.advance(24 * HOUR);
    const tomorrow = await signedIn(t, world);
    const again = await preview(tomorrow, 'pupils', 'without-freya.csv', withoutFreya);
    expect(again.counts).toMatchObject({ 'Details updated': '0' });
    expect(leaverCount(again.page)).toBe(0);
    await confirmAndApply(t, tomorrow, again.id);
    expect((await pupilByUpn(db, FREYA)).leaving_date).toBe(TODAY);
  });

  it('ORG-4: a changed consent in the file is one update, named by the field, and only that pupil is written', async () => {
    const agent = await signedIn(t, world);
    await importFile(t, agent, 'pupils', 'pupils-sims.csv', fixture('pupils-sims.csv'));
    t.clock.advance(HOUR);
    const before = await snapshot(db);

    const changed = editFixture('pupils-sims.csv', (lines) =>
      lines.map((l) => {
        if (!l.includes(OLIVER)) return l;
        const edited = l.replace('"1W","Yes","No","No","No"', '"1W","Yes","Yes","No","No"');
        expect(edited).not.toBe(l);
        return edited;
      }),
    );
    const { id, page, counts } = await preview(agent, 'pupils', 'consent.csv', changed);
    expect(counts).toMatchObject({
      'New pupils': '0',
      'Details updated': '1',
      'No change': '7',
      'Rows with errors': '0',
    });
    expect(leaverCount(page)).toBe(0);
    expect(detailsList(page, 'Updated (first')).toEqual(['Line 3: Oliver Kowalski (website consent)']);
    await confirmAndApply(t, agent, id);

    const oliver = await pupilByUpn(db, OLIVER);
    const oliverBefore = before.pupil.find((p) => p.upn === OLIVER)!;
    expect(oliver).toEqual({ ...oliverBefore, consent_website: true, updated_at: new Date('2026-11-18T11:00:00Z') });
    const after = await snapshot(db);
    expect(after.pupil.filter((p) => p.upn !== OLIVER)).toEqual(before.pupil.filter((p) => p.upn !== OLIVER));
    expect(after.parent).toEqual(before.parent);
    expect(after.pupil_parent).toEqual(before.pupil_parent);
  });

  it('ORG-4: two parents who share one family email stay two parents, and re-importing them changes nothing', async () => {
    const agent = await signedIn(t, world);
    const headings = [
      ...SIMS_HEADINGS,
      'Contact 2 Forename',
      'Contact 2 Surname',
      'Contact 2 Relationship',
      'Contact 2 Email',
    ];
    const rows = [
      [
        '2001',
        makeUpn(901),
        'Begum',
        'Aaliyah',
        '',
        '03/11/2018',
        'R',
        'RH',
        'Yes',
        'Yes',
        'No',
        'No',
        'Shirin',
        'Begum',
        'Mother',
        'family.begum@example.com',
        'Abdul',
        'Miah',
        'Father',
        'family.begum@example.com',
      ],
      [
        '2002',
        makeUpn(902),
        'Begum',
        'Rayan',
        '',
        '14/02/2016',
        '3',
        '3B',
        'Yes',
        'Yes',
        'No',
        'No',
        'Abdul',
        'Miah',
        'Father',
        'Family.Begum@example.com',
        'Shirin',
        'Begum',
        'Mother',
        'family.begum@example.com',
      ],
    ];
    const file = csv(headings, rows);
    const first = await importFile(t, agent, 'pupils', 'family.csv', file);
    expect(first.counts['Parents and carers added or updated']).toBe('4');
    const parentsOf = async (upn: string) =>
      await db
        .selectFrom('pupil_parent')
        .innerJoin('parent', 'parent.id', 'pupil_parent.parent_id')
        .innerJoin('pupil', 'pupil.id', 'pupil_parent.pupil_id')
        .select(['parent.given_name', 'parent.family_name', 'parent.email', 'pupil_parent.relationship'])
        .where('pupil.upn', '=', upn)
        .orderBy('parent.given_name')
        .execute();
    const expected = [
      { given_name: 'Abdul', family_name: 'Miah', email: 'family.begum@example.com', relationship: 'Father' },
      { given_name: 'Shirin', family_name: 'Begum', email: 'family.begum@example.com', relationship: 'Mother' },
    ];
    expect(await parentsOf(makeUpn(901))).toEqual(expected);
    expect(await parentsOf(makeUpn(902))).toEqual(expected);

    t.clock.advance(MINUTES_20);
    const before = await snapshot(db);
    const again = await preview(agent, 'pupils', 'family.csv', file);
    expect(again.counts).toMatchObject({
      'New pupils': '0',
      'Details updated': '0',
      'Parents and carers added or updated': '0',
    });
    await confirmAndApply(t, agent, again.id);
    expect(await snapshot(db)).toEqual(before);
    expect(await parentsOf(makeUpn(901))).toEqual(expected);
  });

  it('ORG-4: an import never takes a pupil off the never-publish list, but can put one on it', async () => {
    const agent = await signedIn(t, world);
    // Marnie (seeded, never publish) appears exactly as she is stored, except the file says Never Publish: No.
    const marnie = (form: string) => [
      '',
      makeUpn(2),
      'Oakhurst',
      'Marnie',
      '',
      '12/04/2017',
      '4',
      form,
      'No',
      'Yes',
      'No',
      'No',
      '',
      '',
      '',
      '',
    ];
    const josephine = [
      '',
      makeUpn(1),
      'Quill',
      'Josephine',
      '',
      '12/04/2017',
      '4',
      '4B',
      'Yes',
      'Yes',
      'No',
      'Yes',
      '',
      '',
      '',
      '',
    ];
    const first = await preview(agent, 'pupils', 'np.csv', csv(SIMS_HEADINGS, [marnie('4B'), josephine]));
    expect(first.counts).toMatchObject({ 'New pupils': '0', 'Details updated': '1', 'No change': '1' });
    expect(leaverCount(first.page)).toBe(0);
    expect(detailsList(first.page, 'Updated (first')).toEqual(['Line 3: Josephine Quill (never publish)']);
    await confirmAndApply(t, agent, first.id);
    expect(await pupilByUpn(db, makeUpn(2))).toMatchObject({
      never_publish: true,
      never_publish_reason: 'Placement address must stay confidential',
      form_group: '4B',
    });
    expect(await pupilByUpn(db, makeUpn(1))).toMatchObject({ never_publish: true });

    // A real change for Marnie is written, and the flag still stays.
    t.clock.advance(HOUR);
    const second = await preview(
      agent,
      'pupils',
      'np2.csv',
      csv(SIMS_HEADINGS, [marnie('4C'), josephine.map((c, i) => (i === 11 ? 'No' : c))]),
    );
    expect(second.counts).toMatchObject({ 'Details updated': '1', 'No change': '1' });
    expect(detailsList(second.page, 'Updated (first')).toEqual(['Line 2: Marnie Oakhurst (class)']);
    await confirmAndApply(t, agent, second.id);
    expect(await pupilByUpn(db, makeUpn(2))).toMatchObject({
      never_publish: true,
      never_publish_reason: 'Placement address must stay confidential',
      form_group: '4C',
      consent_social: false,
    });
    expect(await pupilByUpn(db, makeUpn(1))).toMatchObject({ never_publish: true });
  });

  it('ORG-5: rows with errors are listed by line on the preview, and confirming is refused with nothing imported', async () => {
    const agent = await signedIn(t, world);
    const before = await snapshot(db);
    const { id, page, counts } = await preview(
      agent,
      'pupils',
      'pupils-with-errors.csv',
      fixture('pupils-with-errors.csv'),
    );
    const errors = errorTable(page);
    const at = (line: number) =>
      errors
        .filter((e) => e.line === line)
        .map((e) => e.message)
        .join(' | ');
    expect(at(3)).toContain('UPN is missing');
    expect(at(5)).toContain('UPN Z330210414011 is also on line 2');
    expect(at(6)).toContain('The date of birth ‘14/09/2030’ is in the future');
    expect(at(7)).toContain('‘next Tuesday’ is not a date we can read');
    expect(at(10)).toContain('Consent must be Yes or No, not ‘Maybe’');
    expect(errors.find((e) => e.line === 10)!.column).toBe('Social Media Consent');
    // the lines without problems are not listed
    expect(at(2)).toBe('');
    expect(at(17)).toBe('');
    // issue 8: rows with errors are counted as rows: line 15 has four problems and counts once
    expect(errors.filter((e) => e.line === 15).length).toBeGreaterThan(1);
    expect(Number(counts['Rows with errors'])).toBe(new Set(errors.map((e) => e.line)).size);
    expect(Number(counts['Rows with errors'])).toBeLessThan(errors.length);
    expect(pageTextOf(page)).toContain(`${errors.length} problems were found`);
    expect(page).toContain('Nothing will be imported until the file has no errors');
    expect(page).not.toContain(`action="/imports/${id}/confirm"`);
    expect(page).toContain(`action="/imports/${id}/cancel"`);

    // posting the confirmation anyway is refused
    const refused = await agent.post(`/imports/${id}/confirm`, {});
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body).join(' ')).toContain('Nothing has been imported');
    await t.drainJobs();
    expect(await importJobs(db)).toEqual([]);
    expect(
      (await db.selectFrom('import_batch').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status,
    ).toBe('previewed');
    expect(await snapshot(db)).toEqual(before);
    expect(
      await db
        .selectFrom('pupil')
        .select('id')
        .where('upn', 'in', ['Z330210414011', 'A330210414013', 'N330210414012'])
        .execute(),
    ).toEqual([]);
  });

  it('ORG-5: a file with one broken quotation mark is refused at the line where it breaks', async () => {
    const agent = await signedIn(t, world);
    const before = await snapshot(db);
    const { id, page } = await preview(
      agent,
      'pupils',
      'pupils-unclosed-quote.csv',
      fixture('pupils-unclosed-quote.csv'),
    );
    expect(errorTable(page).map((e) => e.line)).toEqual([3]);
    const refused = await agent.post(`/imports/${id}/confirm`, {});
    expect(refused.statusCode).toBe(400);
    await t.drainJobs();
    expect(await snapshot(db)).toEqual(before);
  });

  it('ORG-5: progress is available as JSON while the import runs and when it has finished', async () => {
    const agent = await signedIn(t, world);
    const { id } = await preview(agent, 'pupils', 'pupils-sims.csv', fixture('pupils-sims.csv'));
    const json = { accept: 'application/json' };
    const previewed = await agent.get(`/imports/${id}`, json);
    expect(previewed.statusCode).toBe(200);
    expect(previewed.headers['content-type']).toContain('application/json');
    expect(previewed.json()).toMatchObject({ status: 'previewed', processed: 0, total: 8, finished: false });

    expect((await agent.post(`/imports/${id}/confirm`, { confirmLeavers: '2' })).statusCode).toBe(302);
    const queued = (await agent.get(`/imports/${id}`, json)).json();
    expect(queued).toMatchObject({ status: 'queued', processed: 0, finished: false });
    const waiting = await agent.get(`/imports/${id}`);
    expect(waiting.body).toContain(`data-poll-progress="/imports/${id}"`);

    await t.drainJobs();
    const done = (await agent.get(`/imports/${id}`, json)).json() as {
      status: string;
      processed: number;
      total: number;
      finished: boolean;
      message: string;
    };
    // 8 pupils, 11 parent links and 2 leavers
    expect(done).toMatchObject({ status: 'done', processed: 21, total: 21, finished: true, error: null });
    expect(done.message).toBe('21 of 21 changes written');
  });

  it('ORG-5: another school’s import cannot be seen, polled or confirmed', async () => {
    const agent = await signedIn(t, world);
    const { id } = await preview(agent, 'pupils', 'pupils-sims.csv', fixture('pupils-sims.csv'));
    for (const who of ['admin-a2', 'admin-b1']) {
      const other = await signedIn(t, world, who);
      expect((await other.get(`/imports/${id}`)).statusCode, who).toBe(404);
      expect((await other.get(`/imports/${id}`, { accept: 'application/json' })).statusCode, who).toBe(404);
      await other.get('/imports/new'); // a CSRF token of its own session, so only the tenant check can refuse
      expect(other.csrfToken).toBeDefined();
      const confirm = await other.post(`/imports/${id}/confirm`, {});
      expect(confirm.statusCode, who).toBe(404);
      expect((await other.get('/imports')).body).not.toContain('pupils-sims.csv');
    }
    // someone in the right school without the import permission cannot reach it either
    const teacher = await signedIn(t, world, 'teacher-a1');
    expect((await teacher.get(`/imports/${id}`)).statusCode).toBe(404);
    expect((await teacher.get('/imports/new')).statusCode).toBe(404);

    expect(await importJobs(db)).toEqual([]);
    await t.drainJobs();
    expect(
      (await db.selectFrom('import_batch').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status,
    ).toBe('previewed');
    expect(await db.selectFrom('pupil').select('id').where('upn', 'in', SIMS_UPNS).execute()).toEqual([]);
    expect((await agent.get(`/imports/${id}`)).statusCode).toBe(200);
    expect((await agent.get('/imports/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await agent.get('/imports/not-a-uuid')).statusCode).toBe(404);
  });

  it('ORG-5: the audit log records the preview, the confirmation and the completion of an import', async () => {
    const agent = await signedIn(t, world);
    const { id } = await importFile(t, agent, 'pupils', 'pupils-sims.csv', fixture('pupils-sims.csv'));
    const events = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('entity_type', '=', 'import_batch')
      .where('entity_id', '=', id)
      .orderBy('seq')
      .execute();
    const actions = events.map((e) => e.action);
    expect(actions[0]).toBe('import.previewed');
    expect(actions[1]).toBe('import.confirmed');
    expect(actions.at(-1)).toBe('import.completed');
    expect(actions).toEqual(
      expect.arrayContaining(['import.pupils-written', 'import.contacts-written', 'import.pupils-marked-as-leavers']),
    );
    const admin = world.people['admin-a1']!.id;
    for (const e of events) {
      expect(e.school_id).toBe(world.schoolA1);
      expect(e.trust_id).toBe(world.trustA);
      expect(e.actor_id).toBe(admin);
    }
    expect(events[0]!.summary).toMatchObject({ kind: 'pupils', filename: 'pupils-sims.csv', rows: 8, errors: 0 });
    expect(events.at(-1)!.summary).toMatchObject({ kind: 'pupils', created: 8, updated: 0, leavers: 2 });
    expect((await verifyAuditChain(db)).ok).toBe(true);
    // the list of imports shows it as done
    const list = await agent.get('/imports');
    expect(list.body).toContain('pupils-sims.csv');
    expect(list.body).toContain('Imported');
  });
});

describe('uploads that cannot be imported', () => {
  let t: TestApp;
  let world: World;
  let agent: Agent;
  let before: Awaited<ReturnType<typeof snapshot>>;
  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t.database.db);
    agent = await signedIn(t, world);
    before = await snapshot(t.database.db);
  });
  afterAll(async () => {
    await t.close();
  });

  /** 400, the GOV.UK error summary, the upload form again, and nothing written anywhere. */
  async function expectRefused(response: LightMyRequestResponse): Promise<string[]> {
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('govuk-error-summary');
    expect(response.body).toContain('action="/imports/new"');
    const db = t.database.db;
    expect(await count(db, 'import_batch')).toBe(0);
    expect(await importJobs(db)).toEqual([]);
    expect(await db.selectFrom('audit_event').select('action').where('action', 'like', 'import.%').execute()).toEqual(
      [],
    );
    expect(await snapshot(db)).toEqual(before);
    return errorSummary(response.body);
  }

  it('ORG-5: an Excel workbook is refused with how to save it as CSV', async () => {
    const errors = await expectRefused(
      await upload(
        agent,
        'pupils',
        'pupils.xlsx',
        fixture('not-a-csv.xlsx'),
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('The file is an Excel workbook, not a CSV file');
    expect(errors[0]).toContain('CSV UTF-8');
  });

  it('ORG-5: a PNG image is refused, even when it is named .csv', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
      'base64',
    );
    const errors = await expectRefused(await upload(agent, 'pupils', 'pupils.csv', png, 'text/csv'));
    expect(errors).toEqual([expect.stringContaining('The file is a picture (a PNG image), not a CSV file')]);
  });

  it('ORG-5: an empty file is refused', async () => {
    const errors = await expectRefused(await upload(agent, 'pupils', 'pupils.csv', Buffer.alloc(0)));
    expect(errors).toEqual(['The selected file is empty']);
  });

  it('ORG-5: a file with headings but no rows is refused', async () => {
    const errors = await expectRefused(
      await upload(agent, 'pupils', 'pupils.csv', 'UPN,Legal Forename,Legal Surname,DOB,Year\r\n'),
    );
    expect(errors).toEqual(['The selected file has headings but no rows']);
  });

  it('ORG-5: a 50 MB file is refused with the 20 MB limit named', async () => {
    const row = `${makeUpn(5)},Maya,Goldberg,04/04/2015,4\r\n`;
    const big = Buffer.from(
      `UPN,Legal Forename,Legal Surname,DOB,Year\r\n${row.repeat(Math.ceil((50 * 1024 * 1024) / row.length))}`,
    );
    expect(big.length).toBeGreaterThan(50 * 1024 * 1024);
    const errors = await expectRefused(await upload(agent, 'pupils', 'everyone.csv', big));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('must be smaller than 20 MB');
  });

  it('ORG-5: a file with no headings we recognise is refused, and the page shows the headings we accept', async () => {
    const response = await upload(agent, 'pupils', 'no-known-headers.csv', fixture('no-known-headers.csv'));
    const errors = await expectRefused(response);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('We did not recognise the column headings in this file');
    expect(response.body).toContain('The column headings we look for');
    expect(response.body).toContain('Column headings we recognise for pupils');
    expect(response.body).not.toContain('Which column headings work for staff');
    for (const heading of ['UPN', 'Legal Forename', 'Legal Surname', 'DOB', 'Year Group'])
      expect(response.body).toContain(heading);
  });

  it('ORG-5: a staff list uploaded as pupils is refused with which import to choose', async () => {
    const errors = await expectRefused(await upload(agent, 'pupils', 'staff-sims.csv', fixture('staff-sims.csv')));
    expect(errors).toEqual([expect.stringContaining('This looks like a staff list, not a pupil list')]);
  });

  it('ORG-5: an upload that does not say what the file contains is refused', async () => {
    const response = await upload(agent, undefined, 'pupils-sims.csv', fixture('pupils-sims.csv'));
    const errors = await expectRefused(response);
    expect(errors).toEqual(['Select what the file contains']);
    const withNonsense = await upload(agent, 'governors', 'pupils-sims.csv', fixture('pupils-sims.csv'));
    expect(await expectRefused(withNonsense)).toEqual(['Select what the file contains']);
  });

  it('ORG-5: a form with no file is refused', async () => {
    await agent.get('/imports/new');
    const response = await agent.post('/imports/new', { kind: 'pupils' });
    const errors = await expectRefused(response);
    expect(errors).toEqual(['Select a CSV file to upload']);
  });
});

describe('staff import journey', () => {
  let t: TestApp;
  let world: World;
  let db: Db;
  beforeEach(async () => {
    t = await startTestApp();
    world = await seedWorld(t.database.db);
    db = t.database.db;
  });
  afterEach(async () => {
    await t.close();
  });

  const imported = () =>
    db
      .selectFrom('person')
      .selectAll()
      .where('school_id', '=', world.schoolA1)
      .where('mis_id', 'is not', null)
      .orderBy('mis_id')
      .execute();

  it('ORG-5: staff are created from the SIMS export, and running it again changes nothing', async () => {
    const agent = await signedIn(t, world);
    const { id, counts } = await preview(agent, 'staff', 'staff-sims.csv', fixture('staff-sims.csv'));
    // the seeded staff have no MIS id, so they are never leavers of an import
    expect(counts).toMatchObject({
      'Rows in the file': '7',
      'New staff': '7',
      'Details updated': '0',
      'No change': '0',
      'Rows with errors': '0',
    });
    expect(counts['Parents and carers added or updated']).toBeUndefined();
    await confirmAndApply(t, agent, id);

    const staff = await imported();
    expect(staff.map((p) => p.mis_id)).toEqual(['ABE', 'DOS', 'ELW', 'GMC', 'KNG', 'PSH', 'RFR']);
    const by = new Map(staff.map((p) => [p.mis_id, p]));
    expect(by.get('ABE')).toMatchObject({
      trust_id: world.trustA,
      given_name: 'Aisha',
      family_name: 'Bello',
      email: 'a.bello@stmarys.example.sch.uk',
      employment_type: 'full-time',
      job_title: 'Headteacher',
      start_date: '2015-09-01',
      leaving_date: null,
      password_hash: null,
    });
    expect(by.get('GMC')).toMatchObject({ email: 'g.mccarthy@stmarys.example.sch.uk', employment_type: 'part-time' });
    expect(by.get('PSH')!.employment_type).toBe('supply');
    expect(by.get('KNG')).toMatchObject({ employment_type: 'fixed-term', leaving_date: '2025-08-31' });
    expect(by.get('ELW')!.employment_type).toBe('trainee');
    expect(by.get('DOS')).toMatchObject({ employment_type: 'volunteer', start_date: null });
    expect(by.get('RFR')!.job_title).toBe('Deputy Headteacher, Safeguarding Lead');
    expect(
      (
        await db
          .selectFrom('person')
          .select('leaving_date')
          .where('id', '=', world.people['admin-a1']!.id)
          .executeTakeFirstOrThrow()
      ).leaving_date,
    ).toBeNull();

    t.clock.advance(HOUR);
    const before = await snapshot(db);
    const again = await preview(agent, 'staff', 'staff-sims.csv', fixture('staff-sims.csv'));
    expect(again.counts).toMatchObject({
      'New staff': '0',
      'Details updated': '0',
      'No change': '7',
      'Rows with errors': '0',
    });
    expect(leaverCount(again.page)).toBe(0);
    await confirmAndApply(t, agent, again.id);
    expect(await snapshot(db)).toEqual(before);
  });

  it('ORG-5: a staff email that already belongs to someone else is an error on that line, and nothing is imported', async () => {
    const agent = await signedIn(t, world);
    await importFile(t, agent, 'staff', 'staff-sims.csv', fixture('staff-sims.csv'));
    const before = await snapshot(db);
    // Aisha Bello (ABE) is left out; three new Staff IDs arrive with other people's addresses, and one with its own.
    const lines = fixture('staff-sims.csv')
      .toString('utf8')
      .trimEnd()
      .split(/\r?\n/)
      .filter((l) => !l.startsWith('ABE,'));
    lines.push(
      'TMS,Toby,Marsh,a.bello@stmarys.example.sch.uk,Part Time,Teaching Assistant,01/09/2022,',
      `SAL,Sally,Lowe,${world.people['admin-a2']!.email},Full Time,Office Manager,01/09/2021,`,
      `BVL,Bea,Vale,${world.people['admin-b1']!.email.toUpperCase()},Supply,Cover Supervisor,01/09/2022,`,
      'NRB,Nia,Roberts,nia.roberts@example.sch.uk,Full Time,Class Teacher,01/09/2023,',
    );
    const { id, page, counts } = await preview(agent, 'staff', 'staff.csv', lines.join('\r\n'));
    const errors = errorTable(page);
    expect(errors.map((e) => e.line)).toEqual([8, 9, 10]);
    expect(errors[0]!.message).toBe(
      'The email address a.bello@stmarys.example.sch.uk already belongs to another person in Postwarden',
    );
    expect(errors[1]!.message).toContain(world.people['admin-a2']!.email);
    expect(errors[2]!.message).toContain(world.people['admin-b1']!.email);
    expect(counts['Rows with errors']).toBe('3');

    const refused = await agent.post(`/imports/${id}/confirm`, {});
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body).join(' ')).toContain('Nothing has been imported');
    await t.drainJobs();
    expect(await snapshot(db)).toEqual(before);
    expect((await imported()).map((p) => p.mis_id)).not.toContain('NRB');
  });

  it('ORG-5: a member of staff left out of the next file becomes a leaver and can no longer sign in', async () => {
    const agent = await signedIn(t, world);
    await importFile(t, agent, 'staff', 'staff-sims.csv', fixture('staff-sims.csv'));
    // Aisha has set a password since (as she would through a reset link) and is signed in.
    const aisha = (await imported()).find((p) => p.mis_id === 'ABE')!;
    await db
      .updateTable('person')
      .set({ password_hash: await hashPassword(PASSWORD) })
      .where('id', '=', aisha.id)
      .execute();
    const aishaAgent = new Agent(t.app);
    expect((await aishaAgent.signIn('a.bello@stmarys.example.sch.uk', PASSWORD)).statusCode).toBe(302);
    expect((await aishaAgent.get('/')).statusCode).toBe(200);

    t.clock.advance(HOUR);
    const withoutAisha = fixture('staff-sims.csv')
      .toString('utf8')
      .split('\n')
      .filter((l) => !l.startsWith('ABE,'))
      .join('\n');
    const { id, page, counts } = await preview(agent, 'staff', 'staff.csv', withoutAisha);
    expect(counts).toMatchObject({ 'New staff': '0', 'Details updated': '0', 'No change': '6' });
    expect(leaverCount(page)).toBe(1);
    expect(detailsList(page, 'Leavers (first')).toEqual(['Aisha Bello']);
    await confirmAndApply(t, agent, id);

    const after = await db.selectFrom('person').selectAll().where('id', '=', aisha.id).executeTakeFirstOrThrow();
    expect(after.leaving_date).toBe(TODAY);
    expect(after.email).toBe('a.bello@stmarys.example.sch.uk');
    // her open session ends, and she cannot sign in again
    const next = await aishaAgent.get('/');
    expect(next.statusCode).toBe(302);
    expect(next.headers.location).toBe('/sign-in?ended=1');
    const again = await new Agent(t.app).signIn('a.bello@stmarys.example.sch.uk', PASSWORD);
    expect(again.statusCode).toBe(401);
    expect(errorSummary(again.body)[0]).toContain('your leaving date');
    // the administrator who ran the import is not affected
    expect((await agent.get('/imports')).statusCode).toBe(200);
  });
});
