import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SECRET_KEY, startTestApp, type TestApp } from '../support/app.ts';
import { Agent } from '../support/agent.ts';
import { DEMO_PASSWORD, DEMO_SIGN_INS, seedDemoTrust } from '../../src/demo/seed.ts';
import { ROLE_NAMES } from '../../src/platform/auth/permissions.ts';
import { EMPLOYMENT_TYPES } from '../../src/modules/directory/people.ts';
import { settingsFor } from '../../src/modules/policies/index.ts';
import { signIn } from '../../src/platform/auth/service.ts';
import { STATUS_ORDER } from '../../src/modules/accounts/model.ts';
import { openCredentials } from '../../src/modules/accounts/credentials/seal.ts';
import { runHandoverChecks } from '../../src/modules/accounts/handover/service.ts';
import type { PostStatus } from '../../src/platform/db/schema.ts';
import { POST_STATUSES } from '../../src/modules/publishing/posts/model.ts';
import type { KeyedFinding } from '../../src/modules/publishing/posts/checks.ts';
import { findingsOf, hashOf } from '../../src/modules/publishing/posts/refresh.ts';
import { imagesOf } from '../../src/modules/publishing/posts/repo.ts';
import { PUBLISH_JOB } from '../../src/modules/publishing/posts/publish/service.ts';

