import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { TEST_SECRET_KEY, startTestApp, type TestApp } from '../support/app.ts';
import { Agent } from '../support/agent.ts';
import { PASSWORD, seedWorld, type World } from '../support/world.ts';
import { freshDatabase } from '../support/database.ts';
import type { DatabaseHandle } from '../../src/platform/db/connect.ts';
import type { Database } from '../../src/platform/db/schema.ts';
import { GENESIS_HASH, eventHash, recordAudit, verifyAuditChain } from '../../src/platform/audit/audit.ts';
import { auditKeyFrom, currentAuditKey, useAuditKey, type AuditKey } from '../../src/platform/audit/keys.ts';
import {
  checkpointPath,
  readCheckpoint,
  takeCheckpoint,
  writeCheckpoint,
} from '../../src/platform/audit/checkpoint.ts';
import {
  AUDIT_CHECKPOINT_JOB,
  registerAuditCheckpoint,
  scheduleAuditCheckpoint,
} from '../../src/platform/audit/jobs.ts';
import { JobRunner } from '../../src/platform/jobs/jobs.ts';
import { makeUpn } from '../../src/modules/directory/import/rules/index.ts';

const NOW = new Date('2026-11-18T10:00:00Z');
const actor = { id: null, label: 'Audit test' };

/** Appends n events, each in its own transaction as the app does, with varied summaries. */
async function appendEvents(db: Kysely<Database>, n: number, from = 1): Promise<void> {
  for (let i = from; i < from + n; i++) {
    await db.transaction().execute((trx) =>
      recordAudit(trx, new Date(NOW.getTime() + i * 1000), {
        actor,
        action: `test.event-${i}`,
        entityType: 'test',
        entityId: String(i),
        summary: {
          i,
          name: `Event ${i}`,
          nested: { z: [1, 'two', null], a: true },
          quote: 'it’s “quoted” & <escaped>',
        },
      }),
    );
  }
}

