import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';

const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

/** Migrations are the ordered files in migrations/: append-only, never edited once landed. */
async function migrationNames(): Promise<string[]> {
  return (await fs.readdir(MIGRATIONS_DIR))
    .filter((f) => /^\d{4}_.+\.ts$/.test(f))
    .sort()
    .map((f) => f.replace(/\.ts$/, ''));
}

class FolderMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    for (const name of await migrationNames()) {
      // A relative import, so that a build of the sources (bin/build.js) carries the migrations with it.
      migrations[name] = (await import(`../../../migrations/${name}.ts`)) as Migration;
    }
    return migrations;
  }
}

/**
 * Whether every migration has run already, in two cheap queries. Most starts find nothing to do,
 * and the migrator's own check reads the catalogue: about 0.3 s on a newly opened embedded
 * database, a third of a command-line check. Anything else (a new database, a migration to run,
 * one the files do not know) goes to the migrator.
 */
// biome-ignore lint/suspicious/noExplicitAny: the library declares this value loosely; it is checked where it is used
async function upToDate(db: Kysely<any>): Promise<boolean> {
  const table = await sql<{ present: boolean }>`SELECT to_regclass('kysely_migration') IS NOT NULL AS present`.execute(
    db,
  );
  if (!table.rows[0]?.present) return false;
  const done = (await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db)).rows
    .map((row) => row.name)
    .sort();
  const files = await migrationNames();
  return done.length === files.length && done.every((name, i) => name === files[i]);
}

// biome-ignore lint/suspicious/noExplicitAny: the library declares this value loosely; it is checked where it is used
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  if (await upToDate(db)) return [];
  const migrator = new Migrator({ db, provider: new FolderMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(
      `Database migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? String(error)}`,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Runs a migration's statements one at a time (the embedded database takes one statement a query). */
export async function runStatements(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
