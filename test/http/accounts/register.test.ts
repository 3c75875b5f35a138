import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { KyselyPlugin } from 'kysely';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { type Agent, errorSummary } from '../../support/agent.ts';
import { seedWorld, type World } from '../../support/world.ts';
import { changedTables, pageText, signedIn, snapshot } from '../directory/helpers.ts';
import { approveVersion, saveSettings, startFromModel } from '../../../src/modules/policies/versions/service.ts';
import { setUpAccount } from '../../../src/modules/accounts/register/service.ts';
import { SETUP_CHECKLIST } from '../../../src/modules/accounts/model.ts';
import { verifyAuditChain } from '../../../src/platform/audit/audit.ts';
import type { AccountStatus } from '../../../src/platform/db/schema.ts';
import { ValidationError } from '../../../src/platform/http/errors.ts';

const TODAY = '2026-11-18';
const ALL_CHECKS = SETUP_CHECKLIST.map((c) => c.value);
const approval = () => ({
  body: 'Trust board',
  approvedDay: '18',
  approvedMonth: '11',
  approvedYear: '2026',
  effectiveDay: '18',
  effectiveMonth: '11',
  effectiveYear: '2026',
  consultation: '',
  changeSummary: '',
});

/** The set-up form as a browser sends it. */
function setupForm(
  fields: Partial<{
    handle: string;
    address: string;
    recoveryEmail: string;
    tagging: string;
    twoFactor: string;
    visibility: string;
    checklist: string[];
  }> = {},
) {
  return {
    handle: fields.handle ?? '@kestrelclass',
    address: fields.address ?? 'https://www.instagram.com/kestrelclass',
    recoveryEmail: fields.recoveryEmail ?? 'kestrel@alder.example.sch.uk',
    tagging: fields.tagging ?? 'yes',
    twoFactor: fields.twoFactor ?? 'yes',
    visibility: fields.visibility ?? 'closed',
    checklist: fields.checklist ?? ALL_CHECKS,
  };
}

