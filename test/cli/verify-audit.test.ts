import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { CHILD_TIMEOUT, postwarden, withDb } from './run-cli.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import type { Database } from '../../src/platform/db/schema.ts';
import { eventHash, recordAudit } from '../../src/platform/audit/audit.ts';
import { useAuditKey } from '../../src/platform/audit/keys.ts';

// GOV-3 and issue 8.7: `postwarden verify-audit` checks the keyed chain against its checkpoint file,
// as a real child process against an on-disk embedded database.

const MASTER = randomBytes(32);
const NOW = new Date('2026-11-18T10:00:00Z');
const CONTENT =
  'its content no longer matches its hash (the event was edited, or the chain was recomputed without the key)';
const LINK = 'it does not link to the event before it (an event was removed or reordered)';

async function appendEvents(db: Kysely<Database>, n: number, from = 1): Promise<void> {
  for (let i = from; i < from + n; i++) {
    await db.transaction().execute((trx) =>
      recordAudit(trx, new Date(NOW.getTime() + i * 1000), {
        actor: { id: null, label: 'CLI test' },
        action: `test.event-${i}`,
        entityType: 'test',
        entityId: String(i),
        summary: { i, name: `Event ${i}` },
      }),
    );
  }
}

/** A change no app could make: the append-only trigger is switched off for it, as someone with database access could. */
async function tamper(
  dataDir: string,
  change: (db: Kysely<Database>, seqs: number[]) => Promise<unknown>,
): Promise<number[]> {
  return withDb(dataDir, async (db) => {
    const seqs = (await db.selectFrom('audit_event').select('seq').orderBy('seq').execute()).map((r) => r.seq);
    await sql`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change`.execute(db);
    try {
      await change(db, seqs);
    } finally {
      await sql`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_change`.execute(db);
    }
    return seqs;
  });
}

