import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { errorSummary } from '../../support/agent.ts';
import { seedWorld, type World } from '../../support/world.ts';
import { changedTables, pageText, signedIn, snapshot } from '../directory/helpers.ts';
import {
  EARLY_REVIEW_REASONS,
  approveVersion,
  proposeEarlyReview,
  startFromModel,
  startNewDraft,
} from '../../../src/modules/policies/versions/service.ts';
import type { Owner } from '../../../src/modules/policies/versions/repo.ts';

/** The approval form, approved and in force on one day. */
function approvalOn(iso: string) {
  const [y = '', m = '', d = ''] = iso.split('-').map((p) => String(Number(p)));
  return {
    body: 'Full Governing Body',
    approvedDay: d,
    approvedMonth: m,
    approvedYear: y,
    effectiveDay: d,
    effectiveMonth: m,
    effectiveYear: y,
    consultation: '',
    changeSummary: 'Reviewed',
  };
}

describe('policy review: the due date, reminders to the owners, and early reviews', () => {
  let t: TestApp;
  let world: World;
  let a1: Owner;
  let trust: Owner;

  /** Review reminders queued so far, oldest first (by the clock, which these tests move back and forth). */
  async function reviewMails() {
    return t.database.db
      .selectFrom('mail_message')
      .select(['id', 'to_address', 'subject', 'body_text', 'school_id', 'trust_id', 'status'])
      .where('subject', 'like', 'Policy review%')
      .orderBy('created_at')
      .orderBy('to_address')
      .execute();
  }

  /** Review reminders queued since `seen` was taken. */
  async function newMails(seen: { id: string }[]) {
    const ids = new Set(seen.map((m) => m.id));
    return (await reviewMails()).filter((m) => !ids.has(m.id));
  }

  /** Moves the clock to 09:00 UK time on a day (reminders are due at 08:00 UTC) and runs the jobs due. */
  async function moveTo(iso: string): Promise<void> {
    t.clock.set(`${iso}T09:30:00Z`);
    await t.drainJobs();
  }

  async function approveNewVersion(owner: Owner, actorKey: string): Promise<string> {
    const actor = { id: world.people[actorKey]!.id, label: `${actorKey.split('-')[0]} Tester` };
    const now = t.clock.now();
    const draft = await startNewDraft(t.database.db, now, owner, actor);
    expect(
      await approveVersion(t.database.db, now, owner, actor, draft, approvalOn(now.toISOString().slice(0, 10))),
    ).toBe('approved');
    return draft;
  }

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-18T10:00:00Z' });
    world = await seedWorld(t.database.db);
    a1 = { trustId: world.trustA, schoolId: world.schoolA1 };
    trust = { trustId: world.trustA, schoolId: null };
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('POL-3: the review date follows the cycle; the owners get one reminder a month before, one on the day and one a month after', async () => {
    const db = t.database.db;
    const actor = { id: world.people['head-a1']!.id, label: 'head Tester' };
    const v1 = await startFromModel(db, t.clock.now(), a1, actor);
    expect(await approveVersion(db, t.clock.now(), a1, actor, v1, approvalOn('2026-11-18'))).toBe('approved');
    expect(
      (await db.selectFrom('policy_version').select('review_due').where('id', '=', v1).executeTakeFirstOrThrow())
        .review_due,
    ).toBe('2027-11-18'); // 12-month cycle
    await t.drainJobs();
    expect(await reviewMails()).toEqual([]);

    let admin = await signedIn(t, world, 'admin-a1', '/policy/review');
    const page = pageText((await admin.get('/policy/review')).body);
    expect(page).toContain('Review due 18 November 2027 Due in 365 days');
    expect(page).toContain('Every 12 months');

    // The day before the first reminder: nothing yet.
    await moveTo('2027-10-17');
    expect(await reviewMails()).toEqual([]);

    await moveTo('2027-10-18');
    const owners = [world.people['admin-a1']!.email, world.people['head-a1']!.email].sort(); // not the leaver, not the DSL or teachers
    let mails = await reviewMails();
    expect(mails.map((m) => m.to_address)).toEqual(owners);
    for (const mail of mails) {
      expect(mail).toMatchObject({
        subject: 'Policy review due on 18 November 2027: Social media policy',
        school_id: world.schoolA1,
        trust_id: world.trustA,
        status: 'outbox',
      });
      expect(mail.body_text).toContain(
        'Version 1 of Alder Primary’s social media policy is due for review on 18 November 2027',
      );
      expect(mail.body_text).toContain('http://localhost:3000/policy/review');
    }
    await t.drainJobs();
    expect(await reviewMails()).toHaveLength(2); // one each, not again

    await moveTo('2027-11-18');
    mails = (await reviewMails()).slice(2);
    expect(mails.map((m) => [m.to_address, m.subject])).toEqual(
      owners.map((o) => [o, 'Policy review due today: Social media policy']),
    );
    admin = await signedIn(t, world, 'admin-a1', '/policy/review'); // the old session has expired
    expect(pageText((await admin.get('/policy/review')).body)).toContain('Review due 18 November 2027 Due today');

    await moveTo('2027-12-18');
    mails = (await reviewMails()).slice(4);
    expect(mails.map((m) => [m.to_address, m.subject])).toEqual(
      owners.map((o) => [o, 'Policy review overdue: Social media policy']),
    );
    expect(mails[0]!.body_text).toContain('it was due on 18 November 2027');
    admin = await signedIn(t, world, 'admin-a1', '/policy/review');
    expect(pageText((await admin.get('/policy/review')).body)).toContain(
      'Review due 18 November 2027 Overdue by 30 days',
    );
    await moveTo('2028-06-01');
    expect(await reviewMails()).toHaveLength(6);
  });

  it('POL-3: a trust’s policy reminds the trust administrators, and no reminder is sent once a newer version is approved', async () => {
    const db = t.database.db;
    t.clock.set('2026-11-18T10:00:00Z');
    const before = await reviewMails();
    const actor = { id: world.people['trustadmin-a']!.id, label: 'trustadmin Tester' };
    const v1 = await startFromModel(db, t.clock.now(), trust, actor);
    expect(await approveVersion(db, t.clock.now(), trust, actor, v1, approvalOn('2026-11-18'))).toBe('approved');

    await moveTo('2027-10-18');
    const mails = await newMails(before);
    expect(mails.map((m) => [m.to_address, m.subject, m.school_id, m.trust_id])).toEqual([
      [
        world.people['trustadmin-a']!.email,
        'Policy review due on 18 November 2027: Social media policy',
        null,
        world.trustA,
      ],
    ]);
    expect(mails[0]!.body_text).toContain('Version 1 of Alder Trust’s social media policy');

    // The trust reviews the policy: version 2 is approved before the review date.
    await approveNewVersion(trust, 'trustadmin-a');
    await moveTo('2027-11-18');
    await moveTo('2027-12-18');
    expect(await newMails(before)).toHaveLength(1);
    const v1Jobs = await db
      .selectFrom('job')
      .select(['done_at', 'failed_at'])
      .where('kind', '=', 'policies.review-reminder')
      .where(sql<boolean>`payload @> ${JSON.stringify({ versionId: v1 })}::jsonb`)
      .execute();
    expect(v1Jobs).toHaveLength(3);
    expect(v1Jobs.every((j) => j.done_at !== null && j.failed_at === null)).toBe(true); // skipped, not failed

    // Version 2's own reminders carry on from its date.
    await moveTo('2028-09-18');
    const later = await newMails([...before, ...mails]);
    expect(later.map((m) => m.subject)).toEqual(['Policy review due on 18 October 2028: Social media policy']);
    expect(later[0]!.body_text).toContain('Version 2 of Alder Trust’s social media policy');
  });

  it('POL-3: an early review is opened for each reason, shown with its details, and closed when a new version is approved', async () => {
    t.clock.set('2028-01-10T10:00:00Z');
    const admin = await signedIn(t, world, 'admin-a1', '/policy/review');
    const form = await admin.get('/policy/review');
    for (const reason of EARLY_REVIEW_REASONS) expect(form.body).toContain(`value="${reason.value}"`);

    for (const [i, reason] of EARLY_REVIEW_REASONS.entries()) {
      const detail = `Early review ${i + 1}: ${reason.value}`;
      const opened = await admin.post('/policy/review', { reason: reason.value, detail });
      expect(opened.statusCode, reason.value).toBe(302);
      expect(opened.headers.location).toBe('/policy/review');
      const row = await t.database.db
        .selectFrom('policy_review')
        .selectAll()
        .where('detail', '=', detail)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        kind: 'early',
        reason: reason.value,
        opened_by: 'admin Tester',
        closed_at: null,
        trust_id: world.trustA,
      });
      const audit = await t.database.db
        .selectFrom('audit_event')
        .select(['action', 'school_id', 'summary'])
        .where('action', '=', 'policy.early-review-opened')
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      expect(audit).toMatchObject({ school_id: world.schoolA1, summary: { reviewId: row.id, reason: reason.value } });
      const page = pageText((await admin.get('/policy/review')).body);
      expect(page).toContain(`Open reviews ${reason.text} Details ${detail}`);
      expect(page).not.toContain('Open an early review'); // one at a time

      // A second one while it is open is refused.
      const again = await admin.post('/policy/review', { reason: 'case-law', detail: 'Another one' });
      expect(again.statusCode).toBe(400);
      expect(errorSummary(again.body)).toEqual([
        'An early review is already open. It closes when the next version of the policy is approved',
      ]);

      const version = await approveNewVersion(a1, 'head-a1');
      const closed = await t.database.db
        .selectFrom('policy_review')
        .select(['closed_at', 'closed_by_version'])
        .where('id', '=', row.id)
        .executeTakeFirstOrThrow();
      expect(closed.closed_by_version).toBe(version);
      expect(closed.closed_at).not.toBeNull();
      const after = pageText((await admin.get('/policy/review')).body);
      expect(after).toContain('No early review is open.');
      expect(after).toContain('Open an early review');
      expect(after).toMatch(
        new RegExp(
          `${reason.text.replace(/[()]/g, '\\$&')} ${detail} 10 January 2028 by admin Tester 10 January 2028, when version \\d+ was approved`,
        ),
      );
    }
  });

  it('POL-3: an early review is refused without a reason, with an unknown reason or over-long details, and nothing changes', async () => {
    const admin = await signedIn(t, world, 'admin-a1', '/policy/review');
    const before = await snapshot(t);
    const none = await admin.post('/policy/review', { detail: 'Something happened' });
    expect(none.statusCode).toBe(400);
    expect(errorSummary(none.body)).toEqual(['Select why the policy needs an early review']);
    expect(none.body).toContain('Something happened'); // what they typed is kept
    expect(errorSummary((await admin.post('/policy/review', { reason: 'boredom', detail: '' })).body)).toEqual([
      'Select why the policy needs an early review',
    ]);
    expect(
      errorSummary((await admin.post('/policy/review', { reason: 'new-guidance', detail: 'x'.repeat(2001) })).body),
    ).toEqual(['Details must be 2,000 characters or fewer']);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
  });

  it('POL-3: another module proposes an early review through the service (a significant incident), and it shows on the page', async () => {
    const result = await proposeEarlyReview(
      t.database.db,
      t.clock.now(),
      a1,
      { id: null, label: 'Concern closed by the DSL' },
      'significant-incident',
      'A pupil’s photo was shared without consent',
    );
    expect(result).toBe('opened');
    expect(
      await proposeEarlyReview(
        t.database.db,
        t.clock.now(),
        a1,
        { id: null, label: 'Concern closed by the DSL' },
        'significant-incident',
        'Again',
      ),
    ).toBe('already-open');
    const admin = await signedIn(t, world, 'admin-a1', '/staff/new');
    const page = pageText((await admin.get('/policy/review')).body);
    expect(page).toContain('Open reviews A significant incident Details A pupil’s photo was shared without consent');
    expect(page).toContain('by Concern closed by the DSL');
    await approveNewVersion(a1, 'head-a1');
    expect(pageText((await admin.get('/policy/review')).body)).toContain('No early review is open.');
  });

  it('POL-3: the trust view shows the trust’s policy; a school that follows it sees it but cannot open a review; a trust with no policy is told so', async () => {
    const trustAdmin = await signedIn(t, world, 'trustadmin-a', '/switch');
    expect((await trustAdmin.post('/switch', { school: 'trust' })).headers.location).toBe('/trust');
    const trustPage = pageText((await trustAdmin.get('/policy/review')).body);
    expect(trustPage).toContain('Alder Trust’s social media policy, version 2');
    expect(trustPage).toContain('Reminders go to the trust administrators');
    expect(
      (
        await trustAdmin.post(
          '/policy/review',
          { reason: 'legislative-change', detail: 'Online Safety Act duties' },
          { tokenFrom: '/policy/review' },
        )
      ).statusCode,
    ).toBe(302);
    const row = await t.database.db
      .selectFrom('policy_review')
      .innerJoin('policy', 'policy.id', 'policy_review.policy_id')
      .select(['policy.school_id', 'policy_review.reason'])
      .where('policy_review.detail', '=', 'Online Safety Act duties')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ school_id: null, reason: 'legislative-change' });

    const adminA2 = await signedIn(t, world, 'admin-a2', '/staff/new');
    const a2Page = await adminA2.get('/policy/review');
    expect(a2Page.statusCode).toBe(200);
    expect(pageText(a2Page.body)).toContain('Alder Secondary follows Alder Trust’s policy');
    expect(pageText(a2Page.body)).toContain('Online Safety Act duties');
    expect(a2Page.body).not.toContain('Open an early review');
    const before = await snapshot(t);
    const refused = await adminA2.post('/policy/review', { reason: 'case-law', detail: '' });
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body)).toEqual([
      'Your school follows the trust’s policy, so the trust opens its reviews. Ask a trust administrator to open one',
    ]);
    expect(changedTables(before, await snapshot(t))).toEqual([]);

    const adminB1 = await signedIn(t, world, 'admin-b1', '/staff/new');
    const b1Page = await adminB1.get('/policy/review');
    expect(b1Page.statusCode).toBe(200);
    expect(pageText(b1Page.body)).toContain('There is no social media policy for Birch Primary yet');
    for (const marker of ['Alder', 'Online Safety Act duties', 'photo was shared'])
      expect(b1Page.body).not.toContain(marker);
    const nothing = await adminB1.post('/policy/review', { reason: 'case-law', detail: '' });
    expect(errorSummary(nothing.body)).toEqual([
      'There is no policy to review yet. Start one from the model policy first',
    ]);
  });

  it('POL-3: a member of staff with no other role gets 404 from the review page and cannot open a review', async () => {
    const teacher = await signedIn(t, world, 'teacher-a1');
    const before = await snapshot(t);
    expect((await teacher.get('/policy/review')).statusCode).toBe(404);
    expect((await teacher.post('/policy/review', { reason: 'case-law', detail: 'Teacher' })).statusCode).toBe(404);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
  });
});