describe('the register of official accounts, account pages, and recording a created account (ACC-6)', () => {
  let t: TestApp;
  let world: World;
  let admin: Agent;
  let policyVersion: string;
  const db = () => t.database.db;
  const school = { A1: () => world.schoolA1, A2: () => world.schoolA2, B1: () => world.schoolB1 };

  async function sign(personKey: string, versionId = policyVersion): Promise<void> {
    await db()
      .insertInto('signature')
      .values({
        version_id: versionId,
        person_id: world.people[personKey]!.id,
        trust_id: world.trustA,
        signed_at: t.clock.now(),
        typed_name: 'Signed',
        statement: 'I have read it.',
        content_hash: 'x'.repeat(64),
      })
      .execute();
  }

  /** An account row as it stands after the applications journey (built by another part of the module). */
  async function account(v: {
    school?: keyof typeof school;
    name: string;
    platform?: string;
    status: AccountStatus;
    handle?: string;
    address?: string;
    reviewDue?: string | null;
    lastReviewed?: string;
    monitored?: Date;
    applicant?: string;
    operators?: string[];
  }): Promise<string> {
    const where = v.school ?? 'A1';
    const schoolId = school[where]();
    const trustId = where === 'B1' ? world.trustB : world.trustA;
    const live = v.status === 'active' || v.status === 'under_review';
    const row = await db()
      .insertInto('official_account')
      .values({
        trust_id: trustId,
        school_id: schoolId,
        name: v.name,
        platform: v.platform ?? 'instagram',
        status: v.status,
        applicant_id:
          world.people[v.applicant ?? (where === 'A1' ? 'hr-a1' : where === 'A2' ? 'admin-a2' : 'admin-b1')]!.id,
        aim: `Why ${v.name} exists`,
        audience: 'Families',
        promotion: 'Newsletter',
        visibility: 'open',
        handle: v.handle ?? (live ? `${v.name.toLowerCase().replace(/\W+/g, '')}` : null),
        address: v.address ?? (live ? `https://www.instagram.com/${v.name.toLowerCase().replace(/\W+/g, '')}` : null),
        tagging_disabled: live ? true : null,
        two_factor_enabled: live ? true : null,
        setup_checklist: live ? ALL_CHECKS : [],
        activated_on: live ? '2026-01-10' : null,
        last_reviewed_on: v.lastReviewed ?? null,
        review_due: v.reviewDue === undefined ? (live ? '2027-01-10' : null) : v.reviewDue,
        last_monitored_at: v.monitored ?? null,
        created_at: t.clock.now(),
        updated_at: t.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [i, key] of (v.operators ?? []).entries()) {
      await db()
        .insertInto('account_operator')
        .values({
          account_id: row.id,
          person_id: world.people[key]!.id,
          trust_id: trustId,
          school_id: schoolId,
          is_lead: i === 0,
          added_at: t.clock.now(),
          added_by: null,
        })
        .execute();
    }
    return row.id;
  }

  beforeAll(async () => {
    t = await startTestApp({ now: `${TODAY}T10:00:00Z` });
    world = await seedWorld(t.database.db);
    const actor = { id: world.people['trustadmin-a']!.id, label: 'trustadmin' };
    const trust = { trustId: world.trustA, schoolId: null };
    policyVersion = await startFromModel(db(), t.clock.now(), trust, actor);
    expect(
      await saveSettings(db(), t.clock.now(), trust, actor, policyVersion, {
        operatorTrainingRequired: 'no',
        reviewCycleMonths: '6',
      }),
    ).toBe('saved');
    expect(await approveVersion(db(), t.clock.now(), trust, actor, policyVersion, approval())).toBe('approved');
    // admin-a1 also administers the school's accounts.
    await db()
      .insertInto('role_assignment')
      .values({
        person_id: world.people['admin-a1']!.id,
        trust_id: world.trustA,
        school_id: world.schoolA1,
        role: 'account_admin',
      })
      .execute();
    for (const key of ['teacher-a1', 'dsl-a1', 'admin-a1']) await sign(key);
    admin = await signedIn(t, world, 'admin-a1');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('ACC-6: an account not approved yet cannot be set up: the administrator is sent back to it with the reason, and nothing changes', async () => {
    for (const status of ['draft', 'proposed', 'endorsed'] as const) {
      const id = await account({ name: `Waiting ${status}`, status, operators: ['teacher-a1', 'dsl-a1'] });
      const before = await snapshot(t);
      const page = await admin.get(`/accounts/${id}/setup`);
      expect(page.statusCode, status).toBe(302);
      expect(page.headers.location).toBe(`/accounts/${id}`);
      const post = await admin.post(`/accounts/${id}/setup`, setupForm({ handle: `@waiting${status}` }));
      expect(post.statusCode).toBe(302);
      expect(post.headers.location).toBe(`/accounts/${id}`);
      expect(changedTables(before, await snapshot(t)), status).toEqual([]);
      expect(pageText((await admin.get(`/accounts/${id}`)).body)).toContain(
        `‘Waiting ${status}’ cannot be set up yet: the senior leadership team and the Headteacher must approve the application first.`,
      );
    }
    const rejected = await account({ name: 'Turned down', status: 'rejected' });
    await admin.get(`/accounts/${rejected}/setup`);
    expect(pageText((await admin.get(`/accounts/${rejected}`)).body)).toContain(
      '‘Turned down’ was rejected, so there is no account to set up.',
    );
    // The page offers no set-up link for an account at those steps.
    expect((await admin.get(`/accounts/${rejected}`)).body).not.toContain(`/accounts/${rejected}/setup`);
  });

  it('ACC-6: set-up refuses a web address that is not an https URL, missing answers, an unfinished checklist and two-factor sign-in off, and writes nothing', async () => {
    const id = await account({ name: 'Kestrel class', status: 'approved', operators: ['teacher-a1', 'dsl-a1'] });
    const page = await admin.get(`/accounts/${id}/setup`);
    expect(page.statusCode).toBe(200);
    expect(pageText(page.body)).toContain('Record the account');
    // The account administrator's home page says there is an account to set up; a teacher's does not.
    expect(pageText((await admin.get('/')).body)).toMatch(/\d+ approved accounts? to set up and record/);
    expect(pageText((await (await signedIn(t, world, 'teacher-a1')).get('/')).body)).not.toContain(
      'to set up and record',
    );
    const before = await snapshot(t);
    for (const address of [
      'instagram.com/kestrelclass',
      'http://www.instagram.com/kestrelclass',
      'javascript:alert(1)',
      'https://someone:secret@www.instagram.com/x',
      'not a web address',
    ]) {
      const bad = await admin.post(`/accounts/${id}/setup`, setupForm({ address }));
      expect(bad.statusCode, address).toBe(400);
      expect(errorSummary(bad.body), address).toEqual([
        'Enter the account’s web address, like https://www.instagram.com/larkfieldprimary',
      ]);
    }
    const empty = await admin.post(`/accounts/${id}/setup`, {
      handle: '',
      address: '',
      recoveryEmail: 'not-an-email',
      checklist: [],
    });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual([
      'Enter the account’s name or handle on the platform',
      'Enter the account’s web address, like https://www.instagram.com/larkfieldprimary',
      'Enter the recovery email address in the correct format, like office@school.sch.uk',
      'Select whether tagging is switched off on the account',
      'Select whether two-factor sign-in is switched on',
      'Select whether the account is open or closed',
    ]);
    const unfinished = await admin.post(
      `/accounts/${id}/setup`,
      setupForm({ twoFactor: 'no', checklist: ALL_CHECKS.filter((c) => c !== 'location') }),
    );
    expect(unfinished.statusCode).toBe(400);
    const messages = errorSummary(unfinished.body);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(
      /^Switch on two-factor sign-in in the account’s security settings first: an official account cannot be used without it/,
    );
    expect(messages[1]).toBe(
      'Every check must be done before the account is used. Still to do: location sharing switched off',
    );
    // What was typed is kept, so the administrator only fixes what is wrong.
    expect(unfinished.body).toContain('value="@kestrelclass"');
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    expect(
      (await db().selectFrom('official_account').select('status').where('id', '=', id).executeTakeFirstOrThrow())
        .status,
    ).toBe('approved');
  });

  it('ACC-3, ACC-6: an operator who has not signed the policy, or too few operators, stops activation and the page says who and why', async () => {
    const id = await account({ name: 'Heron class', status: 'approved', operators: ['dsl-a1', 'slt-a1'] });
    const page = pageText((await admin.get(`/accounts/${id}/setup`)).body);
    expect(page).toContain('slt Tester: Not ready');
    expect(page).toContain('Has not signed version 1 of the social media policy');
    const refused = await admin.post(`/accounts/${id}/setup`, setupForm({ handle: '@heronclass' }));
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body)).toEqual([
      'slt Tester cannot run the account yet: has not signed version 1 of the social media policy',
    ]);
    const alone = await account({ name: 'Lonely class', status: 'approved', operators: ['dsl-a1'] });
    const one = await admin.post(`/accounts/${alone}/setup`, setupForm({ handle: '@lonely' }));
    expect(errorSummary(one.body)[0]).toMatch(
      /^The account needs at least 2 operators before it is used.*; it has 1\. Add operators to the account first$/,
    );
    expect(
      await db()
        .selectFrom('official_account')
        .select('id')
        .where('id', 'in', [id, alone])
        .where('status', '=', 'active')
        .execute(),
    ).toEqual([]);
  });

  it('ACC-6: recording a created account makes it active, with its review due a policy review cycle ahead, on the timeline and in the audit log', async () => {
    const id = await account({ name: 'Osprey class', status: 'approved', operators: ['teacher-a1', 'dsl-a1'] });
    const done = await admin.post(
      `/accounts/${id}/setup`,
      setupForm({
        handle: ' @ospreyclass ',
        address: 'https://www.instagram.com/ospreyclass',
        visibility: 'closed',
        checklist: [...ALL_CHECKS].reverse(),
      }),
    );
    expect(done.statusCode).toBe(302);
    expect(done.headers.location).toBe(`/accounts/${id}`);
    const row = await db().selectFrom('official_account').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'active',
      handle: '@ospreyclass',
      address: 'https://www.instagram.com/ospreyclass',
      recovery_email: 'kestrel@alder.example.sch.uk',
      tagging_disabled: true,
      two_factor_enabled: true,
      visibility: 'closed',
      setup_checklist: ALL_CHECKS,
      activated_on: TODAY,
      review_due: '2027-05-18',
    });
    const events = await db()
      .selectFrom('account_event')
      .select(['kind', 'actor_id', 'detail'])
      .where('account_id', '=', id)
      .execute();
    expect(events).toEqual([
      {
        kind: 'account.set-up',
        actor_id: world.people['admin-a1']!.id,
        detail: expect.objectContaining({ handle: '@ospreyclass', reviewDue: '2027-05-18' }),
      },
    ]);
    expect(
      await db().selectFrom('audit_event').select(['action', 'school_id']).where('entity_id', '=', id).execute(),
    ).toEqual([{ action: 'account.account.set-up', school_id: world.schoolA1 }]);
    const page = pageText((await admin.get(`/accounts/${id}`)).body);
    expect(page).toContain('‘Osprey class’ is now active and on the register. Its first review is due by 18 May 2027.');
    expect(page).toContain('Account set up and recorded');
    expect(page).toContain('7 of 7 checks done');
    expect(page).toContain('Active');
    // Setting it up again is now changing its details.
    expect(pageText((await admin.get(`/accounts/${id}/setup`)).body)).toContain('Change the account’s details');
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it('ACC-6: a handle already registered on the same platform anywhere in the trust is refused, naming the account; other platforms and closed accounts do not count', async () => {
    await account({
      school: 'A2',
      name: 'Alder Secondary netball',
      status: 'active',
      platform: 'instagram',
      handle: '@AlderNetball',
    });
    await account({ name: 'Old choir', status: 'closed', platform: 'instagram', handle: '@alderchoir' });
    await account({
      school: 'B1',
      name: 'Birch bird club',
      status: 'active',
      platform: 'instagram',
      handle: '@birchbirds',
    });
    const id = await account({ name: 'Wren class', status: 'approved', operators: ['teacher-a1', 'dsl-a1'] });
    const before = await snapshot(t);
    const taken = await admin.post(`/accounts/${id}/setup`, setupForm({ handle: '@aldernetball' }));
    expect(taken.statusCode).toBe(400);
    expect(errorSummary(taken.body)).toEqual([
      '‘@aldernetball’ is already registered as Alder Secondary netball at Alder Secondary',
    ]);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    // A handle of a closed account may be used again; another trust's handles are not this trust's business.
    expect((await admin.post(`/accounts/${id}/setup`, setupForm({ handle: '@birchbirds' }))).statusCode).toBe(302);
    const choir = await account({ name: 'New choir', status: 'approved', operators: ['teacher-a1', 'dsl-a1'] });
    expect((await admin.post(`/accounts/${choir}/setup`, setupForm({ handle: '@AlderChoir' }))).statusCode).toBe(302);
    // Same school, same platform: named without the school.
    const again = await account({ name: 'Second wren', status: 'approved', operators: ['teacher-a1', 'dsl-a1'] });
    expect(
      errorSummary((await admin.post(`/accounts/${again}/setup`, setupForm({ handle: '@BirchBirds' }))).body),
    ).toEqual(['‘@BirchBirds’ is already registered as Wren class']);
    // The same handle on another platform is another account.
    const bluesky = await account({
      name: 'Wren on Bluesky',
      status: 'approved',
      platform: 'bluesky',
      operators: ['teacher-a1', 'dsl-a1'],
    });
    expect(
      (
        await admin.post(
          `/accounts/${bluesky}/setup`,
          setupForm({ handle: '@birchbirds', address: 'https://bsky.app/profile/birchbirds' }),
        )
      ).statusCode,
    ).toBe(302);
  });

  it('ACC-6: when two set-ups race past the check, the unique index refuses the second with the same message', async () => {
    const first = await account({ name: 'Racing pigeons', status: 'active', platform: 'x', handle: '@racers' });
    const second = await account({
      name: 'Racing snails',
      status: 'approved',
      platform: 'x',
      operators: ['teacher-a1', 'dsl-a1'],
    });
    // Blind the first duplicate check, as if the other set-up committed just after it ran.
    let blinded = false;
    const race: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        const rows = args.result.rows as Record<string, unknown>[];
        if (!blinded && rows.length === 1 && 'school_name' in rows[0]! && rows[0]!.name === 'Racing pigeons') {
          blinded = true;
          return { ...args.result, rows: [] };
        }
        return args.result;
      },
    };
    const error = await setUpAccount(
      db().withPlugin(race),
      t.clock.now(),
      { trustId: world.trustA, schoolId: world.schoolA1 },
      { id: world.people['admin-a1']!.id, label: 'admin' },
      second,
      setupForm({ handle: '@RACERS', address: 'https://x.com/racers' }),
    ).catch((e: unknown) => e);
    expect(blinded).toBe(true);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual([
      { href: '#handle', text: '‘@RACERS’ is already registered as Racing pigeons' },
    ]);
    expect(
      (await db().selectFrom('official_account').select('status').where('id', '=', second).executeTakeFirstOrThrow())
        .status,
    ).toBe('approved');
    expect(
      await db().selectFrom('account_event').select('id').where('account_id', 'in', [first, second]).execute(),
    ).toEqual([]);
  });

  it('ACC-6: a live account’s details are changed on the same page (on the timeline with what changed), and saving with no change records nothing', async () => {
    const id = await account({
      name: 'Sparrow class',
      status: 'active',
      platform: 'facebook',
      handle: 'SparrowClass',
      address: 'https://www.facebook.com/SparrowClass',
      operators: ['teacher-a1', 'dsl-a1'],
    });
    await db()
      .updateTable('official_account')
      .set({ recovery_email: 'sparrow@alder.example.sch.uk', visibility: 'open' })
      .where('id', '=', id)
      .execute();
    const current = {
      handle: 'SparrowClass',
      address: 'https://www.facebook.com/SparrowClass',
      recoveryEmail: 'sparrow@alder.example.sch.uk',
      visibility: 'open',
    };
    const form = await admin.get(`/accounts/${id}/setup`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="SparrowClass"');
    const before = await snapshot(t);
    const same = await admin.post(`/accounts/${id}/setup`, setupForm(current));
    expect(same.statusCode).toBe(302);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    const changed = await admin.post(
      `/accounts/${id}/setup`,
      setupForm({ ...current, handle: 'SparrowClassAlder', recoveryEmail: 'office@alder.example.sch.uk' }),
    );
    expect(changed.statusCode).toBe(302);
    const events = await db()
      .selectFrom('account_event')
      .select(['kind', 'comment', 'detail'])
      .where('account_id', '=', id)
      .execute();
    expect(events).toEqual([
      {
        kind: 'account.details-changed',
        comment: 'Changed: handle, recovery email',
        detail: expect.objectContaining({ handle: 'SparrowClassAlder' }),
      },
    ]);
    const row = await db()
      .selectFrom('official_account')
      .select(['status', 'handle', 'activated_on'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'active', handle: 'SparrowClassAlder', activated_on: '2026-01-10' });
    // A live account must keep two-factor sign-in on.
    expect((await admin.post(`/accounts/${id}/setup`, setupForm({ ...current, twoFactor: 'no' }))).statusCode).toBe(
      400,
    );
    const closed = await account({ name: 'Closed class', status: 'closed' });
    expect((await admin.get(`/accounts/${closed}/setup`)).headers.location).toBe(`/accounts/${closed}`);
  });

  it('ACC-6: the register lists the school’s accounts with status, operators (lead marked), reviews, last check and handovers; it filters and sorts through the query string', async () => {
    const a = await account({
      name: 'Zebra finch club',
      status: 'active',
      platform: 'bluesky',
      handle: 'zebrafinch.bsky.social',
      address: 'https://bsky.app/profile/zebrafinch.bsky.social',
      reviewDue: '2026-10-01',
      lastReviewed: '2025-10-01',
      monitored: new Date('2026-11-17T16:30:00Z'),
      operators: ['dsl-a1', 'teacher-a1'],
    });
    const b = await account({
      name: 'Aardvark class',
      status: 'active',
      platform: 'facebook',
      reviewDue: '2027-03-01',
      operators: ['teacher-a1', 'dsl-a1'],
    });
    await db()
      .insertInto('account_handover')
      .values({
        account_id: b,
        trust_id: world.trustA,
        school_id: world.schoolA1,
        reason: 'operator-left',
        person_id: null,
        detail: 'Someone left',
        opened_at: t.clock.now(),
      })
      .execute();
    await account({ name: 'Mongoose trip', status: 'proposed', platform: 'facebook' });
    await account({ name: 'Secret draft', status: 'draft', platform: 'facebook' });
    await account({ school: 'A2', name: 'Other school account', status: 'active', platform: 'facebook' });

    const page = await admin.get('/accounts');
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text).toContain('Zebra finch club');
    expect(text).toContain('Aardvark class');
    expect(text).toContain('Mongoose trip');
    expect(text).not.toContain('Secret draft');
    expect(text).not.toContain('Other school account');
    expect(page.body).toContain('href="https://bsky.app/profile/zebrafinch.bsky.social"');
    expect(text).toContain('dsl Tester (lead)');
    expect(text).toContain('Last reviewed 1 October 2025');
    expect(text).toMatch(/Review due by 1 October 2026 Overdue/);
    expect(text).toContain('Last checked 17 November 2026 at 4:30pm');
    expect(text).toContain('Handover needed');
    expect(text).toContain('Awaiting SLT decision');

    const names = async (query: string) =>
      [
        ...(await admin.get(`/accounts${query}`)).body.matchAll(
          /<a class="govuk-link" href="\/accounts\/[0-9a-f-]{36}">([^<]+)<\/a>/g,
        ),
      ].map((m) => m[1]);
    expect(await names('?status=proposed')).toEqual(['Mongoose trip', 'Waiting proposed']);
    expect(await names('?platform=bluesky')).toEqual(['Wren on Bluesky', 'Zebra finch club']);
    expect(await names('?attention=1')).toEqual(['Aardvark class', 'Zebra finch club']);
    expect(await names('?attention=1&sort=review-due')).toEqual(['Zebra finch club', 'Aardvark class']);
    expect(await names('?status=active&platform=facebook&attention=1')).toEqual(['Aardvark class']);
    const sorted = await names('?sort=status');
    expect(sorted.indexOf('Mongoose trip')).toBeLessThan(sorted.indexOf('Aardvark class'));
    expect(sorted.indexOf('Aardvark class')).toBeLessThan(sorted.indexOf('Closed class'));
    const byName = await names('');
    expect(byName).toEqual(
      [...byName].sort((x, y) => x!.localeCompare(y!, 'en-GB', { sensitivity: 'base', numeric: true })),
    );
    // Nonsense in the query string is ignored, not an error.
    expect((await admin.get('/accounts?status=DROP&platform[]=x&sort=<script>')).statusCode).toBe(200);
    // The selected filters can be removed one at a time.
    const filtered = await admin.get('/accounts?status=active&attention=1');
    expect(filtered.body).toContain('href="/accounts?attention=1"');
    expect(filtered.body).toContain('href="/accounts?status=active"');
    expect(pageText(filtered.body)).toMatch(/2 accounts of \d+/);
    void a;
  });

  it('ACC-6: the trust view lists every school’s accounts with a School column, and filters by school', async () => {
    const trustAdmin = await signedIn(t, world, 'trustadmin-a', '/switch');
    expect((await trustAdmin.post('/switch', { school: 'trust' })).headers.location).toBe('/trust');
    const page = await trustAdmin.get('/accounts');
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text).toContain('Other school account');
    expect(text).toContain('Zebra finch club');
    expect(text).toContain('Alder Secondary');
    expect(text).not.toContain('Birch bird club');
    expect(page.body).toContain('<th scope="col" class="govuk-table__header">School</th>');
    const onlyA2 = pageText((await trustAdmin.get(`/accounts?school=${world.schoolA2}`)).body);
    expect(onlyA2).toContain('Other school account');
    expect(onlyA2).not.toContain('Zebra finch club');
    // Another trust's school id is ignored.
    expect(pageText((await trustAdmin.get(`/accounts?school=${world.schoolB1}`)).body)).toContain('Zebra finch club');
    const id = (
      await db()
        .selectFrom('official_account')
        .select('id')
        .where('name', '=', 'Other school account')
        .executeTakeFirstOrThrow()
    ).id;
    const show = await trustAdmin.get(`/accounts/${id}`);
    expect(show.statusCode).toBe(200);
    expect(pageText(show.body)).toContain('Alder Secondary');
    const csv = await trustAdmin.get('/accounts.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\n')[0]).toMatch(/^school,account,platform/);
    expect(csv.body).toContain('Alder Secondary,Other school account');
  });

  it('ACC-6: the register downloads as CSV without any sign-in details, with spreadsheet formulas neutralised', async () => {
    const id = await account({
      name: '=HYPERLINK("http://evil.example","Click")',
      status: 'active',
      platform: 'youtube',
      operators: ['teacher-a1', 'dsl-a1'],
    });
    const stored = await admin.post(
      `/accounts/${id}/credentials`,
      {
        username: 'csv-user-7731@alder.example.sch.uk',
        password: 'Csv-Secret-Password-9941',
        notes: 'Csv-notes-backup-codes-5512',
      },
      { tokenFrom: `/accounts/${id}/credentials` },
    );
    expect(stored.statusCode).toBe(302);
    const csv = await admin.get('/accounts.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="official-accounts-${TODAY}.csv"`);
    expect(csv.headers['cache-control']).toBe('no-store');
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe(
      'account,platform,handle,web_address,status,operators,lead_operator,activated_on,last_reviewed_on,review_due,review_overdue,last_monitoring_check,handover_open,closed_on',
    );
    expect(csv.body).toContain(
      'Zebra finch club,Bluesky,zebrafinch.bsky.social,https://bsky.app/profile/zebrafinch.bsky.social,Active,dsl Tester; teacher Tester,dsl Tester,2026-01-10,2025-10-01,2026-10-01,yes,2026-11-17T16:30:00.000Z,no,',
    );
    expect(csv.body).toContain(`"'=HYPERLINK(""http://evil.example"",""Click"")"`);
    expect(csv.body).not.toMatch(/^=|,=/m);
    for (const secret of [
      'csv-user-7731',
      'Csv-Secret-Password-9941',
      'Csv-notes-backup-codes-5512',
      'kestrel@alder.example.sch.uk',
    ])
      expect(csv.body).not.toContain(secret);
    expect(csv.body).not.toContain('Secret draft');
    expect(csv.body).not.toContain('Other school account');
    // Filters apply to the download too.
    expect(
      (await admin.get('/accounts.csv?status=proposed')).body
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
    ).toEqual(['Mongoose trip', 'Waiting proposed']);
  });

  it('ACC-6: someone who may only apply sees their own accounts and a link to apply, not the register or its download', async () => {
    const own = await account({ name: 'Teacher’s own trip', status: 'proposed', applicant: 'teacher-a1' });
    const runs = await account({
      name: 'Run by the teacher',
      status: 'active',
      applicant: 'dsl-a1',
      operators: ['dsl-a1', 'teacher-a1'],
    });
    const notTheirs = await account({
      name: 'Nothing to do with them',
      status: 'active',
      applicant: 'dsl-a1',
      operators: ['dsl-a1', 'admin-a1'],
    });
    const teacher = await signedIn(t, world, 'teacher-a1');
    const page = await teacher.get('/accounts');
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text).toContain('Your official accounts');
    expect(text).toContain('Teacher’s own trip');
    expect(text).toContain('Run by the teacher');
    expect(text).toContain('You help to run it');
    expect(text).not.toContain('Nothing to do with them');
    expect(text).not.toContain('Mongoose trip');
    expect(page.body).toContain('href="/accounts/apply"');
    expect((await teacher.get('/accounts.csv')).statusCode).toBe(404);
    // The applicant and an operator see their account; a teacher not involved is told it is not found.
    expect((await teacher.get(`/accounts/${own}`)).statusCode).toBe(200);
    expect((await teacher.get(`/accounts/${runs}`)).statusCode).toBe(200);
    expect((await teacher.get(`/accounts/${notTheirs}`)).statusCode).toBe(404);
    const hr = await signedIn(t, world, 'hr-a1');
    expect((await hr.get(`/accounts/${own}`)).statusCode).toBe(404);
    // Holders of accounts.view (SLT) see any account of the school.
    const slt = await signedIn(t, world, 'slt-a1');
    expect((await slt.get(`/accounts/${notTheirs}`)).statusCode).toBe(200);
    // The operator's page offers their check, and no administrator's actions.
    const runsPage = (await teacher.get(`/accounts/${runs}`)).body;
    expect(runsPage).toContain(`href="/accounts/${runs}/monitoring-check"`);
    expect(runsPage).not.toContain(`/accounts/${runs}/credentials`);
    expect(runsPage).not.toContain(`/accounts/${runs}/setup`);
  });

  it('ACC-6: the account page shows its details, business case, operators, sign-in details status, the actions allowed and the timeline', async () => {
    const id = await account({
      name: 'Puffin class',
      status: 'active',
      platform: 'bluesky',
      handle: 'puffin.bsky.social',
      address: 'https://bsky.app/profile/puffin.bsky.social',
      reviewDue: '2026-11-01',
      monitored: new Date('2026-11-18T08:05:00Z'),
      operators: ['teacher-a1', 'dsl-a1'],
    });
    await db()
      .updateTable('official_account')
      .set({ recovery_email: 'puffin@alder.example.sch.uk' })
      .where('id', '=', id)
      .execute();
    const page = await admin.get(`/accounts/${id}`);
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    for (const expected of [
      'Bluesky',
      'puffin.bsky.social',
      'https://bsky.app/profile/puffin.bsky.social',
      'puffin@alder.example.sch.uk',
      'Tagging switched off Yes',
      'Two-factor sign-in On',
      '7 of 7 checks done',
      'Activated 10 January 2026',
      'Review due 1 November 2026 Overdue',
      '18 November 2026 at 8:05am',
      'Why Puffin class exists',
      'teacher Tester',
      'Lead operator',
      'No sign-in details are stored for this account.',
    ]) {
      expect(text, expected).toContain(expected);
    }
    for (const path of ['setup', 'monitoring-check', 'credentials', 'operators', 'review', 'close', 'application'])
      expect(page.body, path).toContain(`href="/accounts/${id}/${path}"`);
    expect(page.body).not.toContain(`href="/accounts/${id}/credentials/reveal"`);
    await admin.post(
      `/accounts/${id}/credentials`,
      { username: 'puffin', password: 'Puffin-password-1', notes: '' },
      { tokenFrom: `/accounts/${id}/credentials` },
    );
    await db()
      .updateTable('account_secret')
      .set({ rotate_required: true, rotate_reason: 'teacher Tester is leaving' })
      .where('account_id', '=', id)
      .execute();
    const after = await admin.get(`/accounts/${id}`);
    const afterText = pageText(after.body);
    expect(afterText).toContain('Stored securely on 18 November 2026 at 10:00am by admin Tester');
    expect(afterText).toContain('Password must be changed: teacher Tester is leaving');
    expect(afterText).toContain('Sign-in details stored');
    expect(after.body).toContain(`href="/accounts/${id}/credentials/reveal"`);
    expect(after.body).toContain('class="moj-timeline"');
  });

  it('ORG-1, ACC-6: people of another school or trust get 404 from every page of an account of school A1, and change nothing', async () => {
    const id = await account({ name: 'Guillemot class', status: 'approved', operators: ['teacher-a1', 'dsl-a1'] });
    const live = await account({ name: 'Razorbill class', status: 'active', operators: ['teacher-a1', 'dsl-a1'] });
    for (const [key, trustId, schoolId] of [
      ['admin-a2', world.trustA, world.schoolA2],
      ['admin-b1', world.trustB, world.schoolB1],
    ] as const) {
      await db()
        .insertInto('role_assignment')
        .values({ person_id: world.people[key]!.id, trust_id: trustId, school_id: schoolId, role: 'account_admin' })
        .execute();
    }
    const outsiders = {
      'admin-a2': await signedIn(t, world, 'admin-a2'),
      'admin-b1': await signedIn(t, world, 'admin-b1'),
    };
    const before = await snapshot(t);
    for (const [key, outsider] of Object.entries(outsiders)) {
      for (const target of [id, live]) {
        for (const path of ['', '/setup', '/credentials', '/credentials/reveal']) {
          expect((await outsider.get(`/accounts/${target}${path}`)).statusCode, `${key} GET ${path}`).toBe(404);
        }
        expect(
          (await outsider.post(`/accounts/${target}/setup`, setupForm({ handle: `@hijack${key}` }))).statusCode,
          `${key} set-up`,
        ).toBe(404);
        expect(
          (
            await outsider.post(`/accounts/${target}/credentials`, {
              username: 'hijack',
              password: 'hijack-password',
              notes: '',
            })
          ).statusCode,
          `${key} credentials`,
        ).toBe(404);
        expect(
          (await outsider.post(`/accounts/${target}/credentials/reveal`, { reason: 'Just curious about this account' }))
            .statusCode,
          `${key} reveal`,
        ).toBe(404);
      }
      const register = pageText((await outsider.get('/accounts')).body);
      expect(register).not.toContain('Guillemot');
      expect(register).not.toContain('Razorbill');
      expect((await outsider.get('/accounts.csv')).body).not.toContain('Razorbill');
    }
    expect((await admin.get(`/accounts/${randomUUID()}`)).statusCode).toBe(404);
    expect((await admin.get('/accounts/not-a-uuid')).statusCode).toBe(404);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
  });
});
