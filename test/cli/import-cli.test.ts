import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHILD_TIMEOUT, ROOT, postwarden, withDb } from './run-cli.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import { enqueueJob } from '../../src/platform/jobs/jobs.ts';
import { SEND_MAIL_JOB } from '../../src/platform/mail/mail.ts';
import { makeUpn } from '../../src/modules/directory/import/rules/index.ts';

// ORG-5: `postwarden import pupils|staff --school <slug> <file>` runs the same preview and apply as
// the web pages, as a real child process against an on-disk embedded database.

const FIXTURES = path.join(ROOT, 'test/fixtures/import');

const state = (dataDir: string) =>
  withDb(dataDir, async (db) => ({
    pupils: await db
      .selectFrom('pupil')
      .select(['upn', 'given_name', 'family_name', 'consent_social', 'never_publish', 'leaving_date', 'updated_at'])
      .orderBy('upn')
      .execute(),
    links: Number(
      (
        await db
          .selectFrom('pupil_parent')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    staff: await db
      .selectFrom('person')
      .select(['mis_id', 'email', 'employment_type', 'leaving_date'])
      .orderBy('mis_id')
      .execute(),
    batches: await db
      .selectFrom('import_batch')
      .select(['kind', 'status', 'uploaded_by'])
      .orderBy('created_at')
      .execute(),
  }));

describe('postwarden import (command line)', () => {
  let dataDir: string;
  let schoolId: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-cli-import-'));
    await withDb(dataDir, async (db) => {
      await migrateToLatest(db);
      const now = new Date();
      const trust = await db
        .insertInto('trust')
        .values({ name: 'St Mary’s', slug: 'st-marys', created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      const school = await db
        .insertInto('school')
        .values({
          trust_id: trust.id,
          name: 'St Mary’s RC Primary',
          slug: 'st-marys',
          phase: 'primary',
          urn: null,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      schoolId = school.id;
    });
  }, 60_000);

  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'ORG-5: imports a SIMS pupil export, prints the summary line and exits 0; running it again changes nothing',
    async () => {
      const first = await postwarden(dataDir, [
        'import',
        'pupils',
        '--school',
        'st-marys',
        '--everyone',
        path.join(FIXTURES, 'pupils-sims.csv'),
      ]);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout.trim()).toBe('St Mary’s RC Primary: 8 added, 0 updated, 0 unchanged, 0 marked as leavers.');

      const after = await state(dataDir);
      expect(after.pupils.map((p) => p.upn)).toEqual([
        'A330210415003',
        'A330210419007',
        'D330210414004',
        'G330210413005',
        'K330210412006',
        'U330210417001',
        'X330210416002',
        'Z330210413008',
      ]);
      expect(after.pupils.find((p) => p.upn === 'K330210412006')).toMatchObject({
        given_name: 'Siân',
        family_name: 'Evans',
      });
      expect(after.pupils.find((p) => p.upn === 'A330210415003')!.never_publish).toBe(true);
      expect(after.links).toBe(11);
      expect(after.batches).toEqual([{ kind: 'pupils', status: 'done', uploaded_by: null }]);

      const again = await postwarden(dataDir, [
        'import',
        'pupils',
        '--school',
        'st-marys',
        '--everyone',
        path.join(FIXTURES, 'pupils-sims.csv'),
      ]);
      expect(again.code).toBe(0);
      expect(again.stdout.trim()).toBe('St Mary’s RC Primary: 0 added, 0 updated, 8 unchanged, 0 marked as leavers.');
      const unchanged = await state(dataDir);
      expect(unchanged.pupils).toEqual(after.pupils);
      expect(unchanged.links).toBe(11);
    },
    CHILD_TIMEOUT * 2,
  );

  it(
    'ORG-5: a file with errors exits 1, lists each error with its line number on stderr, and imports nothing',
    async () => {
      const before = await state(dataDir);
      const run = await postwarden(dataDir, [
        'import',
        'pupils',
        '--school',
        'st-marys',
        '--everyone',
        path.join(FIXTURES, 'pupils-with-errors.csv'),
      ]);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trim().split('\n');
      expect(lines).toContain('line 3 (UPN): UPN is missing. Every pupil needs their 13-character Unique Pupil Number');
      expect(lines.find((l) => l.startsWith('line 5 (UPN): '))).toContain('is also on line 2');
      expect(lines.find((l) => l.startsWith('line 6 (DOB): '))).toContain('is in the future');
      expect(lines.find((l) => l.startsWith('line 7 (DOB): '))).toContain('not a date we can read');
      expect(lines.find((l) => l.startsWith('line 10 (Social Media Consent): '))).toContain('‘Maybe’');
      expect(lines.at(-1)).toMatch(/^\d+ errors: nothing was imported\.$/);
      const after = await state(dataDir);
      expect(after.pupils).toEqual(before.pupils);
      expect(after.links).toBe(before.links);
      expect(after.batches.at(-1)).toMatchObject({ status: 'previewed' });
    },
    CHILD_TIMEOUT,
  );

  it(
    'ORG-5: an unknown school, a missing file or a missing --school exits 2 with a plain message',
    async () => {
      const before = await state(dataDir);
      const unknown = await postwarden(dataDir, [
        'import',
        'pupils',
        '--school',
        'nowhere-academy',
        '--everyone',
        path.join(FIXTURES, 'pupils-sims.csv'),
      ]);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr.trim()).toBe("There is no school with the short name 'nowhere-academy'.");
      const noFile = await postwarden(dataDir, [
        'import',
        'pupils',
        '--school',
        'st-marys',
        '--everyone',
        path.join(FIXTURES, 'no-such-file.csv'),
      ]);
      expect(noFile.code).toBe(2);
      expect(noFile.stderr).toContain('There is no file at');
      const noSchool = await postwarden(dataDir, ['import', 'pupils', path.join(FIXTURES, 'pupils-sims.csv')]);
      expect(noSchool.code).toBe(2);
      expect(noSchool.stderr).toContain(
        'Usage: postwarden import pupils|staff --school <slug> --everyone|--only-changes [--confirm-leavers <number>] <file.csv>',
      );
      expect(await state(dataDir)).toEqual(before);
    },
    CHILD_TIMEOUT * 3,
  );

  it(
    'ORG-5: imports staff, and leaves other background jobs (such as waiting mail) to the server',
    async () => {
      // A message waiting to be sent: the import command must not pick it up and fail it for want of a handler.
      await withDb(dataDir, (db) =>
        enqueueJob(
          db,
          SEND_MAIL_JOB,
          { messageId: '00000000-0000-4000-8000-000000000000' },
          { runAt: new Date(Date.now() - 60_000), dedupeKey: 'mail:cli-test' },
        ),
      );
      const run = await postwarden(dataDir, [
        'import',
        'staff',
        '--school',
        'st-marys',
        '--only-changes',
        path.join(FIXTURES, 'staff-sims.csv'),
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout.trim()).toBe('St Mary’s RC Primary: 7 added, 0 updated, 0 unchanged, 0 marked as leavers.');
      const after = await state(dataDir);
      expect(after.staff.map((s) => s.mis_id)).toEqual(['ABE', 'DOS', 'ELW', 'GMC', 'KNG', 'PSH', 'RFR']);
      expect(after.staff.find((s) => s.mis_id === 'GMC')).toMatchObject({
        email: 'g.mccarthy@stmarys.example.sch.uk',
        employment_type: 'part-time',
      });
      const mail = await withDb(dataDir, (db) =>
        db
          .selectFrom('job')
          .select(['attempts', 'last_error', 'done_at', 'failed_at'])
          .where('dedupe_key', '=', 'mail:cli-test')
          .executeTakeFirstOrThrow(),
      );
      expect(mail).toEqual({ attempts: 0, last_error: null, done_at: null, failed_at: null });
      expect(schoolId).toBeTruthy();
    },
    CHILD_TIMEOUT,
  );
  it(
    'issue 8 new-user item 1: the command must be told whether the file is everyone or only new and changed people; without it, nothing happens',
    async () => {
      const before = await state(dataDir);
      for (const flags of [[], ['--everyone', '--only-changes']]) {
        const run = await postwarden(dataDir, [
          'import',
          'pupils',
          '--school',
          'st-marys',
          ...flags,
          path.join(FIXTURES, 'pupils-sims.csv'),
        ]);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain(
          'Say whether the file lists everyone in the school (--everyone: anyone missing is marked as leaving) or only new and changed pupils (--only-changes).',
        );
      }
      expect(await state(dataDir)).toEqual(before);
    },
    CHILD_TIMEOUT * 2,
  );

  it(
    'issue 8 new-user item 1: a file of one pupil as --everyone would empty the roll: it stops until the number of leavers is confirmed, and --only-changes marks nobody',
    async () => {
      const file = path.join(dataDir, 'one-starter.csv');
      fs.writeFileSync(file, `UPN,Legal Forename,Legal Surname,DOB,Year\r\n${makeUpn(998)},Noor,Aziz,01/10/2021,R\r\n`);
      const before = await state(dataDir);
      const onRoll = before.pupils.filter((p) => p.leaving_date === null).length;
      expect(onRoll).toBe(8);
      const stopped = await postwarden(dataDir, ['import', 'pupils', '--school', 'st-marys', '--everyone', file]);
      expect(stopped.code).toBe(1);
      expect(stopped.stderr.trim()).toBe(
        'This would mark 8 of the 8 pupils on roll as leaving today. If that is right, run it again with --confirm-leavers 8. Nothing was imported.',
      );
      const wrong = await postwarden(dataDir, [
        'import',
        'pupils',
        '--school',
        'st-marys',
        '--everyone',
        '--confirm-leavers',
        '3',
        file,
      ]);
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain(
        '--confirm-leavers 3 does not match: this would mark 8 pupils as leaving. Nothing was imported.',
      );
      expect((await state(dataDir)).pupils).toEqual(before.pupils);
      const partial = await postwarden(dataDir, ['import', 'pupils', '--school', 'st-marys', '--only-changes', file]);
      expect(partial.stderr).toBe('');
      expect(partial.stdout.trim()).toBe('St Mary’s RC Primary: 1 added, 0 updated, 0 unchanged, 0 marked as leavers.');
      expect((await state(dataDir)).pupils.filter((p) => p.leaving_date === null)).toHaveLength(9);
    },
    CHILD_TIMEOUT * 3,
  );

  it(
    'issue 8 item 2: the operator’s import goes through the person-change rule: a headteacher’s new email is applied, audited by name and told to her old address',
    async () => {
      const head = await withDb(dataDir, async (db) => {
        const person = await db
          .selectFrom('person')
          .select(['id', 'trust_id', 'school_id'])
          .where('mis_id', '=', 'ABE')
          .executeTakeFirstOrThrow();
        await db
          .insertInto('role_assignment')
          .values({ person_id: person.id, trust_id: person.trust_id, school_id: person.school_id, role: 'headteacher' })
          .execute();
        return person.id;
      });
      const file = path.join(dataDir, 'staff-new-email.csv');
      fs.writeFileSync(
        file,
        fs
          .readFileSync(path.join(FIXTURES, 'staff-sims.csv'), 'utf8')
          .replace('a.bello@stmarys.example.sch.uk', 'aisha.bello@stmarys.example.sch.uk'),
      );
      const run = await postwarden(dataDir, ['import', 'staff', '--school', 'st-marys', '--only-changes', file]);
      expect(run.stderr).toBe('');
      expect(run.stdout.trim()).toBe('St Mary’s RC Primary: 0 added, 1 updated, 6 unchanged, 0 marked as leavers.');
      const after = await withDb(dataDir, async (db) => ({
        email: (await db.selectFrom('person').select('email').where('id', '=', head).executeTakeFirstOrThrow()).email,
        mail: await db.selectFrom('mail_message').select(['to_address', 'subject']).execute(),
        audit: await db
          .selectFrom('audit_event')
          .select(['action', 'actor_label', 'summary'])
          .where('entity_id', '=', head)
          .execute(),
      }));
      expect(after.email).toBe('aisha.bello@stmarys.example.sch.uk');
      expect(after.mail).toEqual([
        { to_address: 'a.bello@stmarys.example.sch.uk', subject: 'Your Postwarden sign-in email address was changed' },
      ]);
      expect(after.audit).toEqual([
        expect.objectContaining({
          action: 'person.updated',
          actor_label: 'Command line import',
          summary: expect.objectContaining({
            via: 'import',
            email: { from: 'a.bello@stmarys.example.sch.uk', to: 'aisha.bello@stmarys.example.sch.uk' },
          }),
        }),
      ]);
    },
    CHILD_TIMEOUT,
  );
});
