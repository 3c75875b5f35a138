/**
 * One mention source, item and name in school A1, for the walks over every route (the bad-input
 * walk and the tenancy walk). The source points at a loopback address, which the app refuses outside
 * tests without any network: a walk that reads it gets the refusal, never a connection.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/platform/db/schema.ts';
import type { World } from '../../support/world.ts';
import '../../../src/modules/mentions/schema.ts';

export async function seedMentionRecords(db: Kysely<Database>, world: World) {
  const now = new Date();
  const source = await db
    .insertInto('mention_source')
    .values({
      trust_id: world.trustA,
      school_id: world.schoolA1,
      kind: 'feed',
      label: 'Alder Gazette',
      address: 'http://127.0.0.1:9/feed.rss',
      created_at: now,
      created_by: null,
      next_read_at: new Date(now.getTime() + 86_400_000),
      last_read_at: null,
      last_error: null,
      removed_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const item = await db
    .insertInto('mention_item')
    .values({
      trust_id: world.trustA,
      school_id: world.schoolA1,
      source_id: source.id,
      external_id: 'walk-1',
      link: 'https://www.alder-gazette.example/news/1',
      title: 'Alder Primary fete raises funds',
      body: 'The fete at Alder Primary raised £900.',
      found_at: now,
      published_at: now,
      matches: JSON.stringify([{ kind: 'school', text: 'Alder Primary' }]),
      note: null,
      triaged_by: null,
      triaged_at: null,
      case_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const name = await db
    .insertInto('mention_name')
    .values({ trust_id: world.trustA, school_id: world.schoolA1, text: 'Alder Nickname', created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { mentionSource: source.id, mentionItem: item.id, mentionName: name.id };
}
