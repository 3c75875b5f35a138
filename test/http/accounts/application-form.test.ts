import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../support/agent.ts';
import { errorSummary } from '../../support/agent.ts';
import { changedTables, pageText, snapshot } from '../directory/helpers.ts';
import { applicationsWorld, applyForm } from './support.ts';

/** The operator lists on a page: id, label and the chosen person, in order. */
function operatorLists(html: string) {
  return [
    ...html.matchAll(
      /<label class="govuk-label govuk-label--s" for="(operator-\d+)">\s*([^<]*?)\s*<\/label>[\s\S]*?<select class="govuk-select[^"]*" id="\1" name="\1"([^>]*)>([\s\S]*?)<\/select>/g,
    ),
  ].map((m) => ({
    id: m[1],
    label: m[2],
    autofocus: m[3]!.includes('autofocus'),
    chosen: /<option value="([^"]+)" selected>/.exec(m[4]!)?.[1] ?? '',
  }));
}

describe('issue 8.7: the application form names the lead, adds operators without saving, checks answers before sending, and keeps paragraphs', () => {
  let w: Awaited<ReturnType<typeof applicationsWorld>>;
  let teacher: Agent;

  beforeAll(async () => {
    w = await applicationsWorld();
    teacher = await w.agent('teacher-a1', '/accounts/apply');
  }, 120_000);
  afterAll(async () => {
    await w?.t.close();
  });

  it('issue 8.7: "Add another operator" adds a third list without saving anything, keeps what was typed, and moves the focus to the new list', async () => {
    const before = await snapshot(w.t);
    const added = await teacher.post(
      '/accounts/apply',
      applyForm({ name: 'Kestrel class', operators: [w.sam, w.dsl], action: 'add-operator', operatorSlots: '2' }),
    );
    expect(added.statusCode).toBe(200);
    expect(errorSummary(added.body)).toEqual([]);
    expect(operatorLists(added.body)).toEqual([
      { id: 'operator-1', label: 'Lead operator', autofocus: false, chosen: w.sam },
      { id: 'operator-2', label: 'Second operator', autofocus: false, chosen: w.dsl },
      { id: 'operator-3', label: 'Third operator', autofocus: true, chosen: '' },
    ]);
    expect(added.body).toContain('value="Kestrel class"');
    expect(added.body).toContain('name="operatorSlots" value="3"');
    // And again: a fourth.
    const fourth = await teacher.post(
      '/accounts/apply',
      applyForm({
        name: 'Kestrel class',
        operators: [w.sam, w.dsl, w.ray],
        action: 'add-operator',
        operatorSlots: '3',
      }),
    );
    expect(operatorLists(fourth.body).map((l) => [l.label, l.chosen, l.autofocus])).toEqual([
      ['Lead operator', w.sam, false],
      ['Second operator', w.dsl, false],
      ['Third operator', w.ray, false],
      ['Fourth operator', '', true],
    ]);
    // A crafted count is held to the most an account may have, and the button goes once it is reached.
    const most = await teacher.post('/accounts/apply', applyForm({ action: 'add-operator', operatorSlots: '5000' }));
    expect(operatorLists(most.body)).toHaveLength(20);
    expect(pageText(most.body)).not.toContain('Add another operator');
    expect(changedTables(before, await snapshot(w.t))).toEqual([]);

    // The third person is kept when the answers go to be checked.
    const checked = await teacher.post(
      '/accounts/apply',
      applyForm({ name: 'Kestrel class', operators: [w.sam, w.dsl, w.ray], operatorSlots: '3' }),
    );
    expect(checked.statusCode).toBe(302);
    const id = /\/accounts\/([0-9a-f-]{36})\/check$/.exec(checked.headers.location!)![1]!;
    const check = pageText((await teacher.get(`/accounts/${id}/check`)).body);
    expect(check).toMatch(
      /Lead operator Sam Patel Ready .*Operator dsl Tester Ready .*Operator Ray Unready Not ready yet/,
    );
    // Ray is not ready: the page says what is missing, and that it can still be sent.
    expect(check).toContain(
      'This application cannot be approved yet: Ray Unready has not signed version 1 of the social media policy Ray Unready has not completed ‘Running an official school account’',
    );
    expect(check).toContain('You can still send it now.');

    // In a saved draft, adding a list saves nothing either.
    const beforeDraft = await snapshot(w.t);
    const inDraft = await teacher.post(
      `/accounts/${id}/application`,
      applyForm({
        name: 'Kestrel class',
        operators: [w.sam, w.dsl, w.ray],
        action: 'add-operator',
        operatorSlots: '3',
      }),
    );
    expect(inDraft.statusCode).toBe(200);
    expect(operatorLists(inDraft.body).map((l) => l.label)).toEqual([
      'Lead operator',
      'Second operator',
      'Third operator',
      'Fourth operator',
    ]);
    expect(changedTables(beforeDraft, await snapshot(w.t))).toEqual([]);
  });

  it('issue 8.7: an incomplete draft cannot be checked or sent: the form says what is missing, and nothing is sent', async () => {
    const saved = await teacher.post('/accounts/apply', { name: 'Half done', platform: 'bluesky', action: 'draft' });
    expect(saved.statusCode).toBe(302);
    const id = /\/accounts\/([0-9a-f-]{36})\/application$/.exec(saved.headers.location!)![1]!;
    const missing = [
      'Enter what the account is for',
      'Enter who the account is for',
      'Enter how people will hear about the account',
    ];
    const check = await teacher.get(`/accounts/${id}/check`);
    expect(check.statusCode).toBe(200);
    expect(errorSummary(check.body).slice(0, 3)).toEqual(missing);
    expect(errorSummary(check.body)[3]).toMatch(
      /^Name at least 2 operators: your policy \(§\d+\.\d+ Who runs an account\) requires 2$/,
    );
    expect(check.body).toContain(`action="/accounts/${id}/application"`);
    const before = await snapshot(w.t);
    const send = await teacher.post(`/accounts/${id}/send`, {});
    expect(send.statusCode).toBe(400);
    expect(errorSummary(send.body)).toHaveLength(4);
    expect(changedTables(before, await snapshot(w.t))).toEqual([]);
    expect(await w.status(id)).toBe('draft');
  });

  it('issue 8.7: long answers show their paragraphs and line breaks, without the template’s indentation', async () => {
    const aim = 'News from Kestrel class.\n\nPhotos of the week’s learning,\nshared on Fridays.';
    const id = await w.apply(teacher, { name: 'Paragraphs', aim, operators: [w.sam, w.dsl] });
    const expected =
      '<p class="govuk-body">News from Kestrel class.</p><p class="govuk-body">Photos of the week’s learning,<br>shared on Fridays.</p>';
    const slt = await w.agent('slt-a1');
    for (const [agent, url] of [
      [teacher, `/accounts/${id}/application`],
      [slt, `/accounts/${id}/decision`],
      [slt, `/accounts/${id}`],
    ] as const) {
      const page = await agent.get(url);
      expect(page.statusCode, url).toBe(200);
      const value =
        /<dt class="govuk-summary-list__key">\s*What it is for\s*<\/dt>\s*<dd class="govuk-summary-list__value">([\s\S]*?)<\/dd>/.exec(
          page.body,
        )?.[1];
      expect(value?.trim(), url).toBe(expected);
    }
    for (const url of [`/accounts/${id}/application`, `/accounts/${id}`])
      expect((await teacher.get(url)).body, url).not.toContain('pw-pre');
    // The stored text is exactly what was typed.
    expect(
      (await w.db.selectFrom('official_account').select('aim').where('id', '=', id).executeTakeFirstOrThrow()).aim,
    ).toBe(aim);
  });
});
