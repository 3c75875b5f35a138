/**
 * Posting's pages say one thing at a time (PUB-1..4): no green "No problems found" or success banner
 * beside a problem, no "Send for approval" while a check blocks, a face detector that found nothing
 * never lowers the bar, the decision page asks only the checks that apply and reports every error in
 * one round, the DSL hears of posts stopped because of a never-publish pupil, and the hand-off page
 * helps copy the words and find the sign-in details.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { errorSummary, type Agent } from '../../support/agent.ts';
import { changedTables, pageText, signedIn, snapshot } from '../directory/helpers.ts';
import { draftForm, idFrom, seedPostingWorld, type PostingWorld } from './support.ts';

const GREEN_ALL_CLEAR = /govuk-tag--green">No problems found/;
const SUCCESS_BANNER = 'govuk-notification-banner--success';
const TEXT_CHECKS = ['appropriate', 'not-controversial'];
const PHOTO = fs.readFileSync(path.join(import.meta.dirname, '../../fixtures/images/gps-camera.jpg'));

describe('posting’s pages give one clear signal (PUB-1..4)', () => {
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

  async function draft(text: string, agent: Agent = w.agents.teacher): Promise<string> {
    const created = await agent.post('/posts/new', draftForm(w.accountId, text));
    expect(created.statusCode, errorSummary(created.body).join()).toBe(302);
    return idFrom(created.headers.location);
  }
  async function submitted(text: string): Promise<string> {
    const id = await draft(text);
    const sent = await w.agents.teacher.post(`/posts/${id}/submit`, {});
    expect(sent.statusCode, errorSummary(sent.body).join()).toBe(302);
    return id;
  }
  async function withPhoto(text: string): Promise<{ id: string; imageId: string }> {
    const id = await draft(text);
    const uploaded = await w.agents.teacher.upload(
      `/posts/${id}/photos/new`,
      {},
      { field: 'photo', filename: 'trip.jpg', content: PHOTO, type: 'image/jpeg' },
    );
    expect(uploaded.statusCode, errorSummary(uploaded.body).join()).toBe(302);
    const imageId = /\/photos\/([0-9a-f-]{36})$/.exec(String(uploaded.headers.location))![1]!;
    return { id, imageId };
  }
  const statusOf = async (id: string) =>
    (await db().selectFrom('post').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

  it('PUB-2: an empty post form says the checks run when you write, never that nothing was found', async () => {
    const form = await w.agents.teacher.get('/posts/new');
    expect(form.statusCode).toBe(200);
    expect(pageText(form.body)).toContain('Checks run when you write.');
    expect(pageText(form.body)).toContain('Length: 0 of the 300 characters Bluesky allows');
    expect(pageText(form.body)).not.toContain('No problems found');
    // The live check on an empty box says the same; with words, it checks them.
    const empty = await w.agents.teacher.post('/posts/check', {
      accountId: w.accountId,
      text: '   ',
      sharesMaterial: 'no',
    });
    expect(pageText(empty.body)).toContain('Checks run when you write.');
    expect(empty.body).not.toMatch(GREEN_ALL_CLEAR);
    const written = await w.agents.teacher.post('/posts/check', {
      accountId: w.accountId,
      text: 'Sports day is on Friday',
      sharesMaterial: 'no',
    });
    expect(written.body).toMatch(GREEN_ALL_CLEAR);
  });

  it('PUB-1: saving a draft with a problem shows no green success banner; a clean one does', async () => {
    const blocked = await w.agents.teacher.post(
      '/posts/new',
      draftForm(w.accountId, 'Well done Josephine Quill on her swimming badge'),
    );
    const page = await w.agents.teacher.get(String(blocked.headers.location));
    expect(pageText(page.body)).toContain('Your draft has been saved and checked.');
    expect(pageText(page.body)).toContain('1 problem to fix');
    expect(page.body).not.toContain(SUCCESS_BANNER);
    expect(page.body).not.toMatch(GREEN_ALL_CLEAR);
    // The link from the draft no longer promises sending.
    expect(pageText(page.body)).not.toContain('See the post and send it for approval');
    const clean = await w.agents.teacher.post(
      '/posts/new',
      draftForm(w.accountId, 'Well done Josephine on her swimming badge'),
    );
    const cleanPage = await w.agents.teacher.get(String(clean.headers.location));
    expect(cleanPage.body).toContain(SUCCESS_BANNER);
    expect(cleanPage.body).toMatch(GREEN_ALL_CLEAR);
    expect(pageText(cleanPage.body)).toContain('See the post and send it for approval');
  });

  it('PUB-1: “Send for approval” is not offered while a check blocks; the page says why and what to do', async () => {
    const id = await draft('Marnie Oakhurst read her poem in assembly');
    const page = await w.agents.teacher.get(`/posts/${id}`);
    expect(page.body).not.toMatch(/<button[^>]*>\s*Send for approval/);
    expect(page.body).not.toContain(`action="/posts/${id}/submit"`);
    expect(pageText(page.body)).toContain(
      'You can send this post for approval once the problem the checks found is fixed: a problem to fix can never be approved.',
    );
    const fixed = await draft('Our Year 4 poets read their poems in assembly');
    const fixedPage = await w.agents.teacher.get(`/posts/${fixed}`);
    expect(fixedPage.body).toContain(`action="/posts/${fixed}/submit"`);
    expect(fixedPage.body).toMatch(/<button[^>]*>\s*Send for approval/);
  });

  it('PUB-6: beside “Publishing stopped” the checks are reported plainly, never as a green all-clear, and the last step’s notice is not a success', async () => {
    const id = await submitted('The choir sings at the town hall on Saturday');
    expect(
      (await w.agents.head.post(`/posts/${id}/decision`, { decision: 'approve', comment: '', checks: TEXT_CHECKS }))
        .statusCode,
    ).toBe(302);
    await db()
      .updateTable('post')
      .set({
        status: 'failed',
        publication_key: 'stopped',
        publish_via: 'direct',
        last_error: 'Bluesky refused the sign-in details',
      })
      .where('id', '=', id)
      .execute();
    // A step that leaves a notice for the next page (here: cancelling a schedule there is not).
    expect((await w.agents.teacher.post(`/posts/${id}/cancel-schedule`, {})).statusCode).toBe(302);
    const page = await w.agents.teacher.get(`/posts/${id}`);
    expect(pageText(page.body)).toContain('This post is not scheduled.');
    expect(pageText(page.body)).toContain('Publishing stopped');
    expect(pageText(page.body)).toContain('The checks found nothing against the policy.');
    expect(page.body).not.toMatch(GREEN_ALL_CLEAR);
    expect(page.body).not.toContain(SUCCESS_BANNER);
  });

  it('PUB-4: a face detector that found no faces never makes the count of pupils optional', async () => {
    const { id, imageId } = await withPhoto('Our trip to the seaside');
    // As if the detector ran and found nothing (a turned head, a hat, a small figure far away).
    await db().updateTable('post_image').set({ detected_faces: 0 }).where('id', '=', imageId).execute();
    const page = await w.agents.teacher.get(`/posts/${id}/photos/${imageId}`);
    const text = pageText(page.body);
    expect(text).toContain('Postwarden found 0 faces in this photo. It can miss small, turned or covered faces');
    expect(text).not.toMatch(/optional/i);
    const before = await snapshot(t);
    const noCount = await w.agents.teacher.post(`/posts/${id}/photos/${imageId}`, {
      altText: 'Children building sandcastles',
      tagged: [w.pupils['jo-a1']!],
      confirmedPupils: '',
      action: 'save',
    });
    expect(noCount.statusCode).toBe(400);
    expect(errorSummary(noCount.body)).toEqual([
      'Enter how many pupils can be seen in the photo, or confirm that no pupils can be seen',
    ]);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    // A photo stored without a count (from before this rule) cannot be sent for approval either.
    await db()
      .updateTable('post_image')
      .set({
        alt_text: 'Children building sandcastles',
        tagged_pupil_ids: [w.pupils['jo-a1']!],
        confirmed_pupils: null,
      })
      .where('id', '=', imageId)
      .execute();
    await w.agents.teacher.post(`/posts/${id}/edit`, draftForm(w.accountId, 'Our trip to the seaside!'));
    const sent = await w.agents.teacher.post(`/posts/${id}/submit`, {});
    expect(sent.statusCode).toBe(400);
    expect(errorSummary(sent.body)).toEqual(['Photo 1: say how many pupils can be seen']);
    // With the count given it goes, and the approver is asked the photo checks.
    expect(
      (
        await w.agents.teacher.post(`/posts/${id}/photos/${imageId}`, {
          altText: 'Children building sandcastles',
          tagged: [w.pupils['jo-a1']!],
          confirmedPupils: '1',
          action: 'save',
        })
      ).statusCode,
    ).toBe(302);
    expect((await w.agents.teacher.post(`/posts/${id}/submit`, {})).statusCode).toBe(302);
    const decision = pageText((await w.agents.head.get(`/posts/${id}/decision`)).body);
    expect(decision).toContain('Everyone in the photos is suitably dressed');
    expect(decision).toContain('Read the post and look at every photo');
  });

  it('PUB-4: the decision page on a text-only post asks only the checks that apply, and reports every error in one round', async () => {
    const id = await submitted(
      'Kingfisher class swam at the leisure centre today. Its holiday lessons can be booked on 01632 960123.',
    );
    const page = pageText((await w.agents.head.get(`/posts/${id}/decision`)).body);
    expect(page).not.toContain('Everyone in the photos is suitably dressed');
    expect(page).not.toContain('look at every photo');
    expect(page).toContain('The post shows the pupils and the school appropriately');
    const advice = (await db().selectFrom('post').select('findings').where('id', '=', id).executeTakeFirstOrThrow())
      .findings as { key: string; severity: string }[];
    expect(advice.filter((f) => f.severity === 'advisory').length).toBe(1);
    const key = advice.find((f) => f.severity === 'advisory')!.key;
    const before = await snapshot(t);
    // One check ticked, a reason too short, and no decision chosen: every problem at once.
    const once = await w.agents.head.post(`/posts/${id}/decision`, {
      decision: '',
      comment: '',
      checks: ['appropriate'],
      [`override-${key}`]: 'ok',
    });
    expect(once.statusCode).toBe(400);
    expect(errorSummary(once.body)).toEqual([
      'Confirm each of the checks before approving the post',
      'Advice 1: give your reason for publishing despite it (at least 10 characters)',
      'Select whether to approve the post, ask for changes or reject it',
    ]);
    expect((once.body.match(/<div class="govuk-error-summary"/g) ?? []).length).toBe(1);
    // Approving with the two checks that apply (no photo checks) and a reason: done, and the checks kept are those.
    const ok = await w.agents.head.post(`/posts/${id}/decision`, {
      decision: 'approve',
      comment: '',
      checks: TEXT_CHECKS,
      [`override-${key}`]: 'Agreed with the governors first',
    });
    expect(ok.statusCode, errorSummary(ok.body).join()).toBe(302);
    expect(changedTables(before, await snapshot(t))).not.toEqual([]);
    expect(
      (await db().selectFrom('post').select('human_checks').where('id', '=', id).executeTakeFirstOrThrow())
        .human_checks,
    ).toEqual(TEXT_CHECKS);
    // Nothing chosen and nothing started: just the decision to make.
    const other = await submitted('Parents evening slots are now open');
    expect(
      errorSummary((await w.agents.head.post(`/posts/${other}/decision`, { decision: '', comment: '' })).body),
    ).toEqual(['Select whether to approve the post, ask for changes or reject it']);
  });

  it('PUB-2: the DSL’s home page lists the posts the checks stopped because of a never-publish pupil, with links; nobody else’s does', async () => {
    // The deputy DSL runs no account, so would otherwise never see someone else's draft.
    await db()
      .insertInto('role_assignment')
      .values({ person_id: w.people['hr-a1']!.id, trust_id: w.trustA, school_id: w.schoolA1, role: 'deputy_dsl' })
      .execute();
    const dsl = await signedIn(t, w, 'hr-a1');
    const id = await draft('Marnie Oakhurst won the reading challenge this week');
    const home = await dsl.get('/');
    const task = new RegExp(
      `<a[^>]*href="/posts/${id}"[^>]*>A post for Kingfisher class news by teacher Tester names or shows a pupil on the never-publish list</a>`,
    );
    expect(home.body).toMatch(task);
    const post = await dsl.get(`/posts/${id}`);
    expect(post.statusCode).toBe(200);
    expect(pageText(post.body)).toContain('“Marnie Oakhurst” names a pupil who must never be published. Take it out.');
    const list = await dsl.get('/posts');
    expect(pageText(list.body)).toMatch(/\d+ posts? stopped because of a pupil on the never-publish list/);
    expect(list.body).toContain(`href="/posts/${id}"`);
    // Someone who may not read restricted records sees no such task, and the post is not there for them.
    const slt = w.agents.slt;
    expect((await slt.get('/')).body).not.toContain(`/posts/${id}"`);
    expect((await slt.get(`/posts/${id}`)).statusCode).toBe(404);
    // Another school's head (who reads restricted records there) neither.
    const otherHead = await signedIn(t, w, 'head-b1');
    expect((await otherHead.get('/')).body).not.toContain(`/posts/${id}"`);
    expect((await otherHead.get(`/posts/${id}`)).statusCode).toBe(404);
    // Once the author takes the pupil out, the task goes.
    expect(
      (
        await w.agents.teacher.post(
          `/posts/${id}/edit`,
          draftForm(w.accountId, 'A Year 4 pupil won the reading challenge this week'),
        )
      ).statusCode,
    ).toBe(302);
    expect((await dsl.get('/')).body).not.toContain(`/posts/${id}"`);
    expect((await dsl.get(`/posts/${id}`)).statusCode).toBe(404);
    await db()
      .deleteFrom('role_assignment')
      .where('person_id', '=', w.people['hr-a1']!.id)
      .where('role', '=', 'deputy_dsl')
      .execute();
  });

  it('PUB-6: the hand-off page has a copy button that needs no inline script, and links operators who may see them to the stored sign-in details', async () => {
    const id = await submitted('Harvest festival donations go to the food bank on Monday');
    expect(
      (await w.agents.head.post(`/posts/${id}/decision`, { decision: 'approve', comment: '', checks: TEXT_CHECKS }))
        .statusCode,
    ).toBe(302);
    const page = await w.agents.teacher.get(`/posts/${id}/hand-off`);
    expect(page.statusCode).toBe(200);
    // Without JavaScript the words are there to select; the button waits, hidden, for the script.
    expect(page.body).toMatch(
      /<textarea class="govuk-textarea" id="approved-text" rows="6" readonly>Harvest festival donations go to the food bank on Monday<\/textarea>/,
    );
    expect(page.body).toMatch(
      /<div data-copy hidden>\s*<button type="button"[^>]*data-copy-from="approved-text"[^>]*>Copy the words<\/button>/,
    );
    // The copying is done by a static file the CSP allows ('self'), not by script in the page.
    expect(page.body).toMatch(/<script type="module" src="\/assets\/posting.js" nonce="[^"]+"><\/script>/);
    expect(page.body).not.toContain('clipboard');
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    const script = await w.agents.teacher.get('/assets/posting.js');
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    expect(script.body).toContain('navigator.clipboard');
    // The teacher may not see the sign-in details: they are told who keeps them, with no link.
    expect(page.body).not.toContain('/credentials/reveal');
    expect(pageText(page.body)).toContain(
      'If you do not have the account’s sign-in details, ask the account administrator',
    );
    // The account administrator, who also runs the account, gets the link.
    await db()
      .insertInto('account_operator')
      .values({
        account_id: w.accountId,
        person_id: w.people['admin-a1']!.id,
        trust_id: w.trustA,
        school_id: w.schoolA1,
        is_lead: false,
        added_at: t.clock.now(),
        added_by: null,
      })
      .execute();
    const admin = await w.agents.admin.get(`/posts/${id}/hand-off`);
    expect(admin.body).toContain(`href="/accounts/${w.accountId}/credentials/reveal"`);
    expect((await w.agents.admin.get(`/accounts/${w.accountId}/credentials/reveal`)).statusCode).toBe(200);
    expect(await statusOf(id)).toBe('approved');
  });
});
