import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHILD_TIMEOUT, postwarden } from './run-cli.ts';
import { openDatabase } from '../../src/platform/db/connect.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';

// PUB-2: `postwarden check --school <slug> [--json] <file|->` checks a text against the school's real
// roster and policy settings, as a real child process against an on-disk embedded database.

interface JsonOutput {
  blocking: number;
  advisory: number;
  findings: { rule: string; severity: string; clauseKey: string; words: string[]; line?: number; pupilId?: string }[];
}

describe('postwarden check (command line)', () => {
  let dataDir: string;
  let ellieId: string;
  const file = (name: string, text: string): string => {
    const target = path.join(dataDir, name);
    fs.writeFileSync(target, text);
    return target;
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-cli-check-'));
    const handle = await openDatabase({ dataDir });
    try {
      const db = handle.db;
      await migrateToLatest(db);
      const now = new Date();
      const trust = await db
        .insertInto('trust')
        .values({ name: 'Vale Learning Trust', slug: 'vale', created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      const school = (name: string, slug: string, domains: string[]) =>
        db
          .insertInto('school')
          .values({
            trust_id: trust.id,
            name,
            slug,
            phase: 'primary',
            urn: null,
            email_domains: JSON.stringify(domains),
            created_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
      const hartfield = await school('Hartfield Primary', 'hartfield', ['hartfield.sch.uk']);
      const brookside = await school('Brookside Primary', 'brookside', []);
      let upn = 1000;
      const pupil = (
        schoolId: string,
        given: string,
        family: string,
        extra: {
          never_publish?: boolean;
          consent_social?: boolean;
          leaving_date?: string;
          date_of_birth?: string;
        } = {},
      ) =>
        db
          .insertInto('pupil')
          .values({
            trust_id: trust.id,
            school_id: schoolId,
            upn: `A33021041${upn++}`,
            given_name: given,
            family_name: family,
            date_of_birth: extra.date_of_birth ?? '2017-05-14',
            year_group: 4,
            form_group: '4P',
            consent_social: extra.consent_social ?? true,
            consent_website: true,
            consent_press: false,
            never_publish: extra.never_publish ?? false,
            leaving_date: extra.leaving_date ?? null,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
      await pupil(hartfield.id, 'Amelia', 'Pritchard');
      ellieId = (await pupil(hartfield.id, 'Ellie', 'Thornbury', { never_publish: true })).id;
      // Oscar left long ago and is an adult now; Isla left last summer and is still a child.
      await pupil(hartfield.id, 'Oscar', 'Whitfield', { leaving_date: '2020-07-22', date_of_birth: '2002-03-09' });
      await pupil(hartfield.id, 'Isla', 'Brennan', { leaving_date: '2026-07-22', never_publish: true });
      await pupil(brookside.id, 'Noah', 'Fenwick');
      // Brookside's own policy lets pupils' surnames be published: the check reads that setting.
      const policy = await db
        .insertInto('policy')
        .values({ trust_id: trust.id, school_id: brookside.id, title: 'Social media policy', created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('policy_version')
        .values({
          policy_id: policy.id,
          trust_id: trust.id,
          school_id: brookside.id,
          number: 1,
          status: 'approved',
          document: JSON.stringify({ sections: [] }),
          settings: JSON.stringify({ firstNamesOnly: false }),
          created_at: now,
          effective_from: '2020-01-01',
        })
        .execute();
    } finally {
      await handle.close();
    }
  }, 60_000);

  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'PUB-2: a text naming a rostered pupil in full exits 1, naming the words, the line and the policy clause',
    async () => {
      const run = await postwarden(dataDir, [
        'check',
        '--school',
        'hartfield',
        file('surname.txt', 'A lovely week in 4P.\nWell done to Amelia Pritchard for her poem!\n'),
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('BLOCKS  line 2 (pupil-surname, policy clause images.first-names-only)');
      expect(run.stdout).toContain('“Amelia Pritchard”');
      expect(run.stdout).toContain('1 finding: 1 blocking, 0 to confirm, 0 advisory.');
    },
    CHILD_TIMEOUT,
  );

  it(
    'PUB-2: --json output parses, read from standard input (-), with the never-publish flag and the school’s email domains from the database',
    async () => {
      const text =
        'Ellie read beautifully in assembly.\nQuestions to a.jones@hartfield.sch.uk or a.jones@gmail.com please.';
      const run = await postwarden(dataDir, ['check', '--school', 'hartfield', '--json', '-'], { input: text });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(1);
      const parsed = JSON.parse(run.stdout) as JsonOutput;
      // issue 16: a never-publish first name alone waits for a person to confirm it is not that pupil: still exit code 1
      expect(parsed).toMatchObject({ blocking: 0, confirm: 1, advisory: 1 });
      expect(parsed.findings).toHaveLength(2);
      expect(parsed.findings[0]).toMatchObject({
        rule: 'never-publish',
        severity: 'confirm',
        confirm: 'This is not the pupil on the never-publish list.',
        clauseKey: 'images.never-publish',
        words: ['Ellie'],
        line: 1,
        pupilId: ellieId,
      });
      // The address on the school's own domain is fine; the personal one is not.
      expect(parsed.findings[1]).toMatchObject({
        rule: 'contact-details',
        severity: 'advisory',
        clauseKey: 'contact.personal-details',
        words: ['a.jones@gmail.com'],
        line: 2,
      });
    },
    CHILD_TIMEOUT,
  );

  it(
    'PUB-2: a clean text exits 0; so do names of pupils not on this school’s roll (or who left as adults), and surnames where the school’s policy allows them; a child who left is still protected',
    async () => {
      const clean = await postwarden(dataDir, [
        'check',
        '--school',
        'hartfield',
        file(
          'clean.txt',
          'What a lovely harvest assembly this morning. Email office@hartfield.sch.uk with any questions.\n',
        ),
      ]);
      expect(clean.stderr).toBe('');
      expect(clean.code).toBe(0);
      expect(clean.stdout).toBe('No findings: nothing in this post goes against the policy checks.\n');

      // Oscar Whitfield left Hartfield and is now an adult; Noah Fenwick is at Brookside.
      const others = await postwarden(dataDir, [
        'check',
        '--school',
        'hartfield',
        '--json',
        file('others.txt', 'Congratulations to Oscar Whitfield and Noah Fenwick.\n'),
      ]);
      expect(others.code).toBe(0);
      expect(JSON.parse(others.stdout)).toEqual({ blocking: 0, confirm: 0, advisory: 0, findings: [] });

      // A pupil who left last summer is still a child: on the never-publish list, her name still blocks.
      const leaver = await postwarden(dataDir, [
        'check',
        '--school',
        'hartfield',
        '--json',
        file('leaver.txt', 'We miss Isla Brennan, who has moved to Scotland.\n'),
      ]);
      expect(leaver.code).toBe(1);
      expect((JSON.parse(leaver.stdout) as JsonOutput).findings.map((f) => f.rule)).toEqual(['never-publish']);

      const allowed = await postwarden(dataDir, [
        'check',
        '--school',
        'brookside',
        '--json',
        file('allowed.txt', 'Congratulations to Noah Fenwick.\n'),
      ]);
      expect(allowed.stderr).toBe('');
      expect(allowed.code).toBe(0);
      expect((JSON.parse(allowed.stdout) as JsonOutput).findings.filter((f) => f.rule === 'pupil-surname')).toEqual([]);
    },
    CHILD_TIMEOUT * 3,
  );

  it(
    'PUB-2: an unknown school, a missing file or bad usage exits 2 with a plain message and no stack trace',
    async () => {
      const text = file('any.txt', 'Well done Amelia Pritchard.\n');
      const unknown = await postwarden(dataDir, ['check', '--school', 'nowhere-academy', text]);
      expect(unknown.code).toBe(2);
      expect(unknown.stdout).toBe('');
      expect(unknown.stderr.trim()).toBe("There is no school with the short name 'nowhere-academy'.");

      const noFile = await postwarden(dataDir, [
        'check',
        '--school',
        'hartfield',
        path.join(dataDir, 'no-such-post.txt'),
      ]);
      expect(noFile.code).toBe(2);
      expect(noFile.stderr.trim()).toBe(`There is no file at ${path.join(dataDir, 'no-such-post.txt')}.`);

      const noSchool = await postwarden(dataDir, ['check', text]);
      expect(noSchool.code).toBe(2);
      expect(noSchool.stderr).toContain('Usage: postwarden check --school <slug> [--json] <file|->');

      const unknownOption = await postwarden(dataDir, ['check', '--school', 'hartfield', '--yaml', text]);
      expect(unknownOption.code).toBe(2);
      expect(unknownOption.stderr).toContain('Usage: postwarden check --school <slug> [--json] <file|->');

      for (const run of [unknown, noFile, noSchool, unknownOption]) expect(run.stderr).not.toMatch(/^\s+at /m);
    },
    CHILD_TIMEOUT * 4,
  );
});
