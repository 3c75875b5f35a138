import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { PGlite, types } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import type { Database } from './schema.ts';

export type Backend = 'pglite' | 'postgresql';

export interface DatabaseHandle {
  db: Kysely<Database>;
  backend: Backend;
  close(): Promise<void>;
  /** Only for the embedded database: its PGlite instance (used for dumps and backups). */
  pglite?: PGlite;
}

// Both backends hand back DATE as 'YYYY-MM-DD' and bigint counts as numbers, so code and tests
// see the same values whichever database is underneath.
const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** The PostgreSQL client, loaded only when DATABASE_URL is set (the embedded database needs none). */
async function loadPg(): Promise<typeof import('pg').default> {
  const pg = (await import('pg')).default;
  pg.types.setTypeParser(DATE_OID, (value: string) => value);
  pg.types.setTypeParser(INT8_OID, (value: string) => Number(value));
  pg.types.setTypeParser(NUMERIC_OID, (value: string) => Number(value));
  return pg;
}

const pgliteParsers = {
  [types.DATE]: (value: string) => value,
  [types.INT8]: (value: string) => Number(value),
  [types.NUMERIC]: (value: string) => Number(value),
};

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** Folder for the embedded database; omit for an in-memory one. */
  dataDir?: string | undefined;
  /** A dump made with dumpDataDir, to start an in-memory database from (tests). */
  loadDataDir?: Blob | File | undefined;
  /** PostgreSQL only: run every query in this schema. */
  schema?: string | undefined;
}

/** Embedded database folders being created on a worker thread, by folder. */
const creating = new Map<string, Promise<void>>();

/**
 * Starts creating the embedded database folder on a worker thread, when DATA_DIR holds none yet.
 * PGlite's initdb keeps one core busy for 4–5 s on a small machine; on a first start it then runs
 * beside the rest of start-up (loading the web app, preparing the demo) instead of before it.
 * openDatabase waits for it, so nothing opens a half-made folder. If the worker fails, openDatabase
 * creates the folder itself as before, and reports any error. True when a new folder is being made.
 */
export function prepareEmbeddedDatabase(dataDir: string): boolean {
  const pgdata = path.join(dataDir, 'pgdata');
  if (creating.has(pgdata) || fs.existsSync(path.join(pgdata, 'PG_VERSION'))) return false;
  fs.mkdirSync(dataDir, { recursive: true });
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     require(workerData.pglite).PGlite.create({ dataDir: workerData.pgdata }).then((db) => db.close()).then(() => parentPort.postMessage('created'));`,
    { eval: true, workerData: { pglite: createRequire(import.meta.url).resolve('@electric-sql/pglite'), pgdata } },
  );
  creating.set(
    pgdata,
    new Promise<void>((resolve) => {
      worker.once('message', () => resolve());
      worker.once('error', () => resolve());
      worker.once('exit', () => resolve());
    }),
  );
  return true;
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pg = await loadPg();
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 10,
      ...(options.schema ? { options: `-c search_path=${options.schema.replace(/[^a-z0-9_]/gi, '')}` } : {}),
    });
    // An idle connection the server ends (a restart, a failover, a dropped database) is reported on
    // the pool; without a listener that event would stop the process. The pool discards the client
    // and the next query opens a new one.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, backend: 'postgresql', close: () => db.destroy() };
  }
  let pglite: PGlite;
  if (options.dataDir) {
    fs.mkdirSync(options.dataDir, { recursive: true });
    await creating.get(path.join(options.dataDir, 'pgdata'));
    pglite = await PGlite.create({
      dataDir: path.join(options.dataDir, 'pgdata'),
      parsers: pgliteParsers,
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
  } else {
    pglite = await PGlite.create({
      parsers: pgliteParsers,
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return { db, backend: 'pglite', pglite, close: () => db.destroy() };
}
