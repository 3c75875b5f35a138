import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHILD_TIMEOUT, postwarden, withDb } from './run-cli.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';

// Issue 8: a command-line check answers quickly because it loads only what it needs, from the
// build that bin/postwarden.js keeps up to date, never the web stack that serving needs.

/** Packages only serving, publishing or the photo pipeline use. */
const WEB_STACK = [
  'fastify',
  '@fastify/',
  'nunjucks',
  'sharp',
  '@tensorflow/',
  '@vladmandic/face-api',
  'pdfkit',
  'nodemailer',
  'masto',
  '@atproto/',
  'csv-stringify',
  'govuk-frontend',
];

describe('postwarden check loads only what checking needs', () => {
  let dataDir: string;
  const hook = pathToFileURL(path.join(import.meta.dirname, 'module-log.mjs')).href;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-cli-fast-'));
    await withDb(dataDir, async (db) => {
      await migrateToLatest(db);
      const now = new Date();
      const trust = await db
        .insertInto('trust')
        .values({ name: 'Fell Trust', slug: 'fell', created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      const school = await db
        .insertInto('school')
        .values({
          trust_id: trust.id,
          name: 'Fell Primary',
          slug: 'fell-primary',
          phase: 'primary',
          urn: null,
          email_domains: '[]',
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('pupil')
        .values({
          trust_id: trust.id,
          school_id: school.id,
          upn: 'A123456789012',
          given_name: 'Rosalind',
          family_name: 'Ainsworth',
          date_of_birth: '2017-03-02',
          year_group: 4,
          form_group: '4F',
          consent_social: true,
          consent_website: true,
          consent_press: false,
          never_publish: false,
          leaving_date: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
    });
  }, 60_000);

  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it(
    'Issue 8: `check` runs from the build, loads no web-stack package and no tsx, and still finds a pupil named in full',
    async () => {
      const log = path.join(dataDir, 'modules.log');
      const run = await postwarden(dataDir, ['check', '--school', 'fell-primary', '-'], {
        input: 'Well done to Rosalind Ainsworth for her reading!\n',
        env: { POSTWARDEN_MODULE_LOG: log },
        nodeArgs: [
          '--import',
          `data:text/javascript,import{register}from"node:module";register(${JSON.stringify(hook)})`,
        ],
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('“Rosalind Ainsworth”');

      const loaded = fs.readFileSync(log, 'utf8').trim().split('\n');
      const packages = loaded
        .filter((url) => url.includes('/node_modules/'))
        .map((url) => url.replace(/.*\/node_modules\//, ''));
      // The log does see packages: the database ones, which checking needs.
      expect(packages.some((p) => p.startsWith('@electric-sql/pglite/'))).toBe(true);
      expect(packages.some((p) => p.startsWith('kysely/'))).toBe(true);
      expect(packages.filter((p) => WEB_STACK.some((w) => p.startsWith(w)))).toEqual([]);
      expect(packages.filter((p) => p.startsWith('tsx/'))).toEqual([]);
      expect(loaded.some((url) => url.includes('/.build/') && url.endsWith('/src/main.js'))).toBe(true);
    },
    CHILD_TIMEOUT,
  );
});
