import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { type Agent, errorSummary } from '../../support/agent.ts';
import { seedWorld, type World } from '../../support/world.ts';
import { makeUpn } from '../../../src/modules/directory/import/rules/index.ts';
import { changedTables, createTokenThroughUi, pageText, signedIn, snapshot } from './helpers.ts';

type Fields = Record<string, string | string[]>;
const REASON = 'Placement address must stay confidential';

function pupilForm(v: {
  upn?: string;
  givenName?: string;
  familyName?: string;
  preferredName?: string;
  dob?: string;
  yearGroup?: string;
  formGroup?: string;
  consents?: string[];
  neverPublish?: boolean;
  reason?: string;
  leave?: string;
}): Fields {
  const [y = '', m = '', d = ''] = (v.dob ?? '').split('-');
  const [ly = '', lm = '', ld = ''] = (v.leave ?? '').split('-');
  return {
    upn: v.upn ?? '',
    givenName: v.givenName ?? '',
    familyName: v.familyName ?? '',
    preferredName: v.preferredName ?? '',
    'dateOfBirth-day': d,
    'dateOfBirth-month': m,
    'dateOfBirth-year': y,
    yearGroup: v.yearGroup ?? '',
    formGroup: v.formGroup ?? '',
    consents: v.consents ?? [],
    neverPublish: v.neverPublish ? 'yes' : 'no',
    ...(v.reason !== undefined ? { neverPublishReason: v.reason } : {}),
    'leavingDate-day': ld,
    'leavingDate-month': lm,
    'leavingDate-year': ly,
  };
}

/** A UPN whose check letter is wrong (the digits of a real one under another letter). */
function mistypedUpn(n: number): string {
  const good = makeUpn(n);
  return (good[0] === 'A' ? 'B' : 'A') + good.slice(1);
}

