import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Runs `fn` in a transaction, or in the caller's when there is one (the demo seeds inside its own). */
export function transact<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
