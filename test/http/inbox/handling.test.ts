import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorSummary } from '../../support/agent.ts';
import { changedTables, pageText, snapshot } from '../directory/helpers.ts';
import { closeInboxWorld, handForm, itemIdFrom, startInboxWorld, type InboxWorld } from './support.ts';

describe('MON-2..4: answering and handling inbox items', () => {
  let w: InboxWorld;
  const db = () => w.t.database.db;
  const item = (id: string) => db().selectFrom('inbox_item').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const logged = async (extra: Record<string, string> = {}, accountId = w.facebookId) => {
    const res = await w.agents.teacher.post('/inbox/new', handForm(accountId, extra));
    expect(res.statusCode, errorSummary(res.body).join()).toBe(302);
    return itemIdFrom(res.headers.location);
  };
  const mastodonItem = async (text: string) => {
    const [alder, , parent] = w.mastodon.accounts;
    w.mastodon.mention(parent!, alder!, text);
    await w.agents.admin.post(`/inbox/accounts/${w.mastodonId}/read`, {});
    await w.t.drainJobs();
    return (
      await db()
        .selectFrom('inbox_item')
        .select('id')
        .where('account_id', '=', w.mastodonId)
        .orderBy('created_at', 'desc')
        .orderBy('arrived_at', 'desc')
        .executeTakeFirstOrThrow()
    ).id;
  };

  beforeAll(async () => {
    w = await startInboxWorld();
  }, 120_000);
  afterAll(() => closeInboxWorld(w));

  it('MON-2: an operator logs a Facebook comment by hand; arriving on a Saturday it is due by the end of Monday', async () => {
    const id = await logged({ 'arrived-day': '5', 'arrived-month': '12', 'arrived-year': '2026', time: '10:30' });
    const row = await item(id);
    expect(row.source).toBe('by-hand');
    expect(row.arrived_at.toISOString()).toBe('2026-12-05T10:30:00.000Z');
    expect(row.deadline_at.toISOString()).toBe('2026-12-07T23:59:59.999Z');
    const page = pageText((await w.agents.teacher.get(`/inbox/items/${id}`)).body);
    expect(page).toContain('Overdue by');
    expect(page).toContain('Will the school be open on Monday after the storm?');
  });

  it('MON-2: bad input: an item with no text, no author, a bad link or a time to come is refused with clear messages, and nothing is written', async () => {
    const before = await snapshot(w.t);
    const res = await w.agents.teacher.post(
      '/inbox/new',
      handForm(w.facebookId, {
        text: '   ',
        author: '',
        link: 'not a link',
        'arrived-day': '31',
        'arrived-month': '12',
        'arrived-year': '2026',
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(errorSummary(res.body)).toEqual([
      'Enter what it says',
      'Enter who wrote it, as the platform shows them',
      'Enter the link as a web address, like https://www.facebook.com/…',
      'When it arrived must be now or in the past',
    ]);
    expect(changedTables(before, await snapshot(w.t))).toEqual([]);
    // another school's account cannot be chosen
    const other = await w.agents.teacher.post('/inbox/new', handForm(w.otherAccountId));
    expect(errorSummary(other.body)).toEqual(['Select the account it came to']);
  });

  it('MON-2: a reply from Postwarden goes to Mastodon as an answer to the comment, starting with the author’s address', async () => {
    const id = await mastodonItem('@alder What time does the nativity start?');
    const res = await w.agents.teacher.post(`/inbox/items/${id}/reply`, { reply: 'It starts at 2pm in the hall.' });
    expect(res.statusCode, errorSummary(res.body).join()).toBe(302);
    const row = await item(id);
    const sent = w.mastodon.created().at(-1)!;
    expect(sent.text).toBe('@parent It starts at 2pm in the hall.');
    expect(sent.inReplyToId).toBe((row.remote as { statusId: string }).statusId);
    expect(row).toMatchObject({ state: 'answered', response: 'replied', reply_remote_id: sent.id });
    expect(pageText((await w.agents.teacher.get(`/inbox/items/${id}`)).body)).toContain('Replied from Postwarden');
  });

  it('MON-2: a reply on Bluesky answers the post in its thread', async () => {
    w.t.clock.advance(15 * 60_000);
    await w.t.drainJobs();
    const reply = await db()
      .selectFrom('inbox_item')
      .selectAll()
      .where('account_id', '=', w.blueskyId)
      .where('arrived_as', '=', 'reply')
      .executeTakeFirstOrThrow();
    const res = await w.agents.teacher.post(`/inbox/items/${reply.id}/reply`, {
      reply: 'It starts at 11am. See you there!',
    });
    expect(res.statusCode, errorSummary(res.body).join()).toBe(302);
    const written = w.appview.records.at(-1)!;
    expect(written.collection).toBe('app.bsky.feed.post');
    const record = written.record as {
      text: string;
      reply: { root: { uri: string }; parent: { uri: string; cid: string } };
    };
    expect(record.text).toBe('It starts at 11am. See you there!');
    expect(record.reply.parent).toEqual({ uri: reply.platform_id, cid: (reply.remote as { cid: string }).cid });
    expect(record.reply.root.uri).toMatch(/^at:\/\/did:plc:ezkqmjmxevktezggyifvgt3o\//);
  });

  it('MON-2: a reply naming a pupil in full, or over the platform’s length, is stopped by the post checks and nothing is sent', async () => {
    const id = await mastodonItem('@alder Who won the spelling bee?');
    const count = w.mastodon.created().length;
    const pupil = await db()
      .selectFrom('pupil')
      .select(['given_name', 'family_name'])
      .where('school_id', '=', w.schoolA1)
      .executeTakeFirstOrThrow();
    const named = await w.agents.teacher.post(`/inbox/items/${id}/reply`, {
      reply: `Well done to ${pupil.given_name} ${pupil.family_name} in Year 4!`,
    });
    expect(named.statusCode).toBe(400);
    expect(errorSummary(named.body).join(' ')).toMatch(/names a pupil|full name/i);
    const long = await w.agents.teacher.post(`/inbox/items/${id}/reply`, {
      reply: 'Well done to everyone. '.repeat(30),
    });
    expect(long.statusCode).toBe(400);
    expect(errorSummary(long.body).join(' ')).toMatch(/Mastodon/);
    expect(w.mastodon.created().length).toBe(count);
    expect((await item(id)).responded_at).toBeNull();
  });

  it('MON-2: an acknowledgement counts as the response; a reply made on Facebook is recorded, not sent', async () => {
    const id = await logged();
    expect(
      (await w.agents.teacher.post(`/inbox/items/${id}/acknowledge`, { note: 'Phoned the parent' })).statusCode,
    ).toBe(302);
    expect(await item(id)).toMatchObject({ response: 'acknowledged', state: 'answered' });
    const other = await logged();
    const res = await w.agents.teacher.post(`/inbox/items/${other}/reply`, {
      reply: 'Yes, we are open as usual.',
      onPlatform: 'yes',
    });
    expect(res.statusCode).toBe(302);
    expect(await item(other)).toMatchObject({
      response: 'replied-on-platform',
      reply_text: 'Yes, we are open as usual.',
    });
  });

  it('MON-2: it goes to the account administrator first, who assigns it; the person assigned is told and it is on their home page', async () => {
    const id = await logged({}, w.mastodonId);
    const res = await w.agents.admin.post(`/inbox/items/${id}/assign`, { assignee: w.people['dsl-a1']!.id });
    expect(res.statusCode, errorSummary(res.body).join()).toBe(302);
    expect((await item(id)).assignee_id).toBe(w.people['dsl-a1']!.id);
    expect(
      await db()
        .selectFrom('mail_message')
        .select('subject')
        .where('to_address', '=', w.people['dsl-a1']!.email)
        .execute(),
    ).toContainEqual({ subject: 'An inbox item is yours to answer' });
    expect(pageText((await w.agents.nominee.get('/')).body)).toMatch(/comments? or messages? needs? a response/);
    // a teacher cannot assign (404 as for anything they may not do)
    expect(
      (await w.agents.teacher.post(`/inbox/items/${id}/assign`, { assignee: w.people['teacher-a1']!.id })).statusCode,
    ).toBe(404);
  });

  it('MON-2: a reminder before the deadline and an alert when it passes, by email', async () => {
    // arrived on Monday at 10:00, so due at 10:00 today (Tuesday): the reminder is due already
    const id = await logged({ 'arrived-day': '7', 'arrived-month': '12', 'arrived-year': '2026', time: '10:00' });
    const row = await item(id);
    expect(row.deadline_at.toISOString()).toBe('2026-12-08T10:00:00.000Z');
    await w.t.drainJobs();
    expect((await item(id)).overdue_alerted_at).toBeNull();
    w.t.clock.set(new Date(row.deadline_at.getTime() + 60_000));
    await w.t.drainJobs();
    const after = await item(id);
    expect(after.reminded_at).not.toBeNull();
    expect(after.overdue_alerted_at).not.toBeNull();
    const subjects = (await db().selectFrom('mail_message').select('subject').execute()).map((m) => m.subject);
    expect(subjects).toContain('Overdue: a response on Larkfield PTA page');
    expect(subjects.some((s) => s.startsWith('Due ') && s.endsWith('a response on Larkfield PTA page'))).toBe(true);
  });

  it('MON-4: a press enquiry goes to the head and SLT; no reply is sent until a named senior leader approves the words, and the approval is kept', async () => {
    const id = await mastodonItem(
      '@alder I am a journalist at the Riverside Gazette. Can the school comment on the new building?',
    );
    expect((await item(id)).kind).toBe('press');
    const count = w.mastodon.created().length;
    const early = await w.agents.teacher.post(`/inbox/items/${id}/reply`, { reply: 'We are delighted with it.' });
    expect(early.statusCode).toBe(400);
    expect(errorSummary(early.body)).toEqual([
      'A press enquiry cannot be answered until a named senior leader has approved the reply in writing. Send it for approval first',
    ]);
    expect(
      (await w.agents.teacher.post(`/inbox/items/${id}/submit`, { reply: 'We are delighted with it.' })).statusCode,
    ).toBe(302);
    expect((await item(id)).state).toBe('awaiting-approval');
    expect(pageText((await w.agents.head.get('/')).body)).toContain(
      'Approve a reply to a press enquiry from Sam Hughes',
    );
    // a teacher cannot approve
    expect((await w.agents.teacher.post(`/inbox/items/${id}/approve`, { confirm: 'yes' })).statusCode).toBe(404);
    const unticked = await w.agents.head.post(`/inbox/items/${id}/approve`, {});
    expect(errorSummary(unticked.body)).toEqual(['Confirm that you approve these words to be sent']);
    expect((await w.agents.head.post(`/inbox/items/${id}/approve`, { confirm: 'yes' })).statusCode).toBe(302);
    const changed = await w.agents.teacher.post(`/inbox/items/${id}/reply`, { reply: 'We are thrilled with it.' });
    expect(errorSummary(changed.body)).toEqual([
      'These words are not the ones a senior leader approved. Send the changed reply for approval again',
    ]);
    expect(w.mastodon.created().length).toBe(count);
    expect(
      (await w.agents.teacher.post(`/inbox/items/${id}/reply`, { reply: 'We are delighted with it.' })).statusCode,
    ).toBe(302);
    expect(w.mastodon.created().at(-1)!.text).toBe('@parent We are delighted with it.');
    const row = await item(id);
    expect(row).toMatchObject({ approved_by: w.people['head-a1']!.id, approved_text: 'We are delighted with it.' });
    const page = pageText((await w.agents.teacher.get(`/inbox/items/${id}`)).body);
    expect(page).toMatch(/Approved in writing by head Tester on/);
    const audit = await db().selectFrom('audit_event').select('action').where('entity_id', '=', id).execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['inbox.press-submitted', 'inbox.press-approved', 'inbox.replied']),
    );
  });

  it('MON-3: abuse: the suggested kind; hide, block and report are recorded; the post telling the audience is a draft checked and approved like any post', async () => {
    const id = await logged({
      text: 'The head is a fucking idiot and I will find you after school',
      author: 'Angry Person',
    });
    expect((await item(id)).kind).toBe('abuse');
    for (const step of ['hidden', 'blocked', 'reported'])
      expect((await w.agents.teacher.post(`/inbox/items/${id}/step`, { step, note: '' })).statusCode).toBe(302);
    const res = await w.agents.teacher.post(`/inbox/items/${id}/audience-post`, {});
    expect(res.statusCode).toBe(302);
    expect(String(res.headers.location)).toMatch(/^\/posts\/[0-9a-f-]{36}$/);
    const row = await item(id);
    const post = await db()
      .selectFrom('post')
      .select(['status', 'account_id', 'text'])
      .where('id', '=', row.post_id!)
      .executeTakeFirstOrThrow();
    expect(post).toMatchObject({ status: 'draft', account_id: w.facebookId });
    expect(post.text).toMatch(/removed a comment/);
    const page = pageText((await w.agents.teacher.get(`/inbox/items/${id}`)).body);
    expect(page).toMatch(/Done Hidden or deleted on the platform/);
    expect(page).toMatch(/Done Post telling the audience why drafted/);
    // a step that does not belong to the kind is refused
    const wrong = await w.agents.teacher.post(`/inbox/items/${id}/step`, { step: 'invited-talk', note: '' });
    expect(errorSummary(wrong.body)).toEqual(['Select the step you have done']);
  });

  it('MON-3: an offensive post by a parent shows the school’s own words, which the administrator can change', async () => {
    const id = await logged({ text: 'This school is a joke', author: 'A parent' });
    await w.agents.teacher.post(`/inbox/items/${id}/kind`, { kind: 'parent-offensive' });
    expect(pageText((await w.agents.teacher.get(`/inbox/items/${id}`)).body)).toContain('Ask them to remove it');
    const saved = await w.agents.admin.post('/inbox/templates', {
      'ask-remove': 'Please take this down and ring Mrs Okafor in the office.',
      'invite-talk': 'Come and talk to us.',
      'complaints-procedure': 'Our complaints procedure is on the website.',
      'audience-post': 'We removed a comment that broke our rules.',
    });
    expect(saved.statusCode).toBe(302);
    expect(pageText((await w.agents.teacher.get(`/inbox/items/${id}`)).body)).toContain('ring Mrs Okafor');
    const empty = await w.agents.admin.post('/inbox/templates', { 'ask-remove': '' });
    expect(errorSummary(empty.body)[0]).toBe('Enter the words for “Ask them to remove it”');
    expect((await w.agents.teacher.get('/inbox/templates')).statusCode).toBe(404);
  });

  it('MON-3: by a pupil, one button opens a concern with the item attached; a safeguarding matter opens one for the DSL', async () => {
    const id = await logged({ text: 'lol mr tester is rubbish', author: 'year9kid' });
    await w.agents.teacher.post(`/inbox/items/${id}/kind`, { kind: 'pupil-offensive' });
    expect((await w.agents.teacher.post(`/inbox/items/${id}/concern`, {})).statusCode).toBe(302);
    const row = await item(id);
    const c = await db()
      .selectFrom('concern_case')
      .selectAll()
      .where('id', '=', row.case_id!)
      .executeTakeFirstOrThrow();
    expect(c.kind).toBe('abuse-received');
    expect(c.description).toContain('lol mr tester is rubbish');
    expect(c.location_url).toBe('https://www.facebook.com/larkfieldpta/posts/123');
    const sg = await logged({
      text: 'I think a child in year 4 is being groomed online by someone',
      author: 'Worried',
    });
    expect((await item(sg)).kind).toBe('safeguarding');
    expect((await w.agents.teacher.post(`/inbox/items/${sg}/concern`, {})).statusCode).toBe(302);
    const sgCase = await db()
      .selectFrom('concern_case')
      .selectAll()
      .where('id', '=', (await item(sg)).case_id!)
      .executeTakeFirstOrThrow();
    expect(sgCase).toMatchObject({ kind: 'child-safeguarding', restricted: true });
    // the item page never shows the restricted case's reference
    expect(pageText((await w.agents.teacher.get(`/inbox/items/${sg}`)).body)).not.toContain(sgCase.reference);
    // only once
    expect((await w.agents.teacher.post(`/inbox/items/${sg}/concern`, {})).statusCode).toBe(404);
  });
});
