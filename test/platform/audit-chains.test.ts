import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db/connect.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import type { Database } from '../../src/platform/db/schema.ts';
import { GENESIS_HASH, eventHash, recordAudit, verifyAuditChain } from '../../src/platform/audit/audit.ts';
import { auditKeyFrom, useAuditKey } from '../../src/platform/audit/keys.ts';
import {
  checkpointPath,
  readCheckpoint,
  takeCheckpoint,
  writeCheckpoint,
} from '../../src/platform/audit/checkpoint.ts';

const NOW = new Date('2026-11-18T10:00:00Z');
const MASTER = randomBytes(32);
const KEY = auditKeyFrom(MASTER);
const actor = { id: null, label: 'Chain test' };
const MIGRATIONS = path.resolve(import.meta.dirname, '../../migrations');

/** Brings a new database up to the migration before `stopBefore`, as an installation of that time was. */
async function migrateUpTo(db: Kysely<Database>, stopBefore: string): Promise<void> {
  const names = fs
    .readdirSync(MIGRATIONS)
    .filter((f) => /^\d{4}_.+\.ts$/.test(f) && f < stopBefore)
    .sort()
    .map((f) => f.replace(/\.ts$/, ''));
  const migrations: Record<string, Migration> = {};
  for (const name of names) migrations[name] = (await import(path.join(MIGRATIONS, `${name}.ts`))) as Migration;
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
  if (error) throw error;
}

async function makeTrust(db: Kysely<Database>, name: string): Promise<string> {
  const row = await db
    .insertInto('trust')
    .values({ name, slug: `${name.toLowerCase()}-${randomUUID().slice(0, 6)}`, created_at: NOW })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An event as the code before migration 0020 wrote it: one chain for the whole installation. */
async function appendOneChain(db: Kysely<Database>, trustId: string | null, i: number): Promise<void> {
  const last = await db.selectFrom('audit_event').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const prev = last?.hash ?? GENESIS_HASH;
  const row = {
    at: new Date(NOW.getTime() + i * 1000),
    trust_id: trustId,
    school_id: null,
    actor_id: null,
    actor_label: 'Before per-trust chains',
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
      hash: eventHash(prev, row, KEY),
      key_id: KEY.id,
    })
    .execute();
}

const append = (db: Kysely<Database>, trustId: string | null, i: number) =>
  db.transaction().execute((trx) =>
    recordAudit(trx, new Date(NOW.getTime() + i * 1000), {
      actor,
      action: `test.event-${i}`,
      entityType: 'test',
      entityId: String(i),
      trustId,
      summary: { i },
    }),
  );

async function withTriggerDisabled(db: Kysely<Database>, change: () => Promise<unknown>): Promise<void> {
  await sql`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change`.execute(db);
  try {
    await change();
  } finally {
    await sql`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_change`.execute(db);
  }
}

