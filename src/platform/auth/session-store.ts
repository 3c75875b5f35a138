import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Clock } from '../clock.ts';

type Callback = (err?: unknown) => void;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- @fastify/session's Session type is declared by the plugin
type GetCallback = (err: unknown, session?: any) => void;

/**
 * Sessions live in the database, so any instance can serve any request and a restart signs nobody out.
 */
export class DatabaseSessionStore {
  constructor(private readonly db: Kysely<Database>, private readonly clock: Clock, private readonly idleMs: number) {}

  set(sid: string, session: object, callback: Callback): void {
    const expires = new Date(this.clock.now().getTime() + this.idleMs);
    const data = JSON.stringify(session);
    this.db
      .insertInto('web_session')
      .values({ sid, data, expires_at: expires })
      .onConflict((oc) => oc.column('sid').doUpdateSet({ data, expires_at: expires }))
      .execute()
      .then(() => callback(), callback);
  }

  get(sid: string, callback: GetCallback): void {
    this.db
      .selectFrom('web_session')
      .select(['data', 'expires_at'])
      .where('sid', '=', sid)
      .executeTakeFirst()
      .then((row) => {
        if (!row || new Date(row.expires_at) <= this.clock.now()) return callback(null, null);
        callback(null, row.data);
      }, callback);
  }

  destroy(sid: string, callback: Callback): void {
    this.db.deleteFrom('web_session').where('sid', '=', sid).execute().then(() => callback(), callback);
  }

  async destroyForPerson(personId: string): Promise<void> {
    await this.db.deleteFrom('web_session').where(({ ref, eb }) => eb(eb.fn('jsonb_extract_path_text', [ref('data'), eb.val('personId')]), '=', personId)).execute();
  }

  async purgeExpired(): Promise<number> {
    const result = await this.db.deleteFrom('web_session').where('expires_at', '<', this.clock.now()).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
