import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { Agent, errorSummary } from '../../support/agent.ts';
import { PASSWORD, seedWorld, type World } from '../../support/world.ts';
import type { Database } from '../../../src/platform/db/schema.ts';
import { makeUpn } from '../../../src/modules/directory/import/rules/index.ts';
import { APPLY_IMPORT_JOB } from '../../../src/modules/directory/import/service.ts';
import { pageText } from '../directory/helpers.ts';

// Issue 8: an import says whether its file is everyone or only new and changed people, shows leavers
// as a warning, needs the number typed when most of the roll would leave, can be cancelled, and can
// be undone for a set time. A staff import changes nobody's email or leaving date that the one
// person-change rule refuses.

type Db = Kysely<Database>;
const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/import');
const DAY = 24 * 3_600_000;
const HEADINGS = [
  'UPN',
  'Legal Forename',
  'Legal Surname',
  'DOB',
  'Year',
  'Contact 1 Forename',
  'Contact 1 Surname',
  'Contact 1 Relationship',
  'Contact 1 Email',
];
const csv = (headings: string[], rows: string[][]) => `${[headings, ...rows].map((r) => r.join(',')).join('\r\n')}\r\n`;
/** Three new starters in Reception, each with a parent. */
const STARTERS = csv(HEADINGS, [
  [makeUpn(701), 'Ada', 'Starling', '01/10/2021', 'R', 'Mina', 'Starling', 'Mother', 'mina.starling@example.com'],
  [makeUpn(702), 'Bo', 'Finch', '02/11/2021', 'R', 'Carl', 'Finch', 'Father', 'carl.finch@example.com'],
  [makeUpn(703), 'Cy', 'Wren', '03/12/2021', 'R', 'Dee', 'Wren', 'Carer', ''],
]);
const STARTER_UPNS = [makeUpn(701), makeUpn(702), makeUpn(703)];

async function signedIn(t: TestApp, world: World, who = 'admin-a1'): Promise<Agent> {
  const agent = new Agent(t.app);
  expect((await agent.signIn(world.people[who]!.email, PASSWORD)).statusCode).toBe(302);
  return agent;
}

function upload(
  agent: Agent,
  kind: string,
  filename: string,
  content: string | Buffer,
  scope?: string,
): Promise<LightMyRequestResponse> {
  return agent.upload(
    '/imports/new',
    { kind, ...(scope ? { scope } : {}) },
    { field: 'file', filename, content, type: 'text/csv' },
  );
}

async function previewed(
  agent: Agent,
  kind: string,
  filename: string,
  content: string | Buffer,
  scope: 'whole' | 'changes',
) {
  const response = await upload(agent, kind, filename, content, scope);
  expect(response.statusCode, errorSummary(response.body).join('; ')).toBe(302);
  const id = String(response.headers.location).split('/').pop()!;
  return { id, page: (await agent.get(`/imports/${id}`)).body };
}

async function confirm(t: TestApp, agent: Agent, id: string, confirmLeavers?: string) {
  const response = await agent.post(`/imports/${id}/confirm`, confirmLeavers === undefined ? {} : { confirmLeavers });
  if (response.statusCode === 302) await t.drainJobs();
  return response;
}

const onRoll = async (db: Db, schoolId: string, today = '2026-11-18') =>
  (
    await db
      .selectFrom('pupil')
      .select('upn')
      .where('school_id', '=', schoolId)
      .where((eb) => eb.or([eb('leaving_date', 'is', null), eb('leaving_date', '>', today)]))
      .orderBy('upn')
      .execute()
  ).map((p) => p.upn);
const roster = async (db: Db) => ({
  pupil: await db.selectFrom('pupil').select(['id', 'upn', 'leaving_date', 'given_name']).orderBy('upn').execute(),
  parent: await db.selectFrom('parent').select(['id', 'given_name']).orderBy('id').execute(),
  pupil_parent: await db.selectFrom('pupil_parent').selectAll().orderBy('pupil_id').orderBy('parent_id').execute(),
  person: await db.selectFrom('person').select(['id', 'email', 'leaving_date', 'mis_id']).orderBy('id').execute(),
});
const batchOf = (db: Db, id: string) =>
  db.selectFrom('import_batch').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const jobsFor = async (db: Db, id: string) =>
  (await db.selectFrom('job').select('payload').where('kind', '=', APPLY_IMPORT_JOB).execute()).filter(
    (j) => (j.payload as { batchId?: string }).batchId === id,
  );