describe('pupils: records, photo consent, never publish, parents and carers', () => {
  let t: TestApp;
  let world: World;
  let admin: Agent;
  let head: Agent;
  let dsl: Agent;
  let slt: Agent;
  let upnSerial = 50_000;
  const nextUpn = () => makeUpn(upnSerial++);

  async function pupilRow(id: string) {
    return t.database.db.selectFrom('pupil').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  /** The edit form as the page would post it back, from what is stored. */
  async function currentForm(id: string): Promise<Fields> {
    const p = await pupilRow(id);
    return pupilForm({
      upn: p.upn,
      givenName: p.given_name,
      familyName: p.family_name,
      preferredName: p.preferred_name ?? '',
      dob: p.date_of_birth,
      yearGroup: String(p.year_group),
      formGroup: p.form_group ?? '',
      consents: [p.consent_social && 'social', p.consent_website && 'website', p.consent_press && 'press'].filter(
        (c): c is string => typeof c === 'string',
      ),
      neverPublish: p.never_publish,
      leave: p.leaving_date ?? '',
    });
  }

  async function addPupil(
    given: string,
    extra: { never_publish?: boolean; never_publish_reason?: string | null } = {},
  ): Promise<string> {
    const id = randomUUID();
    await t.database.db
      .insertInto('pupil')
      .values({
        id,
        trust_id: world.trustA,
        school_id: world.schoolA1,
        upn: nextUpn(),
        mis_id: null,
        given_name: given,
        family_name: 'Pupil',
        preferred_name: null,
        date_of_birth: '2016-05-06',
        year_group: 5,
        form_group: '5C',
        consent_social: true,
        consent_website: true,
        consent_press: true,
        never_publish: extra.never_publish ?? false,
        never_publish_reason: extra.never_publish_reason ?? null,
        leaving_date: null,
        created_at: new Date(),
        updated_at: new Date(),
      })
      .execute();
    return id;
  }

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t.database.db);
    [admin, head, dsl, slt] = await Promise.all([
      signedIn(t, world, 'admin-a1', '/pupils/new'),
      signedIn(t, world, 'head-a1', '/pupils/new'),
      signedIn(t, world, 'dsl-a1'),
      signedIn(t, world, 'slt-a1'),
    ]);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('issue 8 item 7: the year filter lists the years the school has: a primary never offers Years 7 to 14; a secondary offers Years 7 to 13', async () => {
    const yearOptions = (html: string) => {
      const select = html.slice(html.indexOf('id="year"'), html.indexOf('</select>', html.indexOf('id="year"')));
      return [...select.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map((m) => m[2]!.trim());
    };
    const primary = yearOptions((await admin.get('/pupils')).body);
    expect(primary).toEqual([
      'All years',
      'Nursery 1',
      'Nursery 2',
      'Reception',
      'Year 1',
      'Year 2',
      'Year 3',
      'Year 4',
      'Year 5',
      'Year 6',
    ]);
    await t.database.db.updateTable('school').set({ phase: 'secondary' }).where('id', '=', world.schoolA2).execute();
    const adminA2 = await signedIn(t, world, 'admin-a2', '/pupils/new');
    // Samir is in Year 4 (a pupil on roll in a year the phase does not teach is still findable).
    expect(yearOptions((await adminA2.get('/pupils')).body)).toEqual([
      'All years',
      'Year 4',
      'Year 7',
      'Year 8',
      'Year 9',
      'Year 10',
      'Year 11',
      'Year 12',
      'Year 13',
    ]);
  });

  it('ORG-4: a pupil is added with year group, date of birth and consent for each use, and the addition is audited', async () => {
    const upn = nextUpn();
    const response = await admin.post(
      '/pupils/new',
      pupilForm({
        upn: ` ${upn.toLowerCase()} `,
        givenName: 'Thaddeus',
        familyName: 'Brightwater',
        preferredName: 'Tad',
        dob: '2021-01-15',
        yearGroup: '0',
        formGroup: 'RB',
        consents: ['social', 'press'],
      }),
    );
    expect(response.statusCode).toBe(302);
    const row = await t.database.db.selectFrom('pupil').selectAll().where('upn', '=', upn).executeTakeFirstOrThrow();
    expect(response.headers.location).toBe(`/pupils/${row.id}`);
    expect(row).toMatchObject({
      school_id: world.schoolA1,
      trust_id: world.trustA,
      given_name: 'Thaddeus',
      family_name: 'Brightwater',
      preferred_name: 'Tad',
      date_of_birth: '2021-01-15',
      year_group: 0,
      form_group: 'RB',
      consent_social: true,
      consent_website: false,
      consent_press: true,
      never_publish: false,
      never_publish_reason: null,
      leaving_date: null,
    });
    const events = await t.database.db
      .selectFrom('audit_event')
      .select(['action', 'summary', 'actor_id', 'school_id'])
      .where('entity_id', '=', row.id)
      .execute();
    expect(events).toEqual([
      {
        action: 'pupil.created',
        actor_id: world.people['admin-a1']!.id,
        school_id: world.schoolA1,
        summary: { yearGroup: 0, neverPublish: false, consents: ['social', 'press'] },
      },
    ]);
    const page = pageText((await admin.get(`/pupils/${row.id}`)).body);
    expect(page).toContain('Reception, RB');
    expect(page).toContain('Date of birth 15 January 2021');
    expect(page).toContain('Social media photos Consent given');
    expect(page).toContain('Website photos No consent');
    expect(page).toContain('Press photos Consent given');
  });

  it('ORG-4: a mistyped UPN, a missing or future date of birth and a missing year group are explained, and nothing is written', async () => {
    const before = await snapshot(t);
    const wrongLetter = mistypedUpn(60_001);
    const response = await admin.post(
      '/pupils/new',
      pupilForm({ upn: wrongLetter, givenName: '', familyName: ' ', dob: '2026-11-19', yearGroup: '' }),
    );
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual([
      `‘${wrongLetter}’ is not a valid UPN: its first letter does not match the digits after it, so a character has probably been mistyped. Copy the UPN again from your MIS`,
      'Enter the pupil’s first name',
      'Enter the pupil’s last name',
      'Date of birth must be in the past',
      'Select the year group',
    ]);
    const cases: [Fields, string[]][] = [
      [
        pupilForm({ upn: '', givenName: 'A', familyName: 'B', dob: '2016-01-01', yearGroup: '3' }),
        [expect.stringMatching(/^No UPN given\. A UPN has 13 characters/) as unknown as string],
      ],
      [
        pupilForm({ upn: 'A12345', givenName: 'A', familyName: 'B', dob: '2016-01-01', yearGroup: '3' }),
        [expect.stringMatching(/^‘A12345’ is not a valid UPN\./) as unknown as string],
      ],
      [
        pupilForm({ upn: nextUpn(), givenName: 'A', familyName: 'B', yearGroup: '3' }),
        ['Enter the pupil’s date of birth'],
      ],
      [
        pupilForm({ upn: nextUpn(), givenName: 'A', familyName: 'B', dob: '2016-02-30', yearGroup: '3' }),
        ['Date of birth must be a real date'],
      ],
      [
        pupilForm({ upn: nextUpn(), givenName: 'A', familyName: 'B', dob: '2016-01-01', yearGroup: '15' }),
        ['Select the year group'],
      ],
      [
        pupilForm({ upn: nextUpn(), givenName: 'A', familyName: 'B', dob: '2016-01-01', yearGroup: 'Year 3' }),
        ['Select the year group'],
      ],
      [
        pupilForm({ upn: nextUpn(), givenName: 'A', familyName: 'B', dob: '2016-01-01', yearGroup: '-3' }),
        ['Select the year group'],
      ],
    ];
    for (const [form, expected] of cases) {
      const r = await admin.post('/pupils/new', form);
      expect(r.statusCode, JSON.stringify(form)).toBe(400);
      expect(errorSummary(r.body)).toEqual(expected);
    }
    // A UPN already on this school's roll is refused…
    const jo = await pupilRow(world.pupils['jo-a1']!);
    const duplicate = await admin.post(
      '/pupils/new',
      pupilForm({ upn: jo.upn, givenName: 'Twin', familyName: 'Quill', dob: '2017-04-12', yearGroup: '4' }),
    );
    expect(errorSummary(duplicate.body)).toEqual(['A pupil with this UPN is already on the roll']);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    // …but another school's pupil with the same UPN neither blocks nor reveals anything (a pupil who moved school).
    const sam = await t.database.db
      .selectFrom('pupil')
      .select('upn')
      .where('id', '=', world.pupils['sam-a2']!)
      .executeTakeFirstOrThrow();
    expect(
      (
        await admin.post(
          '/pupils/new',
          pupilForm({ upn: sam.upn, givenName: 'Samir', familyName: 'Velasquez', dob: '2017-04-12', yearGroup: '4' }),
        )
      ).statusCode,
    ).toBe(302);
    // The boundaries that are allowed: Nursery 1 and Year 14, born today.
    expect(
      (
        await admin.post(
          '/pupils/new',
          pupilForm({ upn: nextUpn(), givenName: 'Newest', familyName: 'Pupil', dob: '2026-11-18', yearGroup: '-2' }),
        )
      ).statusCode,
    ).toBe(302);
    expect(
      (
        await admin.post(
          '/pupils/new',
          pupilForm({ upn: nextUpn(), givenName: 'Oldest', familyName: 'Pupil', dob: '2007-11-18', yearGroup: '14' }),
        )
      ).statusCode,
    ).toBe(302);
  });

  it('ORG-4: editing a pupil records what changed; a pupil who leaves keeps their date of birth', async () => {
    const id = await addPupil('Editable');
    const response = await admin.post(`/pupils/${id}/edit`, {
      ...(await currentForm(id)),
      yearGroup: '6',
      formGroup: '6C',
      consents: ['website'],
      ...{ 'leavingDate-day': '31', 'leavingDate-month': '8', 'leavingDate-year': '2026' },
    });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe(`/pupils/${id}`);
    expect(await pupilRow(id)).toMatchObject({
      year_group: 6,
      form_group: '6C',
      consent_social: false,
      consent_website: true,
      consent_press: false,
      leaving_date: '2026-08-31',
      date_of_birth: '2016-05-06',
    });
    const event = await t.database.db
      .selectFrom('audit_event')
      .select(['action', 'summary'])
      .where('entity_id', '=', id)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(event).toEqual({
      action: 'pupil.updated',
      summary: {
        year_group: { from: 5, to: 6 },
        form_group: { from: '5C', to: '6C' },
        consent_social: { from: true, to: false },
        consent_press: { from: true, to: false },
        leaving_date: { from: null, to: '2026-08-31' },
      },
    });
    // Left: off the current list, still on the list of leavers with the date of birth kept.
    expect((await admin.get('/pupils')).body).not.toContain(`/pupils/${id}"`);
    expect((await admin.get('/pupils?leavers=1')).body).toContain(`/pupils/${id}"`);
    expect(pageText((await admin.get(`/pupils/${id}`)).body)).toContain('Date of birth 6 May 2016');
    // A bad edit changes nothing.
    const before = await snapshot(t);
    const bad = await admin.post(`/pupils/${id}/edit`, {
      ...(await currentForm(id)),
      givenName: '',
      'dateOfBirth-year': '2027',
    });
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad.body)).toEqual(['Enter the pupil’s first name', 'Date of birth must be in the past']);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
  });

  it('ORG-4: the never-publish reason is shown only to the headteacher and the DSL, never in lists, the audit log or the API', async () => {
    const secret = world.pupils['secret-a1']!;
    for (const [who, agent] of [
      ['admin-a1', admin],
      ['slt-a1', slt],
    ] as const) {
      const page = await agent.get(`/pupils/${secret}`);
      expect(page.statusCode, who).toBe(200);
      expect(page.body, who).toContain('Never publish');
      expect(page.body, who).not.toContain(REASON);
      expect(page.body, who).not.toContain('Placement address');
    }
    const adminEdit = await admin.get(`/pupils/${secret}/edit`);
    expect(adminEdit.statusCode).toBe(200);
    expect(adminEdit.body).not.toContain('Placement address');
    expect(adminEdit.body).not.toContain('name="neverPublishReason"');
    expect((await slt.get(`/pupils/${secret}/edit`)).statusCode).toBe(404);

    for (const [who, agent] of [
      ['head-a1', head],
      ['dsl-a1', dsl],
    ] as const) {
      const page = await agent.get(`/pupils/${secret}`);
      expect(page.statusCode, who).toBe(200);
      expect(pageText(page.body), who).toContain(
        `Reason (seen only by the headteacher and safeguarding team): ${REASON}`,
      );
    }
    expect((await head.get(`/pupils/${secret}/edit`)).body).toContain(REASON);

    // The headteacher changes the reason: the audit says that it changed, not what it says.
    const newReason = 'Subject of a court order: no images at all';
    expect(
      (
        await head.post(`/pupils/${secret}/edit`, {
          ...(await currentForm(secret)),
          neverPublish: 'yes',
          neverPublishReason: newReason,
        })
      ).statusCode,
    ).toBe(302);
    expect((await pupilRow(secret)).never_publish_reason).toBe(newReason);
    const events = await t.database.db
      .selectFrom('audit_event')
      .select(['action', 'summary'])
      .where('entity_id', '=', secret)
      .execute();
    expect(events.at(-1)).toEqual({ action: 'pupil.updated', summary: { never_publish_reason: 'updated' } });
    // Saving the form again with the same reason does not claim the reason changed.
    expect(
      (
        await head.post(`/pupils/${secret}/edit`, {
          ...(await currentForm(secret)),
          formGroup: '4C',
          neverPublish: 'yes',
          neverPublishReason: newReason,
        })
      ).statusCode,
    ).toBe(302);
    expect(
      (
        await t.database.db
          .selectFrom('audit_event')
          .select('summary')
          .where('entity_id', '=', secret)
          .orderBy('seq', 'desc')
          .executeTakeFirstOrThrow()
      ).summary,
    ).toEqual({ form_group: { from: '4B', to: '4C' } });

    const token = await createTokenThroughUi(admin, 'Reason check');
    const everywhere = [
      (await admin.get('/pupils')).body,
      (await admin.get('/pupils?consent=never-publish')).body,
      (await head.get('/pupils')).body,
      (await admin.get('/audit')).body,
      (await slt.get('/audit')).body,
      (await head.get('/')).body,
      (await t.app.inject({ method: 'GET', url: '/api/v1/pupils', headers: { authorization: `Bearer ${token}` } }))
        .body,
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/pupils/${secret}`,
          headers: { authorization: `Bearer ${token}` },
        })
      ).body,
      JSON.stringify(await t.database.db.selectFrom('audit_event').select('summary').execute()),
    ];
    for (const [i, body] of everywhere.entries()) {
      expect(body, `response ${i}`).not.toContain('Placement address');
      expect(body, `response ${i}`).not.toContain('court order');
    }
    const api = await t.app.inject({
      method: 'GET',
      url: `/api/v1/pupils/${secret}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(api.json()).toMatchObject({ givenName: 'Marnie', neverPublish: true });
    expect(Object.keys(api.json() as object)).not.toContain('neverPublishReason');
  });

  it('ORG-4: an administrator can put a pupil on the never-publish list but not take them off; the headteacher can', async () => {
    const id = await addPupil('Protectme');
    // The administrator sets the flag; a reason they send is not stored (they may not record one).
    const set = await admin.post(`/pupils/${id}/edit`, {
      ...(await currentForm(id)),
      neverPublish: 'yes',
      neverPublishReason: 'Admin typed this',
    });
    expect(set.statusCode).toBe(302);
    expect(await pupilRow(id)).toMatchObject({ never_publish: true, never_publish_reason: null });
    expect(
      (
        await t.database.db
          .selectFrom('audit_event')
          .select('summary')
          .where('entity_id', '=', id)
          .orderBy('seq', 'desc')
          .executeTakeFirstOrThrow()
      ).summary,
    ).toEqual({ never_publish: { from: false, to: true } });
    // The headteacher records the reason.
    expect(
      (
        await head.post(`/pupils/${id}/edit`, {
          ...(await currentForm(id)),
          neverPublish: 'yes',
          neverPublishReason: 'Looked-after child',
        })
      ).statusCode,
    ).toBe(302);
    expect((await pupilRow(id)).never_publish_reason).toBe('Looked-after child');

    const before = await snapshot(t);
    const clear = await admin.post(`/pupils/${id}/edit`, { ...(await currentForm(id)), neverPublish: 'no' });
    expect(clear.statusCode).toBe(400);
    expect(errorSummary(clear.body)).toEqual([
      'Only the headteacher or the safeguarding lead can take a pupil off the never-publish list',
    ]);
    expect(clear.body).not.toContain('Looked-after child');
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    // The administrator's other edits leave the flag and the reason they cannot see as they were.
    expect((await admin.post(`/pupils/${id}/edit`, { ...(await currentForm(id)), formGroup: '5Z' })).statusCode).toBe(
      302,
    );
    expect(await pupilRow(id)).toMatchObject({
      form_group: '5Z',
      never_publish: true,
      never_publish_reason: 'Looked-after child',
    });
    // An administrator adding a pupil may set the flag too, without a reason.
    const upn = nextUpn();
    expect(
      (
        await admin.post(
          '/pupils/new',
          pupilForm({
            upn,
            givenName: 'Flagged',
            familyName: 'Atstart',
            dob: '2015-03-03',
            yearGroup: '6',
            consents: ['social'],
            neverPublish: true,
            reason: 'Typed by admin',
          }),
        )
      ).statusCode,
    ).toBe(302);
    expect(
      await t.database.db
        .selectFrom('pupil')
        .select(['never_publish', 'never_publish_reason'])
        .where('upn', '=', upn)
        .executeTakeFirstOrThrow(),
    ).toEqual({ never_publish: true, never_publish_reason: null });

    // The headteacher takes the pupil off the list, and the reason goes with the flag.
    expect((await head.post(`/pupils/${id}/edit`, { ...(await currentForm(id)), neverPublish: 'no' })).statusCode).toBe(
      302,
    );
    expect(await pupilRow(id)).toMatchObject({ never_publish: false, never_publish_reason: null });
    const last = await t.database.db
      .selectFrom('audit_event')
      .select(['summary', 'actor_id'])
      .where('entity_id', '=', id)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(last).toEqual({
      actor_id: world.people['head-a1']!.id,
      summary: { never_publish: { from: true, to: false }, never_publish_reason: 'updated' },
    });
  });

  it('ORG-4: never publish overrides every consent on the list, and the consent filter leaves such pupils out of “may appear on social media”', async () => {
    const id = await addPupil('Overridden', { never_publish: true });
    const rowOf = (html: string) =>
      pageText(html.split('<tr class="govuk-table__row">').find((r) => r.includes(`/pupils/${id}"`)) ?? '');
    const row = rowOf((await admin.get('/pupils')).body);
    expect(row).toContain('Overridden Pupil Never publish');
    expect(row).toContain('Year 5, 5C No No No');
    expect(rowOf((await admin.get('/pupils?consent=social')).body)).toBe('');
    expect(rowOf((await admin.get('/pupils?consent=never-publish')).body)).not.toBe('');
  });

  it('ORG-4: parents and carers are linked to a pupil and unlinked again, with problems explained and every change audited', async () => {
    const id = await addPupil('Parented');
    const before = await snapshot(t);
    const bad = await admin.post(`/pupils/${id}/parents/new`, {
      givenName: '',
      familyName: '',
      email: 'nope',
      phone: 'call me',
      relationship: '',
    });
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad.body)).toEqual([
      'Enter the parent or carer’s first name',
      'Enter the parent or carer’s last name',
      'Enter an email address in the correct format, like name@example.com',
      'Enter a phone number, like 01632 960 001 or 07700 900 982',
    ]);
    expect(changedTables(before, await snapshot(t))).toEqual([]);

    expect(
      (
        await admin.post(`/pupils/${id}/parents/new`, {
          givenName: 'Gwendolyn',
          familyName: 'Parented',
          email: 'Gwen.P@Example.com',
          phone: '07700 900 982',
          relationship: 'Foster carer',
        })
      ).statusCode,
    ).toBe(302);
    expect(
      (
        await admin.post(`/pupils/${id}/parents/new`, {
          givenName: 'Horace',
          familyName: 'Parented',
          email: '',
          phone: '',
          relationship: '',
        })
      ).statusCode,
    ).toBe(302);
    const links = await t.database.db
      .selectFrom('pupil_parent')
      .innerJoin('parent', 'parent.id', 'pupil_parent.parent_id')
      .select([
        'parent.id',
        'parent.given_name',
        'parent.email',
        'parent.phone',
        'parent.school_id',
        'pupil_parent.relationship',
      ])
      .where('pupil_parent.pupil_id', '=', id)
      .orderBy('parent.given_name')
      .execute();
    expect(links).toMatchObject([
      {
        given_name: 'Gwendolyn',
        email: 'gwen.p@example.com',
        phone: '07700 900 982',
        school_id: world.schoolA1,
        relationship: 'Foster carer',
      },
      { given_name: 'Horace', email: null, phone: null, school_id: world.schoolA1, relationship: null },
    ]);
    const page = pageText((await admin.get(`/pupils/${id}`)).body);
    expect(page).toContain('Gwendolyn Parented (Foster carer)');
    expect(page).toContain('Horace Parented');
    // Only people who manage pupils see the unlink buttons.
    expect((await slt.get(`/pupils/${id}`)).body).not.toContain('/unlink');

    const gwen = links[0]!.id;
    const unlink = await admin.post(`/pupils/${id}/parents/${gwen}/unlink`, {});
    expect(unlink.statusCode).toBe(302);
    expect(
      (await t.database.db.selectFrom('pupil_parent').select('parent_id').where('pupil_id', '=', id).execute()).map(
        (r) => r.parent_id,
      ),
    ).toEqual([links[1]!.id]);
    expect(pageText((await admin.get(`/pupils/${id}`)).body)).not.toContain('Gwendolyn');
    const events = await t.database.db
      .selectFrom('audit_event')
      .select(['action', 'summary'])
      .where('entity_id', '=', id)
      .orderBy('seq')
      .execute();
    expect(events).toEqual([
      { action: 'parent.linked', summary: { parentId: gwen, relationship: 'Foster carer' } },
      { action: 'parent.linked', summary: { parentId: links[1]!.id, relationship: null } },
      { action: 'parent.unlinked', summary: { parentId: gwen } },
    ]);
    // Unlinking again, or a parent of another pupil, is not found and changes nothing.
    const after = await snapshot(t);
    expect((await admin.post(`/pupils/${id}/parents/${gwen}/unlink`, {})).statusCode).toBe(404);
    expect((await admin.post(`/pupils/${world.pupils['jo-a1']}/parents/${links[1]!.id}/unlink`, {})).statusCode).toBe(
      404,
    );
    expect(
      (await slt.post(`/pupils/${id}/parents/${links[1]!.id}/unlink`, {}, { tokenFrom: `/pupils/${id}` })).statusCode,
    ).toBe(404);
    expect(changedTables(after, await snapshot(t))).toEqual([]);
  });

  it('ORG-1: a pupil of another school in the address answers 404 and nothing changes', async () => {
    const before = await snapshot(t);
    for (const id of [world.pupils['sam-a2']!, world.pupils['bea-b1']!, randomUUID(), 'nope']) {
      for (const url of [`/pupils/${id}`, `/pupils/${id}/edit`, `/pupils/${id}/parents/new`])
        expect((await admin.get(url)).statusCode, url).toBe(404);
      expect(
        (
          await admin.post(
            `/pupils/${id}/edit`,
            pupilForm({ upn: nextUpn(), givenName: 'Over', familyName: 'Written', dob: '2016-01-01', yearGroup: '3' }),
          )
        ).statusCode,
      ).toBe(404);
      expect(
        (
          await admin.post(`/pupils/${id}/parents/new`, {
            givenName: 'Sneaky',
            familyName: 'Parent',
            email: '',
            phone: '',
            relationship: '',
          })
        ).statusCode,
      ).toBe(404);
    }
    expect(changedTables(before, await snapshot(t))).toEqual([]);
  });
});