async function withTriggerDisabled(
  db: Kysely<Database>,
  change: (db: Kysely<Database>) => Promise<unknown>,
): Promise<void> {
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
  afterAll(async () => {
    await t.close();
  });

  it('GOV-3: every change made through the app is recorded, and the events form an intact hash chain', async () => {
    const db = t.database.db;
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 0, unkeyed: 0, keyedFrom: null });
    const admin = new Agent(t.app);
    expect((await admin.signIn(world.people['admin-a1']!.email, PASSWORD)).statusCode).toBe(302);
    const created = await admin.post(
      '/pupils/new',
      {
        upn: makeUpn(90_001),
        givenName: 'Audit',
        familyName: 'Trail',
        preferredName: '',
        'dateOfBirth-day': '3',
        'dateOfBirth-month': '9',
        'dateOfBirth-year': '2018',
        yearGroup: '3',
        formGroup: '3A',
        consents: ['social', 'website'],
        neverPublish: 'no',
      },
      { tokenFrom: '/pupils/new' },
    );
    expect(created.statusCode, created.body).toBe(302);
    const pupilId = /^\/pupils\/([0-9a-f-]{36})$/.exec(created.headers.location as string)![1]!;
    const edited = await admin.post(`/pupils/${pupilId}/edit`, {
      upn: makeUpn(90_001),
      givenName: 'Audit',
      familyName: 'Trail-Changed',
      preferredName: '',
      'dateOfBirth-day': '3',
      'dateOfBirth-month': '9',
      'dateOfBirth-year': '2018',
      yearGroup: '3',
      formGroup: '3B',
      consents: ['website'],
      neverPublish: 'no',
    });
    expect(edited.statusCode, edited.body).toBe(302);
    const parent = await admin.post(`/pupils/${pupilId}/parents/new`, {
      givenName: 'Pat',
      familyName: 'Trail',
      email: 'pat@example.com',
      phone: '',
      relationship: 'Mother',
    });
    expect(parent.statusCode, parent.body).toBe(302);
    const token = await admin.post(
      '/settings/api-tokens',
      { name: 'Nightly sync' },
      { tokenFrom: '/settings/api-tokens' },
    );
    expect(token.statusCode).toBe(200);
    const tokenId = (
      await db.selectFrom('api_token').select('id').where('name', '=', 'Nightly sync').executeTakeFirstOrThrow()
    ).id;
    expect((await admin.post(`/settings/api-tokens/${tokenId}/revoke`, {})).statusCode).toBe(302);

    const events = await db.selectFrom('audit_event').selectAll().orderBy('seq').execute();
    expect(events.map((e) => e.action)).toEqual([
      'person.signed-in',
      'pupil.created',
      'pupil.updated',
      'parent.linked',
      'api-token.created',
      'api-token.revoked',
    ]);
    expect(
      events.every(
        (e) =>
          e.actor_id === world.people['admin-a1']!.id && e.school_id === world.schoolA1 && e.trust_id === world.trustA,
      ),
    ).toBe(true);
    expect(events[2]!.summary).toMatchObject({
      family_name: { from: 'Trail', to: 'Trail-Changed' },
      form_group: { from: '3A', to: '3B' },
    });
    // Each event links to the one before it, from the genesis hash, and its hash is an HMAC of its
    // content with the audit key derived from the master key (which the database does not hold).
    const key = auditKeyFrom(Buffer.from(TEST_SECRET_KEY, 'hex'));
    expect(currentAuditKey()).toEqual(key);
    let prev = GENESIS_HASH;
    for (const e of events) {
      expect(e.prev_hash).toBe(prev);
      expect(e.key_id).toBe(key.id);
      expect(e.hash).toBe(eventHash(prev, { ...e, at: new Date(e.at) }, key));
      expect(e.hash).not.toBe(eventHash(prev, { ...e, at: new Date(e.at) }));
      prev = e.hash;
    }
    expect(await verifyAuditChain(db)).toMatchObject({
      ok: true,
      checked: events.length,
      unkeyed: 0,
      keyedFrom: events[0]!.seq,
    });
    // The chain is walked in batches; a batch boundary changes nothing.
    expect(await verifyAuditChain(db, { batchSize: 2 })).toMatchObject({ ok: true, checked: events.length });

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
    await expect(
      sql`UPDATE audit_event SET summary = '{"edited": true}' WHERE seq = ${seq}`.execute(db),
    ).rejects.toThrow(/audit events are append-only/);
    await expect(db.updateTable('audit_event').set({ actor_label: 'Someone else' }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM audit_event WHERE seq = ${seq}`.execute(db)).rejects.toThrow(
      /audit events are append-only/,
    );
    await expect(db.deleteFrom('audit_event').execute()).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_event`.execute(db)).rejects.toThrow(/audit events are append-only/);
    expect(await db.selectFrom('audit_event').selectAll().orderBy('seq').execute()).toEqual(before);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});

const MASTER = randomBytes(32);
const KEY = auditKeyFrom(MASTER);
const CONTENT =
  'its content no longer matches its hash (the event was edited, or the chain was recomputed without the key)';
const LINK = 'it does not link to the event before it (an event was removed or reordered)';