describe('GOV-3: one audit chain per trust (issue 14, migration 0020)', () => {
  let database: DatabaseHandle;
  let dataDir: string;
  let trustA: string;
  let trustB: string;
  beforeEach(async () => {
    useAuditKey(MASTER);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-audit-chains-'));
    database = await openDatabase({});
    // An installation from before per-trust chains, with events of two trusts and of none on its one chain.
    await migrateUpTo(database.db, '0020');
    trustA = await makeTrust(database.db, 'Alder');
    trustB = await makeTrust(database.db, 'Birch');
    for (let i = 1; i <= 6; i++) await appendOneChain(database.db, [trustA, trustB, null][i % 3]!, i);
    const last = await database.db
      .selectFrom('audit_event')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    // Its checkpoint file, in the form written then (no chain heads).
    writeCheckpoint(
      checkpointPath(dataDir),
      {
        seq: last.seq,
        hash: last.hash,
        eventAt: new Date(last.at).toISOString(),
        writtenAt: NOW.toISOString(),
        keyedFrom: 1,
        keyId: KEY.id,
      },
      KEY,
    );
    expect(await migrateToLatest(database.db)).toContain('0020_audit_chain_per_trust');
  });
  afterEach(async () => {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const events = () => database.db.selectFrom('audit_event').selectAll().orderBy('seq').execute();
  const oldCheckpoint = () => readCheckpoint(checkpointPath(dataDir), [KEY]).checkpoint!;

  it('ISSUE-14: after the upgrade each trust writes its own chain, which begins at the end of the old one; the whole log verifies, against the old checkpoint too', async () => {
    const before = await events();
    const oldEnd = before.at(-1)!;
    for (let i = 10; i < 16; i++) await append(database.db, [trustA, trustB, null][i % 3]!, i);
    const after = (await events()).slice(before.length);
    for (const chain of [trustA, trustB, null]) {
      const mine = after.filter((e) => e.trust_id === chain);
      expect(mine).toHaveLength(2);
      expect(mine[0]!.prev_hash).toBe(oldEnd.hash); // each new chain starts at the old chain's end
      expect(mine[1]!.prev_hash).toBe(mine[0]!.hash); // and links within its trust only
    }
    expect(await verifyAuditChain(database.db, { keys: [KEY] })).toMatchObject({ ok: true, checked: 12 });
    expect(await verifyAuditChain(database.db, { keys: [KEY], checkpoint: oldCheckpoint() })).toMatchObject({
      ok: true,
      checked: 12,
    });
    expect(
      await verifyAuditChain(database.db, { keys: [KEY], checkpoint: oldCheckpoint(), fromCheckpoint: true }),
    ).toMatchObject({ ok: true, checked: 6 });
    // verify-audit's checkpoint moves on and records each chain's head; the next check starts from them.
    const run = await takeCheckpoint(database.db, { dataDir, sealWith: KEY, keys: [KEY], now: NOW, full: true });
    expect(run.written!.chains).toMatchObject({
      legacy: { seq: oldEnd.seq, hash: oldEnd.hash },
      [trustA]: { seq: after.filter((e) => e.trust_id === trustA)[1]!.seq },
      [trustB]: { seq: after.filter((e) => e.trust_id === trustB)[1]!.seq },
      installation: { seq: after.filter((e) => e.trust_id === null)[1]!.seq },
    });
    await append(database.db, trustB, 20);
    const next = await takeCheckpoint(database.db, { dataDir, sealWith: KEY, keys: [KEY], now: NOW });
    expect(next.result).toMatchObject({ ok: true, checked: 1 });
  });

  it('ISSUE-14: an event removed from one trust’s chain is caught at the next event of that trust', async () => {
    for (let i = 10; i < 16; i++) await append(database.db, [trustA, trustB][i % 2]!, i);
    const ofA = (await events()).filter((e) => e.trust_id === trustA && e.action.startsWith('test.'));
    await withTriggerDisabled(database.db, () =>
      database.db.deleteFrom('audit_event').where('seq', '=', ofA[1]!.seq).execute(),
    );
    expect((await verifyAuditChain(database.db, { keys: [KEY] })).firstBroken).toEqual({
      seq: ofA[2]!.seq,
      reason: 'it does not link to the event before it (an event was removed or reordered)',
    });
  });

  it('ISSUE-14: the old chain’s last events cut off after the upgrade are caught (the per-trust chains are anchored to its end)', async () => {
    await append(database.db, trustA, 10);
    const before = await events();
    const oldEnd = before.filter((e) => e.action.startsWith('old.')).at(-1)!;
    await withTriggerDisabled(database.db, () =>
      database.db.deleteFrom('audit_event').where('seq', '=', oldEnd.seq).execute(),
    );
    const result = await verifyAuditChain(database.db, { keys: [KEY] });
    expect(result.ok).toBe(false);
    expect(result.firstBroken!.seq).toBe(oldEnd.seq);
    expect(result.firstBroken!.reason).toContain('no longer end where they did');
    // And the anchor cannot be moved to hide it.
    await expect(sql`UPDATE audit_chain_anchor SET cutover_seq = cutover_seq - 1`.execute(database.db)).rejects.toThrow(
      /cannot be changed/,
    );
  });

  it('ISSUE-14: trusts writing at the same time each keep one whole chain, with no fork', async () => {
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        database.db.transaction().execute(async (trx) => {
          await recordAudit(trx, NOW, {
            actor,
            action: 'test.concurrent',
            entityType: 'test',
            trustId: [trustA, trustB, null][i % 3]!,
            summary: { i },
          });
          await sql`SELECT pg_sleep(0.002)`.execute(trx);
        }),
      ),
    );
    expect(await verifyAuditChain(database.db, { keys: [KEY] })).toMatchObject({ ok: true, checked: 30 });
    const all = await events();
    expect(new Set(all.map((e) => e.prev_hash)).size).toBe(all.length - 2); // the three new chains share their first link only
  });
});