describe('pupils: finding pupils on a long roll', () => {
  let t: TestApp;
  let world: World;
  let admin: Agent;

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t.database.db);
    // 240 more pupils at A1: Reception to Year 6, a few never-publish, a few without social media consent, some who left.
    const rows = Array.from({ length: 240 }, (_, i) => ({
      trust_id: world.trustA,
      school_id: world.schoolA1,
      upn: makeUpn(70_000 + i),
      mis_id: null,
      given_name: `Roll${String(i).padStart(3, '0')}`,
      family_name: `Family${String(i).padStart(3, '0')}`,
      preferred_name: null,
      date_of_birth: '2018-01-01',
      year_group: i % 7,
      form_group: `${i % 7}X`,
      consent_social: i % 5 !== 0,
      consent_website: true,
      consent_press: false,
      never_publish: i % 40 === 0,
      never_publish_reason: null,
      leaving_date: i % 60 === 1 ? '2026-07-20' : null,
      created_at: new Date(),
      updated_at: new Date(),
    }));
    await t.database.db.insertInto('pupil').values(rows).execute();
    admin = await signedIn(t, world, 'admin-a1');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const idsOn = (html: string) => [...html.matchAll(/href="\/pupils\/([0-9a-f-]{36})"/g)].map((m) => m[1]!);
  const caption = (html: string) => pageText(/<caption[^>]*>([\s\S]*?)<\/caption>/.exec(html)?.[1] ?? '').trim();

  async function expected(
    where: (p: {
      year_group: number;
      consent_social: boolean;
      never_publish: boolean;
      leaving_date: string | null;
    }) => boolean,
    includeLeavers = false,
  ) {
    const all = await t.database.db
      .selectFrom('pupil')
      .select(['id', 'year_group', 'consent_social', 'never_publish', 'leaving_date'])
      .where('school_id', '=', world.schoolA1)
      .execute();
    return all
      .filter((p) => (includeLeavers || p.leaving_date === null || p.leaving_date > '2026-11-18') && where(p))
      .map((p) => p.id)
      .sort();
  }

  it('ORG-4: the list pages through the roll 100 at a time, and every current pupil appears exactly once', async () => {
    const current = await expected(() => true);
    expect(current).toHaveLength(242 - 4); // 240 + Josephine and Marnie, less the 4 who left
    const first = await admin.get('/pupils');
    expect(caption(first.body)).toBe('238 pupils');
    const pages = [
      idsOn(first.body),
      idsOn((await admin.get('/pupils?page=2')).body),
      idsOn((await admin.get('/pupils?page=3')).body),
    ];
    expect(pages.map((p) => p.length)).toEqual([100, 100, 38]);
    expect(pages.flat().sort()).toEqual(current);
    expect(first.body).toContain('href="/pupils?page=2"');
    expect(idsOn((await admin.get('/pupils?page=4')).body)).toEqual([]);
    // A page that is not a whole number in range is refused with a clear message (issue 8), never a 500.
    for (const page of ['banana', '0', '99999999999999999999']) {
      const refused = await admin.get(`/pupils?page=${page}`);
      expect(refused.statusCode, page).toBe(400);
      expect(pageText(refused.body)).toContain(
        'The page number in the web address must be a whole number from 1 to 100,000.',
      );
    }
    // Another school's pupils are never on any page.
    expect(pages.flat()).not.toContain(world.pupils['sam-a2']);
  });

  it('ORG-4: the list filters by year group, consent, never publish and leavers, and paging keeps the filter', async () => {
    const reception = await admin.get('/pupils?year=0');
    expect(idsOn(reception.body).sort()).toEqual(await expected((p) => p.year_group === 0));
    expect(caption(reception.body)).toBe(`${(await expected((p) => p.year_group === 0)).length} pupils`);
    expect(idsOn((await admin.get('/pupils?year=4')).body).sort()).toEqual(await expected((p) => p.year_group === 4));
    expect(idsOn((await admin.get('/pupils?consent=social')).body).length).toBe(100);
    expect(caption((await admin.get('/pupils?consent=social')).body)).toBe(
      `${(await expected((p) => p.consent_social && !p.never_publish)).length} pupils`,
    );
    expect(idsOn((await admin.get('/pupils?consent=none-social')).body).sort()).toEqual(
      await expected((p) => !p.consent_social),
    );
    const never = idsOn((await admin.get('/pupils?consent=never-publish')).body).sort();
    expect(never).toEqual(await expected((p) => p.never_publish));
    expect(never).toContain(world.pupils['secret-a1']);
    expect(idsOn((await admin.get('/pupils?consent=never-publish&leavers=1')).body).sort()).toEqual(
      await expected((p) => p.never_publish, true),
    );
    const leaversToo = await admin.get('/pupils?leavers=1&year=1');
    expect(idsOn(leaversToo.body).sort()).toEqual(await expected((p) => p.year_group === 1, true));
    expect((await expected((p) => p.year_group === 1, true)).length).toBeGreaterThan(
      (await expected((p) => p.year_group === 1)).length,
    );
    // Search by name.
    expect(pageText((await admin.get('/pupils?q=roll007')).body)).toContain('Roll007 Family007');
    expect(idsOn((await admin.get('/pupils?q=Family007')).body)).toHaveLength(1);
    // Paging within a filter keeps it.
    const socialPage1 = (await admin.get('/pupils?consent=social')).body;
    expect(socialPage1).toContain('href="/pupils?consent=social&amp;page=2"');
    const socialPage2 = idsOn((await admin.get('/pupils?consent=social&page=2')).body);
    const allSocial = await expected((p) => p.consent_social && !p.never_publish);
    expect(socialPage2.length).toBe(allSocial.length - 100);
    expect([...idsOn(socialPage1), ...socialPage2].sort()).toEqual(allSocial);
  });
});
