/**
 * Demo inbox items at both schools (MON-2..4), made through the inbox's own services: one of every
 * kind and state, one overdue, a press enquiry waiting for the head's approval, an abusive reply
 * handled (hidden, blocked, reported, the post telling the audience drafted, acknowledged, closed).
 * Items on Bluesky are stored as if read from the platform, with the account marked as read a few
 * minutes ago: nothing in the demo touches the network (the read job books nothing in demo mode).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { workingCalendarFor } from '../directory/index.ts';
import { inboxDeadline } from './rules/deadline.ts';
import type { ArrivedAs, ItemSource } from './schema.ts';
import {
  acknowledge,
  assignItem,
  changeKind,
  closeItem,
  draftAudiencePost,
  openConcern,
  recordStep,
  replyToItem,
  storeItem,
  submitForApproval,
} from './service.ts';

const HOUR = 3_600_000;
const BASE = 'http://localhost:3000';

interface DemoItem {
  key: string;
  on: 'direct' | 'hand';
  as: ArrivedAs;
  hoursAgo: number;
  author: string;
  handle?: string;
  text: string;
}

const ITEMS: DemoItem[] = [
  {
    key: 'overdue',
    on: 'hand',
    as: 'comment',
    hoursAgo: 120,
    author: 'Dawn Fletcher',
    text: 'Is the after-school club running over half term? Nobody has answered the phone.',
  },
  {
    key: 'question',
    on: 'direct',
    as: 'reply',
    hoursAgo: 3,
    author: 'Marcus Bell',
    handle: 'marcusbell.bsky.social',
    text: 'What time does the Christmas fair start on Saturday?',
  },
  {
    key: 'answered',
    on: 'hand',
    as: 'comment',
    hoursAgo: 20,
    author: 'Aisha Karim',
    text: 'Lovely photos from sports day! Will there be more on the website?',
  },
  {
    key: 'complaint',
    on: 'hand',
    as: 'message',
    hoursAgo: 6,
    author: 'Gary Whitfield',
    text: 'I want to complain about the parking at pick-up. It is unacceptable and someone will get hurt.',
  },
  {
    key: 'press',
    on: 'direct',
    as: 'mention',
    hoursAgo: 2,
    author: 'Riverside Gazette newsdesk',
    handle: 'gazette-newsdesk.bsky.social',
    text: 'I am a reporter at the Riverside Gazette. Could the school give a statement for our story about the new building?',
  },
  {
    key: 'abuse',
    on: 'hand',
    as: 'comment',
    hoursAgo: 26,
    author: 'throwaway_account_88',
    text: 'The head is a fucking idiot and I will find you after school. Watch your back.',
  },
  {
    key: 'parent',
    on: 'hand',
    as: 'comment',
    hoursAgo: 4,
    author: 'Lee Parsons',
    text: 'This school is a joke. The teachers have no idea what they are doing.',
  },
  {
    key: 'pupil',
    on: 'direct',
    as: 'reply',
    hoursAgo: 1,
    author: 'y9_gamer',
    handle: 'y9gamer.bsky.social',
    text: 'lol the science teacher is rubbish, everyone knows it',
  },
  {
    key: 'safeguarding',
    on: 'hand',
    as: 'message',
    hoursAgo: 5,
    author: 'A worried neighbour',
    text: 'I think a child in year 4 is being groomed online by an adult who keeps messaging them.',
  },
];

export async function seedInboxDemo(
  trx: Kysely<Database>,
  now: Date,
  trustId: string,
  schools: { primary: string; secondary: string },
  people: Record<string, string>,
): Promise<void> {
  const staff = {
    primary: { admin: 'office-primary' },
    secondary: { admin: 'comms-secondary' },
  } as const;
  for (const which of ['primary', 'secondary'] as const) {
    const schoolId = schools[which];
    const school = { trustId, schoolId };
    const live = await trx
      .selectFrom('official_account as a')
      .innerJoin('account_operator as o', 'o.account_id', 'a.id')
      .select(['a.id', 'a.name', 'a.platform', 'o.person_id'])
      .where('a.school_id', '=', schoolId)
      .where('a.status', 'in', ['active', 'under_review'])
      .where('o.removed_at', 'is', null)
      .orderBy('a.name')
      .execute();
    const direct = live.find((a) => a.platform === 'bluesky');
    const hand = live.find((a) => a.platform !== 'bluesky' && a.platform !== 'mastodon');
    if (!direct || !hand) continue;
    const cal = await workingCalendarFor(trx, schoolId);
    const nameOf = async (key: string) => {
      const p = await trx
        .selectFrom('person')
        .select(['given_name', 'family_name'])
        .where('id', '=', people[key]!)
        .executeTakeFirstOrThrow();
      return { id: people[key]!, label: `${p.given_name} ${p.family_name}` };
    };
    const admin = await nameOf(staff[which].admin);
    const operatorOf = (accountId: string) => live.find((a) => a.id === accountId)!.person_id;
    const all = { id: admin.id, all: true };
    const ids: Record<string, string> = {};
    for (const [i, d] of ITEMS.entries()) {
      const account = d.on === 'direct' ? direct : hand;
      const arrivedAt = new Date(now.getTime() - d.hoursAgo * HOUR);
      const row = await storeItem(
        trx,
        now,
        { id: account.id, trust_id: trustId, school_id: schoolId },
        {
          platformId:
            d.on === 'direct'
              ? `at://did:plc:demo${which}${i}/app.bsky.feed.post/3demo${which}${i}`
              : `by-hand:demo-${which}-${d.key}`,
          source: (d.on === 'direct' ? 'bluesky' : 'by-hand') as ItemSource,
          arrivedAs: d.as,
          text: d.text,
          author: d.author,
          authorHandle: d.handle ?? null,
          link:
            d.on === 'direct'
              ? `https://bsky.app/profile/${d.handle}/post/3demo${which}${i}`
              : `https://www.example.com/${hand.platform}/larkfield/${which}-${d.key}`,
          arrivedAt,
          loggedBy: d.on === 'hand' ? operatorOf(hand.id) : null,
        },
        inboxDeadline(cal, arrivedAt),
        d.on === 'hand'
          ? await nameOf(Object.entries(people).find(([, v]) => v === operatorOf(hand.id))?.[0] ?? staff[which].admin)
          : { id: null, label: 'Postwarden' },
      );
      ids[d.key] = row!.id;
    }
    const handOperatorKey = Object.entries(people).find(([, v]) => v === operatorOf(hand.id))?.[0];
    const handOperator = handOperatorKey ? await nameOf(handOperatorKey) : admin;

    // Answered: a reply made on the platform, recorded.
    await replyToItem(
      trx,
      now,
      school,
      all,
      handOperator,
      ids.answered!,
      'Thank you! More photos will be on the website on Friday.',
      true,
      {
        masterKey: Buffer.alloc(32),
        readers: () => null,
      },
    );
    // A complaint assigned and acknowledged.
    await assignItem(trx, now, school, all, admin, ids.complaint!, handOperator.id, BASE);
    await acknowledge(
      trx,
      now,
      school,
      all,
      handOperator,
      ids.complaint!,
      'Phoned Mr Whitfield; the business manager will reply about parking by Friday.',
    );
    // A press enquiry: routed to the head and SLT, a reply waiting for the head's approval.
    await changeKind(trx, now, school, all, admin, ids.press!, 'press', BASE);
    await submitForApproval(
      trx,
      now,
      school,
      all,
      admin,
      ids.press!,
      'Thank you for getting in touch. The school is delighted with the new building, which opens to pupils in January. We will share more then.',
      BASE,
    );
    // Abuse, handled the way the policy says.
    for (const step of ['hidden', 'blocked', 'reported'])
      await recordStep(trx, now, school, all, handOperator, ids.abuse!, step, '');
    await draftAudiencePost(trx, now, school, all, handOperator, ids.abuse!);
    await acknowledge(
      trx,
      now,
      school,
      all,
      handOperator,
      ids.abuse!,
      'Comment hidden and the account blocked and reported.',
    );
    await closeItem(trx, now, school, all, handOperator, ids.abuse!);
    // An offensive post by a parent, and one by a pupil (whose concern is opened from the item).
    await changeKind(trx, now, school, all, admin, ids.parent!, 'parent-offensive', BASE);
    await assignItem(trx, now, school, all, admin, ids.parent!, handOperator.id, BASE);
    await openConcern(trx, now, school, all, admin, ids.safeguarding!, { baseUrl: BASE, uploadLimitMb: 20 });
    await changeKind(trx, now, school, all, admin, ids.pupil!, 'pupil-offensive', BASE);
    await openConcern(trx, now, school, all, admin, ids.pupil!, { baseUrl: BASE, uploadLimitMb: 20 });
    await trx
      .insertInto('inbox_source')
      .values({
        account_id: direct.id,
        trust_id: trustId,
        school_id: schoolId,
        last_read_at: new Date(now.getTime() - 10 * 60_000),
        last_attempt_at: new Date(now.getTime() - 10 * 60_000),
      })
      .onConflict((oc) => oc.column('account_id').doNothing())
      .execute();
  }
}