describe('pupil imports that cannot empty a school by mistake', () => {
  let t: TestApp;
  let world: World;
  let db: Db;
  let admin: Agent;
  beforeEach(async () => {
    t = await startTestApp();
    world = await seedWorld(t.database.db);
    db = t.database.db;
    admin = await signedIn(t, world);
    // A school of ten on roll: the two seeded pupils and the SIMS export's eight, added as new and changed pupils.
    const first = await previewed(
      admin,
      'pupils',
      'pupils-sims.csv',
      fs.readFileSync(path.join(FIXTURES, 'pupils-sims.csv')),
      'changes',
    );
    expect((await confirm(t, admin, first.id)).statusCode).toBe(302);
    expect(await onRoll(db, world.schoolA1)).toHaveLength(10);
    t.clock.advance(3_600_000);
  }, 120_000);
  afterEach(async () => {
    await t.close();
  });

  it('issue 8 new-user item 1: the upload asks whether the file is every pupil or only new and changed pupils, and refuses one that does not say', async () => {
    const form = pageText((await admin.get('/imports/new?kind=pupils')).body);
    expect(form).toContain('Is this file every pupil in the school, or only new and changed pupils?');
    const before = await roster(db);
    const batches = (await db.selectFrom('import_batch').select('id').execute()).length;
    const response = await upload(admin, 'pupils', 'starters.csv', STARTERS);
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual([
      'Select whether the file lists everyone in the school or only new and changed people',
    ]);
    const nonsense = await upload(admin, 'pupils', 'starters.csv', STARTERS, 'some');
    expect(errorSummary(nonsense.body)).toEqual([
      'Select whether the file lists everyone in the school or only new and changed people',
    ]);
    expect((await db.selectFrom('import_batch').select('id').execute()).length).toBe(batches);
    expect(await roster(db)).toEqual(before);
  });

  it('issue 8 new-user item 1: three new starters as "only new and changed pupils" are added and nobody leaves', async () => {
    const { id, page } = await previewed(admin, 'pupils', 'starters.csv', STARTERS, 'changes');
    const text = pageText(page);
    expect(text).toContain('Nobody will be marked as leaving: you said the file holds only new and changed pupils');
    expect(text).not.toContain('will be marked as having left today');
    expect(page).not.toContain('name="confirmLeavers"');
    expect((await confirm(t, admin, id)).statusCode).toBe(302);
    expect(await onRoll(db, world.schoolA1)).toHaveLength(13);
  });

  it('issue 8 new-user item 1: three starters uploaded as "every pupil" warn that ten would leave, need 10 typed, refuse a wrong number, and Cancel discards them', async () => {
    const before = await roster(db);
    const { id, page } = await previewed(admin, 'pupils', 'starters.csv', STARTERS, 'whole');
    const text = pageText(page);
    // A warning at the top, not an ordinary row of the summary.
    expect(text).toContain(
      '10 pupils will be marked as having left today, because they are not in the file (10 of the 10 on roll)',
    );
    expect(page.indexOf('id="leavers-warning"')).toBeLessThan(page.indexOf('govuk-summary-list'));
    expect(text).not.toMatch(/Marked as leavers/);
    expect(text).toContain('To confirm, type the number of pupils who will be marked as leaving');
    expect(page).toContain(`formaction="/imports/${id}/cancel"`);

    const untyped = await confirm(t, admin, id);
    expect(untyped.statusCode).toBe(400);
    expect(errorSummary(untyped.body)).toEqual([
      'Type 10 to confirm that 10 pupils should be marked as leaving, or cancel the import',
    ]);
    const wrong = await confirm(t, admin, id, '3');
    expect(wrong.statusCode).toBe(400);
    expect(errorSummary(wrong.body)).toEqual([
      'You typed 3, but 10 pupils would be marked as leaving. Type 10 to confirm, or cancel the import',
    ]);
    expect(wrong.body).toContain('value="3"');
    expect(await jobsFor(db, id)).toEqual([]);
    expect((await batchOf(db, id)).status).toBe('previewed');
    expect(await roster(db)).toEqual(before);

    const cancelled = await admin.post(`/imports/${id}/cancel`, {});
    expect(cancelled.statusCode).toBe(302);
    expect(cancelled.headers.location).toBe('/imports');
    expect(pageText((await admin.get('/imports')).body)).toContain(
      'The import of starters.csv was cancelled. Nothing was changed.',
    );
    expect(await batchOf(db, id)).toMatchObject({ status: 'cancelled', csv_text: '' });
    expect(
      await db
        .selectFrom('audit_event')
        .select(['action', 'actor_id'])
        .where('entity_id', '=', id)
        .where('action', '=', 'import.cancelled')
        .execute(),
    ).toEqual([{ action: 'import.cancelled', actor_id: world.people['admin-a1']!.id }]);
    // A cancelled import cannot be confirmed afterwards, even with the right number.
    await admin.get(`/imports/${id}`);
    await confirm(t, admin, id, '10');
    expect(await jobsFor(db, id)).toEqual([]);
    expect(await roster(db)).toEqual(before);
    expect(await onRoll(db, world.schoolA1)).toHaveLength(10);
  });

  it('issue 8 new-user item 1: with the number typed the import runs; an administrator then undoes it: leavers back on roll, the starters and their parents removed, audited', async () => {
    const before = await roster(db);
    const { id } = await previewed(admin, 'pupils', 'starters.csv', STARTERS, 'whole');
    expect((await confirm(t, admin, id, ' 10 ')).statusCode).toBe(302);
    expect(await onRoll(db, world.schoolA1)).toEqual([...STARTER_UPNS].sort());
    const done = pageText((await admin.get(`/imports/${id}`)).body);
    expect(done).toContain('You can undo it until');
    expect(done).toContain('the 10 it marked as leaving come back on roll, and the 3 it added are removed');

    t.clock.advance(6 * DAY); // within the seven days
    const head = await signedIn(t, world, 'head-a1');
    const confirmPage = pageText((await head.get(`/imports/${id}/undo`)).body);
    expect(confirmPage).toContain('put the 10 pupils it marked as leaving back on roll');
    expect(confirmPage).toContain('remove the 3 pupils it added, with the parents and carers it added');
    const undone = await head.post(`/imports/${id}/undo`, {});
    expect(undone.statusCode).toBe(302);
    expect(pageText((await head.get(`/imports/${id}`)).body)).toContain(
      'The import of starters.csv was undone: 10 back on roll, 3 removed.',
    );

    const after = await roster(db);
    expect(after.pupil).toEqual(before.pupil);
    expect(after.parent).toEqual(before.parent);
    expect(after.pupil_parent).toEqual(before.pupil_parent);
    expect(await onRoll(db, world.schoolA1, '2026-11-24')).toHaveLength(10);
    expect(await batchOf(db, id)).toMatchObject({ status: 'undone', undone_by: world.people['head-a1']!.id });
    const audit = await db
      .selectFrom('audit_event')
      .select(['action', 'summary', 'actor_id', 'school_id'])
      .where('entity_id', '=', id)
      .where('action', '=', 'import.undone')
      .execute();
    expect(audit).toEqual([
      {
        action: 'import.undone',
        actor_id: world.people['head-a1']!.id,
        school_id: world.schoolA1,
        summary: { kind: 'pupils', removed: 3, restored: 10, notRestored: 0 },
      },
    ]);
    expect(pageText((await head.get('/imports')).body)).toContain('Undone');
    // It cannot be undone twice.
    const again = await head.post(`/imports/${id}/undo`, {});
    expect(again.statusCode).toBe(400);
    expect(errorSummary(again.body)).toEqual(['This import has already been undone.']);
  });

  it('issue 8 new-user item 1: undo is refused, changing nothing, after seven days, for an import that is not the last, and when a pupil it added has been changed or linked since', async () => {
    const refusedWith = async (id: string, reason: string | RegExp) => {
      const before = await roster(db);
      const response = await admin.post(`/imports/${id}/undo`, {});
      expect(response.statusCode).toBe(400);
      expect(errorSummary(response.body).join(' ')).toMatch(reason);
      expect(await roster(db)).toEqual(before);
      expect((await batchOf(db, id)).status).toBe('done');
    };
    const { id } = await previewed(admin, 'pupils', 'starters.csv', STARTERS, 'changes');
    await confirm(t, admin, id);
    await admin.get(`/imports/${id}`);

    // Linked by hand to a new parent since: a record refers to the pupil.
    const ada = await db.selectFrom('pupil').select('id').where('upn', '=', makeUpn(701)).executeTakeFirstOrThrow();
    expect(
      (
        await admin.post(
          `/pupils/${ada.id}/parents/new`,
          { givenName: 'Gran', familyName: 'Starling', email: '', phone: '', relationship: 'Grandparent' },
          { tokenFrom: `/pupils/${ada.id}/parents/new` },
        )
      ).statusCode,
    ).toBe(302);
    await refusedWith(id, /now linked to other records.*Nothing has been changed/);
    await db
      .deleteFrom('pupil_parent')
      .where('pupil_id', '=', ada.id)
      .where('relationship', '=', 'Grandparent')
      .execute();

    // Changed by hand since.
    await db
      .updateTable('pupil')
      .set({ form_group: 'RB', updated_at: new Date(t.clock.now().getTime() + 60_000) })
      .where('id', '=', ada.id)
      .execute();
    await refusedWith(
      id,
      'Some of the pupils this import added have been changed since (Ada Starling), so removing them would lose that work. Nothing has been changed.',
    );
    await db
      .updateTable('pupil')
      .set({ updated_at: (await batchOf(db, id)).finished_at! })
      .where('id', '=', ada.id)
      .execute();

    // Not the last import of pupils any more.
    t.clock.advance(60_000);
    const later = await previewed(
      admin,
      'pupils',
      'more.csv',
      csv(HEADINGS, [[makeUpn(801), 'Dot', 'Lark', '01/01/2021', 'R', '', '', '', '']]),
      'changes',
    );
    await confirm(t, admin, later.id);
    await refusedWith(id, 'A later import of pupils has been made since. Only the last import can be undone.');
    expect(pageText((await admin.get(`/imports/${id}`)).body)).toContain('Only the last import can be undone');

    // Seven days after it finished, even the last one cannot.
    t.clock.advance(7 * DAY + 60_000);
    const latest = await signedIn(t, world);
    expect(pageText((await latest.get(`/imports/${later.id}`)).body)).toContain(
      'An import can be undone for 7 days after it finishes',
    );
    const late = await latest.post(`/imports/${later.id}/undo`, {}, { tokenFrom: '/imports/new' });
    expect(late.statusCode).toBe(400);
    expect(errorSummary(late.body)[0]).toContain(
      'An import can be undone for 7 days after it finishes. This one finished on 18 November 2026.',
    );
    // Another school's administrator cannot even find it.
    const other = await signedIn(t, world, 'admin-a2');
    await other.get('/imports');
    expect((await other.post(`/imports/${later.id}/undo`, {}, { tokenFrom: '/imports/new' })).statusCode).toBe(404);
    expect((await other.get(`/imports/${later.id}/undo`)).statusCode).toBe(404);
    expect((await other.post(`/imports/${later.id}/cancel`, {}, { tokenFrom: '/imports/new' })).statusCode).toBe(404);
  });
});

