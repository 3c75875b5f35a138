import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { loadConfig } from '../../../src/config.ts';
import { createRuntime } from '../../../src/runtime.ts';
import { FixedClock } from '../../../src/platform/clock.ts';
import { freshDatabase } from '../../support/database.ts';
import { TEST_SECRET_KEY, type TestApp } from '../../support/app.ts';
import { type Agent, errorSummary } from '../../support/agent.ts';
import { seedWorld, type World } from '../../support/world.ts';
import { changedTables, pageText, signedIn, snapshot } from '../directory/helpers.ts';
import { openCredentials, sealCredentials } from '../../../src/modules/accounts/credentials/seal.ts';
import { verifyAuditChain } from '../../../src/platform/audit/audit.ts';
import type { AccountStatus } from '../../../src/platform/db/schema.ts';

const TODAY = '2026-11-18';
const KEY = Buffer.from(TEST_SECRET_KEY, 'hex');
/** What is stored: distinctive, so a search for it anywhere is meaningful. */
const SECRET = {
  username: 'kingfisher-signin-4417@alder.example.sch.uk',
  password: 'Qv7-Zephyrine-Lattice-9031!',
  notes: 'Backup codes 88213-55190 are in the safe',
};
const SECRET_PARTS = [SECRET.username, SECRET.password, SECRET.notes, 'Qv7-Zephyrine', '88213-55190'];
const REASON = 'Covering the parents’ evening posts while the lead operator is off sick';

/**
 * The app as tests start it (test/support/app.ts), but with Fastify's logger on at the most
 * detailed level, writing through process.stdout so every log line is captured here.
 */
