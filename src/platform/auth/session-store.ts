import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Clock } from '../clock.ts';

type Callback = (err?: unknown) => void;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- @fastify/session's Session type is declared by the plugin
// biome-ignore lint/suspicious/noExplicitAny: the library declares this value loosely; it is checked where it is used
type GetCallback = (err: unknown, session?: any) => void;

/**
 * Hands a database result to @fastify/session's callback outside the promise chain's reach.
 * The callback carries on with the request (on save, it writes the response), so anything it
 * throws would otherwise become an unhandled rejection, which ends the Node process for every
 * school. A throw is handed back once as the callback's error, so Fastify's error handling answers
 * 500 and logs it; if that throws as well, it is reported to `onLostError` and goes no further.
 */
export function deliver<T>(
  work: Promise<T>,
  callback: (err: unknown, value?: T) => void,
  onLostError: (error: unknown) => void,
): void {
  const call = (err: unknown, value?: T) => {
    try {
      callback(err, value);
    } catch (thrown) {
      if (err) return onLostError(thrown);
      try {
        callback(thrown);
      } catch (again) {
        onLostError(again);
      }
    }
  };
  work.then(
    (value) => call(null, value),
    (error: unknown) => call(error ?? new Error('session store failed')),
  );
}

/**
 * How long a session that did not change may go without being written. @fastify/session's rolling
 * mode asks the store to save every session on every response (to push back its idle expiry); the
 * store writes only when the content changed or the stored expiry is older than this, so idle
 * sign-out is exact to within this interval and a page view costs no write.
 */
export const SESSION_TOUCH_MS = 60_000;
/** Bound on the expiries remembered between a request's read and its save (each entry is a few bytes). */
const REMEMBERED_LIMIT = 20_000;

interface StoredSession {
  isModified?: () => boolean;
}

/**
 * Sessions live in the database, so any instance can serve any request and a restart signs nobody out.
 */
export class DatabaseSessionStore {
  /** The expiry each session had when this process last read or wrote it, by sid. */
  readonly #expiresAt = new Map<string, number>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly idleMs: number,
    /** Where an error that could not be handed to Fastify is reported (the app's logger). */
    private readonly onLostError: (error: unknown) => void = (error) =>
      console.error('session store callback failed', error),
  ) {}

  /**
   * Writes a session, unless nothing in it changed since this request read it and its expiry was
   * pushed back within the last minute. Skipping the unchanged write also keeps a slow request from
   * putting back the content it read over a change a quicker request made meanwhile (an asset or
   * page load overlapping a form that stores something in the session).
   */
  set(sid: string, session: object, callback: Callback): void {
    const now = this.clock.now().getTime();
    const known = this.#expiresAt.get(sid);
    const modified = (session as StoredSession).isModified?.() ?? true;
    if (!modified && known !== undefined && known - now > this.idleMs - SESSION_TOUCH_MS) {
      queueMicrotask(() => callback());
      return;
    }
    const expires = new Date(now + this.idleMs);
    const data = JSON.stringify(session);
    this.#remember(sid, expires.getTime());
    // Copied out of the data so "your sessions" (AUTH-3) can list and end them by person.
    const s = session as {
      personId?: string;
      pending?: { personId?: string };
      signedIn?: { at?: number; device?: string; address?: string };
    };
    const shown = {
      person_id: s.personId ?? s.pending?.personId ?? null,
      signed_in_at: typeof s.signedIn?.at === 'number' ? new Date(s.signedIn.at) : null,
      device: s.signedIn?.device?.slice(0, 200) ?? null,
      address: s.signedIn?.address?.slice(0, 100) ?? null,
      last_seen_at: new Date(now),
    };
    const write = this.db
      .insertInto('web_session')
      .values({ sid, data, expires_at: expires, ...shown })
      .onConflict((oc) => oc.column('sid').doUpdateSet({ data, expires_at: expires, ...shown }))
      .execute();
    deliver(write, (err) => callback(err ?? undefined), this.onLostError);
  }

  get(sid: string, callback: GetCallback): void {
    const read = this.db
      .selectFrom('web_session')
      .select(['data', 'expires_at'])
      .where('sid', '=', sid)
      .executeTakeFirst()
      .then((row) => {
        if (!row || new Date(row.expires_at) <= this.clock.now()) {
          this.#expiresAt.delete(sid);
          return null;
        }
        this.#remember(sid, new Date(row.expires_at).getTime());
        return row.data;
      });
    deliver(read, callback, this.onLostError);
  }

  #remember(sid: string, expiresAt: number): void {
    if (this.#expiresAt.size >= REMEMBERED_LIMIT) this.#expiresAt.clear();
    this.#expiresAt.set(sid, expiresAt);
  }

  destroy(sid: string, callback: Callback): void {
    this.#expiresAt.delete(sid);
    deliver(
      this.db.deleteFrom('web_session').where('sid', '=', sid).execute(),
      (err) => callback(err ?? undefined),
      this.onLostError,
    );
  }

  async destroyForPerson(personId: string): Promise<void> {
    await this.db
      .deleteFrom('web_session')
      .where(({ ref, eb }) => eb(eb.fn('jsonb_extract_path_text', [ref('data'), eb.val('personId')]), '=', personId))
      .execute();
  }

  async purgeExpired(): Promise<number> {
    const result = await this.db
      .deleteFrom('web_session')
      .where('expires_at', '<', this.clock.now())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
