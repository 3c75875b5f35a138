import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { startTestApp, type TestApp } from '../support/app.ts';
import { Agent } from '../support/agent.ts';
import { PASSWORD, seedWorld, type World } from '../support/world.ts';
import { freshDatabase } from '../support/database.ts';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db/connect.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import type { Database } from '../../src/platform/db/schema.ts';
import { GENESIS_HASH, eventHash, recordAudit, verifyAuditChain } from '../../src/platform/audit/audit.ts';
import { makeUpn } from '../../src/modules/directory/import/rules/index.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NOW = new Date('2026-11-18T10:00:00Z');
const actor = { id: null, label: 'Audit test' };

/** Appends n events, each in its own transaction as the app does, with varied summaries. */
async function appendEvents(db: Kysely<Database>, n: number, from = 1): Promise<void> {
  for (let i = from; i < from + n; i++) {
    await db.transaction().execute((trx) => recordAudit(trx, new Date(NOW.getTime() + i * 1000), {
      actor, action: `test.event-${i}`, entityType: 'test', entityId: String(i),
      summary: { i, name: `Event ${i}`, nested: { z: [1, 'two', null], a: true }, quote: 'it’s “quoted” & <escaped>' },
    }));
  }
}

async function withTriggerDisabled(db: Kysely<Database>, change: (db: Kysely<Database>) => Promise<unknown>): Promise<void> {
  await sql`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change`.execute(db);
  try {
    await change(db);
  } finally {
    await sql`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_change`.execute(db);
  }
}

describe('the audit trail, through the app', () => {
  let t: TestApp;
  let world: World;
  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t.database.db);
  });
  afterAll(async () => { await t.close(); });

  it('GOV-3: every change made through the app is recorded, and the events form an intact hash chain', async () => {
    const db = t.database.db;
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 0 });
    const admin = new Agent(t.app);
    expect((await admin.signIn(world.people['admin-a1']!.email, PASSWORD)).statusCode).toBe(302);
    const created = await admin.post('/pupils/new', {
      upn: makeUpn(90_001), givenName: 'Audit', familyName: 'Trail', preferredName: '', 'dateOfBirth-day': '3', 'dateOfBirth-month': '9', 'dateOfBirth-year': '2018',
      yearGroup: '3', formGroup: '3A', consents: ['social', 'website'], neverPublish: 'no',
    }, { tokenFrom: '/pupils/new' });
    expect(created.statusCode, created.body).toBe(302);
    const pupilId = /^\/pupils\/([0-9a-f-]{36})$/.exec(created.headers.location as string)![1]!;
    const edited = await admin.post(`/pupils/${pupilId}/edit`, {
      upn: makeUpn(90_001), givenName: 'Audit', familyName: 'Trail-Changed', preferredName: '', 'dateOfBirth-day': '3', 'dateOfBirth-month': '9', 'dateOfBirth-year': '2018',
      yearGroup: '3', formGroup: '3B', consents: ['website'], neverPublish: 'no',
    });
    expect(edited.statusCode, edited.body).toBe(302);
    const parent = await admin.post(`/pupils/${pupilId}/parents/new`, { givenName: 'Pat', familyName: 'Trail', email: 'pat@example.com', phone: '', relationship: 'Mother' });
    expect(parent.statusCode, parent.body).toBe(302);
    const token = await admin.post('/settings/api-tokens', { name: 'Nightly sync' }, { tokenFrom: '/settings/api-tokens' });
    expect(token.statusCode).toBe(200);
    const tokenId = (await db.selectFrom('api_token').select('id').where('name', '=', 'Nightly sync').executeTakeFirstOrThrow()).id;
    expect((await admin.post(`/settings/api-tokens/${tokenId}/revoke`, {})).statusCode).toBe(302);

    const events = await db.selectFrom('audit_event').selectAll().orderBy('seq').execute();
    expect(events.map((e) => e.action)).toEqual(['person.signed-in', 'pupil.created', 'pupil.updated', 'parent.linked', 'api-token.created', 'api-token.revoked']);
    expect(events.every((e) => e.actor_id === world.people['admin-a1']!.id && e.school_id === world.schoolA1 && e.trust_id === world.trustA)).toBe(true);
    expect(events[2]!.summary).toMatchObject({ family_name: { from: 'Trail', to: 'Trail-Changed' }, form_group: { from: '3A', to: '3B' } });
    // Each event links to the one before it, from the genesis hash, and its hash covers its content.
    let prev = GENESIS_HASH;
    for (const e of events) {
      expect(e.prev_hash).toBe(prev);
      expect(e.hash).toBe(eventHash(prev, { ...e, at: new Date(e.at) }));
      prev = e.hash;
    }
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: events.length });
    // The chain is walked in batches; a batch boundary changes nothing.
    expect(await verifyAuditChain(db, 2)).toEqual({ ok: true, checked: events.length });

    // An administrator can read the trail.
    const page = await admin.get('/audit');
    expect(page.statusCode).toBe(200);
    for (const action of ['pupil.created', 'pupil.updated', 'api-token.revoked']) expect(page.body).toContain(action);
  });

  it('GOV-3: the database refuses to UPDATE, DELETE or TRUNCATE audit events, even outside the app', async () => {
    const db = t.database.db;
    await appendEvents(db, 1, 100);
    const before = await db.selectFrom('audit_event').selectAll().orderBy('seq').execute();
    expect(before.length).toBeGreaterThan(0);
    const seq = before[0]!.seq;
    await expect(sql`UPDATE audit_event SET summary = '{"edited": true}' WHERE seq = ${seq}`.execute(db)).rejects.toThrow(/audit events are append-only/);
    await expect(db.updateTable('audit_event').set({ actor_label: 'Someone else' }).execute()).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_event WHERE seq = ${seq}`.execute(db)).rejects.toThrow(/audit events are append-only/);
    await expect(db.deleteFrom('audit_event').execute()).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_event`.execute(db)).rejects.toThrow(/audit events are append-only/);
    expect(await db.selectFrom('audit_event').selectAll().orderBy('seq').execute()).toEqual(before);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});