describe('detecting tampering', () => {
  let database: DatabaseHandle;
  beforeEach(async () => {
    useAuditKey(MASTER);
    database = await freshDatabase();
    await appendEvents(database.db, 6);
  });
  afterEach(async () => {
    await database.close();
  });

  const seqs = async () =>
    (await database.db.selectFrom('audit_event').select('seq').orderBy('seq').execute()).map((r) => r.seq);

  it('GOV-3: with the trigger disabled, editing one event’s summary is reported at that event as the first broken link', async () => {
    const db = database.db;
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 6 });
    const target = (await seqs())[3]!;
    await withTriggerDisabled(db, (d) =>
      sql`UPDATE audit_event SET summary = jsonb_set(summary, '{name}', '"Nothing to see"') WHERE seq = ${target}`.execute(
        d,
      ),
    );
    const result = await verifyAuditChain(db);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toEqual({ seq: target, reason: CONTENT });
    expect(result.checked).toBe(3);
    // Found across a batch boundary too.
    expect((await verifyAuditChain(db, { batchSize: 2 })).firstBroken?.seq).toBe(target);
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

  it('GOV-3 (issue 8.7): rewriting an event with a hash recomputed without the key is caught at that event', async () => {
    const db = database.db;
    const all = await db.selectFrom('audit_event').selectAll().orderBy('seq').execute();
    const victim = all[2]!;
    const forged = { ...victim, at: new Date(victim.at), summary: { ...(victim.summary as object), name: 'Forged' } };
    for (const guess of [
      eventHash(victim.prev_hash, forged),
      eventHash(victim.prev_hash, forged, auditKeyFrom(randomBytes(32))),
    ]) {
      await withTriggerDisabled(db, (d) =>
        sql`UPDATE audit_event SET summary = ${JSON.stringify(forged.summary)}::jsonb, hash = ${guess} WHERE seq = ${victim.seq}`.execute(
          d,
        ),
      );
      expect((await verifyAuditChain(db)).firstBroken).toEqual({ seq: victim.seq, reason: CONTENT });
    }
  });

  it('GOV-3: someone who also holds the key and rewrites one event with its own hash still breaks the link from the next event', async () => {
    const db = database.db;
    const all = await db.selectFrom('audit_event').selectAll().orderBy('seq').execute();
    const victim = all[2]!;
    const forged = { ...victim, at: new Date(victim.at), summary: { ...(victim.summary as object), name: 'Forged' } };
    const forgedHash = eventHash(victim.prev_hash, forged, KEY);
    await withTriggerDisabled(db, (d) =>
      sql`UPDATE audit_event SET summary = ${JSON.stringify(forged.summary)}::jsonb, hash = ${forgedHash} WHERE seq = ${victim.seq}`.execute(
        d,
      ),
    );
    const result = await verifyAuditChain(db);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toEqual({ seq: all[3]!.seq, reason: LINK });
  });

  it('GOV-3 (issue 8.7): the whole chain recomputed from an edited event onwards without the key is caught at the edited event', async () => {
    const db = database.db;
    const all = await db.selectFrom('audit_event').selectAll().orderBy('seq').execute();
    const guessedKey = auditKeyFrom(randomBytes(32));
    await withTriggerDisabled(db, async (d) => {
      let prev = all[1]!.hash;
      for (const row of all.slice(2)) {
        const summary = row.seq === all[2]!.seq ? { ...(row.summary as object), name: 'Forged' } : row.summary;
        const hash = eventHash(prev, { ...row, at: new Date(row.at), summary }, guessedKey);
        await sql`UPDATE audit_event SET summary = ${JSON.stringify(summary)}::jsonb, prev_hash = ${prev}, hash = ${hash}, key_id = ${guessedKey.id} WHERE seq = ${row.seq}`.execute(
          d,
        );
        prev = hash;
      }
    });
    const result = await verifyAuditChain(db);
    expect(result.ok).toBe(false);
    expect(result.firstBroken!.seq).toBe(all[2]!.seq);
    expect(result.firstBroken!.reason).toContain(`sealed with a key this check was not given (key ${guessedKey.id})`);
    // Pretending it was sealed with the real key does not help either.
    await withTriggerDisabled(db, (d) => sql`UPDATE audit_event SET key_id = ${KEY.id}`.execute(d));
    expect((await verifyAuditChain(db)).firstBroken).toEqual({ seq: all[2]!.seq, reason: CONTENT });
  });

  it('GOV-3: deleting an event from the middle of the chain is detected at the event after it', async () => {
    const db = database.db;
    const [, , removed, next] = await seqs();
    await withTriggerDisabled(db, (d) => d.deleteFrom('audit_event').where('seq', '=', removed!).execute());
    const result = await verifyAuditChain(db);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toEqual({ seq: next!, reason: LINK });
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
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.transaction().execute(async (trx) => {
          await recordAudit(trx, NOW, {
            actor,
            action: 'test.concurrent',
            entityType: 'test',
            entityId: String(i),
            summary: { i },
          });
          await sql`SELECT pg_sleep(0.005)`.execute(trx); // keep the transaction open a moment after appending
        }),
      ),
    );
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 26 });
    const events = await db.selectFrom('audit_event').select(['prev_hash']).execute();
    expect(new Set(events.map((e) => e.prev_hash)).size).toBe(events.length); // no fork
  });

  it('GOV-3: an event rolled back with its change leaves no trace in the chain', async () => {
    const db = database.db;
    await db
      .transaction()
      .execute(async (trx) => {
        await recordAudit(trx, NOW, { actor, action: 'test.rolled-back', entityType: 'test' });
        throw new Error('the change failed');
      })
      .catch(() => undefined);
    await appendEvents(db, 1, 7);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 7 });
    expect(
      await db.selectFrom('audit_event').select('action').where('action', '=', 'test.rolled-back').execute(),
    ).toEqual([]);
  });
});

