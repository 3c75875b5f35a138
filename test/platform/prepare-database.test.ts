import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, prepareEmbeddedDatabase } from '../../src/platform/db/connect.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';

// Issue 8: on a first start the embedded database folder (PGlite's initdb, seconds of one core) is
// made on a worker thread while the main thread loads the app and prepares the demo.

describe('prepareEmbeddedDatabase', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-prepare-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('Issue 8: makes a new folder on another thread while this one never yields; openDatabase then waits for it and gets a working database', async () => {
    expect(prepareEmbeddedDatabase(dataDir)).toBe(true);
    expect(prepareEmbeddedDatabase(dataDir)).toBe(false); // already under way

    // Block this thread (no event loop turn at all) until the folder's version file appears: only
    // work on another thread can write it meanwhile.
    const pause = new Int32Array(new SharedArrayBuffer(4));
    const versionFile = path.join(dataDir, 'pgdata', 'PG_VERSION');
    const giveUpAt = Date.now() + 150_000;
    while (!fs.existsSync(versionFile) && Date.now() < giveUpAt) Atomics.wait(pause, 0, 0, 100);
    expect(fs.existsSync(versionFile)).toBe(true);

    const handle = await openDatabase({ dataDir });
    try {
      await migrateToLatest(handle.db);
      await handle.db
        .insertInto('trust')
        .values({ name: 'Tarn Trust', slug: 'tarn', created_at: new Date() })
        .execute();
      expect(await handle.db.selectFrom('trust').select('slug').execute()).toEqual([{ slug: 'tarn' }]);
    } finally {
      await handle.close();
    }
    expect(prepareEmbeddedDatabase(dataDir)).toBe(false); // a folder that holds a database is left alone
  }, 200_000);
});