describe('detecting tampering', () => {
  let database: DatabaseHandle;
  beforeEach(async () => {
    database = await freshDatabase();
    await appendEvents(database.db, 6);
  });
  afterEach(async () => { await database.close(); });

  const seqs = async () => (await database.db.selectFrom('audit_event').select('seq').orderBy('seq').execute()).map((r) => r.seq);

  it('GOV-3: with the trigger disabled, editing one event’s summary is reported at that event as the first broken link', async () => {
    const db = database.db;
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 6 });
    const target = (await seqs())[3]!;
    await withTriggerDisabled(db, (d) => sql`UPDATE audit_event SET summary = jsonb_set(summary, '{name}', '"Nothing to see"') WHERE seq = ${target}`.execute(d));
    const result = await verifyAuditChain(db);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toEqual({ seq: target, reason: 'its content no longer matches its hash (the event was edited)' });
    expect(result.checked).toBe(3);
    // Found across a batch boundary too.
    expect((await verifyAuditChain(db, 2)).firstBroken?.seq).toBe(target);
  });

  it('GOV-3: editing any hashed field (time, actor, action, entity, tenant) is detected', async () => {
    const db = database.db;
    const [first, second, third, fourth, fifth] = await seqs();
    const edits: [number, string][] = [
      [first!, `at = at + interval '1 second'`],
      [second!, `actor_label = 'Someone else'`],
      [third!, `action = 'test.harmless'`],
      [fourth!, `entity_id = 'another'`],
      [fifth!, `school_id = gen_random_uuid()`],
    ];
    for (const [seq, set] of edits.reverse()) {
      await withTriggerDisabled(db, (d) => sql.raw(`UPDATE audit_event SET ${set} WHERE seq = ${seq}`).execute(d));
      expect((await verifyAuditChain(db)).firstBroken?.seq, set).toBe(seq);
    }
  });

  it('GOV-3: rewriting an event together with its own hash breaks the link from the next event', async () => {
    const db = database.db;
    const all = await db.selectFrom('audit_event').selectAll().orderBy('seq').execute();
    const victim = all[2]!;
    const forged = { ...victim, at: new Date(victim.at), summary: { ...(victim.summary as object), name: 'Forged' } };
    const forgedHash = eventHash(victim.prev_hash, forged);
    await withTriggerDisabled(db, (d) => sql`UPDATE audit_event SET summary = ${JSON.stringify(forged.summary)}::jsonb, hash = ${forgedHash} WHERE seq = ${victim.seq}`.execute(d));
    const result = await verifyAuditChain(db);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toEqual({ seq: all[3]!.seq, reason: 'it does not link to the event before it (an event was removed or reordered)' });
  });

  it('GOV-3: deleting an event from the middle of the chain is detected at the event after it', async () => {
    const db = database.db;
    const [, , removed, next] = await seqs();
    await withTriggerDisabled(db, (d) => d.deleteFrom('audit_event').where('seq', '=', removed!).execute());
    const result = await verifyAuditChain(db);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toEqual({ seq: next!, reason: 'it does not link to the event before it (an event was removed or reordered)' });
    expect(result.checked).toBe(2);
  });

  it('GOV-3: deleting the first event is detected too', async () => {
    const db = database.db;
    const [first, second] = await seqs();
    await withTriggerDisabled(db, (d) => d.deleteFrom('audit_event').where('seq', '=', first!).execute());
    expect((await verifyAuditChain(db)).firstBroken?.seq).toBe(second);
  });

  it('GOV-3: events appended at the same time from many transactions still form one chain', async () => {
    const db = database.db;
    await Promise.all(Array.from({ length: 20 }, (_, i) => db.transaction().execute(async (trx) => {
      await recordAudit(trx, NOW, { actor, action: 'test.concurrent', entityType: 'test', entityId: String(i), summary: { i } });
      await sql`SELECT pg_sleep(0.005)`.execute(trx); // keep the transaction open a moment after appending
    })));
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 26 });
    const events = await db.selectFrom('audit_event').select(['prev_hash']).execute();
    expect(new Set(events.map((e) => e.prev_hash)).size).toBe(events.length); // no fork
  });

  it('GOV-3: an event rolled back with its change leaves no trace in the chain', async () => {
    const db = database.db;
    await db.transaction().execute(async (trx) => {
      await recordAudit(trx, NOW, { actor, action: 'test.rolled-back', entityType: 'test' });
      throw new Error('the change failed');
    }).catch(() => undefined);
    await appendEvents(db, 1, 7);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 7 });
    expect(await db.selectFrom('audit_event').select('action').where('action', '=', 'test.rolled-back').execute()).toEqual([]);
  });
});