describe('staff imports go through the one person-change rule', () => {
  let t: TestApp;
  let world: World;
  let db: Db;
  const STAFF_HEADINGS = [
    'Staff Code',
    'Legal Forename',
    'Legal Surname',
    'Work Email',
    'Employment Type',
    'Role',
    'Start Date',
    'Leaving Date',
  ];
  const headRow = (email: string, leaving = '') => [
    'HT1',
    'head',
    'Tester',
    email,
    'Full Time',
    'Headteacher',
    '01/09/2020',
    leaving,
  ];
  const teacherRow = [
    'TCH',
    'teacher',
    'Tester',
    'teacher-a1@example.sch.uk',
    'Full Time',
    'Teacher',
    '01/09/2020',
    '',
  ];
  beforeEach(async () => {
    t = await startTestApp();
    world = await seedWorld(t.database.db);
    db = t.database.db;
    // The head and a teacher came from the MIS, so an import matches them by their Staff Code.
    await db.updateTable('person').set({ mis_id: 'HT1' }).where('id', '=', world.people['head-a1']!.id).execute();
    await db.updateTable('person').set({ mis_id: 'TCH' }).where('id', '=', world.people['teacher-a1']!.id).execute();
  }, 120_000);
  afterEach(async () => {
    await t.close();
  });

  it('issue 8 item 2: a school administrator’s import that changes the headteacher’s email is refused on that row, and her email and sign-in are unchanged', async () => {
    const admin = await signedIn(t, world);
    const before = await roster(db);
    const { id, page } = await previewed(
      admin,
      'staff',
      'staff.csv',
      csv(STAFF_HEADINGS, [headRow('head@attacker.example'), teacherRow]),
      'changes',
    );
    const text = pageText(page);
    expect(text).toContain('Rows with errors 1');
    expect(text).toContain(
      'You cannot change the email address of someone whose authority is the same as yours or more: it is how they sign in. Ask a trust administrator',
    );
    expect(page).not.toContain(`action="/imports/${id}/confirm"`);
    const refused = await confirm(t, admin, id);
    expect(refused.statusCode).toBe(400);
    await t.drainJobs();
    expect(await roster(db)).toEqual(before);
    expect(
      (
        await db
          .selectFrom('person')
          .select('email')
          .where('id', '=', world.people['head-a1']!.id)
          .executeTakeFirstOrThrow()
      ).email,
    ).toBe('head-a1@example.sch.uk');
    expect(await db.selectFrom('mail_message').select('to_address').execute()).toEqual([]);
    // She still signs in with her own address.
    expect((await new Agent(t.app).signIn('head-a1@example.sch.uk', PASSWORD)).statusCode).toBe(302);
  });

  it('issue 8 item 3: a file of everyone that leaves the headteacher out cannot mark her as leaving; said as only new and changed staff, it imports', async () => {
    const admin = await signedIn(t, world);
    const before = await roster(db);
    const { id, page } = await previewed(admin, 'staff', 'staff.csv', csv(STAFF_HEADINGS, [teacherRow]), 'whole');
    const text = pageText(page);
    expect(text).toContain('Rows with errors 0 Not in the file, and cannot be marked as leaving by you 1');
    expect(text).toContain(
      'head Tester is not in the file, so this import would mark them as leaving today. You cannot set or change the leaving date of someone whose authority is the same as yours or more: that would end their access at once. Ask a trust administrator',
    );
    expect((await confirm(t, admin, id)).statusCode).toBe(400);
    expect(await roster(db)).toEqual(before);
    // Setting her leaving date in the file is refused the same way.
    const dated = await previewed(
      admin,
      'staff',
      'staff.csv',
      csv(STAFF_HEADINGS, [headRow('head-a1@example.sch.uk', '18/11/2026'), teacherRow]),
      'changes',
    );
    expect(pageText(dated.page)).toContain(
      'You cannot set or change the leaving date of someone whose authority is the same as yours or more: that would end their access at once',
    );
    expect((await confirm(t, admin, dated.id)).statusCode).toBe(400);
    expect(await roster(db)).toEqual(before);
    // The same file, said to be only new and changed staff, leaves the head alone.
    const partial = await previewed(admin, 'staff', 'staff.csv', csv(STAFF_HEADINGS, [teacherRow]), 'changes');
    expect((await confirm(t, admin, partial.id)).statusCode).toBe(302);
    expect(
      (
        await db
          .selectFrom('person')
          .select('leaving_date')
          .where('id', '=', world.people['head-a1']!.id)
          .executeTakeFirstOrThrow()
      ).leaving_date,
    ).toBeNull();
  });

  it('issue 8 item 2: a trust administrator’s import may change the headteacher’s email; it is audited by name and her old address is told', async () => {
    const trustAdmin = await signedIn(t, world, 'trustadmin-a');
    await trustAdmin.get('/switch');
    expect((await trustAdmin.post('/switch', { school: world.schoolA1 })).statusCode).toBe(302);
    const { id } = await previewed(
      trustAdmin,
      'staff',
      'staff.csv',
      csv(STAFF_HEADINGS, [headRow('head.new@a1.example.sch.uk'), teacherRow]),
      'changes',
    );
    expect((await confirm(t, trustAdmin, id)).statusCode).toBe(302);
    expect((await batchOf(db, id)).status).toBe('done');
    const headId = world.people['head-a1']!.id;
    expect(
      (await db.selectFrom('person').select('email').where('id', '=', headId).executeTakeFirstOrThrow()).email,
    ).toBe('head.new@a1.example.sch.uk');
    const mail = await db.selectFrom('mail_message').select(['to_address', 'subject', 'body_text']).execute();
    expect(mail.map((m) => [m.to_address, m.subject])).toEqual([
      ['head-a1@example.sch.uk', 'Your Postwarden sign-in email address was changed'],
    ]);
    expect(mail[0]!.body_text).toContain(
      'trustadmin Tester changed the email address you sign in to Postwarden with at Alder Primary from head-a1@example.sch.uk to head.new@a1.example.sch.uk',
    );
    const audit = await db
      .selectFrom('audit_event')
      .select(['action', 'summary', 'actor_id'])
      .where('entity_id', '=', headId)
      .execute();
    expect(audit).toEqual([
      {
        action: 'person.updated',
        actor_id: world.people['trustadmin-a']!.id,
        summary: {
          via: 'import',
          batchId: id,
          email: { from: 'head-a1@example.sch.uk', to: 'head.new@a1.example.sch.uk' },
          toldOldAddress: 'head-a1@example.sch.uk',
        },
      },
    ]);
  });

  it('issue 8 item 2: a role lost between preview and apply counts: the apply job asks the rule again and writes nothing', async () => {
    const head = await signedIn(t, world, 'head-a1');
    // The head may change the DSL's address (the DSL came from the MIS too)…
    await db.updateTable('person').set({ mis_id: 'DSL' }).where('id', '=', world.people['dsl-a1']!.id).execute();
    const row = ['DSL', 'dsl', 'Tester', 'dsl.new@a1.example.sch.uk', 'Full Time', 'DSL', '01/09/2020', ''];
    const { id, page } = await previewed(head, 'staff', 'staff.csv', csv(STAFF_HEADINGS, [row]), 'changes');
    expect(pageText(page)).toContain('Rows with errors 0');
    expect((await head.post(`/imports/${id}/confirm`, {})).statusCode).toBe(302);
    // …but before the job runs, the DSL is made headteacher too.
    await db
      .insertInto('role_assignment')
      .values({
        person_id: world.people['dsl-a1']!.id,
        trust_id: world.trustA,
        school_id: world.schoolA2,
        role: 'headteacher',
      })
      .execute();
    await t.drainJobs();
    const batch = await batchOf(db, id);
    expect(batch.status).toBe('failed');
    expect(batch.error).toContain(
      'You cannot change the email address of someone whose authority is the same as yours or more',
    );
    expect(
      (
        await db
          .selectFrom('person')
          .select('email')
          .where('id', '=', world.people['dsl-a1']!.id)
          .executeTakeFirstOrThrow()
      ).email,
    ).toBe('dsl-a1@example.sch.uk');
    expect(await db.selectFrom('mail_message').select('id').execute()).toEqual([]);
  });

  it('issue 8 new-user item 1: a staff import can be undone too: the staff it added are removed and its leavers are back', async () => {
    const admin = await signedIn(t, world);
    const before = await roster(db);
    // Everyone: the teacher is left out (a leaver), two new people arrive; the head is in the file unchanged.
    const file = csv(STAFF_HEADINGS, [
      headRow('head-a1@example.sch.uk'),
      ['NW1', 'Nell', 'Wood', 'nell.wood@a1.example.sch.uk', 'Part Time', 'TA', '01/11/2026', ''],
      ['NW2', 'Ned', 'Wood', 'ned.wood@a1.example.sch.uk', 'Volunteer', 'Reader', '', ''],
    ]);
    const { id, page } = await previewed(admin, 'staff', 'staff.csv', file, 'whole');
    expect(pageText(page)).toContain('1 member of staff will be marked as having left today');
    expect((await confirm(t, admin, id)).statusCode).toBe(302);
    expect(
      (
        await db
          .selectFrom('person')
          .select('leaving_date')
          .where('id', '=', world.people['teacher-a1']!.id)
          .executeTakeFirstOrThrow()
      ).leaving_date,
    ).toBe('2026-11-18');
    const undone = await admin.post(`/imports/${id}/undo`, {}, { tokenFrom: `/imports/${id}/undo` });
    expect(undone.statusCode).toBe(302);
    const after = await roster(db);
    expect(after.person).toEqual(before.person);
  });
});