async function startLoggedApp(logs: string[]): Promise<{ t: TestApp; restore: () => void }> {
  const realWrite = process.stdout.write;
  // pino writes through process.stdout when its write has been replaced (rather than straight to fd 1).
  process.stdout.write = ((chunk: string | Uint8Array) => {
    logs.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-test-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    POSTWARDEN_SECRET_KEY: TEST_SECRET_KEY,
    LOG_LEVEL: 'trace',
    BASE_URL: 'http://localhost:3000',
  });
  const clock = new FixedClock(new Date(`${TODAY}T10:00:00Z`));
  const runtime = await createRuntime(config, { clock, database: await freshDatabase(), logger: true });
  const t: TestApp = {
    ...runtime,
    clock,
    drainJobs: () => runtime.jobs.runDueJobs(clock.now()),
    close: async () => {
      await runtime.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return {
    t,
    restore: () => {
      process.stdout.write = realWrite;
    },
  };
}

describe('an official account’s sign-in details: stored sealed, revealed only with a reason (ACC-4)', () => {
  const logs: string[] = [];
  let t: TestApp;
  let restore: () => void;
  let world: World;
  let admin: Agent;
  let accountId: string;
  const db = () => t.database.db;

  async function account(name: string, status: AccountStatus): Promise<string> {
    const row = await db()
      .insertInto('official_account')
      .values({
        trust_id: world.trustA,
        school_id: world.schoolA1,
        name,
        platform: 'bluesky',
        status,
        applicant_id: world.people['teacher-a1']!.id,
        aim: 'Class news',
        audience: 'Families',
        promotion: 'Newsletter',
        handle: status === 'active' ? `${name.toLowerCase().replace(/\W+/g, '')}.bsky.social` : null,
        address:
          status === 'active' ? `https://bsky.app/profile/${name.toLowerCase().replace(/\W+/g, '')}.bsky.social` : null,
        activated_on: status === 'active' ? '2026-09-01' : null,
        review_due: status === 'active' ? '2027-09-01' : null,
        created_at: t.clock.now(),
        updated_at: t.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('account_operator')
      .values({
        account_id: row.id,
        person_id: world.people['teacher-a1']!.id,
        trust_id: world.trustA,
        school_id: world.schoolA1,
        is_lead: true,
        added_at: t.clock.now(),
        added_by: null,
      })
      .execute();
    return row.id;
  }

  const revealed = () =>
    db()
      .selectFrom('account_event')
      .select(['actor_id', 'comment', 'detail'])
      .where('account_id', '=', accountId)
      .where('kind', '=', 'credentials.revealed')
      .execute();

  beforeAll(async () => {
    ({ t, restore } = await startLoggedApp(logs));
    world = await seedWorld(db());
    await db()
      .insertInto('role_assignment')
      .values({
        person_id: world.people['admin-a1']!.id,
        trust_id: world.trustA,
        school_id: world.schoolA1,
        role: 'account_admin',
      })
      .execute();
    accountId = await account('Kingfisher news', 'active');
    admin = await signedIn(t, world, 'admin-a1');
  }, 120_000);
  afterAll(async () => {
    restore?.();
    await t?.close();
  });

  it('ACC-4: the account administrator stores the sign-in details; only sealed text is kept, and the timeline says they were stored, not what they are', async () => {
    const page = await admin.get(`/accounts/${accountId}/credentials`);
    expect(page.statusCode).toBe(200);
    expect(pageText(page.body)).toContain('Store the sign-in details');
    expect(page.body).toContain('autocomplete="new-password"');
    const stored = await admin.post(`/accounts/${accountId}/credentials`, SECRET);
    expect(stored.statusCode).toBe(302);
    expect(stored.headers.location).toBe(`/accounts/${accountId}`);
    const row = await db()
      .selectFrom('account_secret')
      .selectAll()
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      trust_id: world.trustA,
      school_id: world.schoolA1,
      updated_by: world.people['admin-a1']!.id,
      rotate_required: false,
    });
    expect(row.sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    for (const part of SECRET_PARTS) expect(row.sealed).not.toContain(part);
    expect(Buffer.from(row.sealed.split('.')[3]!, 'base64url').toString('latin1')).not.toContain('Zephyrine');
    expect(openCredentials(KEY, row.sealed)).toEqual(SECRET);
    expect(() => openCredentials(randomBytes(32), row.sealed)).toThrow();
    const events = await db()
      .selectFrom('account_event')
      .select(['kind', 'comment', 'detail'])
      .where('account_id', '=', accountId)
      .execute();
    expect(events).toEqual([
      { kind: 'credentials.stored', comment: null, detail: { replaced: false, rotationCleared: false } },
    ]);
    const show = pageText((await admin.get(`/accounts/${accountId}`)).body);
    expect(show).toContain('The sign-in details for ‘Kingfisher news’ have been stored.');
    expect(show).toContain('Stored securely on 18 November 2026 at 10:00am by admin Tester');
  });

  it('ACC-4: a refused form never shows the password or notes again, and stores nothing', async () => {
    const before = await snapshot(t);
    const refused = await admin.post(`/accounts/${accountId}/credentials`, {
      username: ' ',
      password: 'Refused-Password-7719',
      notes: 'Refused-notes-3321',
    });
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body)).toEqual(['Enter the username or email address used to sign in to the account']);
    expect(refused.body).not.toContain('Refused-Password-7719');
    expect(refused.body).not.toContain('Refused-notes-3321');
    expect(pageText(refused.body)).toContain('For your security, the password and notes you typed were not kept.');
    const noPassword = await admin.post(`/accounts/${accountId}/credentials`, {
      username: 'kept-username',
      password: '',
      notes: 'Refused-notes-3321',
    });
    expect(errorSummary(noPassword.body)).toEqual(['Enter the account’s password']);
    expect(noPassword.body).toContain('value="kept-username"');
    expect(noPassword.body).not.toContain('Refused-notes-3321');
    expect(changedTables(before, await snapshot(t))).toEqual([]);
  });

  it('ACC-4: revealing needs the permission to reveal: others who can see the account, and other schools, are told the page is not found', async () => {
    const slt = await signedIn(t, world, 'slt-a1');
    const teacher = await signedIn(t, world, 'teacher-a1');
    const headB1 = await signedIn(t, world, 'head-b1');
    await db()
      .insertInto('role_assignment')
      .values({
        person_id: world.people['admin-a2']!.id,
        trust_id: world.trustA,
        school_id: world.schoolA2,
        role: 'account_admin',
      })
      .execute();
    const adminA2 = await signedIn(t, world, 'admin-a2');
    const before = await snapshot(t);
    // SLT see the register and the account, the teacher runs it: neither may reveal or store.
    expect((await slt.get(`/accounts/${accountId}`)).statusCode).toBe(200);
    expect((await slt.get(`/accounts/${accountId}`)).body).not.toContain('/credentials/reveal');
    expect((await teacher.get(`/accounts/${accountId}`)).statusCode).toBe(200);
    for (const [label, agent] of [
      ['slt-a1', slt],
      ['teacher-a1', teacher],
      ['head-b1', headB1],
      ['admin-a2 (account administrator of another school)', adminA2],
    ] as const) {
      expect((await agent.get(`/accounts/${accountId}/credentials/reveal`)).statusCode, label).toBe(404);
      const post = await agent.post(`/accounts/${accountId}/credentials/reveal`, { reason: REASON });
      expect(post.statusCode, label).toBe(404);
      for (const part of SECRET_PARTS) expect(post.body, label).not.toContain(part);
      expect((await agent.get(`/accounts/${accountId}/credentials`)).statusCode, label).toBe(404);
      expect(
        (await agent.post(`/accounts/${accountId}/credentials`, { username: 'x', password: 'Hijack-1', notes: '' }))
          .statusCode,
        label,
      ).toBe(404);
    }
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    expect(
      openCredentials(
        KEY,
        (
          await db()
            .selectFrom('account_secret')
            .select('sealed')
            .where('account_id', '=', accountId)
            .executeTakeFirstOrThrow()
        ).sealed,
      ),
    ).toEqual(SECRET);
  });

  it('ACC-4: revealing needs a typed reason of at least 10 characters; without one nothing is shown or recorded', async () => {
    const form = await admin.get(`/accounts/${accountId}/credentials/reveal`);
    expect(form.statusCode).toBe(200);
    for (const part of SECRET_PARTS) expect(form.body).not.toContain(part);
    const before = await snapshot(t);
    for (const [reason, message] of [
      ['', 'Enter why you need to see the sign-in details'],
      ['   ', 'Enter why you need to see the sign-in details'],
      ['need it', 'Say why you need to see the sign-in details in at least 10 characters'],
    ] as const) {
      const refused = await admin.post(`/accounts/${accountId}/credentials/reveal`, { reason });
      expect(refused.statusCode, reason).toBe(400);
      expect(errorSummary(refused.body)[0], reason).toMatch(new RegExp(`^${message}`));
      for (const part of SECRET_PARTS) expect(refused.body).not.toContain(part);
    }
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    expect(await revealed()).toEqual([]);
  });

  it('ACC-4: with the permission and a reason, the details are shown once, not cached, and the reveal is on the timeline and in the audit log with the reason', async () => {
    const shown = await admin.post(`/accounts/${accountId}/credentials/reveal`, { reason: `  ${REASON} ` });
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['cache-control']).toBe('no-store');
    expect(shown.headers.pragma).toBe('no-cache');
    const text = pageText(shown.body);
    expect(text).toContain(SECRET.username);
    expect(text).toContain(SECRET.password);
    expect(text).toContain(SECRET.notes);
    expect(await revealed()).toEqual([{ actor_id: world.people['admin-a1']!.id, comment: REASON, detail: {} }]);
    const audit = await db()
      .selectFrom('audit_event')
      .select(['action', 'summary', 'actor_id', 'school_id'])
      .where('entity_id', '=', accountId)
      .where('action', '=', 'account.credentials.revealed')
      .execute();
    expect(audit).toEqual([
      {
        action: 'account.credentials.revealed',
        summary: { comment: REASON },
        actor_id: world.people['admin-a1']!.id,
        school_id: world.schoolA1,
      },
    ]);
    // Once: nothing else shows them again without another reason.
    for (const url of [
      `/accounts/${accountId}/credentials/reveal`,
      `/accounts/${accountId}`,
      `/accounts/${accountId}/credentials`,
      '/accounts',
      '/',
    ]) {
      const again = await admin.get(url);
      expect(again.statusCode, url).toBe(200);
      for (const part of SECRET_PARTS) expect(again.body, url).not.toContain(part);
    }
    const timeline = pageText((await admin.get(`/accounts/${accountId}`)).body);
    expect(timeline).toContain('Sign-in details revealed by admin Tester');
    expect(timeline).toContain(REASON);
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it('ACC-4: after a reveal no secret is anywhere: logs, audit and timeline rows, sessions, mail, the audit and register exports, and the pages', async () => {
    const secondReason = 'Checking the recovery settings after a platform warning email';
    expect((await admin.post(`/accounts/${accountId}/credentials/reveal`, { reason: secondReason })).statusCode).toBe(
      200,
    );
    // The capture is real: the requests above are in it.
    const logText = logs.join('');
    expect(logText).toContain(`/accounts/${accountId}/credentials/reveal`);
    expect(logText.length).toBeGreaterThan(1000);
    const places: Record<string, string> = {
      logs: logText,
      audit_event: JSON.stringify(await db().selectFrom('audit_event').selectAll().execute()),
      account_event: JSON.stringify(await db().selectFrom('account_event').selectAll().execute()),
      web_session: JSON.stringify((await sql`SELECT * FROM web_session`.execute(db())).rows),
      mail_message: JSON.stringify(await db().selectFrom('mail_message').selectAll().execute()),
      job: JSON.stringify((await sql`SELECT * FROM job`.execute(db())).rows),
      'audit CSV': (await admin.get('/audit/export.csv')).body,
      'audit page': (await admin.get('/audit')).body,
      'register CSV': (await admin.get('/accounts.csv')).body,
      register: (await admin.get('/accounts')).body,
      'account page': (await admin.get(`/accounts/${accountId}`)).body,
    };
    expect(places['audit CSV']).toContain('account.credentials.revealed');
    expect(places['register CSV']).toContain('Kingfisher news');
    for (const [where, text] of Object.entries(places)) {
      for (const part of SECRET_PARTS) expect(text.includes(part), `${part} found in ${where}`).toBe(false);
    }
    // Every table, to be sure nothing stores them in the clear.
    const everything = JSON.stringify(await snapshot(t));
    for (const part of SECRET_PARTS) expect(everything.includes(part), `${part} found in a table`).toBe(false);
    expect(everything).toContain(secondReason);
  });

  it('ACC-4, ACC-5: a password marked to be changed is shown as such until a new one is stored, which clears the mark', async () => {
    await db()
      .updateTable('account_secret')
      .set({ rotate_required: true, rotate_reason: 'teacher Tester, who knew the password, is leaving' })
      .where('account_id', '=', accountId)
      .execute();
    expect(pageText((await admin.get(`/accounts/${accountId}`)).body)).toContain(
      'Password must be changed: teacher Tester, who knew the password, is leaving.',
    );
    expect(pageText((await admin.get(`/accounts/${accountId}/credentials`)).body)).toContain(
      'The password must be changed: teacher Tester, who knew the password, is leaving.',
    );
    const replaced = await admin.post(`/accounts/${accountId}/credentials`, {
      username: SECRET.username,
      password: 'Brand-New-Password-6650',
      notes: '',
    });
    expect(replaced.statusCode).toBe(302);
    expect(
      await db()
        .selectFrom('account_secret')
        .select(['rotate_required', 'rotate_reason'])
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow(),
    ).toEqual({ rotate_required: false, rotate_reason: null });
    const page = pageText((await admin.get(`/accounts/${accountId}`)).body);
    expect(page).toContain(
      'The sign-in details for ‘Kingfisher news’ have been replaced. The account no longer needs its password changed.',
    );
    expect(page).not.toContain('Password must be changed');
    expect(page).toContain('The password has been changed and the new one stored.');
    const last = await db()
      .selectFrom('account_event')
      .select(['kind', 'detail'])
      .where('account_id', '=', accountId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(last).toEqual({ kind: 'credentials.stored', detail: { replaced: true, rotationCleared: true } });
    const shown = await admin.post(`/accounts/${accountId}/credentials/reveal`, {
      reason: 'Checking the new password was stored correctly',
    });
    expect(shown.body).toContain('Brand-New-Password-6650');
    expect(shown.body).not.toContain(SECRET.password);
  });

  it('ACC-4: details sealed with another key cannot be revealed: a plain message, and nothing shown or recorded', async () => {
    const other = await account('Dipper club', 'active');
    await db()
      .insertInto('account_secret')
      .values({
        account_id: other,
        trust_id: world.trustA,
        school_id: world.schoolA1,
        sealed: sealCredentials(randomBytes(32), SECRET),
        updated_at: t.clock.now(),
        updated_by: null,
      })
      .execute();
    const before = await snapshot(t);
    const refused = await admin.post(`/accounts/${other}/credentials/reveal`, {
      reason: 'Posting the concert photos tonight',
    });
    expect(refused.statusCode).toBe(409);
    expect(pageText(refused.body)).toContain(
      'The stored sign-in details cannot be read with this installation’s secret key.',
    );
    for (const part of SECRET_PARTS) expect(refused.body).not.toContain(part);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
  });

  it('ACC-4: details are kept only for approved and live accounts; an account with none has nothing to reveal', async () => {
    const proposed = await account('Grebe trip', 'proposed');
    const before = await snapshot(t);
    const page = await admin.get(`/accounts/${proposed}/credentials`);
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toBe(`/accounts/${proposed}`);
    expect((await admin.post(`/accounts/${proposed}/credentials`, SECRET)).headers.location).toBe(
      `/accounts/${proposed}`,
    );
    expect(pageText((await admin.get(`/accounts/${proposed}`)).body)).toContain(
      'Sign-in details are kept only for an approved account that has not been closed',
    );
    const nothing = await admin.get(`/accounts/${proposed}/credentials/reveal`);
    expect(nothing.statusCode).toBe(200);
    expect(pageText(nothing.body)).toContain(
      'No sign-in details are stored for this account, so there is nothing to reveal.',
    );
    expect(
      (await admin.post(`/accounts/${proposed}/credentials/reveal`, { reason: 'There is nothing here to see at all' }))
        .statusCode,
    ).toBe(200);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
  });
});