describe('postwarden verify-audit', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  const runCli = (dataDir: string) => spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', 'verify-audit'], {
    cwd: ROOT,
    // DATA_DIR only: the embedded database in that folder, whatever backend the suite runs on.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 120_000,
  });

  it('GOV-3: exits 0 saying the log is intact, and exits 1 naming the first tampered event', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-verify-'));
    dirs.push(dataDir);
    // One process per embedded data folder: populate it, close it, then let the CLI open it.
    let database = await openDatabase({ dataDir });
    await migrateToLatest(database.db);
    await appendEvents(database.db, 4);
    const target = (await database.db.selectFrom('audit_event').select('seq').orderBy('seq').execute())[2]!.seq;
    await database.close();

    const intact = runCli(dataDir);
    expect(intact.status, intact.stderr).toBe(0);
    expect(intact.stdout).toContain('The audit log is intact: 4 events checked.');

    database = await openDatabase({ dataDir });
    await withTriggerDisabled(database.db, (d) => sql`UPDATE audit_event SET summary = '{"i": 3, "name": "Rewritten"}' WHERE seq = ${target}`.execute(d));
    await database.close();

    const tampered = runCli(dataDir);
    expect(tampered.status, tampered.stdout + tampered.stderr).toBe(1);
    expect(tampered.stderr).toContain(`The audit log has been tampered with: event ${target} fails because its content no longer matches its hash (the event was edited). 2 events before it are intact.`);
    expect(tampered.stdout).not.toContain('intact:');
  }, 180_000);
});
