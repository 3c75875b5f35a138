/**
 * The demo trust's mentions (MON-5): a local paper's feed, a Bluesky search and a parents' forum
 * whose address stopped giving a feed, each with items as if read from them, recorded here so the
 * demo needs no network (their next read is a year away, so the demo never reaches out). What each
 * item mentions is found by the real matcher over the school's names, staff and pupils.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { ukDate } from '../../platform/clock.ts';
import { mentionMatcher, schoolPhrases } from './matching/school-phrases.ts';
import type { TriageStatus } from './schema.ts';

const HOUR = 3_600_000;
const YEAR = 365 * 24 * HOUR;

interface DemoItem {
  id: string;
  title: string;
  body: string;
  author: string;
  link: string | null;
  hoursAgo: number;
  status: TriageStatus;
  note?: string;
  by?: string;
}

export async function seedMentionsDemo(
  trx: Kysely<Database>,
  now: Date,
  trustId: string,
  schools: { primary: string; secondary: string },
  people: Record<string, string>,
): Promise<void> {
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR);
  const pupil = await trx
    .selectFrom('pupil')
    .select(['given_name', 'family_name'])
    .where('school_id', '=', schools.primary)
    .where('year_group', '=', 6)
    .orderBy('family_name')
    .executeTakeFirst();
  const pupilName = pupil ? `${pupil.given_name} ${pupil.family_name}` : 'a pupil';
  const triager = people['office-primary'] ?? Object.values(people)[0]!;

  async function source(
    schoolId: string,
    kind: 'feed' | 'bluesky',
    label: string,
    address: string,
    health: { readHoursAgo: number; error?: string; failures?: number },
    items: DemoItem[],
  ): Promise<void> {
    const row = await trx
      .insertInto('mention_source')
      .values({
        trust_id: trustId,
        school_id: schoolId,
        kind,
        label,
        address,
        created_at: at(24 * 30),
        created_by: triager,
        last_read_at: at(health.readHoursAgo),
        last_error: health.error ?? null,
        failures: health.failures ?? 0,
        next_read_at: new Date(now.getTime() + YEAR),
        removed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const matcher = mentionMatcher(await schoolPhrases(trx, { trustId, schoolId }, ukDate(now)));
    for (const item of items) {
      const matches = matcher.matches(`${item.title}\n${item.body}\n${item.author}`);
      if (matches.length === 0) continue;
      const triaged = item.status !== 'new';
      await trx
        .insertInto('mention_item')
        .values({
          trust_id: trustId,
          school_id: schoolId,
          source_id: row.id,
          external_id: item.id,
          link: item.link,
          title: item.title,
          body: item.body,
          author: item.author,
          published_at: at(item.hoursAgo + 1),
          found_at: at(item.hoursAgo),
          matches: JSON.stringify(matches),
          sensitive: matches.some((m) => m.kind === 'pupil'),
          status: item.status,
          note: item.note ?? null,
          triaged_by: triaged ? (item.by ?? triager) : null,
          triaged_at: triaged ? at(Math.max(0, item.hoursAgo - 2)) : null,
          case_id: null,
        })
        .execute();
    }
  }

  await trx
    .insertInto('mention_name')
    .values([
      { trust_id: trustId, school_id: schools.primary, text: 'Larkfield Primary', created_at: at(24 * 30) },
      { trust_id: trustId, school_id: schools.secondary, text: 'Harbour Bridge', created_at: at(24 * 30) },
    ])
    .execute();

  await source(
    schools.primary,
    'feed',
    'Riverside Gazette',
    'https://www.riverside-gazette.example/news/rss',
    { readHoursAgo: 1 },
    [
      {
        id: 'gazette-5501',
        title: 'Larkfield Primary pupils plant 200 trees',
        body: 'Children from Larkfield Primary School spent Friday planting hedging along the river path with the council.',
        author: 'Newsdesk',
        link: 'https://www.riverside-gazette.example/news/tree-planting',
        hoursAgo: 50,
        status: 'watching',
        note: 'Lovely coverage: share on the parents’ page once the photos are checked.',
      },
      {
        id: 'gazette-5502',
        title: 'Parking complaints near Larkfield Primary',
        body: 'Residents of Mill Lane say school-run parking blocks their drives. The school says it will write to families.',
        author: 'Newsdesk',
        link: 'https://www.riverside-gazette.example/news/mill-lane-parking',
        hoursAgo: 26,
        status: 'replied',
        note: 'Commented under the article with the head’s statement about the parking letter (sent 3 December).',
      },
      {
        id: 'gazette-5503',
        title: 'Young singer wins county prize',
        body: `${pupilName}, of Larkfield Primary, won the under-12 prize at the county music festival.`,
        author: 'Newsdesk',
        link: 'https://www.riverside-gazette.example/news/music-festival',
        hoursAgo: 5,
        status: 'new',
      },
      {
        id: 'gazette-5504',
        title: 'Larkfield Primary Christmas fair this Saturday',
        body: 'Stalls, a raffle and a visit from Father Christmas.',
        author: 'What’s on',
        link: 'https://www.riverside-gazette.example/whats-on/larkfield-fair',
        hoursAgo: 30,
        status: 'ignored',
      },
    ],
  );
  await source(schools.primary, 'bluesky', 'Bluesky: Larkfield Primary', 'Larkfield Primary', { readHoursAgo: 1 }, [
    {
      id: 'at://did:plc:riversideparent01/app.bsky.feed.post/3lcdemo0001',
      title: '',
      body: 'Is it just me or is the Larkfield Primary pickup queue getting dangerous? Someone is going to get hurt on Mill Lane.',
      author: 'A Riverside parent (@riverside-parent.bsky.social)',
      link: 'https://bsky.app/profile/riverside-parent.bsky.social/post/3lcdemo0001',
      hoursAgo: 3,
      status: 'new',
    },
  ]);
  await source(
    schools.secondary,
    'feed',
    'Harbourside parents’ forum',
    'https://forum.harbourside-parents.example/latest',
    {
      readHoursAgo: 72,
      failures: 3,
      error:
        'The address does not give a feed: Postwarden expected RSS or Atom (XML) and got something else, often a web page. Look on the site for a link called RSS, Atom or Feed',
    },
    [
      {
        id: 'forum-881',
        title: 'Harbour Bridge Academy open evening',
        body: 'Anyone going to the Harbour Bridge open evening on Thursday? Heard the new science block is good.',
        author: 'harbourmum',
        link: 'https://forum.harbourside-parents.example/t/881',
        hoursAgo: 80,
        status: 'new',
      },
    ],
  );
}