describe('postwarden verify-audit (command line)', () => {
  const dirs: string[] = [];
  let template: string;

  /** A copy of a data folder with five keyed events and the key file that sealed them. */
  const dataFolder = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-cli-verify-'));
    fs.cpSync(template, dir, { recursive: true });
    dirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    useAuditKey(MASTER);
    template = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-cli-verify-template-'));
    dirs.push(template);
    fs.writeFileSync(path.join(template, 'secret.key'), `${MASTER.toString('hex')}\n`, { mode: 0o600 });
    await withDb(template, async (db) => {
      await migrateToLatest(db);
      await appendEvents(db, 5);
    });
  }, 60_000);

  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    'GOV-3: an intact log exits 0, and the checkpoint is written to DATA_DIR/audit-checkpoint.json; the next run checks against it',
    async () => {
      const dataDir = dataFolder();
      const last = await withDb(dataDir, (db) =>
        db.selectFrom('audit_event').select(['seq', 'hash']).orderBy('seq', 'desc').executeTakeFirstOrThrow(),
      );
      const first = await postwarden(dataDir, ['verify-audit']);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toContain('The audit log is intact: 5 events checked.');
      const file = path.join(dataDir, 'audit-checkpoint.json');
      expect(first.stdout).toContain(`Checkpoint written to ${file}: event ${last.seq}, hash ${last.hash}.`);
      const checkpoint = JSON.parse(fs.readFileSync(file, 'utf8'));
      expect(checkpoint).toMatchObject({ seq: last.seq, hash: last.hash });

      const second = await postwarden(dataDir, ['verify-audit']);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toContain(
        `It still holds the checkpoint written at ${checkpoint.writtenAt} (event ${last.seq}).`,
      );
    },
    CHILD_TIMEOUT,
  );

  it(
    'GOV-3: an edited event exits 1, naming it',
    async () => {
      const dataDir = dataFolder();
      const seqs = await tamper(dataDir, (db, s) =>
        sql`UPDATE audit_event SET summary = '{"i": 3, "name": "Rewritten"}' WHERE seq = ${s[2]!}`.execute(db),
      );
      const run = await postwarden(dataDir, ['verify-audit']);
      expect(run.code, run.stdout + run.stderr).toBe(1);
      expect(run.stderr).toContain(
        `The audit log has been tampered with: event ${seqs[2]} fails because ${CONTENT}. 2 events before it are intact.`,
      );
      expect(run.stdout).not.toContain('intact:');
      expect(fs.existsSync(path.join(dataDir, 'audit-checkpoint.json'))).toBe(false); // no checkpoint over a broken chain
    },
    CHILD_TIMEOUT,
  );

  it(
    'GOV-3: an event deleted from the middle exits 1 at the event after it',
    async () => {
      const dataDir = dataFolder();
      const seqs = await tamper(dataDir, (db, s) => db.deleteFrom('audit_event').where('seq', '=', s[1]!).execute());
      const run = await postwarden(dataDir, ['verify-audit']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`event ${seqs[2]} fails because ${LINK}. 1 events before it are intact.`);
    },
    CHILD_TIMEOUT,
  );

  it(
    'GOV-3 (issue 8.7): the tail cut off after a checkpoint exits 1, saying which event is missing',
    async () => {
      const dataDir = dataFolder();
      expect((await postwarden(dataDir, ['verify-audit'])).code).toBe(0);
      const checkpoint = JSON.parse(fs.readFileSync(path.join(dataDir, 'audit-checkpoint.json'), 'utf8'));
      const seqs = await tamper(dataDir, (db, s) => db.deleteFrom('audit_event').where('seq', '>', s[2]!).execute());
      const run = await postwarden(dataDir, ['verify-audit']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        `event ${seqs[4]} fails because it is missing: the checkpoint written at ${checkpoint.writtenAt} recorded it, but the log now ends at event ${seqs[2]} (events were removed from the end). 3 events before it are intact.`,
      );
    },
    CHILD_TIMEOUT * 2,
  );

  it(
    'GOV-3 (issue 8.7): a chain recomputed without the key exits 1 at the first changed event',
    async () => {
      const dataDir = dataFolder();
      const seqs = await tamper(dataDir, async (db) => {
        const rows = await db.selectFrom('audit_event').selectAll().orderBy('seq').execute();
        let prev = rows[0]!.hash;
        for (const row of rows.slice(1)) {
          const summary = row.seq === rows[1]!.seq ? { i: 2, name: 'Forged' } : row.summary;
          const hash = eventHash(prev, { ...row, at: new Date(row.at), summary }); // the best anyone without the key can do
          await sql`UPDATE audit_event SET summary = ${JSON.stringify(summary)}::jsonb, prev_hash = ${prev}, hash = ${hash} WHERE seq = ${row.seq}`.execute(
            db,
          );
          prev = hash;
        }
      });
      const run = await postwarden(dataDir, ['verify-audit']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`event ${seqs[1]} fails because ${CONTENT}. 1 events before it are intact.`);
    },
    CHILD_TIMEOUT,
  );

  it(
    'GOV-3: without the secret key it cannot check, and exits 2 saying so',
    async () => {
      const dataDir = dataFolder();
      fs.rmSync(path.join(dataDir, 'secret.key'));
      const run = await postwarden(dataDir, ['verify-audit']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('The audit log was not checked: it needs the secret key');
      expect(fs.existsSync(path.join(dataDir, 'secret.key'))).toBe(false); // and it did not make one up
    },
    CHILD_TIMEOUT,
  );

  it(
    'GOV-3: after the secret key is changed, events sealed with the old key verify when the old key is given',
    async () => {
      const dataDir = dataFolder();
      const newMaster = randomBytes(32);
      const oldKeyFile = path.join(dataDir, 'old.key');
      fs.renameSync(path.join(dataDir, 'secret.key'), oldKeyFile);
      useAuditKey(newMaster);
      await withDb(dataDir, (db) => appendEvents(db, 2, 10));
      const env = { POSTWARDEN_SECRET_KEY: newMaster.toString('hex') };
      const without = await postwarden(dataDir, ['verify-audit'], { env });
      expect(without.code).toBe(1);
      expect(without.stderr).toContain('it was sealed with a key this check was not given');
      const withOld = await postwarden(dataDir, ['verify-audit', '--old-key-file', oldKeyFile], { env });
      expect(withOld.code, withOld.stderr).toBe(0);
      expect(withOld.stdout).toContain('The audit log is intact: 7 events checked.');
    },
    CHILD_TIMEOUT * 2,
  );
});
