import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { concern, report, seedCaseWorld, type CaseWorld } from './support.ts';

/** The report form's people search as you type (INC-1): GET /concerns/people?q=… and its script. */
describe('people search on the report form (INC-1)', () => {
  let t: TestApp;
  let world: CaseWorld;

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedCaseWorld(t);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const search = async (q: string, agent = world.agents.teacher) => {
    const r = await agent.get(`/concerns/people?q=${encodeURIComponent(q)}`, { accept: 'application/json' });
    return { status: r.statusCode, type: String(r.headers['content-type']), body: r.body, json: r.json() };
  };

  it('INC-1: part of a name finds the school’s pupils and staff as the reporter types, each with the hint the form shows', async () => {
    const pupils = await search('quil');
    expect(pupils.status).toBe(200);
    expect(pupils.json.people).toEqual([
      { value: `pupil:${world.pupils['jo-a1']}`, name: 'Josephine Quill', hint: 'Pupil, Year 4' },
    ]);
    const staff = await search('dsl tes');
    expect(staff.json.people.map((p: { value: string }) => p.value)).toEqual([`staff:${world.people['dsl-a1']!.id}`]);
  });

  it('INC-1: only the reporter’s own school is searched: pupils and staff of another school, or trust, are never offered', async () => {
    // Samir is at the trust's other school; Beatrix and head-b1 at the other trust's.
    for (const q of ['Samir', 'Velasquez', 'Beatrix', 'Loxley']) expect((await search(q)).json.people).toEqual([]);
    const testers = (await search('Tester')).json.people as { value: string }[];
    const ids = testers.map((p) => p.value.replace(/^staff:/, ''));
    const schools = await t.database.db.selectFrom('person').select('school_id').where('id', 'in', ids).execute();
    expect(testers.length).toBeGreaterThan(0);
    expect(new Set(schools.map((s) => s.school_id))).toEqual(new Set([world.schoolA1]));
  });

  it('INC-1, INC-7: a pupil on the never-publish list is found by name but nothing else about them is given away', async () => {
    const found = await search('Oakhurst');
    expect(found.json.people).toEqual([
      { value: `pupil:${world.pupils['secret-a1']}`, name: 'Marnie Oakhurst', hint: 'Pupil, Year 4' },
    ]);
    const pupil = await t.database.db
      .selectFrom('pupil')
      .selectAll()
      .where('id', '=', world.pupils['secret-a1']!)
      .executeTakeFirstOrThrow();
    for (const secret of [pupil.upn, pupil.date_of_birth, 'Placement', 'never', 'consent', pupil.form_group!])
      expect(found.body).not.toContain(secret);
    expect(found.type).toContain('application/json');
  });

  it('INC-1: bad input is refused with a problem+json body, and a signed-out caller gets no names', async () => {
    for (const url of [
      '/concerns/people',
      '/concerns/people?q=',
      '/concerns/people?q=a',
      `/concerns/people?q=${'a'.repeat(101)}`,
    ]) {
      const r = await world.agents.teacher.get(url, { accept: 'application/json' });
      expect(r.statusCode, url).toBe(400);
      expect(String(r.headers['content-type'])).toContain('application/problem+json');
      expect(r.json()).toMatchObject({ status: 400, detail: expect.stringContaining('at least 2') });
    }
    // %, _ and \ are letters to search for, not patterns that match everyone
    expect((await search('%%')).json.people).toEqual([]);
    expect((await search('__')).json.people).toEqual([]);
    const signedOut = await t.app.inject({ method: 'GET', url: '/concerns/people?q=Quill' });
    expect(signedOut.statusCode).not.toBe(200);
    expect(signedOut.body).not.toContain('Quill');
  });

  it('INC-1: the form loads the search script and marks each name box for it; a person chosen from it is taken without asking again', async () => {
    const form = await world.agents.teacher.get('/concerns/new');
    expect(form.body).toContain('<script type="module" src="/assets/people-search.js"');
    for (const n of [0, 1, 2])
      expect(form.body).toContain(`data-people-search="/concerns/people" data-pick="pick-${n}"`);
    const script = await t.app.inject({ method: 'GET', url: '/assets/people-search.js' });
    expect(script.statusCode).toBe(200);
    expect(String(script.headers['content-type'])).toContain('text/javascript');
    expect(script.body).toContain("setAttribute('role', 'combobox')");
    // "Tester" matches several staff; the script sends the one chosen as pick-0
    const chosen = (await search('Tester')).json.people.find((p: { name: string }) => p.name === 'hr Tester');
    const { caseId } = await report(
      t,
      world.agents.teacher,
      concern('staff-misuse', { 'involved-0': chosen.name, 'pick-0': chosen.value }),
    );
    const people = await t.database.db.selectFrom('case_person').selectAll().where('case_id', '=', caseId!).execute();
    expect(people.map((p) => p.person_id)).toContain(world.people['hr-a1']!.id);
  });
});
