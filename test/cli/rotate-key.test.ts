import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHILD_TIMEOUT, postwarden, withDb } from './run-cli.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import { loadMasterKey } from '../../src/platform/crypto/keys.ts';
import { verifyAuditChain } from '../../src/platform/audit/audit.ts';
import { auditKeyFrom } from '../../src/platform/audit/keys.ts';
import { CannotOpenError, openCredentials, sealCredentials } from '../../src/modules/accounts/credentials/seal.ts';

// ACC-4: `postwarden rotate-key` re-seals every stored secret with a new master key, as a real
// child process against an on-disk embedded database.

const DETAILS = [
  { username: 'parents-page@larkfield.sch.uk', password: 'Rotate-Me-Parents-2231', notes: 'codes in the safe' },
  { username: 'history.bsky.social', password: 'Rotate-Me-History-7784', notes: '' },
];

describe('postwarden rotate-key (command line)', () => {
  let dataDir: string;
  let keyFile: string;
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  let accountIds: string[] = [];

  const sealedNow = (dir = dataDir) =>
    withDb(dir, (db) =>
      db.selectFrom('account_secret').select(['account_id', 'sealed']).orderBy('account_id').execute(),
    );
  const filesIn = (dir: string) =>
    fs
      .readdirSync(dir)
      .filter((f) => f.startsWith('secret.key'))
      .sort();

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-cli-rotate-'));
    keyFile = path.join(dataDir, 'secret.key');
    fs.writeFileSync(keyFile, `${oldKey.toString('hex')}\n`, { mode: 0o600 });
    await withDb(dataDir, async (db) => {
      await migrateToLatest(db);
      const now = new Date();
      const trust = await db
        .insertInto('trust')
        .values({ name: 'Riverside', slug: 'riverside', created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      const school = await db
        .insertInto('school')
        .values({
          trust_id: trust.id,
          name: 'Larkfield Primary',
          slug: 'larkfield',
          phase: 'primary',
          urn: null,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const person = await db
        .insertInto('person')
        .values({
          trust_id: trust.id,
          school_id: school.id,
          mis_id: null,
          given_name: 'Gareth',
          family_name: 'Lowe',
          email: 'gareth@larkfield.sch.uk',
          employment_type: 'full-time',
          job_title: null,
          start_date: null,
          leaving_date: null,
          password_hash: null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const [i, details] of DETAILS.entries()) {
        const account = await db
          .insertInto('official_account')
          .values({
            trust_id: trust.id,
            school_id: school.id,
            name: `Account ${i + 1}`,
            platform: 'facebook',
            status: 'active',
            applicant_id: person.id,
            handle: `acc${i}`,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await db
          .insertInto('account_secret')
          .values({
            account_id: account.id,
            trust_id: trust.id,
            school_id: school.id,
            sealed: sealCredentials(oldKey, details),
            updated_at: now,
            updated_by: person.id,
          })
          .execute();
        accountIds.push(account.id);
      }
    });
    accountIds = [...accountIds].sort();
  }, 60_000);

  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'ACC-4: a bad or missing new key exits 2 with a plain message and changes nothing',
    async () => {
      const before = await sealedNow();
      const missingFile = path.join(dataDir, 'no-such.key');
      const shortFile = path.join(os.tmpdir(), `pw-short-${process.pid}.key`);
      fs.writeFileSync(shortFile, 'abc123\n');
      const cases: [string[], RegExp][] = [
        [['rotate-key'], /Say what the new key is/],
        [
          ['rotate-key', '--new-key', 'not-a-key'],
          /The new key must be 64 hexadecimal characters \(32 bytes\)\. Make one with: openssl rand -hex 32/,
        ],
        [['rotate-key', '--new-key-file', missingFile], /There is no file .*no-such\.key/],
        [['rotate-key', '--new-key-file', shortFile], /must hold the new key as 64 hexadecimal characters/],
        [['rotate-key', '--new-key', oldKey.toString('hex')], /The new key is the same as the current one/],
        [['rotate-key', '--new-key', newKey.toString('hex'), '--new-key-file', shortFile], /Give the new key once/],
        [['rotate-key', '--new-kee', newKey.toString('hex')], /Unknown option/],
      ];
      for (const [args, message] of cases) {
        const run = await postwarden(dataDir, args);
        expect(run.code, args.join(' ')).toBe(2);
        expect(run.stderr, args.join(' ')).toMatch(message);
        expect(run.stderr, args.join(' ')).not.toMatch(/\n\s+at /); // no stack trace
      }
      fs.rmSync(shortFile, { force: true });
      expect(await sealedNow()).toEqual(before);
      expect(filesIn(dataDir)).toEqual(['secret.key']);
      expect(fs.readFileSync(keyFile, 'utf8').trim()).toBe(oldKey.toString('hex'));
    },
    CHILD_TIMEOUT * 2,
  );

  it(
    'ACC-4: when the current key is not the one the secrets were sealed with, it exits 2, names the account and changes nothing',
    async () => {
      const before = await sealedNow();
      const run = await postwarden(dataDir, ['rotate-key', '--new-key', newKey.toString('hex')], {
        env: { POSTWARDEN_SECRET_KEY: randomBytes(32).toString('hex') },
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /^Nothing was changed\. The sign-in details of ‘Account \d’ \(Larkfield Primary\) cannot be opened with the current key\. Is POSTWARDEN_SECRET_KEY the key this database was written with\?/,
      );
      expect(await sealedNow()).toEqual(before);
      expect(
        await withDb(dataDir, (db) =>
          db.selectFrom('audit_event').select('seq').where('action', '=', 'credentials.key-rotated').execute(),
        ),
      ).toEqual([]);
      expect(filesIn(dataDir)).toEqual(['secret.key']);
    },
    CHILD_TIMEOUT,
  );

  it(
    'ACC-4: one secret the current key cannot open stops the whole rotation: the ones before it are not changed either',
    async () => {
      const last = 'ffffffff-ffff-4fff-bfff-ffffffffffff'; // sorts after the others, so they are re-sealed first
      await withDb(dataDir, async (db) => {
        const other = await db
          .selectFrom('official_account')
          .select(['trust_id', 'school_id', 'applicant_id'])
          .executeTakeFirstOrThrow();
        await db
          .insertInto('official_account')
          .values({
            id: last,
            ...other,
            name: 'Sealed elsewhere',
            platform: 'x',
            status: 'active',
            created_at: new Date(),
            updated_at: new Date(),
          })
          .execute();
        await db
          .insertInto('account_secret')
          .values({
            account_id: last,
            trust_id: other.trust_id,
            school_id: other.school_id,
            sealed: sealCredentials(randomBytes(32), DETAILS[0]!),
            updated_at: new Date(),
            updated_by: null,
          })
          .execute();
      });
      const before = await sealedNow();
      const run = await postwarden(dataDir, ['rotate-key', '--new-key', newKey.toString('hex')]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        'The sign-in details of ‘Sealed elsewhere’ (Larkfield Primary) cannot be opened with the current key.',
      );
      expect(await sealedNow()).toEqual(before);
      for (const id of accountIds)
        expect(openCredentials(oldKey, before.find((s) => s.account_id === id)!.sealed).username).toBeTruthy();
      expect(filesIn(dataDir)).toEqual(['secret.key']);
      await withDb(dataDir, async (db) => {
        await db.deleteFrom('account_secret').where('account_id', '=', last).execute();
        await db.deleteFrom('official_account').where('id', '=', last).execute();
      });
    },
    CHILD_TIMEOUT,
  );

  it(
    'ACC-4: --new-key-file re-seals every secret in one go: they open with the new key and not the old; the key file is replaced and the old one kept',
    async () => {
      const newKeyFile = path.join(os.tmpdir(), `pw-new-${process.pid}.key`);
      fs.writeFileSync(newKeyFile, `${newKey.toString('hex')}\n`, { mode: 0o600 });
      const run = await postwarden(dataDir, ['rotate-key', '--new-key-file', newKeyFile]);
      fs.rmSync(newKeyFile, { force: true });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Re-sealed 2 stored secrets with the new key.');
      expect(run.stdout).toContain(`${keyFile} now holds the new key; the old key is kept in ${keyFile}.`);
      expect(run.stdout).toContain('Everyone will need to sign in again');
      const after = await sealedNow();
      expect(after.map((s) => s.account_id)).toEqual(accountIds);
      const byId = new Map(after.map((s) => [s.account_id, s.sealed]));
      const opened = accountIds.map((id) => openCredentials(newKey, byId.get(id)!));
      expect(opened.map((d) => d.password).sort()).toEqual(DETAILS.map((d) => d.password).sort());
      for (const id of accountIds) expect(() => openCredentials(oldKey, byId.get(id)!)).toThrow(CannotOpenError);
      // The server reads the new key from the data folder at its next start; the old one is kept beside it.
      expect(loadMasterKey(undefined, dataDir).equals(newKey)).toBe(true);
      const backups = filesIn(dataDir).filter((f) => f.endsWith('.old'));
      expect(backups).toHaveLength(1);
      const backup = path.join(dataDir, backups[0]!);
      expect(fs.readFileSync(backup, 'utf8').trim()).toBe(oldKey.toString('hex'));
      expect(fs.statSync(backup).mode & 0o777).toBe(0o600);
      expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
      await withDb(dataDir, async (db) => {
        const audit = await db
          .selectFrom('audit_event')
          .select(['action', 'summary', 'actor_label'])
          .where('action', '=', 'credentials.key-rotated')
          .execute();
        expect(audit).toEqual([
          {
            action: 'credentials.key-rotated',
            summary: { secretsReSealed: 2 },
            actor_label: 'Command line: postwarden rotate-key',
          },
        ]);
        // Sealed by the command with the key in use when it ran; verify-audit finds the old key kept beside the new one.
        expect((await verifyAuditChain(db, { keys: [auditKeyFrom(oldKey), auditKeyFrom(newKey)] })).ok).toBe(true);
        const everything = JSON.stringify(await db.selectFrom('audit_event').selectAll().execute());
        for (const d of DETAILS) expect(everything).not.toContain(d.password);
      });
    },
    CHILD_TIMEOUT,
  );

  it(
    'ACC-4: with POSTWARDEN_SECRET_KEY set, it re-seals and says to change the setting, writing no key file',
    async () => {
      const newer = randomBytes(32);
      const run = await postwarden(dataDir, ['rotate-key', '--new-key', newer.toString('hex')], {
        env: { POSTWARDEN_SECRET_KEY: newKey.toString('hex') },
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Now set POSTWARDEN_SECRET_KEY to the new key on every instance');
      expect(fs.readFileSync(keyFile, 'utf8').trim()).toBe(newKey.toString('hex'));
      for (const s of await sealedNow()) {
        expect(openCredentials(newer, s.sealed).username).toMatch(/larkfield|history/);
        expect(() => openCredentials(newKey, s.sealed)).toThrow(CannotOpenError);
      }
    },
    CHILD_TIMEOUT,
  );
});
