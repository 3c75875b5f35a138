import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createHash } from 'node:crypto';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { errorSummary } from '../../support/agent.ts';
import { changedTables, pageText, snapshot } from '../directory/helpers.ts';
import {
  caseCount,
  concern,
  expectRedirect,
  report,
  reportWithFiles,
  seedCaseWorld,
  type CaseWorld,
} from './support.ts';

describe('reporting a concern (INC-1, INC-2)', () => {
  let t: TestApp;
  let world: CaseWorld;

  beforeAll(async () => {
    t = await startTestApp({ env: { UPLOAD_LIMIT_MB: '1' } });
    world = await seedCaseWorld(t);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('INC-1: every signed-in page has a “Report a concern” link in the header, and the form is one page', async () => {
    for (const agent of [world.agents.teacher, world.agents.governor, world.agents.admin]) {
      const home = await agent.get('/');
      expect(home.body).toContain('href="/concerns/new">Report a concern</a>');
    }
    const form = await world.agents.teacher.get('/concerns/new');
    expect(form.statusCode).toBe(200);
    const text = pageText(form.body);
    expect(text).toContain('Is someone at risk of harm right now?');
    expect(text).toContain('call 999');
    expect(text.indexOf('Is someone at risk')).toBeLessThan(text.indexOf('What is it about?'));
  });

  it('INC-1: a safeguarding concern goes to the DSL team at once: emailed, on their home page, confirmed with who and by when', async () => {
    const { response, caseId, reference } = await report(
      t,
      world.agents.teacher,
      concern('child-safeguarding', { 'involved-0': 'Josephine Quill' }),
    );
    expectRedirect(response, '/concerns/sent');
    expect(reference).toMatch(/^C-2026-\d{4}$/);
    const sent = pageText((await world.agents.teacher.get('/concerns/sent')).body);
    expect(sent).toContain(reference!);
    expect(sent).toContain('dsl Tester, deputy Tester');
    expect(sent).toContain('by 18 November 2026 at 11:00am');
    const row = await t.database.db
      .selectFrom('concern_case')
      .selectAll()
      .where('id', '=', caseId!)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      routed_to: 'dsl-team',
      restricted: true,
      urgent: true,
      owner_id: world.people['dsl-a1']!.id,
    });
    const mail = await t.database.db
      .selectFrom('mail_message')
      .select(['to_address', 'subject', 'school_id', 'body_text'])
      .where('subject', 'like', `%${reference}%`)
      .execute();
    expect(mail.map((m) => m.to_address).sort()).toEqual(['deputy-a1@example.sch.uk', 'dsl-a1@example.sch.uk']);
    expect(mail[0]!.subject).toMatch(/^Urgent/);
    expect(mail[0]!.school_id).toBeNull(); // restricted mail is in no school's outbox
    expect(mail[0]!.body_text).not.toContain('Josephine');
    const home = pageText((await world.agents.dsl.get('/')).body);
    expect(home).toContain(`Urgent concern ${reference}: open it now`);
    expect(pageText((await world.agents.head.get('/')).body)).not.toContain(reference!);
  });

  it('INC-1: each kind goes to its receiver (misuse → head, abuse → SLT, press → head, allegation → head), with a named fallback when the role is vacant', async () => {
    // both-a and slt-a1 are SLT at A1: the first by name receives it.
    const cases: [string, string][] = [
      ['staff-misuse', 'head-a1'],
      ['abuse-received', 'both-a'],
      ['journalist-contact', 'head-a1'],
      ['pupil-friend-request', 'head-a1'],
      ['allegation-adult', 'head-a1'],
      ['child-contact-personal', 'dsl-a1'],
    ];
    for (const [kind, owner] of cases) {
      const { caseId } = await report(t, world.agents.teacher, concern(kind));
      const row = await t.database.db
        .selectFrom('concern_case')
        .select(['owner_id', 'routed_fallback'])
        .where('id', '=', caseId!)
        .executeTakeFirstOrThrow();
      expect(row.owner_id, kind).toBe(world.people[owner]!.id);
      expect(row.routed_fallback, kind).toBe(false);
    }
    // No SLT at the school: harassment received goes to the head instead, and the reporter is told so.
    const slt = await t.database.db
      .deleteFrom('role_assignment')
      .where('role', '=', 'slt')
      .where('school_id', '=', world.schoolA1)
      .returningAll()
      .execute();
    expect(slt).toHaveLength(2);
    const { caseId } = await report(t, world.agents.teacher, concern('abuse-received'));
    await t.database.db.insertInto('role_assignment').values(slt).execute();
    expect(
      await t.database.db
        .selectFrom('concern_case')
        .select(['owner_id', 'routed_fallback', 'routed_to'])
        .where('id', '=', caseId!)
        .executeTakeFirstOrThrow(),
    ).toEqual({ owner_id: world.people['head-a1']!.id, routed_fallback: true, routed_to: 'head' });
    expect(pageText((await world.agents.teacher.get('/concerns/sent')).body)).toContain('not available or is involved');
  });

  it('INC-1: an allegation about the head goes to the chair of governors, never to the head', async () => {
    const { caseId, reference } = await report(
      t,
      world.agents.teacher,
      concern('allegation-adult', { 'involved-0': 'head Tester', disclosure: 'She said: he messaged me at night.' }),
    );
    const row = await t.database.db
      .selectFrom('concern_case')
      .selectAll()
      .where('id', '=', caseId!)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      routed_to: 'chair',
      about_head: true,
      owner_id: world.people['chair-a1']!.id,
      restricted: true,
      disclosure: 'She said: he messaged me at night.',
    });
    const mail = await t.database.db
      .selectFrom('mail_message')
      .select('to_address')
      .where('subject', 'like', `%${reference}%`)
      .execute();
    expect(mail.map((m) => m.to_address)).toEqual(['chair-a1@example.sch.uk']);
    expect((await world.agents.head.get(`/cases/${caseId}`)).statusCode).toBe(404);
    expect((await world.agents.chair.get(`/cases/${caseId}`)).statusCode).toBe(200);
    expect(pageText((await world.agents.head.get('/')).body)).not.toContain(reference!);
  });

  it('INC-1: a name that matches several people is offered as a choice; a name that matches nobody is an error', async () => {
    const before = await caseCount(t);
    const several = await world.agents.teacher.post(
      '/concerns/new',
      concern('staff-misuse', { 'involved-0': 'Tester' }),
    );
    expect(several.statusCode).toBe(400);
    expect(errorSummary(several.body)[0]).toContain('More than one person matches “Tester”');
    expect(several.body).toContain('name="pick-0"');
    const nobody = await world.agents.teacher.post(
      '/concerns/new',
      concern('staff-misuse', { 'involved-0': 'Zebedee Nobody' }),
    );
    expect(errorSummary(nobody.body)).toEqual([
      'Nobody at the school is called “Zebedee Nobody”. Check the spelling, or put them in the box for people outside the school',
    ]);
    const picked = await report(
      t,
      world.agents.teacher,
      concern('staff-misuse', {
        'involved-0': 'Tester',
        'pick-0': `staff:${world.people['hr-a1']!.id}`,
        outside: 'A parent, @angryparent on the app',
      }),
    );
    expectRedirect(picked.response, '/concerns/sent');
    const people = await t.database.db
      .selectFrom('case_person')
      .select(['kind', 'name', 'is_subject'])
      .where('case_id', '=', picked.caseId!)
      .orderBy('kind')
      .execute();
    expect(people).toEqual([
      { kind: 'outside', name: 'A parent, @angryparent on the app', is_subject: false },
      { kind: 'staff', name: 'hr Tester', is_subject: true },
    ]);
    expect(await caseCount(t)).toBe(before + 1);
  });

  it('INC-2: screenshots are kept byte for byte with their SHA-256, size, who and when, with a cleaned preview; links keep address, time seen and site', async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c03030' } })
      .withMetadata({ exif: { IFD0: { Copyright: 'Kept-in-original' } } })
      .png()
      .toBuffer();
    const pdf = Buffer.from('%PDF-1.4\n% a letter\n');
    const response = await reportWithFiles(
      t,
      world.agents.teacher,
      {
        ...concern('staff-cyberbullying'),
        where: 'https://social.example/groups/parents/posts/77',
        whereSite: 'A public parents’ group',
      },
      [
        { filename: 'screenshot.png', content: png, type: 'image/png' },
        { filename: 'letter.pdf', content: pdf, type: 'application/pdf' },
      ],
    );
    expectRedirect(response, '/concerns/sent');
    const c = await t.database.db
      .selectFrom('concern_case')
      .select('id')
      .where('kind', '=', 'staff-cyberbullying')
      .executeTakeFirstOrThrow();
    const evidence = await t.database.db
      .selectFrom('case_evidence')
      .selectAll()
      .where('case_id', '=', c.id)
      .orderBy('added_at')
      .orderBy('kind')
      .orderBy('file_name')
      .execute();
    expect(evidence.map((e) => e.kind)).toEqual(['file', 'file', 'link']);
    const shot = evidence.find((e) => e.file_name === 'screenshot.png')!;
    expect(Buffer.from(shot.bytes!).equals(png)).toBe(true);
    expect(shot).toMatchObject({
      sha256: createHash('sha256').update(png).digest('hex'),
      size_bytes: png.length,
      mime_type: 'image/png',
      added_by: world.people['teacher-a1']!.id,
    });
    expect(shot.preview).not.toBeNull();
    expect(evidence.find((e) => e.file_name === 'letter.pdf')!.preview).toBeNull();
    expect(evidence[2]).toMatchObject({
      url: 'https://social.example/groups/parents/posts/77',
      site_description: 'A public parents’ group',
    });
    expect(new Date(evidence[2]!.seen_at!).toISOString()).toBe('2026-11-18T10:00:00.000Z');
    // The SLT receiver downloads the original exactly as uploaded, as an attachment.
    const download = await world.agents.slt.get(`/cases/${c.id}/evidence/${shot.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toContain('attachment');
    expect(download.rawPayload.equals(png)).toBe(true);
    const page = pageText((await world.agents.slt.get(`/cases/${c.id}`)).body);
    expect(page).toContain(shot.sha256!);
    // The chronology holds the hash too, so a change to the bytes and the stored hash together is still found.
    const event = await t.database.db
      .selectFrom('case_event')
      .select('detail')
      .where('case_id', '=', c.id)
      .where('kind', '=', 'evidence.added')
      .execute();
    expect(event.map((e) => (e.detail as { sha256?: string }).sha256)).toContain(shot.sha256);
  });

  it('INC-1, INC-2: bad input gets a clear message on the form and writes nothing', async () => {
    const agent = world.agents.teacher;
    const before = await snapshot(t);
    const noDescription = await agent.post('/concerns/new', concern('staff-misuse', { description: '  ' }));
    expect(noDescription.statusCode).toBe(400);
    expect(errorSummary(noDescription.body)).toEqual(['Describe what happened']);
    const nothing = await agent.post('/concerns/new', {});
    expect(errorSummary(nothing.body)).toEqual([
      'Select yes if someone is at risk of harm right now',
      'Select what kind of concern it is',
      'Describe what happened',
    ]);
    const badLink = await agent.post('/concerns/new', concern('staff-misuse', { where: 'not a web address' }));
    expect(errorSummary(badLink.body)).toEqual([
      'Enter the link as a web address, like https://www.example.com/post/123',
    ]);
    const future = await agent.post(
      '/concerns/new',
      concern('staff-misuse', { 'when-day': '1', 'when-month': '1', 'when-year': '2027' }),
    );
    expect(errorSummary(future.body)).toEqual(['When it happened must be today or in the past']);
    const fake = await reportWithFiles(t, agent, concern('staff-misuse'), [
      { filename: 'screenshot.png', content: Buffer.from('this is not a picture at all'), type: 'image/png' },
    ]);
    expect(fake.statusCode).toBe(400);
    expect(errorSummary(fake.body)).toEqual([
      'screenshot.png is not a picture, although its name or type says it is. Upload the original screenshot or photo',
    ]);
    // The limit is 1 MB in this test (UPLOAD_LIMIT_MB); a 3 MB file takes the same path as a 200 MB one.
    const big = await reportWithFiles(t, agent, concern('staff-misuse'), [
      {
        filename: 'video.mp4',
        content: Buffer.concat([Buffer.from('\0\0\0\x18ftypmp42'), Buffer.alloc(3 * 1024 * 1024)]),
        type: 'video/mp4',
      },
    ]);
    expect(big.statusCode).toBe(400);
    expect(errorSummary(big.body)).toEqual([
      'video.mp4 is larger than 1 MB. Upload a smaller file, or a screenshot of it',
    ]);
    expect(big.body).toContain('A post in a public group'); // what they wrote is kept on the form
    expect(changedTables(before, await snapshot(t))).toEqual([]);
  });

  it('INC-1, PUB-5: a concern about an official post starts from the post’s page and the take-down page, with the post attached', async () => {
    const db = t.database.db;
    const account = await db
      .insertInto('official_account')
      .values({
        trust_id: world.trustA,
        school_id: world.schoolA1,
        name: 'Alder news',
        platform: 'bluesky',
        status: 'active',
        applicant_id: world.people['head-a1']!.id,
        aim: 'News',
        audience: 'Families',
        promotion: 'Newsletter',
        handle: 'alder-news.example.com',
        address: 'https://bsky.app/profile/alder-news.example.com',
        tagging_disabled: true,
        two_factor_enabled: true,
        activated_on: '2026-09-01',
        review_due: '2027-09-01',
        created_at: new Date(),
        updated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('account_operator')
      .values({
        account_id: account.id,
        person_id: world.people['head-a1']!.id,
        trust_id: world.trustA,
        school_id: world.schoolA1,
        is_lead: true,
        added_at: new Date(),
        added_by: null,
      })
      .execute();
    const post = await db
      .insertInto('post')
      .values({
        trust_id: world.trustA,
        school_id: world.schoolA1,
        account_id: account.id,
        author_id: world.people['head-a1']!.id,
        status: 'published',
        text: 'Well done to Josephine Quill for the spelling prize!',
        content_hash: 'x',
        url: 'https://bsky.app/profile/alder-news.example.com/post/1',
        published_at: new Date(),
        created_at: new Date(),
        updated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await world.agents.head.get(`/posts/${post.id}`)).body).toContain(`href="/concerns/new?post=${post.id}"`);
    expect((await world.agents.head.get(`/posts/${post.id}/take-down`)).body).toContain(
      `href="/concerns/new?post=${post.id}"`,
    );
    const form = await world.agents.teacher.get(`/concerns/new?post=${post.id}`);
    expect(pageText(form.body)).toContain('Well done to Josephine Quill');
    const { caseId } = await report(t, world.agents.teacher, {
      atRisk: 'no',
      kind: 'official-post-mistake',
      description: 'It names a pupil in full.',
      postId: post.id,
    });
    expect(
      await db
        .selectFrom('concern_case')
        .select(['post_id', 'owner_id'])
        .where('id', '=', caseId!)
        .executeTakeFirstOrThrow(),
    ).toEqual({ post_id: post.id, owner_id: world.people['head-a1']!.id });
    // Another school's post cannot be attached.
    expect((await world.agents.teacher.get('/concerns/new?post=00000000-0000-4000-8000-000000000000')).statusCode).toBe(
      404,
    );
  });
});