describe('the demo trust (npm run demo)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoTrust(t.database.db, t.clock.now(), {
      demoMode: true,
      masterKey: Buffer.from(TEST_SECRET_KEY, 'hex'),
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('ORG-1: demo data is refused outside demo mode, so demo passwords never reach a real installation', async () => {
    await expect(seedDemoTrust(t.database.db, t.clock.now(), { demoMode: false })).rejects.toThrow(
      /only created in demo mode/,
    );
  });

  it('ORG-1, ORG-2, ORG-3: two schools, about 40 staff covering every role and every way of working with a school, a few leavers', async () => {
    const db = t.database.db;
    const schools = await db.selectFrom('school').select(['name', 'phase']).orderBy('name').execute();
    expect(schools).toEqual([
      { name: 'Harbour Bridge Academy', phase: 'secondary' },
      { name: 'Larkfield Primary School', phase: 'primary' },
    ]);
    const people = await db.selectFrom('person').select(['employment_type', 'leaving_date']).execute();
    expect(people.length).toBeGreaterThanOrEqual(38);
    expect(people.length).toBeLessThanOrEqual(45);
    expect(new Set(people.map((p) => p.employment_type))).toEqual(new Set(EMPLOYMENT_TYPES.map((e) => e.value)));
    expect(people.filter((p) => p.leaving_date !== null).length).toBeGreaterThanOrEqual(2);
    const roles = new Set((await db.selectFrom('role_assignment').select('role').execute()).map((r) => r.role));
    for (const role of ROLE_NAMES.filter((r) => r !== 'staff')) expect(roles, role).toContain(role);
  });

  it('ORG-4: about 300 pupils with mixed consents, 3 never to be published, every pupil with a parent or carer', async () => {
    const db = t.database.db;
    const pupils = await db
      .selectFrom('pupil')
      .select(['id', 'consent_social', 'consent_press', 'never_publish', 'never_publish_reason'])
      .execute();
    expect(pupils.length).toBeGreaterThanOrEqual(280);
    expect(pupils.length).toBeLessThanOrEqual(320);
    expect(pupils.filter((p) => p.never_publish)).toHaveLength(3);
    expect(pupils.filter((p) => p.never_publish).every((p) => p.never_publish_reason)).toBe(true);
    const social = pupils.filter((p) => p.consent_social).length;
    expect(social).toBeGreaterThan(pupils.length / 2);
    expect(social).toBeLessThan(pupils.length);
    const linked = await db.selectFrom('pupil_parent').select('pupil_id').distinct().execute();
    expect(linked).toHaveLength(pupils.length);
  });

  it('POL-1, POL-4: a trust policy in force with most staff signed, local head title at the primary, and a school draft', async () => {
    const db = t.database.db;
    const [primary, secondary] = await Promise.all(
      ['larkfield-primary', 'harbour-bridge'].map((slug) =>
        db.selectFrom('school').select(['id', 'trust_id']).where('slug', '=', slug).executeTakeFirstOrThrow(),
      ),
    );
    expect(
      (await settingsFor(db, { trustId: primary!.trust_id, schoolId: primary!.id }, t.clock.now())).headTitle,
    ).toBe('Head of School');
    expect(
      (await settingsFor(db, { trustId: secondary!.trust_id, schoolId: secondary!.id }, t.clock.now())).headTitle,
    ).toBe('Headteacher');
    const signed = await db.selectFrom('signature').select('id').execute();
    const staff = await db.selectFrom('person').select('id').where('leaving_date', 'is', null).execute();
    expect(signed.length / staff.length).toBeGreaterThan(0.6);
    expect(signed.length).toBeLessThan(staff.length);
    expect(await db.selectFrom('policy_version').select('id').where('status', '=', 'draft').execute()).toHaveLength(1);
  });

  it('ORG-3: every printed demo sign-in works with the demo password', async () => {
    expect(DEMO_SIGN_INS.length).toBeGreaterThanOrEqual(10);
    for (const account of DEMO_SIGN_INS) {
      expect(
        (await signIn(t.database.db, t.clock.now(), '2026-11-18', account.email, DEMO_PASSWORD, '127.0.0.1')).ok,
        account.email,
      ).toBe(true);
    }
    // Through the sign-in page too (a few, to keep the test short).
    for (const account of DEMO_SIGN_INS.slice(0, 4)) {
      const agent = new Agent(t.app);
      const response = await agent.signIn(account.email, DEMO_PASSWORD);
      expect(response.statusCode, account.email).toBe(302);
      expect((await agent.get('/policy')).statusCode, account.email).toBe(200);
    }
  });

  it('ACC-6: official accounts in every status at both schools, live ones run by ready operators with stored credentials, a handover after a leaver and an overdue review', async () => {
    const db = t.database.db;
    const accounts = await db
      .selectFrom('official_account as a')
      .innerJoin('school as s', 's.id', 'a.school_id')
      .select(['a.id', 'a.name', 'a.status', 'a.review_due', 's.slug'])
      .execute();
    expect(new Set(accounts.map((a) => a.status))).toEqual(new Set(STATUS_ORDER));
    for (const slug of ['larkfield-primary', 'harbour-bridge'])
      expect(accounts.filter((a) => a.slug === slug && a.status === 'active').length, slug).toBeGreaterThanOrEqual(2);
    const live = accounts.filter((a) => a.status === 'active' || a.status === 'under_review');
    const secrets = await db.selectFrom('account_secret').select(['account_id', 'sealed', 'rotate_required']).execute();
    const handovers = await db
      .selectFrom('account_handover')
      .select(['account_id', 'reason'])
      .where('resolved_at', 'is', null)
      .execute();
    // Every live account but the one whose operator left has two or more operators, stored credentials and a set-up on its timeline.
    for (const a of live.filter((x) => !handovers.some((h) => h.account_id === x.id))) {
      const operators = await db
        .selectFrom('account_operator')
        .select('person_id')
        .where('account_id', '=', a.id)
        .where('removed_at', 'is', null)
        .execute();
      expect(operators.length, a.name).toBeGreaterThanOrEqual(2);
      const secret = secrets.find((s) => s.account_id === a.id);
      expect(secret, a.name).toBeDefined();
      expect(openCredentials(Buffer.from(TEST_SECRET_KEY, 'hex'), secret!.sealed).password.length).toBeGreaterThan(10);
      expect(
        (await db.selectFrom('account_event').select('kind').where('account_id', '=', a.id).execute()).map(
          (e) => e.kind,
        ),
      ).toContain('account.set-up');
    }
    expect(live.filter((a) => a.review_due! < '2026-11-18').map((a) => a.name)).toEqual(['Larkfield library reads']);
    // An operator has left: the hourly check took them off, opened handovers and marked the password to be changed (ACC-5).
    expect(handovers.map((h) => h.reason).sort()).toEqual(['below-minimum', 'operator-left']);
    expect(new Set(handovers.map((h) => h.account_id)).size).toBe(1);
    expect(secrets.find((s) => s.account_id === handovers[0]!.account_id)!.rotate_required).toBe(true);
    expect(secrets.filter((s) => s.rotate_required)).toHaveLength(1);
    // The demo is as the hourly check would leave it: running the check finds nothing more to do.
    expect(await runHandoverChecks(db, t.clock.now())).toEqual({ removed: 0, opened: 0 });
    expect(
      await db
        .selectFrom('official_account')
        .select('closed_reason')
        .where('status', '=', 'closed')
        .executeTakeFirstOrThrow(),
    ).toMatchObject({ closed_reason: expect.stringContaining('Drama') });
    const rejected = await db
      .selectFrom('account_event')
      .select('comment')
      .where('kind', '=', 'application.rejected')
      .executeTakeFirstOrThrow();
    expect(rejected.comment).toMatch(/TikTok/);
    // The account administrator sees them on the register.
    const agent = new Agent(t.app);
    await agent.signIn(DEMO_SIGN_INS.find((s) => s.email.startsWith('gareth.'))!.email, DEMO_PASSWORD);
    const register = await agent.get('/accounts');
    expect(register.statusCode).toBe(200);
    expect(register.body).toContain('Year 6 residential trip');
    expect(register.body).toContain('Overdue');
  });

  it('PUB-1, PUB-5: posts in every status at both schools, with the checks’ own findings, published links, a kept override and a post waiting for the head', async () => {
    const db = t.database.db;
    const posts = await db
      .selectFrom('post as p')
      .innerJoin('school as s', 's.id', 'p.school_id')
      .select([
        'p.id',
        'p.trust_id',
        'p.school_id',
        'p.account_id',
        's.slug',
        'p.status',
        'p.text',
        'p.shares_material',
        'p.shared_source',
        'p.shared_permission',
        'p.findings',
        'p.content_hash',
        'p.approved_hash',
        'p.url',
        'p.remote_id',
        'p.publish_via',
        'p.last_error',
        'p.takedown_reason',
        'p.scheduled_for',
      ])
      .execute();
    // Every status a post rests in ('publishing' lasts only while the job runs).
    const statuses = (Object.keys(POST_STATUSES) as PostStatus[]).filter((s) => s !== 'publishing');
    const blocking = (p: { findings: unknown[] }) =>
      (p.findings as KeyedFinding[]).filter((f) => f.severity === 'blocking');
    const advisory = (p: { findings: unknown[] }) =>
      (p.findings as KeyedFinding[]).filter((f) => f.severity === 'advisory');
    for (const slug of ['larkfield-primary', 'harbour-bridge']) {
      const at = posts.filter((p) => p.slug === slug);
      expect(new Set(at.map((p) => p.status)), slug).toEqual(new Set(statuses));
      const inStatus = (status: PostStatus) => at.filter((p) => p.status === status);
      // Drafts that the checks block: a pupil named in full, and a photo with pupils still to tag.
      expect(
        inStatus('draft')
          .flatMap(blocking)
          .map((f) => f.rule)
          .sort(),
        slug,
      ).toEqual(['photo-consent', 'pupil-surname']);
      // Waiting for the head, with advice and nothing that blocks.
      for (const p of inStatus('submitted')) {
        expect(advisory(p).length, slug).toBeGreaterThan(0);
        expect(blocking(p), slug).toEqual([]);
      }
      // Published several ways: by hand with the pasted link, and on Bluesky by Postwarden.
      const published = inStatus('published');
      expect(published.length, slug).toBeGreaterThanOrEqual(3);
      for (const p of published) expect(p.url, slug).toMatch(/^https:\/\/\S+\/\S+/);
      expect(
        published.some((p) => p.publish_via === 'manual'),
        slug,
      ).toBe(true);
      const bluesky = published.filter((p) => p.publish_via === 'direct');
      expect(bluesky.length, slug).toBeGreaterThan(0);
      for (const p of bluesky) {
        expect(p.remote_id, slug).toMatch(/^at:\/\/did:plc:[a-z2-7]{24}\/app\.bsky\.feed\.post\/[a-z2-7]{13}$/);
        expect(p.url, slug).toMatch(/^https:\/\/bsky\.app\/profile\/did:plc:[a-z2-7]{24}\/post\/[a-z2-7]{13}$/);
      }
      expect(
        inStatus('taken_down').every((p) => p.url && (p.takedown_reason ?? '').length >= 10),
        slug,
      ).toBe(true);
      expect(
        inStatus('failed').every((p) => (p.last_error ?? '').length > 20),
        slug,
      ).toBe(true);
      // A scheduled post has its durable publishing job, due when it was scheduled for.
      for (const p of inStatus('scheduled')) {
        const jobs = await db
          .selectFrom('job')
          .select(['run_at', 'payload', 'done_at'])
          .where('kind', '=', PUBLISH_JOB)
          .where('done_at', 'is', null)
          .execute();
        const job = jobs.find((j) => (j.payload as { postId?: string }).postId === p.id);
        expect(job, slug).toBeDefined();
        expect(new Date(job!.run_at).getTime()).toBe(new Date(p.scheduled_for!).getTime());
      }
      // Changes requested and rejected posts carry the head's words on their timelines.
      for (const [status, kind] of [
        ['changes_requested', 'post.changes-requested'],
        ['rejected', 'post.rejected'],
      ] as const) {
        for (const p of inStatus(status)) {
          const event = await db
            .selectFrom('post_event')
            .select('comment')
            .where('post_id', '=', p.id)
            .where('kind', '=', kind)
            .executeTakeFirstOrThrow();
          expect((event.comment ?? '').length, `${slug} ${status}`).toBeGreaterThan(20);
        }
      }
      // An advisory finding published despite, with the approver's written reason kept.
      const overrides = await db
        .selectFrom('post_override as o')
        .innerJoin('post as p', 'p.id', 'o.post_id')
        .select(['o.reason', 'o.content_hash', 'p.approved_hash', 'p.status'])
        .where('o.school_id', '=', at[0]!.school_id)
        .execute();
      expect(
        overrides.some((o) => o.status === 'published' && o.reason.length >= 10 && o.content_hash === o.approved_hash),
        slug,
      ).toBe(true);
    }
    // The fingerprints and findings are the checks' own: computing them again gives the same.
    for (const p of posts) {
      const images = await imagesOf(db, p.id);
      expect(p.content_hash, p.text).toBe(hashOf(p, images));
      const again = await findingsOf(db, { trustId: p.trust_id, schoolId: p.school_id }, p, images, t.clock.now());
      expect((p.findings as KeyedFinding[]).map((f) => f.key).sort(), p.text).toEqual(again.map((f) => f.key).sort());
    }
    // Photos cleaned by the real pipeline: described, with their fingerprint, and any location gone.
    const photos = await db
      .selectFrom('post_image')
      .select(['bytes', 'sha256', 'alt_text', 'mime_type', 'had_location', 'tagged_pupil_ids', 'no_pupils_visible'])
      .execute();
    expect(photos.length).toBeGreaterThanOrEqual(4);
    for (const photo of photos) {
      expect(photo.alt_text.length).toBeGreaterThan(20);
      expect(photo.mime_type).toBe('image/jpeg');
      expect(createHash('sha256').update(photo.bytes).digest('hex')).toBe(photo.sha256);
      expect(photo.tagged_pupil_ids.length > 0 || photo.no_pupils_visible).toBe(true);
    }
    expect(photos.some((p) => p.had_location)).toBe(true);
    const tagged = await db
      .selectFrom('pupil')
      .select(['consent_social', 'never_publish'])
      .where(
        'id',
        'in',
        photos.flatMap((p) => p.tagged_pupil_ids),
      )
      .execute();
    expect(tagged.length).toBeGreaterThan(0);
    expect(tagged.every((p) => p.consent_social && !p.never_publish)).toBe(true);
    // The Head of School sees the post waiting for her.
    const agent = new Agent(t.app);
    await agent.signIn(DEMO_SIGN_INS.find((s) => s.email.startsWith('helen.'))!.email, DEMO_PASSWORD);
    const list = await agent.get('/posts');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('1 post waiting for your approval');
    expect(list.body).toContain('PTA quiz night');
  });
  it('STF-2, GOV-2: check-ins done, due or overdue at both schools, and a monitoring record due to end that only HR and the heads see', async () => {
    const db = t.database.db;
    const states = await db
      .selectFrom('person as p')
      .leftJoin('privacy_checkin as c', (j) => j.onRef('c.person_id', '=', 'p.id').on('c.period', '=', '2026-autumn'))
      .select([
        'p.school_id',
        (eb) => eb.fn.count<number>('c.id').as('done'),
        (eb) => eb.fn.countAll<number>().as('all'),
      ])
      .where('p.school_id', 'is not', null)
      .groupBy('p.school_id')
      .execute();
    expect(states).toHaveLength(2);
    for (const s of states) {
      expect(Number(s.done)).toBeGreaterThan(0);
      expect(Number(s.done)).toBeLessThan(Number(s.all));
    }
    expect(
      await db.selectFrom('privacy_checkin').select('id').where('period', '=', '2026-summer').execute(),
    ).not.toHaveLength(0);
    const records = await db
      .selectFrom('monitoring_record')
      .select(['ended_at', 'authorised_as'])
      .orderBy('recorded_at')
      .execute();
    expect(records.map((r) => [r.authorised_as, r.ended_at !== null])).toEqual([
      ['headteacher', true],
      ['hr', false],
    ]);
  });

  it('MON-1, MON-5: every live account has a rota, one with a gap that has raised an alert, overdue accounts alerted, and mention sources with triaged items', async () => {
    const db = t.database.db;
    const alerts = await db.selectFrom('monitoring_alert').select(['kind', 'told']).execute();
    expect(alerts.filter((a) => a.kind === 'gap').length).toBeGreaterThan(0);
    expect(alerts.filter((a) => a.kind === 'unchecked').length).toBeGreaterThan(0);
    expect(alerts.every((a) => a.told.length > 0)).toBe(true);
    const gapMail = await db
      .selectFrom('mail_message')
      .select('subject')
      .where('subject', 'like', 'Nobody on the rota:%')
      .execute();
    expect(gapMail.length).toBeGreaterThan(0);
    const statuses = await db.selectFrom('mention_item').select(['status', 'sensitive']).execute();
    expect(new Set(statuses.map((s) => s.status))).toEqual(new Set(['new', 'watching', 'replied', 'ignored']));
    expect(statuses.some((s) => s.sensitive)).toBe(true);
    const failing = await db
      .selectFrom('mention_source')
      .select('last_error')
      .where('last_error', 'is not', null)
      .execute();
    expect(failing).toHaveLength(1);
    // Recorded: no source is due to be read while the demo runs.
    const due = await db
      .selectFrom('mention_source')
      .select('id')
      .where('next_read_at', '<', new Date(Date.now() + 86_400_000))
      .execute();
    expect(due).toHaveLength(0);
  });
});
