import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../support/agent.ts';
import { pageText } from '../directory/helpers.ts';
import { applicationsWorld, COURSE } from './support.ts';
import { operatorEligibility, operatorsEligibility } from '../../../src/modules/policies/index.ts';

/** The rows of one table on a page, as text. */
function rows(html: string, id: string): string[] {
  const table = new RegExp(`<table class="govuk-table" id="${id}">([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '';
  return [...table.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)]
    .slice(1)
    .map((m) => pageText(m[1]!).trim());
}

describe('issue 8.3: deciders see what they can act on now, and whoever can put a hold-up right is told', () => {
  let w: Awaited<ReturnType<typeof applicationsWorld>>;
  let teacher: Agent;
  let slt: Agent;
  let head: Agent;
  let hr: Agent;

  beforeAll(async () => {
    w = await applicationsWorld();
    teacher = await w.agent('teacher-a1', '/accounts/apply');
    slt = await w.agent('slt-a1');
    head = await w.agent('head-a1');
    hr = await w.agent('hr-a1');
  }, 120_000);
  afterAll(async () => {
    await w?.t.close();
  });

  it('issue 8.3: the head’s queue lists only applications she can approve now; one held up by an operator’s lapsed training is listed apart, with why, and is not a home-page task', async () => {
    const ready = await w.apply(teacher, { name: 'Kestrel class', operators: [w.sam, w.dsl] });
    const lapsed = await w.apply(teacher, { name: 'Robin class', operators: [w.dsl, w.sam] });
    for (const id of [ready, lapsed])
      expect(
        (
          await slt.post(
            `/accounts/${id}/decision`,
            { decision: 'approve', reason: '' },
            { tokenFrom: `/accounts/${id}/decision` },
          )
        ).statusCode,
      ).toBe(302);
    // Sam's training lapses after SLT approved Robin class (and Kestrel class: both name him).
    await w.db
      .updateTable('training_completion')
      .set({ expires_on: '2026-11-18' })
      .where('person_id', '=', w.sam)
      .execute();

    let list = await head.get('/accounts/applications');
    expect(rows(list.body, 'to-approve')).toEqual([]);
    expect(pageText(list.body)).toContain('No applications are waiting for the Head of School’s approval.');
    expect(rows(list.body, 'to-approve-blocked')).toEqual([
      `Kestrel class Facebook, sent 18 November 2026 teacher Tester Sam Patel’s ‘${COURSE}’ training expired on 18 November 2026`,
      `Robin class Facebook, sent 18 November 2026 teacher Tester Sam Patel’s ‘${COURSE}’ training expired on 18 November 2026`,
    ]);
    expect(pageText((await head.get('/')).body)).not.toContain('awaiting your approval');

    // Sam is trained again: both can be approved now, and they are the head's task.
    await w.train(w.sam);
    list = await head.get('/accounts/applications');
    expect(rows(list.body, 'to-approve').map((r) => r.split(' Facebook')[0])).toEqual(['Kestrel class', 'Robin class']);
    expect(rows(list.body, 'to-approve-blocked')).toEqual([]);
    expect(pageText((await head.get('/')).body)).toContain('2 applications awaiting your approval');
    for (const id of [ready, lapsed])
      expect(
        (
          await head.post(
            `/accounts/${id}/head-approval`,
            { decision: 'reject', reason: 'Tidying up' },
            { tokenFrom: `/accounts/${id}/head-approval` },
          )
        ).statusCode,
      ).toBe(302);
  });

  it('issue 8.3, ACC-3: an application naming someone not ready waits apart on SLT’s list; the operator and the applicant are each told on their home page what holds it up', async () => {
    const hrId = w.world.people['hr-a1']!.id;
    const id = await w.apply(teacher, { name: 'Eco club', operators: [w.sam, hrId] });
    const list = await slt.get('/accounts/applications');
    expect(rows(list.body, 'to-decide')).toEqual([]);
    expect(rows(list.body, 'to-decide-blocked')).toEqual([
      `Eco club Facebook, sent 18 November 2026 teacher Tester hr Tester has not signed version 1 of the social media policy hr Tester has not completed ‘${COURSE}’`,
    ]);
    expect(pageText(list.body)).toContain('You can reject one now, with a reason, if the school does not need it.');
    expect(list.body).toContain(`href="/accounts/${id}/decision"`);
    expect(pageText((await slt.get('/')).body)).not.toContain('awaiting your decision');
    // SLT was still told it was sent, with what stops it.
    const mail = await w.db
      .selectFrom('mail_message')
      .select('body_text')
      .where('to_address', '=', w.world.people['slt-a1']!.email)
      .where('subject', 'like', '%‘Eco club’')
      .executeTakeFirstOrThrow();
    expect(mail.body_text).toContain(
      `It cannot be approved yet:\n- hr Tester has not signed version 1 of the social media policy\n- hr Tester has not completed ‘${COURSE}’`,
    );

    const hrHome = pageText((await hr.get('/')).body);
    expect(hrHome).toContain(
      `‘Eco club’ cannot be approved until you are ready to run it: you have not signed version 1 of the social media policy; you have not completed ‘${COURSE}’`,
    );
    expect((await hr.get('/')).body).toContain(`href="/accounts/${id}/application"`);
    expect(pageText((await teacher.get('/')).body)).toContain(
      `Your application for ‘Eco club’ cannot be approved yet: hr Tester has not signed version 1 of the social media policy; hr Tester has not completed ‘${COURSE}’`,
    );

    // Once hr is ready, SLT has it to decide, and the hold-up tasks go.
    await w.sign(hrId);
    await w.train(hrId);
    expect(pageText((await slt.get('/')).body)).toContain('1 application awaiting your decision');
    expect(pageText((await hr.get('/')).body)).not.toContain('Eco club');
    expect(pageText((await teacher.get('/')).body)).not.toContain('cannot be approved yet');
  });

  it('ACC-3: reading eligibility for many people at once (queues, home pages) gives the same answers as one by one', async () => {
    await w.db
      .updateTable('training_completion')
      .set({ expires_on: '2026-11-01' })
      .where('person_id', '=', w.dsl)
      .execute();
    const ids = [
      w.dsl,
      w.sam,
      w.ray,
      w.world.people['hr-a1']!.id,
      w.world.people['leaver-a1']!.id,
      w.world.people['admin-a2']!.id,
      w.world.people['admin-b1']!.id,
      'not-an-id',
      w.sam,
    ];
    const many = await operatorsEligibility(w.db, w.school, ids, w.t.clock.now());
    for (const id of ids)
      expect(many.get(id), id).toEqual(await operatorEligibility(w.db, w.school, id, w.t.clock.now()));
    expect(many.get(w.dsl)).toEqual({
      eligible: false,
      reasons: [`Their ‘${COURSE}’ training expired on 1 November 2026`],
    });
    expect(many.get(w.sam)).toEqual({ eligible: true });
    await w.train(w.dsl);
  });
});
