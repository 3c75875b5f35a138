import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorSummary } from '../../support/agent.ts';
import { pageText } from '../directory/helpers.ts';
import { closeInboxWorld, startInboxWorld, type InboxWorld } from './support.ts';

describe('MON-2: a reply from Postwarden is sent at most once', () => {
  let w: InboxWorld;
  const db = () => w.t.database.db;
  const item = (id: string) => db().selectFrom('inbox_item').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const claim = (id: string) => db().selectFrom('inbox_reply').selectAll().where('item_id', '=', id).executeTakeFirst();
  const mastodonItem = async (text: string) => {
    const [alder, , parent] = w.mastodon.accounts;
    const n = w.mastodon.mention(parent!, alder!, text);
    w.t.clock.advance(1_000); // a read booked by hand is one per moment
    await w.agents.admin.post(`/inbox/accounts/${w.mastodonId}/read`, {});
    await w.t.drainJobs();
    return (
      await db()
        .selectFrom('inbox_item')
        .select('id')
        .where('account_id', '=', w.mastodonId)
        .where('platform_id', '=', n.id)
        .executeTakeFirstOrThrow()
    ).id;
  };

  beforeAll(async () => {
    w = await startInboxWorld();
  }, 120_000);
  afterAll(() => closeInboxWorld(w));

  it('MON-2: two people reply to the same comment at the same moment: exactly one reply reaches Mastodon, the other is refused with a clear message', async () => {
    const id = await mastodonItem('@alder Is the school disco on Friday?');
    const before = w.mastodon.statusRequests();
    const [a, b] = await Promise.all([
      w.agents.teacher.post(`/inbox/items/${id}/reply`, { reply: 'Yes, from 6pm in the hall.' }),
      w.agents.admin.post(`/inbox/items/${id}/reply`, { reply: 'Yes, it starts at 6pm.' }),
    ]);
    expect(w.mastodon.statusRequests() - before).toBe(1);
    expect([a.statusCode, b.statusCode].sort()).toEqual([302, 400]);
    const refused = a.statusCode === 400 ? a : b;
    expect(errorSummary(refused.body).join(' ')).toMatch(
      /This item has already been answered|A reply to this item is already being sent/,
    );
    const sent = w.mastodon.created().at(-1)!;
    const row = await item(id);
    expect(row).toMatchObject({ response: 'replied', reply_remote_id: sent.id, reply_text: sent.text });
    expect((await claim(id))?.status).toBe('sent');
  });

  it('MON-2: a crash after Mastodon answered (the write fails) leaves a visible claim; a retry sends nothing, and the check finds the reply and records it', async () => {
    const id = await mastodonItem('@alder When do the spring term clubs start?');
    // The write after the platform's answer fails, as a crash at that moment would leave it.
    await sql
      .raw(`CREATE FUNCTION crash_on_reply() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'simulated crash'; END $$`)
      .execute(db());
    await sql
      .raw(`CREATE TRIGGER crash_on_reply BEFORE UPDATE ON inbox_item FOR EACH ROW
        WHEN (NEW.response = 'replied') EXECUTE FUNCTION crash_on_reply()`)
      .execute(db());
    const before = w.mastodon.statusRequests();
    const crashed = await w.agents.teacher.post(`/inbox/items/${id}/reply`, { reply: 'In the second week of term.' });
    await sql.raw('DROP TRIGGER crash_on_reply ON inbox_item').execute(db());
    await sql.raw('DROP FUNCTION crash_on_reply()').execute(db());
    expect(crashed.statusCode).toBeGreaterThanOrEqual(500);
    expect(w.mastodon.statusRequests() - before).toBe(1);
    const sent = w.mastodon.created().at(-1)!;
    expect((await item(id)).responded_at).toBeNull();
    expect((await claim(id))?.status).toBe('sending');
    const page = pageText((await w.agents.admin.get(`/inbox/items/${id}`)).body);
    expect(page).toContain('It will not be sent again until it is checked');
    expect(page).toContain('Check whether the reply went out');

    // Trying again, by the same person or another, sends nothing and says why.
    for (const agent of [w.agents.teacher, w.agents.admin]) {
      const retry = await agent.post(`/inbox/items/${id}/reply`, { reply: 'In the second week of term.' });
      expect(retry.statusCode).toBe(400);
      expect(errorSummary(retry.body).join(' ')).toContain('A reply to this item is already being sent');
    }
    // Recording a reply made on the platform is refused too while the claim is open.
    const onPlatform = await w.agents.teacher.post(`/inbox/items/${id}/reply`, {
      reply: 'In the second week of term.',
      onPlatform: 'yes',
    });
    expect(onPlatform.statusCode).toBe(400);
    expect(w.mastodon.statusRequests() - before).toBe(1);

    const checked = await w.agents.teacher.post(`/inbox/items/${id}/reply-check`, {});
    expect(checked.statusCode, errorSummary(checked.body).join()).toBe(302);
    expect(w.mastodon.statusRequests() - before).toBe(1);
    expect(await item(id)).toMatchObject({ response: 'replied', state: 'answered', reply_remote_id: sent.id });
    expect((await claim(id))?.status).toBe('sent');
    expect(pageText((await w.agents.teacher.get(`/inbox/items/${id}`)).body)).not.toContain(
      'Check whether the reply went out',
    );
  });

  it('MON-2: a claim whose reply never reached the platform is released by the check only once no request could still be in flight; then the reply is sent once', async () => {
    const id = await mastodonItem('@alder Is there parking at the fair?');
    const row = await item(id);
    // A crash before the platform was called leaves a claim and no reply.
    await db()
      .insertInto('inbox_reply')
      .values({
        item_id: id,
        trust_id: row.trust_id,
        school_id: row.school_id,
        idempotency_key: `inbox-reply:${id}:crashed`,
        text: '@parent Yes, on the playground.',
        status: 'sending',
        started_at: w.t.clock.now(),
        started_by: w.people['teacher-a1']!.id,
        started_by_label: 'teacher Tester',
      })
      .execute();
    const before = w.mastodon.statusRequests();
    const soon = await w.agents.teacher.post(`/inbox/items/${id}/reply-check`, {});
    expect(soon.statusCode).toBe(302);
    expect((await claim(id))?.status).toBe('sending');
    w.t.clock.advance(3 * 60_000);
    expect((await w.agents.teacher.post(`/inbox/items/${id}/reply-check`, {})).statusCode).toBe(302);
    expect(await claim(id)).toBeUndefined();
    expect(w.mastodon.statusRequests()).toBe(before);
    const res = await w.agents.teacher.post(`/inbox/items/${id}/reply`, { reply: 'Yes, on the playground.' });
    expect(res.statusCode, errorSummary(res.body).join()).toBe(302);
    expect(w.mastodon.statusRequests() - before).toBe(1);
    // another school, and an item with nothing being sent, answer 404
    expect((await w.agents.outsider.post(`/inbox/items/${id}/reply-check`, {})).statusCode).toBe(404);
    expect((await w.agents.teacher.post(`/inbox/items/${id}/reply-check`, {})).statusCode).toBe(404);
  });

  it('MON-2: a reply Mastodon refuses (its token withdrawn) sends nothing, releases the claim with a note on the timeline, and can be sent once the token is back', async () => {
    const id = await mastodonItem('@alder Are the tickets for the play on sale?');
    const alder = w.mastodon.accounts[0]!;
    const token = alder.token;
    alder.token = 'revoked';
    const refused = await w.agents.teacher.post(`/inbox/items/${id}/reply`, { reply: 'Yes, at the office.' });
    alder.token = token;
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body).join(' ')).toContain('Nothing was sent');
    expect(await claim(id)).toBeUndefined();
    const kinds = await db().selectFrom('inbox_event').select('kind').where('item_id', '=', id).execute();
    expect(kinds.map((k) => k.kind)).toEqual(['inbox.arrived', 'inbox.reply-started', 'inbox.reply-refused']);
    const before = w.mastodon.created().length;
    const res = await w.agents.teacher.post(`/inbox/items/${id}/reply`, { reply: 'Yes, at the office.' });
    expect(res.statusCode, errorSummary(res.body).join()).toBe(302);
    expect(w.mastodon.created().length - before).toBe(1);
  });
});