/** Appends events as they were written before migration 0005: no key, the plain SHA-256 hash. */
async function appendUnkeyed(db: Kysely<Database>, n: number): Promise<void> {
  for (let i = 1; i <= n; i++) {
    const last = await db.selectFrom('audit_event').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const prev = last?.hash ?? GENESIS_HASH;
    const row = {
      at: new Date(NOW.getTime() - (n - i + 1) * 60_000),
      trust_id: null,
      school_id: null,
      actor_id: null,
      actor_label: 'Before the upgrade',
      action: `old.event-${i}`,
      entity_type: 'test',
      entity_id: String(i),
      summary: { i },
    };
    await db
      .insertInto('audit_event')
      .values({
        ...row,
        summary: JSON.stringify(row.summary),
        prev_hash: prev,
        hash: eventHash(prev, row),
        key_id: null,
      })
      .execute();
  }
}

/** Rewrites events from `fromSeq` on in the old unkeyed form, relinking each, as someone with only database access could. */
async function rewriteUnkeyed(
  db: Kysely<Database>,
  fromSeq: number,
  change: (row: { seq: number; summary: unknown }) => unknown = (row) => row.summary,
): Promise<void> {
  const all = await db.selectFrom('audit_event').selectAll().orderBy('seq').execute();
  await withTriggerDisabled(db, async (d) => {
    let prev = GENESIS_HASH;
    for (const row of all) {
      if (row.seq < fromSeq) {
        prev = row.hash;
        continue;
      }
      const summary = change(row);
      const hash = eventHash(prev, { ...row, at: new Date(row.at), summary });
      await sql`UPDATE audit_event SET summary = ${JSON.stringify(summary)}::jsonb, prev_hash = ${prev}, hash = ${hash}, key_id = NULL WHERE seq = ${row.seq}`.execute(
        d,
      );
      prev = hash;
    }
  });
}

describe('events from before the chain was keyed (issue 8.7)', () => {
  let database: DatabaseHandle;
  beforeEach(async () => {
    useAuditKey(MASTER);
    database = await freshDatabase();
    await appendUnkeyed(database.db, 3);
    await appendEvents(database.db, 4);
  });
  afterEach(async () => {
    await database.close();
  });

  const rows = () => database.db.selectFrom('audit_event').selectAll().orderBy('seq').execute();

  it('GOV-3: old unkeyed events and the keyed events after them verify as one chain, and the old ones are counted', async () => {
    const all = await rows();
    expect(all.map((r) => r.key_id)).toEqual([null, null, null, KEY.id, KEY.id, KEY.id, KEY.id]);
    expect(all[3]!.prev_hash).toBe(all[2]!.hash); // the keyed chain continues the old one
    expect(await verifyAuditChain(database.db)).toMatchObject({
      ok: true,
      checked: 7,
      unkeyed: 3,
      keyedFrom: all[3]!.seq,
    });
  });

  it('GOV-3: an old event edited and the old chain recomputed up to the keyed events is caught where the keyed chain begins', async () => {
    const all = await rows();
    const firstKeyed = all[3]!;
    await rewriteUnkeyed(database.db, all[1]!.seq, (row) =>
      row.seq === all[1]!.seq ? { i: 2, name: 'Forged' } : row.summary,
    );
    // rewriteUnkeyed also rewrote the keyed events in the old form: put them back as they were, so only the link is off.
    await withTriggerDisabled(database.db, async (d) => {
      for (const row of all.slice(3))
        await sql`UPDATE audit_event SET prev_hash = ${row.prev_hash}, hash = ${row.hash}, key_id = ${row.key_id} WHERE seq = ${row.seq}`.execute(
          d,
        );
    });
    expect((await verifyAuditChain(database.db)).firstBroken).toEqual({ seq: firstKeyed.seq, reason: LINK });
    // Relinking the first keyed event to the forged chain breaks its seal instead.
    const forgedTail = (await rows())[2]!.hash;
    await withTriggerDisabled(database.db, (d) =>
      sql`UPDATE audit_event SET prev_hash = ${forgedTail} WHERE seq = ${firstKeyed.seq}`.execute(d),
    );
    expect((await verifyAuditChain(database.db)).firstBroken).toEqual({ seq: firstKeyed.seq, reason: CONTENT });
  });

  it('GOV-3: keyed events rewritten in the old unkeyed form after other keyed events are caught', async () => {
    const all = await rows();
    await rewriteUnkeyed(database.db, all[5]!.seq, (row) => ({ ...(row.summary as object), name: 'Forged' }));
    expect((await verifyAuditChain(database.db)).firstBroken).toEqual({
      seq: all[5]!.seq,
      reason: 'it carries an old unkeyed hash after keyed events (the chain was rewritten in the old form)',
    });
  });
});

