import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHILD_TIMEOUT, postwarden, withDb } from './run-cli.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import { seedWorld } from '../support/world.ts';
import { reportConcern } from '../../src/modules/incidents/report/service.ts';
import { sha256Of } from '../../src/modules/incidents/evidence/files.ts';
import { useAuditKey } from '../../src/platform/audit/keys.ts';
import { loadMasterKey } from '../../src/platform/crypto/keys.ts';

// INC-2: `postwarden verify-evidence` re-hashes every evidence file, as a real child process against an on-disk database.
describe('postwarden verify-evidence (command line)', () => {
  let dataDir: string;
  let reference: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-cli-evidence-'));
    // Reporting writes audit events, sealed with the key the command will find in the data folder.
    useAuditKey(loadMasterKey(undefined, dataDir));
    await withDb(dataDir, async (db) => {
      await migrateToLatest(db);
      const world = await seedWorld(db);
      const form = {
        kind: 'staff-misuse',
        description: 'A teacher posted a pupil’s photo on a personal account',
        disclosure: '',
        atRisk: 'no',
        where: '',
        whereSite: '',
        day: '',
        month: '',
        year: '',
        time: '',
        involved: ['', '', ''],
        picks: ['', '', ''],
        outside: '',
        postId: '',
      };
      const files = [
        {
          fileName: 'post.txt',
          declaredType: 'text/plain',
          bytes: Buffer.from('Copied text of the post'),
          truncated: false,
        },
        { fileName: 'letter.pdf', declaredType: 'application/pdf', bytes: Buffer.from('%PDF-1.4\n'), truncated: false },
      ];
      const result = await reportConcern(
        db,
        new Date(),
        { trustId: world.trustA, schoolId: world.schoolA1 },
        { id: world.people['teacher-a1']!.id, label: 'teacher' },
        form,
        files,
        { uploadLimitMb: 5, baseUrl: 'http://localhost' },
      );
      reference = result.reference;
    });
  }, CHILD_TIMEOUT);
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'INC-2: with every file as it was added, it says so and exits 0',
    async () => {
      const run = await postwarden(dataDir, ['verify-evidence']);
      expect(run.stdout).toContain('Every evidence file is as it was added: 2 files checked.');
      expect(run.code).toBe(0);
    },
    CHILD_TIMEOUT,
  );

  it(
    'INC-2: a file changed behind the database’s back, even with its stored hash changed too, is named, and the command exits 1',
    async () => {
      await withDb(dataDir, async (db) => {
        // Someone with full control of the database turns the guard off and rewrites both the bytes and the hash.
        await sql`ALTER TABLE case_evidence DISABLE TRIGGER case_evidence_no_change`.execute(db);
        const forged = Buffer.from('Something else entirely');
        await db
          .updateTable('case_evidence')
          .set({ bytes: forged, sha256: sha256Of(forged), size_bytes: forged.length })
          .where('file_name', '=', 'post.txt')
          .execute();
        await db
          .updateTable('case_evidence')
          .set({ bytes: Buffer.from('%PDF-1.5\n') })
          .where('file_name', '=', 'letter.pdf')
          .execute();
        await sql`ALTER TABLE case_evidence ENABLE TRIGGER case_evidence_no_change`.execute(db);
      });
      const run = await postwarden(dataDir, ['verify-evidence']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`Changed: case ${reference} at Alder Primary, letter.pdf`);
      expect(run.stderr).toContain('its bytes no longer match the fingerprint stored with it');
      expect(run.stderr).toContain(`Changed: case ${reference} at Alder Primary, post.txt`);
      expect(run.stderr).toContain('the fingerprint written in the case’s chronology');
      expect(run.stderr).toContain('2 of 2 evidence files have changed');
    },
    CHILD_TIMEOUT,
  );
});
