import fs from 'node:fs';
import path from 'node:path';
import { PGlite, types } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
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
pg.types.setTypeParser(DATE_OID, (value: string) => value);
pg.types.setTypeParser(INT8_OID, (value: string) => Number(value));
pg.types.setTypeParser(NUMERIC_OID, (value: string) => Number(value));

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

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
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
    pglite = await PGlite.create({ dataDir: path.join(options.dataDir, 'pgdata'), parsers: pgliteParsers, ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}) });
  } else {
    pglite = await PGlite.create({ parsers: pgliteParsers, ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}) });
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return { db, backend: 'pglite', pglite, close: () => db.destroy() };
}