describe('a checkpoint kept outside the database (issue 8.7)', () => {
  let database: DatabaseHandle;
  let dataDir: string;
  beforeEach(async () => {
    useAuditKey(MASTER);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-audit-checkpoint-'));
    database = await freshDatabase();
    await appendEvents(database.db, 6);
  });
  afterEach(async () => {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const rows = () => database.db.selectFrom('audit_event').selectAll().orderBy('seq').execute();
  const checkpointNow = (keys: AuditKey[] = [KEY]) =>
    takeCheckpoint(database.db, { dataDir, sealWith: KEY, keys, now: NOW, full: true });
  const verifyAgainstFile = async () => {
    const { checkpoint, problem } = readCheckpoint(checkpointPath(dataDir), [KEY]);
    expect(problem).toBeUndefined();
    return verifyAuditChain(database.db, { keys: [KEY], checkpoint: checkpoint! });
  };

  it('GOV-3: a checkpoint records the last event and its hash in DATA_DIR/audit-checkpoint.json, sealed with the key', async () => {
    const all = await rows();
    const run = await checkpointNow();
    expect(run.result).toMatchObject({ ok: true, checked: 6 });
    const file = path.join(dataDir, 'audit-checkpoint.json');
    const stored = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(stored).toEqual({
      seq: all[5]!.seq,
      hash: all[5]!.hash,
      eventAt: new Date(all[5]!.at).toISOString(),
      writtenAt: NOW.toISOString(),
      keyedFrom: all[0]!.seq,
      keyId: KEY.id,
      // Issue 14: the head of each chain (these test events belong to no trust: the installation's chain).
      chains: { installation: { seq: all[5]!.seq, hash: all[5]!.hash } },
      mac: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(readCheckpoint(file, [KEY]).checkpoint).toMatchObject({ seq: all[5]!.seq, hash: all[5]!.hash });
    expect(await verifyAgainstFile()).toMatchObject({ ok: true, checked: 6 });
    expect(fs.readdirSync(dataDir)).toEqual(['audit-checkpoint.json']); // no temporary file left behind
  });

  it('GOV-3: the tail cut off (fewer events than the checkpoint) is caught, naming the missing event', async () => {
    await checkpointNow();
    const all = await rows();
    await withTriggerDisabled(database.db, (d) => d.deleteFrom('audit_event').where('seq', '>', all[3]!.seq).execute());
    const result = await verifyAgainstFile();
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toEqual({
      seq: all[5]!.seq,
      reason: `it is missing: the checkpoint written at ${NOW.toISOString()} recorded it, but the log now ends at event ${all[3]!.seq} (events were removed from the end)`,
    });
    expect(result.checked).toBe(4);
  });

  it('GOV-3: the tail cut off and new events written after it is caught too', async () => {
    await checkpointNow();
    const all = await rows();
    await withTriggerDisabled(database.db, (d) => d.deleteFrom('audit_event').where('seq', '>', all[3]!.seq).execute());
    await appendEvents(database.db, 3, 50);
    const result = await verifyAgainstFile();
    expect(result.firstBroken!.seq).toBe(all[5]!.seq);
    expect(result.firstBroken!.reason).toContain('it is missing');
  });

  it('GOV-3: every event deleted is caught', async () => {
    await checkpointNow();
    await withTriggerDisabled(database.db, (d) => d.deleteFrom('audit_event').execute());
    expect((await verifyAgainstFile()).firstBroken!.reason).toContain('but the log is now empty');
  });

  it('GOV-3: the whole chain rewritten in the old unkeyed form passes on its own, but not against the checkpoint', async () => {
    await checkpointNow();
    const all = await rows();
    await rewriteUnkeyed(database.db, all[0]!.seq, (row) =>
      row.seq === all[2]!.seq ? { name: 'Forged' } : row.summary,
    );
    // Without anything outside the database, a complete rewrite in the old form cannot be told apart.
    expect(await verifyAuditChain(database.db, { keys: [KEY] })).toMatchObject({ ok: true, unkeyed: 6 });
    expect((await verifyAgainstFile()).firstBroken).toEqual({
      seq: all[0]!.seq,
      reason: 'it carries an old unkeyed hash after keyed events (the chain was rewritten in the old form)',
    });
  });

  it('GOV-3: events cut off after the last checkpoint are not detected (the documented limit)', async () => {
    await checkpointNow();
    await appendEvents(database.db, 2, 60);
    const checkpointed = (await rows())[5]!.seq;
    await withTriggerDisabled(database.db, (d) =>
      d.deleteFrom('audit_event').where('seq', '>', checkpointed).execute(),
    );
    expect(await verifyAgainstFile()).toMatchObject({ ok: true, checked: 6 });
  });

  it('GOV-3: a checkpoint file changed by hand, or sealed with another key, is reported and not trusted', async () => {
    await checkpointNow();
    const file = checkpointPath(dataDir);
    const original = fs.readFileSync(file, 'utf8');
    const edited = JSON.parse(original);
    edited.seq = edited.seq - 2;
    fs.writeFileSync(file, JSON.stringify(edited));
    expect(readCheckpoint(file, [KEY]).problem).toBe(
      `The checkpoint file ${file} has been changed since Postwarden wrote it (its seal does not match).`,
    );
    expect((await checkpointNow()).problem).toContain('has been changed since Postwarden wrote it');
    expect(fs.readFileSync(file, 'utf8')).toBe(JSON.stringify(edited)); // left as evidence

    const other = auditKeyFrom(randomBytes(32));
    writeCheckpoint(file, JSON.parse(original), other);
    expect(readCheckpoint(file, [KEY]).problem).toContain(
      `sealed with a key this check was not given (key ${other.id})`,
    );
    fs.writeFileSync(file, '{"seq": "not a checkpoint"');
    expect(readCheckpoint(file, [KEY]).problem).toBe(
      `The checkpoint file ${file} is damaged: it is not a checkpoint Postwarden wrote.`,
    );
    fs.rmSync(file);
    expect(readCheckpoint(file, [KEY])).toEqual({});
  });

  it('GOV-3: the checkpoint job checks what was added since the last checkpoint, moves it on, logs it, and books its next run', async () => {
    const db = database.db;
    const jobs = new JobRunner(db);
    const logged: { level: string; details: object; message: string }[] = [];
    registerAuditCheckpoint(jobs, {
      dataDir,
      secretKey: MASTER.toString('hex'),
      log: {
        info: (details, message) => logged.push({ level: 'info', details, message }),
        error: (details, message) => logged.push({ level: 'error', details, message }),
      },
    });
    await scheduleAuditCheckpoint(db, NOW);
    const file = checkpointPath(dataDir);
    expect(await jobs.runDueJobs(NOW)).toBe(0); // the first run is at the next quarter hour
    expect(fs.existsSync(file)).toBe(false);

    const slot1 = new Date('2026-11-18T10:15:00Z');
    expect(await jobs.runDueJobs(slot1)).toBe(1);
    let all = await rows();
    expect(readCheckpoint(file, [KEY]).checkpoint).toMatchObject({
      seq: all[5]!.seq,
      hash: all[5]!.hash,
      writtenAt: slot1.toISOString(),
    });
    expect(logged).toEqual([
      {
        level: 'info',
        details: {
          file,
          auditCheckpoint: { seq: all[5]!.seq, hash: all[5]!.hash, eventAt: new Date(all[5]!.at).toISOString() },
        },
        message: 'audit checkpoint written',
      },
    ]);

    await appendEvents(db, 2, 20);
    const slot2 = new Date('2026-11-18T10:30:00Z');
    expect(await jobs.runDueJobs(slot2)).toBe(1);
    all = await rows();
    expect(readCheckpoint(file, [KEY]).checkpoint).toMatchObject({ seq: all[7]!.seq, hash: all[7]!.hash });

    // An event added after that checkpoint is edited: the next run logs an error and leaves the file as it was.
    await appendEvents(db, 1, 30);
    const before = fs.readFileSync(file, 'utf8');
    const target = (await rows())[8]!.seq;
    await withTriggerDisabled(db, (d) =>
      sql`UPDATE audit_event SET actor_label = 'Someone else' WHERE seq = ${target}`.execute(d),
    );
    logged.length = 0;
    expect(await jobs.runDueJobs(new Date('2026-11-18T10:45:00Z'))).toBe(1);
    expect(logged).toEqual([
      {
        level: 'error',
        details: { file, auditEvent: target },
        message: `The audit log has been tampered with: event ${target} fails because ${CONTENT}. The checkpoint was left as it was. Run postwarden verify-audit.`,
      },
    ]);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    const next = await db
      .selectFrom('job')
      .select(['run_at', 'done_at'])
      .where('kind', '=', AUDIT_CHECKPOINT_JOB)
      .where('done_at', 'is', null)
      .execute();
    expect(next.map((j) => new Date(j.run_at).toISOString())).toEqual(['2026-11-18T11:00:00.000Z']);
  });
});

describe('a changed secret key (issue 8.7)', () => {
  let database: DatabaseHandle;
  let dataDir: string;
  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-audit-keys-'));
    database = await freshDatabase();
  });
  afterEach(async () => {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('GOV-3: events sealed before and after a key rotation verify with both keys, and name the missing one otherwise', async () => {
    const { verificationKeys } = await import('../../src/platform/audit/key-files.ts');
    const oldMaster = randomBytes(32);
    const newMaster = randomBytes(32);
    useAuditKey(oldMaster);
    await appendEvents(database.db, 2);
    useAuditKey(newMaster);
    await appendEvents(database.db, 2, 3);
    const oldKey = auditKeyFrom(oldMaster);
    const newKey = auditKeyFrom(newMaster);
    const first = (await database.db.selectFrom('audit_event').select('seq').orderBy('seq').executeTakeFirstOrThrow())
      .seq;
    expect((await verifyAuditChain(database.db, { keys: [newKey] })).firstBroken).toEqual({
      seq: first,
      reason: `it was sealed with a key this check was not given (key ${oldKey.id}); if the secret key was changed, give the old one too`,
    });
    expect(await verifyAuditChain(database.db, { keys: [newKey, oldKey] })).toMatchObject({ ok: true, checked: 4 });

    // What rotate-key leaves in DATA_DIR is found: the new key file and the old one beside it.
    fs.writeFileSync(path.join(dataDir, 'secret.key'), `${newMaster.toString('hex')}\n`);
    fs.writeFileSync(path.join(dataDir, 'secret.key.20261118T100000Z.old'), `${oldMaster.toString('hex')}\n`);
    const found = verificationKeys({ secretKey: undefined, dataDir });
    expect(found.problems).toEqual([]);
    expect(found.current).toEqual(newKey);
    expect(found.keys.map((k) => k.id).sort()).toEqual([newKey.id, oldKey.id].sort());
    expect(await verifyAuditChain(database.db, { keys: found.keys })).toMatchObject({ ok: true });
  });

  it('GOV-3: recording an event with no audit key set is refused rather than written unkeyed', async () => {
    vi.resetModules(); // fresh copies of the audit modules, as in a process that never set the key
    const keys = await import('../../src/platform/audit/keys.ts');
    const audit = await import('../../src/platform/audit/audit.ts');
    expect(() => keys.currentAuditKey()).toThrow('The audit key is not set');
    await expect(
      database.db
        .transaction()
        .execute((trx) => audit.recordAudit(trx, NOW, { actor, action: 'test.unkeyed', entityType: 'test' })),
    ).rejects.toThrow('The audit key is not set');
    expect(await database.db.selectFrom('audit_event').select('seq').execute()).toEqual([]);
    keys.useAuditKey(randomBytes(32));
    await database.db
      .transaction()
      .execute((trx) => audit.recordAudit(trx, NOW, { actor, action: 'test.keyed', entityType: 'test' }));
    expect(await database.db.selectFrom('audit_event').select('key_id').execute()).toEqual([
      { key_id: keys.currentAuditKey().id },
    ]);
  });
});
