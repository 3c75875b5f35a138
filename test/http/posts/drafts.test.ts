import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { errorSummary } from '../../support/agent.ts';
import { changedTables, pageText, snapshot } from '../directory/helpers.ts';
import { verifyAuditChain } from '../../../src/platform/audit/audit.ts';
import { draftForm, idFrom, seedPostingWorld, type PostingWorld } from './support.ts';

describe('writing a post and seeing the checks (PUB-1, PUB-2)', () => {
  let t: TestApp;
  let w: PostingWorld;
  const db = () => t.database.db;
  beforeAll(async () => {
    t = await startTestApp();
    w = await seedPostingWorld(t);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  async function draft(text: string): Promise<string> {
    const created = await w.agents.teacher.post('/posts/new', draftForm(w.accountId, text));
    expect(created.statusCode, errorSummary(created.body).join()).toBe(302);
    return idFrom(created.headers.location);
  }

  it('PUB-2: a pupil named in full is flagged beside the draft, with the words highlighted and the school’s own clause number', async () => {
    const id = await draft('Congratulations to Josephine Quill on her swimming badge!');
    const page = await w.agents.teacher.get(`/posts/${id}/edit`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<mark class="pw-mark pw-mark--blocking">Josephine Quill<\/mark>/);
    expect(pageText(page.body)).toMatch(
      /Must be fixed In the post .*names a pupil in full.* Policy: §\d+\.\d+ First names only/,
    );
    const row = await db()
      .selectFrom('post')
      .select(['findings', 'content_hash', 'status'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('draft');
    expect(row.content_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(
      (row.findings as { rule: string; severity: string; clauseKey: string }[]).map((f) => [
        f.rule,
        f.severity,
        f.clauseKey,
      ]),
    ).toEqual([['pupil-surname', 'blocking', 'images.first-names-only']]);
  });

  it('PUB-2: a never-publish pupil blocks in any form of their name, and the first name alone of an ordinary pupil is fine', async () => {
    const id = await draft('Well done Marnie Oakhurst and Josephine for the art prize. OAKHURST, M. also helped.');
    const findings = (await db().selectFrom('post').select('findings').where('id', '=', id).executeTakeFirstOrThrow())
      .findings as { rule: string; severity: string }[];
    expect(findings.filter((f) => f.rule === 'never-publish').length).toBeGreaterThanOrEqual(1);
    expect(findings.every((f) => f.severity === 'blocking')).toBe(true);
    expect(findings.some((f) => f.rule === 'pupil-surname')).toBe(false);
    const clean = await draft('Well done Josephine for the art prize!');
    expect(
      (await db().selectFrom('post').select('findings').where('id', '=', clean).executeTakeFirstOrThrow()).findings,
    ).toEqual([]);
    expect(pageText((await w.agents.teacher.get(`/posts/${clean}/edit`)).body)).toContain('No problems found');
  });

  it('PUB-2: the live check as the author types shows the findings and stores nothing; only operators may use it', async () => {
    await w.agents.teacher.get('/posts/new');
    const before = await snapshot(t);
    const response = await w.agents.teacher.post('/posts/check', {
      text: 'Ring Josephine Quill’s mum on 07700 900123',
      sharesMaterial: 'no',
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('<html');
    expect(pageText(response.body)).toMatch(/names a pupil in full/);
    expect(pageText(response.body)).toMatch(/phone/i);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    // Without the form's token it is refused like any other form.
    expect((await w.agents.teacher.post('/posts/check', { text: 'x' }, { withoutCsrf: true })).statusCode).toBe(403);
    // Someone who writes for no account cannot use it to learn who is on the roll or the never-publish list.
    await w.agents.slt.get('/posts/new');
    const probe = await w.agents.slt.post('/posts/check', { text: 'Marnie Oakhurst', sharesMaterial: 'no' });
    expect(probe.statusCode).toBe(404);
    expect(probe.body).not.toContain('never-publish');
  });

  it('PUB-1: only people who run an official account write posts; the account must be one they run', async () => {
    const page = await w.agents.slt.get('/posts/new');
    expect(page.statusCode).toBe(200);
    expect(pageText(page.body)).toContain('You cannot write a post yet');
    const before = await snapshot(t);
    const refused = await w.agents.slt.post('/posts/new', draftForm(w.accountId, 'Sports day is on Friday'));
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body)).toEqual([
      'You do not run an official account of this school, so you cannot write a post for one',
    ]);
    // Another school's account, by id, is not one the teacher runs.
    const other = await w.agents.teacher.post('/posts/new', draftForm(w.otherAccountId, 'Sports day is on Friday'));
    expect(other.statusCode).toBe(400);
    expect(errorSummary(other.body)).toEqual(['Select the account this post is for']);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
  });

  it('PUB-1: bad input: a 100,000-character post is refused and nothing is written; an empty post cannot be sent for approval', async () => {
    const before = await snapshot(t);
    const long = await w.agents.teacher.post('/posts/new', draftForm(w.accountId, 'a'.repeat(100_000)));
    expect(long.statusCode).toBe(400);
    expect(errorSummary(long.body)).toEqual(['The post must be 10,000 characters or fewer. It has 100,000']);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    const empty = await draft('');
    const submit = await w.agents.teacher.post(`/posts/${empty}/submit`, {});
    expect(submit.statusCode).toBe(400);
    expect(errorSummary(submit.body)).toEqual(['Write the post, or add a photo, before sending it for approval']);
    expect(
      (await db().selectFrom('post').select('status').where('id', '=', empty).executeTakeFirstOrThrow()).status,
    ).toBe('draft');
  });

  it('PUB-1: a blocking finding stops the post being sent; fixing it lets it go to the approvers, who are emailed', async () => {
    const id = await draft('Josephine Quill won the spelling bee');
    const blocked = await w.agents.teacher.post(`/posts/${id}/submit`, {});
    expect(blocked.statusCode).toBe(400);
    expect(errorSummary(blocked.body)).toEqual([
      'Fix what blocks this post before sending it for approval (1 check blocks it)',
    ]);
    expect(
      (await w.agents.teacher.post(`/posts/${id}/edit`, draftForm(w.accountId, 'Josephine won the spelling bee')))
        .statusCode,
    ).toBe(302);
    const sent = await w.agents.teacher.post(`/posts/${id}/submit`, {});
    expect(sent.statusCode).toBe(302);
    expect((await db().selectFrom('post').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe(
      'submitted',
    );
    const mail = await db()
      .selectFrom('mail_message')
      .select(['to_address', 'body_text'])
      .where('subject', '=', 'A post is waiting for your approval')
      .execute();
    expect(mail.map((m) => m.to_address)).toContain(w.people['head-a1']!.email);
    expect(mail.find((m) => m.to_address === w.people['head-a1']!.email)!.body_text).toContain(`/posts/${id}/decision`);
    // The author's own list and the head's home page show it.
    expect(pageText((await w.agents.head.get('/')).body)).toMatch(/posts? (is|are) waiting for your approval/);
  });

  it('PUB-1: someone else’s draft is not found; another school gets 404 for every post page', async () => {
    const id = await draft('Our Year 4 trip to the museum was brilliant');
    expect((await w.agents.slt.get(`/posts/${id}`)).statusCode).toBe(404);
    expect((await w.agents.outsider.get(`/posts/${id}`)).statusCode).toBe(404);
    expect((await w.agents.outsider.get(`/posts/${id}/edit`)).statusCode).toBe(404);
    // The other operator of the account can read it, but only the author changes it.
    expect((await w.agents.nominee.get(`/posts/${id}`)).statusCode).toBe(200);
    expect((await w.agents.nominee.get(`/posts/${id}/edit`)).headers.location).toBe(`/posts/${id}`);
    expect(
      (await w.agents.nominee.post(`/posts/${id}/edit`, draftForm(w.accountId, 'Changed by someone else'))).statusCode,
    ).toBe(404);
    expect((await db().selectFrom('post').select('text').where('id', '=', id).executeTakeFirstOrThrow()).text).toBe(
      'Our Year 4 trip to the museum was brilliant',
    );
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });
});

describe('the school’s own confidential words (PUB-2)', () => {
  let t: TestApp;
  let w: PostingWorld;
  beforeAll(async () => {
    t = await startTestApp();
    w = await seedPostingWorld(t);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('PUB-2: an administrator adds the school’s own words; posts using them are flagged, blocking with "!"; others get 404', async () => {
    const page = await w.agents.admin.get('/posts/confidential-words');
    expect(page.statusCode).toBe(200);
    const bad = await w.agents.admin.post('/posts/confidential-words', {
      words: 'Project Falcon\n-complaints procedure',
    });
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad.body)).toEqual([
      'Line 2: exceptions (lines starting with -) are kept in Postwarden’s own list. Remove “-complaints procedure”',
    ]);
    expect(
      (await w.agents.admin.post('/posts/confidential-words', { words: '!Project Falcon\nthe Elm Street merger' }))
        .statusCode,
    ).toBe(302);
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select('summary')
      .where('action', '=', 'school.confidential-words-updated')
      .executeTakeFirstOrThrow();
    expect(audit.summary).toEqual({ added: ['!Project Falcon', 'the Elm Street merger'], removed: [] });
    const created = await w.agents.teacher.post(
      '/posts/new',
      draftForm(w.accountId, 'Exciting news about project falcon and the Elm Street merger soon!'),
    );
    const id = idFrom(created.headers.location);
    const findings = (
      await t.database.db.selectFrom('post').select('findings').where('id', '=', id).executeTakeFirstOrThrow()
    ).findings as { rule: string; severity: string }[];
    expect(findings.filter((f) => f.rule === 'confidential').map((f) => f.severity)).toContain('blocking');
    // Only those who manage the school's settings change the words; another school never sees them.
    expect((await w.agents.teacher.get('/posts/confidential-words')).statusCode).toBe(404);
    expect((await w.agents.teacher.post('/posts/confidential-words', { words: '' })).statusCode).toBe(404);
    expect((await w.agents.outsider.get('/posts/confidential-words')).body).not.toContain('Elm Street merger');
  });
});
