import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db/connect.ts';

export const testBackend = process.env.PW_TEST_BACKEND === 'postgres' ? 'postgresql' : 'pglite';

/** A fresh, migrated database of its own for one test file (or one test). */
export async function freshDatabase(): Promise<DatabaseHandle> {
  if (process.env.PW_TEST_BACKEND === 'postgres') {
    const url = process.env.TEST_DATABASE_URL!;
    const template = process.env.PW_PG_TEMPLATE!;
    const name = `pw_t_${template.replace('pw_template_', '')}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    await admin.end();
    const dbUrl = new URL(url);
    dbUrl.pathname = `/${name}`;
    const handle = await openDatabase({ databaseUrl: dbUrl.toString() });
    return {
      ...handle,
      close: async () => {
        await handle.close();
        const dropper = new pg.Client({ connectionString: url });
        await dropper.connect();
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await dropper.end();
      },
    };
  }
  const file = process.env.PW_PGLITE_TEMPLATE;
  if (!file) throw new Error('The test template database is missing: run tests through vitest (globalSetup)');
  return openDatabase({ loadDataDir: new Blob([fs.readFileSync(file)]) });
}
