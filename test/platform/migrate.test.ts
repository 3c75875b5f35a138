import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kysely, PGliteDialect } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db/connect.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';

// Issue 8: every start (and every command-line check) migrates first; on a database that is up to
// date that must cost two cheap queries, not the migrator's read of the catalogue.

describe('migrateToLatest', () => {
  let handle: DatabaseHandle;
  let applied: string[];
  const sqls: string[] = [];
  // biome-ignore lint/suspicious/noExplicitAny: the library declares this value loosely; it is checked where it is used
  let logged: Kysely<any>;

  beforeAll(async () => {
    handle = await openDatabase({});
    applied = await migrateToLatest(handle.db);
    // biome-ignore lint/suspicious/noExplicitAny: the library declares this value loosely; it is checked where it is used
    logged = new Kysely<any>({
      dialect: new PGliteDialect({ pglite: handle.pglite! }),
      log: (event) => {
        sqls.push(event.query.sql);
      },
    });
  });
  afterAll(async () => {
    await handle.close();
  });

  it('Issue 8: an up-to-date database is recognised in two cheap queries, without the migrator reading the catalogue', async () => {
    expect(applied.length).toBeGreaterThanOrEqual(4);
    expect(applied[0]).toBe('0001_foundation');
    sqls.length = 0;
    expect(await migrateToLatest(logged)).toEqual([]);
    expect(sqls).toHaveLength(2);
    expect(sqls.filter((s) => /pg_catalog|information_schema|kysely_migration_lock/.test(s))).toEqual([]);
  });

  it('Issue 8: a database that has run a migration these files do not know still goes to the migrator, which refuses it', async () => {
    await handle.db
      .insertInto('kysely_migration' as never)
      .values({ name: '9999_from_a_newer_version', timestamp: new Date().toISOString() } as never)
      .execute();
    await expect(migrateToLatest(handle.db)).rejects.toThrow(/9999_from_a_newer_version/);
  });
});
