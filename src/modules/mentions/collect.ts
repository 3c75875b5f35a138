/**
 * Reading a source (MON-5): fetch, parse, keep the items that mention the trust's schools, staff or
 * the school's pupils, and store each once (the unique index on source and platform id; a second
 * read adds nothing). A source that fails keeps its error and when it was last read, and is tried
 * again later and later (1 hour, doubling, at most a day); reading it successfully resets that.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { ukDate } from '../../platform/clock.ts';
import { transact } from '../../platform/db/transact.ts';
import { FetchRefused, safeFetch, type FetchLimits } from './fetching/safe-fetch.ts';
import { feedItems, NotAFeed } from './sources/feed.ts';
import { searchBluesky } from './sources/bluesky.ts';
import type { SourceItem } from './sources/types.ts';
import { mentionMatcher, schoolPhrases } from './matching/school-phrases.ts';
import type { SourceRow } from './repo.ts';

export interface ReadOptions {
  limits: FetchLimits;
  appView: string;
}

const HOUR = 3_600_000;
const MAX_TEXT = 10_000;

/** When a source that has failed `failures` times in a row is tried again. */
export function retryDelayMs(failures: number): number {
  return Math.min(HOUR * 2 ** Math.max(0, failures - 1), 24 * HOUR);
}

async function itemsOf(source: SourceRow, options: ReadOptions): Promise<SourceItem[]> {
  if (source.kind === 'feed') return feedItems((await safeFetch(source.address, options.limits)).body);
  try {
    return await searchBluesky(options.appView, source.address, options.limits.timeoutMs);
  } catch (error) {
    throw new FetchRefused(`Bluesky search did not answer (${(error as Error).message})`);
  }
}

export type ReadResult = { ok: true; found: number; added: number } | { ok: false; message: string };

export async function readSource(
  db: Kysely<Database>,
  now: Date,
  source: SourceRow,
  options: ReadOptions,
): Promise<ReadResult> {
  let items: SourceItem[];
  try {
    items = await itemsOf(source, options);
  } catch (error) {
    if (!(error instanceof FetchRefused || error instanceof NotAFeed)) throw error;
    const failures = source.failures + 1;
    await db
      .updateTable('mention_source')
      .set({ last_error: error.message, failures, next_read_at: new Date(now.getTime() + retryDelayMs(failures)) })
      .where('id', '=', source.id)
      .execute();
    return { ok: false, message: error.message };
  }
  const scope = { trustId: source.trust_id, schoolId: source.school_id };
  const matcher = mentionMatcher(await schoolPhrases(db, scope, ukDate(now)));
  let found = 0;
  let added = 0;
  await transact(db, async (trx) => {
    for (const item of items) {
      const matches = matcher.matches(`${item.title}\n${item.body}\n${item.author}`);
      if (matches.length === 0) continue;
      found++;
      const row = await trx
        .insertInto('mention_item')
        .values({
          trust_id: source.trust_id,
          school_id: source.school_id,
          source_id: source.id,
          external_id: item.externalId.slice(0, 2000),
          link: item.link && /^https?:\/\//i.test(item.link) ? item.link.slice(0, 2000) : null,
          title: item.title.slice(0, 500),
          body: item.body.slice(0, MAX_TEXT),
          author: item.author.slice(0, 300),
          published_at: item.publishedAt,
          found_at: now,
          matches: JSON.stringify(matches),
          sensitive: matches.some((m) => m.kind === 'pupil'),
        })
        .onConflict((oc) => oc.columns(['source_id', 'external_id']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (row) added++;
    }
    await trx
      .updateTable('mention_source')
      .set({ last_read_at: now, last_error: null, failures: 0, next_read_at: new Date(now.getTime() + HOUR) })
      .where('id', '=', source.id)
      .execute();
  });
  return { ok: true, found, added };
}

/** Every source due to be read (the hourly job). */
export async function readDueSources(db: Kysely<Database>, now: Date, options: ReadOptions): Promise<number> {
  const due = await db
    .selectFrom('mention_source')
    .selectAll()
    .where('removed_at', 'is', null)
    .where('next_read_at', '<=', now)
    .orderBy('next_read_at')
    .limit(200)
    .execute();
  for (const source of due) await readSource(db, now, source, options);
  return due.length;
}
