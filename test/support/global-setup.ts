import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../src/platform/db/connect.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';

/**
 * Migrates one database per test run and leaves it as a template: test files copy it instead of
 * running every migration again (PGlite: a data-folder dump; PostgreSQL: CREATE DATABASE … TEMPLATE).
 */
export default async function setup(): Promise<() => Promise<void>> {
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  if (process.env.PW_TEST_BACKEND === 'postgres') {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error('PW_TEST_BACKEND=postgres needs TEST_DATABASE_URL');
    const template = `pw_template_${runId}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${template}`);
    const templateUrl = new URL(url);
    templateUrl.pathname = `/${template}`;
    const handle = await openDatabase({ databaseUrl: templateUrl.toString() });
    await migrateToLatest(handle.db);
    await handle.close();
    process.env.PW_PG_TEMPLATE = template;
    return async () => {
      const { rows } = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE 'pw_t_${runId}%' OR datname = $1`,
        [template],
      );
      for (const row of rows) await admin.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
      await admin.end();
    };
  }
  const handle = await openDatabase({});
  await migrateToLatest(handle.db);
  const dump = await handle.pglite!.dumpDataDir('none');
  await handle.close();
  const file = path.join(os.tmpdir(), `postwarden-template-${runId}.tar`);
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  process.env.PW_PGLITE_TEMPLATE = file;
  process.env.PW_TEST_RUN = runId;
  return async () => fs.rmSync(file, { force: true });
}
