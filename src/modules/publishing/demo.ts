// Demo posts on official accounts (PUB-1..6) for the demonstration trust: at both schools, a post in
// every status a person can leave one in, each with its timeline. Drafting, photos, sending for
// approval, the head's decisions, scheduling, posting by hand and taking down all go through the
// posting services, so every content hash and finding is the checks' own. What only a platform
// could do (Bluesky answering the publishing job) is written as the job would have left it.
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/audit/audit.ts';
import { ukDate } from '../../platform/clock.ts';
import { postingAccount } from '../accounts/index.ts';
import { connectorsFor } from './connectors/registry.ts';
import { postUrl } from './connectors/bluesky-post.ts';
import { rkeyFor } from './connectors/tid.ts';
import type { KeyedFinding } from './posts/checks.ts';
import { recordPostEvent } from './posts/events.ts';
import { HUMAN_CHECKS } from './posts/model.ts';
import { addPhoto, savePhotoDetails, startPost } from './posts/drafts/service.ts';
import { decidePost, submitPost } from './posts/review/service.ts';
import {
  PUBLISH_JOB,
  directPublishing,
  recordHandOff,
  startPublishing,
  takeDownPost,
  type PublishDeps,
} from './posts/publish/service.ts';
import { processPhoto } from './photos/process.ts';
import { countFaces } from './photos/faces.ts';

const DAY = 86_400_000;
const MINUTE = 60_000;
/** Links in the demo's emails (they wait in the outbox) use the default address of `npm run demo`. */
const BASE_URL = 'http://localhost:3000';
const SYSTEM: Actor = { id: null, label: 'Postwarden' };

type SchoolKey = 'primary' | 'secondary';
type PersonActor = Actor & { id: string };

interface Pupil {
  id: string;
  given: string;
  family: string;
  year: number;
}

// ── Photos: small drawn scenes, made here (no files, no network) ───────────────────────────────

const SKIN = ['#8d5524', '#f1c27d', '#c68642', '#e0ac69', '#ffdbac', '#5c3a1e'];

function figure(x: number, y: number, kit: string, skin: string, extra = ''): string {
  return (
    `<g><rect x="${x - 13}" y="${y + 66}" width="10" height="42" rx="4" fill="#2b2b3a"/><rect x="${x + 3}" y="${y + 66}" width="10" height="42" rx="4" fill="#2b2b3a"/>` +
    `<rect x="${x - 30}" y="${y + 22}" width="10" height="38" rx="5" fill="${skin}"/><rect x="${x + 20}" y="${y + 22}" width="10" height="38" rx="5" fill="${skin}"/>` +
    `<rect x="${x - 20}" y="${y + 18}" width="40" height="54" rx="10" fill="${kit}"/>${extra}<circle cx="${x}" cy="${y}" r="16" fill="${skin}"/></g>`
  );
}

const sky =
  '<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#8ec9f0"/><stop offset="1" stop-color="#e6f3fb"/></linearGradient></defs><rect width="640" height="480" fill="url(#sky)"/>';

const SCENES = {
  /** Three players in bibs with a shield, in a sports hall. */
  netball: () =>
    `<rect width="640" height="300" fill="#e7e1d3"/><rect y="300" width="640" height="180" fill="#c9a46b"/>` +
    `<rect x="40" y="330" width="560" height="130" fill="none" stroke="#ffffff" stroke-width="4"/><line x1="320" y1="330" x2="320" y2="460" stroke="#ffffff" stroke-width="4"/>` +
    `<rect x="560" y="90" width="10" height="250" fill="#777"/><circle cx="545" cy="100" r="22" fill="none" stroke="#e8681a" stroke-width="6"/>` +
    [200, 300, 400]
      .map((x, i) =>
        figure(x, 220, '#1d4f91', SKIN[i]!, `<rect x="${x - 16}" y="258" width="32" height="26" fill="#f2c500"/>`),
      )
      .join('') +
    `<ellipse cx="300" cy="300" rx="34" ry="40" fill="#c0c3cc" stroke="#8a8f99" stroke-width="4"/>`,
  /** Four pupils in life jackets on a raft on a lake. */
  raft: () =>
    `${sky}<g fill="#2f6b3a">${[30, 110, 190, 270, 350, 430, 510, 590].map((x, i) => `<circle cx="${x}" cy="${190 + (i % 2) * 12}" r="${46 + (i % 3) * 8}"/>`).join('')}</g>` +
    `<rect y="220" width="640" height="260" fill="#3b7fc0"/><g stroke="#6fa6d8" stroke-width="3">${[260, 300, 350, 410].map((y) => `<line x1="0" y1="${y}" x2="640" y2="${y}"/>`).join('')}</g>` +
    `<g fill="#8b5a2b">${[0, 1, 2, 3, 4].map((i) => `<rect x="150" y="${340 + i * 14}" width="340" height="11" rx="3"/>`).join('')}</g>` +
    [200, 280, 360, 440].map((x, i) => figure(x, 236, '#f26a1b', SKIN[(i + 2) % SKIN.length]!)).join(''),
  /** Three players in red with the goal behind them. */
  football: () =>
    `${sky}<g>${[0, 1, 2, 3, 4, 5, 6, 7].map((i) => `<rect x="${i * 80}" y="230" width="80" height="250" fill="${i % 2 ? '#3f8f4a' : '#4a9c55'}"/>`).join('')}</g>` +
    `<rect x="40" y="150" width="200" height="90" fill="none" stroke="#ffffff" stroke-width="8"/><line x1="0" y1="420" x2="640" y2="420" stroke="#ffffff" stroke-width="5"/>` +
    [330, 420, 510]
      .map((x, i) =>
        figure(
          x,
          250,
          '#c8102e',
          SKIN[(i + 3) % SKIN.length]!,
          `<rect x="${x - 20}" y="310" width="40" height="14" fill="#ffffff"/>`,
        ),
      )
      .join(''),
  /** Five runners in house colours on the track. */
  relay: () =>
    `${sky}<rect y="200" width="640" height="60" fill="#4a9c55"/><rect y="260" width="640" height="220" fill="#b5523b"/>` +
    `<g stroke="#ffffff" stroke-width="3">${[300, 345, 390, 435].map((y) => `<line x1="0" y1="${y}" x2="640" y2="${y}"/>`).join('')}</g>` +
    ['#c8102e', '#1d4f91', '#2e7d32', '#f2c500', '#6a1b9a']
      .map((kit, i) =>
        figure(
          80 + i * 120,
          210 + (i % 2) * 30,
          kit,
          SKIN[i]!,
          `<rect x="${80 + i * 120 + 24}" y="${262 + (i % 2) * 30}" width="22" height="7" fill="#dddddd"/>`,
        ),
      )
      .join(''),
  /** Display boards in the library, nobody in sight. */
  exhibition: () =>
    `<rect width="640" height="360" fill="#f3efe6"/><rect y="360" width="640" height="120" fill="#a47148"/>` +
    [40, 250, 460]
      .map(
        (x, b) =>
          `<rect x="${x}" y="70" width="160" height="230" fill="#2f3e5c"/><rect x="${x + 8}" y="78" width="144" height="214" fill="#e9e4d8"/>` +
          [0, 1, 2, 3]
            .map(
              (i) =>
                `<rect x="${x + 18 + (i % 2) * 68}" y="${92 + Math.floor(i / 2) * 100}" width="56" height="${70 + ((i + b) % 2) * 14}" fill="${['#7a8fa6', '#b08d57', '#8a6d5a', '#5f7d6b'][(i + b) % 4]}"/>`,
            )
            .join('') +
          `<rect x="${x + 70}" y="300" width="20" height="70" fill="#2f3e5c"/>`,
      )
      .join('') +
    `<rect x="220" y="392" width="200" height="18" fill="#6b4226"/><rect x="240" y="372" width="40" height="20" fill="#c8102e"/><rect x="286" y="376" width="34" height="16" fill="#1d4f91"/>`,
} as const;

type Scene = keyof typeof SCENES;

/** A 640×480 JPEG as a phone would send it; `gps` adds the location and camera details phones write. */
async function photoOf(scene: Scene, gps = false): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">${SCENES[scene]()}</svg>`;
  const image = sharp(Buffer.from(svg)).jpeg({ quality: 90 });
  if (gps) {
    image.withExif({
      IFD0: { Make: 'Apple', Model: 'iPhone 13' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 19/1 4/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 48/1 15/1' },
    });
  }
  return image.toBuffer();
}

/**
 * Draws, cleans and counts the faces of every scene, as adding it to a post will (with or without
 * its location the cleaned photo is the same), so that seeding finds the counts ready: the face
 * detector takes most of a second per photo, and this can run while the database is being made.
 */
export async function prepareDemoPhotos(): Promise<void> {
  for (const scene of Object.keys(SCENES) as Scene[]) {
    const cleaned = await processPhoto(await photoOf(scene));
    if (cleaned.ok) await countFaces(cleaned.bytes);
  }
}

/** A stable made-up Bluesky account id for a handle (did:plc: and 24 base32 characters). */
function didFor(handle: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return `did:plc:${[...createHash('sha256').update(handle).digest().subarray(0, 24)].map((b) => alphabet[b % 32]).join('')}`;
}

export async function seedPostingDemo(
  trx: Kysely<Database>,
  now: Date,
  trustId: string,
  schools: { primary: string; secondary: string },
  people: Record<string, string>,
): Promise<void> {
  const db = trx; // the services carry on in the caller's transaction (platform/db/transact.ts)
  /** A time `days` before today, in the school day (UTC: UK time in winter, an hour behind it in summer). */
  const on = (days: number, hour: number, minute: number) => {
    const at = new Date(now.getTime() - days * DAY);
    at.setUTCHours(hour, minute, 0, 0);
    return at;
  };
  const later = (at: Date, minutes: number) => new Date(at.getTime() + minutes * MINUTE);
  const today = ukDate(now);
  // Nothing here opens account credentials, so no key is needed to start publishing or to hand off.
  const deps: PublishDeps = { masterKey: Buffer.alloc(32), connectors: connectorsFor };

  const names = new Map(
    (
      await trx
        .selectFrom('person')
        .select(['id', 'given_name', 'family_name'])
        .where('trust_id', '=', trustId)
        .execute()
    ).map((p) => [p.id, `${p.given_name} ${p.family_name}`]),
  );
  const id = (key: string) => {
    const personId = people[key];
    if (!personId) throw new Error(`Demo posts: no demo person '${key}'`);
    return personId;
  };
  const actor = (key: string): PersonActor => ({ id: id(key), label: names.get(id(key))! });
  const schoolOf = (s: SchoolKey) => ({ trustId, schoolId: schools[s], baseUrl: BASE_URL });

  const accountRows = await trx
    .selectFrom('official_account')
    .select(['id', 'name'])
    .where('trust_id', '=', trustId)
    .execute();
  const account = (name: string) => {
    const row = accountRows.find((a) => a.name === name);
    if (!row) throw new Error(`Demo posts: no demo account '${name}'`);
    return row.id;
  };

  // Pupils who may be named by first name and shown: on roll, with consent, not on the never-publish
  // list, and not sharing a first name with anyone who is. Each is used once.
  const used = new Set<string>();
  const rosters = new Map<SchoolKey, Pupil[]>();
  for (const s of ['primary', 'secondary'] as const) {
    const all = await trx
      .selectFrom('pupil')
      .select(['id', 'given_name', 'family_name', 'year_group', 'consent_social', 'never_publish', 'leaving_date'])
      .where('school_id', '=', schools[s])
      .orderBy('year_group')
      .orderBy('family_name')
      .orderBy('given_name')
      .orderBy('upn')
      .execute();
    const hidden = new Set(all.filter((p) => p.never_publish).map((p) => p.given_name));
    rosters.set(
      s,
      all
        .filter(
          (p) =>
            p.consent_social &&
            !p.never_publish &&
            !hidden.has(p.given_name) &&
            (p.leaving_date === null || p.leaving_date > today),
        )
        .map((p) => ({ id: p.id, given: p.given_name, family: p.family_name, year: p.year_group })),
    );
  }
  function pupils(s: SchoolKey, years: number[], n: number): Pupil[] {
    const chosen: Pupil[] = [];
    for (const p of rosters.get(s)!) {
      if (chosen.length === n) break;
      if (!years.includes(p.year) || used.has(p.id) || chosen.some((c) => c.given === p.given)) continue;
      chosen.push(p);
      used.add(p.id);
    }
    if (chosen.length < n)
      throw new Error(`Demo posts: fewer than ${n} pupils with consent in year ${years.join(' or ')}`);
    return chosen;
  }

  // ── The steps of a post, each through its service ─────────────────────────────────────────────

  async function draft(
    s: SchoolKey,
    accountName: string,
    author: string,
    at: Date,
    text: string,
    shared?: { source: string },
  ): Promise<string> {
    return startPost(db, at, schoolOf(s), actor(author), {
      accountId: account(accountName),
      text,
      sharesMaterial: shared ? 'yes' : 'no',
      sharedSource: shared?.source ?? '',
      sharedPermission: shared ? 'yes' : '',
    });
  }

  async function photo(
    s: SchoolKey,
    postId: string,
    author: string,
    at: Date,
    p: { scene: Scene; fileName: string; altText: string; tagged: Pupil[]; seen?: number; gps?: boolean },
  ) {
    const added = await addPhoto(db, at, schoolOf(s), actor(author), postId, {
      bytes: await photoOf(p.scene, p.gps),
      fileName: p.fileName,
    });
    if (!added.ok)
      throw new Error(`Demo posts: a photo was refused (${'message' in added ? added.message : added.refusal})`);
    const saved = await savePhotoDetails(db, later(at, 2), schoolOf(s), actor(author), postId, added.imageId, {
      altText: p.altText,
      noPupilsVisible: p.tagged.length === 0 ? 'yes' : '',
      confirmedPupils: p.seen === undefined ? '' : String(p.seen),
      taggedPupilIds: p.tagged.map((t) => t.id),
    });
    if (saved !== 'saved') throw new Error(`Demo posts: a photo could not be described (${saved})`);
  }

  async function submit(s: SchoolKey, postId: string, author: string, at: Date) {
    const result = await submitPost(db, at, schoolOf(s), actor(author), postId);
    if (result !== 'submitted') throw new Error(`Demo posts: a post could not be sent for approval (${result})`);
  }

  /** The head's decision; `reasons` are the approver's reasons for each kind of advice they publish despite. */
  async function decide(
    s: SchoolKey,
    postId: string,
    head: string,
    at: Date,
    decision: 'approve' | 'changes' | 'reject',
    comment: string,
    reasons: Record<string, string> = {},
  ) {
    const post = await trx.selectFrom('post').select('findings').where('id', '=', postId).executeTakeFirstOrThrow();
    const overrides: Record<string, string> = {};
    const confirmed: string[] = [];
    for (const f of post.findings as KeyedFinding[]) {
      if (f.severity === 'blocking' || decision !== 'approve') continue;
      const reason = reasons[f.rule];
      if (!reason) throw new Error(`Demo posts: no reason to publish despite “${f.message}”`);
      overrides[f.key] = reason;
      if (f.severity === 'confirm') confirmed.push(f.key);
    }
    const result = await decidePost(db, at, schoolOf(s), actor(head), postId, {
      decision,
      comment,
      checks: HUMAN_CHECKS.map((c) => c.value),
      overrides,
      confirmed,
    });
    if (result.outcome === 'refused' || result.outcome === 'not-found')
      throw new Error(
        `Demo posts: the decision was refused (${'message' in result ? result.message : result.outcome})`,
      );
  }

  async function approved(
    s: SchoolKey,
    accountName: string,
    author: string,
    head: string,
    at: Date,
    text: string,
    options: { reasons?: Record<string, string>; comment?: string; shared?: { source: string } } = {},
  ) {
    const postId = await draft(s, accountName, author, at, text, options.shared);
    await submit(s, postId, author, later(at, 20));
    await decide(s, postId, head, later(at, 180), 'approve', options.comment ?? '', options.reasons);
    return postId;
  }

  async function byHand(s: SchoolKey, postId: string, author: string, at: Date, link: string) {
    if ((await recordHandOff(db, at, deps, schoolOf(s), actor(author), postId, link)) !== 'published')
      throw new Error('Demo posts: a post made by hand could not be recorded');
  }

  async function takeDown(
    s: SchoolKey,
    postId: string,
    by: string,
    at: Date,
    reason: string,
    mayManageAccounts: boolean,
  ) {
    const result = await takeDownPost(db, at, deps, schoolOf(s), { ...actor(by), mayManageAccounts }, postId, {
      reason,
      deletedByHand: true,
    });
    if (result.outcome === 'not-found') throw new Error('Demo posts: a post could not be taken down');
  }

  /**
   * Whether Postwarden can publish on this account itself (Bluesky, with sign-in details stored).
   * When the demo was seeded without a key no sign-in details are stored: its Bluesky posts are then
   * recorded as posted by hand, and the scheduled and stopped ones stay approved.
   */
  async function direct(s: SchoolKey, accountName: string): Promise<boolean> {
    const a = await postingAccount(trx, schoolOf(s), account(accountName));
    return a !== undefined && (await directPublishing(trx, deps, a)).available;
  }

  async function schedule(s: SchoolKey, postId: string, author: string, at: Date, when: Date) {
    if ((await startPublishing(db, at, deps, schoolOf(s), actor(author), postId, { at: when })) !== 'scheduled')
      throw new Error('Demo posts: a post could not be scheduled');
  }

  /**
   * Publishing through Postwarden: started through the service (the job and its key), then what the
   * job wrote when Bluesky answered, a few seconds later: the post's address, or why it stopped.
   */
  async function publishDirectly(
    s: SchoolKey,
    postId: string,
    author: string,
    at: Date,
    outcome: { error: string } | 'published',
  ) {
    if ((await startPublishing(db, at, deps, schoolOf(s), actor(author), postId, { at: null })) !== 'started')
      throw new Error('Demo posts: publishing could not start');
    const post = await trx
      .selectFrom('post')
      .select(['id', 'trust_id', 'school_id', 'account_id', 'publication_key'])
      .where('id', '=', postId)
      .executeTakeFirstOrThrow();
    const key = post.publication_key!;
    const done = new Date(at.getTime() + 4_000);
    const row = {
      idempotency_key: key,
      post_id: post.id,
      trust_id: post.trust_id,
      school_id: post.school_id,
      via: 'direct' as const,
      started_at: at,
      outcome_unknown: false,
      failures: 0,
      next_attempt_at: null,
    };
    if (outcome === 'published') {
      const handle = (await postingAccount(trx, schoolOf(s), post.account_id))!.handle!;
      const did = didFor(handle);
      const rkey = rkeyFor(key, at);
      const ref = { remoteId: `at://${did}/app.bsky.feed.post/${rkey}`, url: postUrl('https://bsky.app', did, rkey) };
      await trx
        .insertInto('post_publication')
        .values({
          ...row,
          status: 'published',
          publish_calls: 1,
          remote_id: ref.remoteId,
          url: ref.url,
          last_error: null,
          published_at: done,
        })
        .execute();
      await trx
        .updateTable('post')
        .set({
          status: 'published',
          remote_id: ref.remoteId,
          url: ref.url,
          published_at: done,
          last_error: null,
          updated_at: done,
        })
        .where('id', '=', post.id)
        .execute();
      await recordPostEvent(trx, done, post, SYSTEM, 'post.published', {
        detail: { link: ref.url, platform: 'bluesky' },
      });
    } else {
      // Refused at sign-in, before anything was sent: nothing can have gone out.
      await trx
        .insertInto('post_publication')
        .values({
          ...row,
          status: 'failed',
          publish_calls: 0,
          remote_id: null,
          url: null,
          last_error: outcome.error,
          published_at: null,
        })
        .execute();
      await trx
        .updateTable('post')
        .set({ status: 'failed', last_error: outcome.error, updated_at: done })
        .where('id', '=', post.id)
        .execute();
      await recordPostEvent(trx, done, post, SYSTEM, 'post.publish-failed', { comment: outcome.error });
    }
    await trx
      .updateTable('job')
      .set({ attempts: 1, done_at: done })
      .where('kind', '=', PUBLISH_JOB)
      .where('dedupe_key', 'like', `post-publish:${key}:%`)
      .execute();
  }

  // ── Larkfield Primary School ──────────────────────────────────────────────────────────────────
  // Gareth and Chloe run the accounts; Helen Pryce, the Head of School, approves.
  const head = 'head-primary';
  const parents = 'Larkfield Primary for parents';
  const trip = 'Year 6 residential trip';
  const library = 'Larkfield library reads';
  const libraryDirect = await direct('primary', library);

  // Published by hand: a sports result with a photo, and a pupil's first name with her year, which
  // the head published despite the advice, with her reason.
  const netball = pupils('primary', [6], 1).concat(pupils('primary', [5, 6], 2));
  const star = netball[0]!;
  const netballPost = await draft(
    'primary',
    parents,
    'teacher-primary',
    on(13, 15, 40),
    `Netball: our Year 5 and 6 team came second out of twelve schools at the Riverside tournament on Saturday, losing the final by a single goal. Player of the tournament was ${star.given} from Year 6, who did not miss a shot all morning. Thank you to all the families who came to cheer!`,
  );
  await photo('primary', netballPost, 'teacher-primary', later(on(13, 15, 40), 5), {
    scene: 'netball',
    fileName: 'netball-tournament.jpg',
    altText: 'Three Larkfield players in blue kit and yellow bibs holding the runners-up shield in the sports hall',
    tagged: netball,
    seen: 3,
  });
  await submit('primary', netballPost, 'teacher-primary', later(on(13, 15, 40), 15));
  await decide('primary', netballPost, head, later(on(13, 15, 40), 95), 'approve', 'Lovely result. Approved.', {
    'identifying-details': `First name only, ${star.given}’s family have agreed to photos on social media, and the team list already went to every family with the results. Happy for this to go.`,
  });
  await byHand(
    'primary',
    netballPost,
    'teacher-primary',
    later(on(13, 15, 40), 130),
    'https://www.facebook.com/LarkfieldPrimarySchool/posts/pfbid02nV8kQeR7xLw3TtYcJm5sHb1uZ9dF4gA6pNq2oXiEvW',
  );

  const assembly = await approved(
    'primary',
    parents,
    'office-primary',
    head,
    on(20, 9, 50),
    'Thank you to every family who came to our celebration assembly this morning. Reception and Year 1 sang beautifully, and your donations filled fourteen boxes for the Riverside food bank.',
  );
  await byHand(
    'primary',
    assembly,
    'office-primary',
    later(on(20, 9, 50), 240),
    'https://www.facebook.com/LarkfieldPrimarySchool/posts/pfbid0Hq3mWz7tLk2JbVx9RcN4aYs8uDe1fG5pKiT6oQwZr',
  );

  // The weekly newsletter reminder.
  const newsletter = await approved(
    'primary',
    parents,
    'office-primary',
    head,
    on(6, 12, 30),
    'This week’s newsletter is on the school website: clubs for next half term, the new lunch menu and the dates of parents’ evenings. Paper copies are in the office if you would like one.',
  );
  await byHand(
    'primary',
    newsletter,
    'office-primary',
    later(on(6, 12, 30), 200),
    'https://www.facebook.com/LarkfieldPrimarySchool/posts/pfbid035tYw1Rk9mQeX2ZsLc7VhN8bJd4uGa6pTiK3oFqWn',
  );

  // Published by Postwarden on Bluesky.
  const volunteers = await approved(
    'primary',
    library,
    'teacher-primary',
    head,
    on(9, 8, 40),
    'Thank you to our reading volunteers, who heard more than two hundred readers this half term. If you could spare an hour a week to listen to children read, the school office would love to hear from you.',
  );
  if (libraryDirect)
    await publishDirectly('primary', volunteers, 'teacher-primary', later(on(9, 8, 40), 200), 'published');
  else
    await byHand(
      'primary',
      volunteers,
      'teacher-primary',
      later(on(9, 8, 40), 200),
      'https://bsky.app/profile/larkfieldreads.bsky.social/post/3lbqz7xkd2c2s',
    );

  // Taken down: it gave the wrong day.
  const museum = await approved(
    'primary',
    parents,
    'office-primary',
    head,
    on(5, 8, 15),
    'Year 3 visit the Riverside Museum on Tuesday. Please send a packed lunch in a named bag that can be thrown away, and a coat in case it rains on the walk.',
  );
  await byHand(
    'primary',
    museum,
    'office-primary',
    later(on(5, 8, 15), 210),
    'https://www.facebook.com/LarkfieldPrimarySchool/posts/pfbid02Lw7vXq3Nd9KsRt1YcHm8bZa5uEf4gJ6pQiT2oVkW',
  );
  await takeDown(
    'primary',
    museum,
    'office-primary',
    later(on(4, 8, 5), 60),
    'Wrong day: the Year 3 museum visit is on Thursday, not Tuesday. The right day went home in a letter, and a corrected post will follow.',
    true,
  );

  // Publishing stopped: Bluesky refused the stored sign-in details (the demo's are made up).
  const bookSwap = await approved(
    'primary',
    library,
    'office-primary',
    head,
    on(3, 9, 0),
    'Book swap at the school gate on Friday morning: bring a book you have finished with and take a new one home. Picture books, comics and chapter books are all welcome.',
  );
  if (libraryDirect)
    await publishDirectly('primary', bookSwap, 'office-primary', later(on(3, 9, 0), 240), {
      error: 'Bluesky refused the stored sign-in details. Check the handle and app password stored for this account',
    });

  // Approved, ready to publish.
  await approved(
    'primary',
    library,
    'teacher-primary',
    head,
    on(2, 13, 10),
    'This week’s library pick from our reading volunteers: The Iron Man by Ted Hughes. A giant made of metal, a farmer’s son and a creature from space. A short read that grips the whole class, and perfect for Years 3 and 4.',
    { comment: 'Approved. Publish it whenever suits.' },
  );

  // Scheduled for the morning after next, through the publishing job.
  const challenge = await approved(
    'primary',
    library,
    'office-primary',
    head,
    on(1, 9, 30),
    'Our half-term reading challenge starts on the first day of the holiday: read five books of any kind (comics and recipe books count!) and bring your bookmark back after half term for a prize.',
  );
  const morning = new Date(now.getTime() + 2 * DAY);
  morning.setUTCHours(7, 30, 0, 0);
  if (libraryDirect) await schedule('primary', challenge, 'office-primary', later(on(1, 9, 30), 200), morning);

  // Waiting for the head: a personal mobile number, which the checks advise against.
  const quiz = await draft(
    'primary',
    parents,
    'office-primary',
    on(1, 15, 40),
    'PTA quiz night this Friday from 6.30pm in the school hall: teams of up to six, with a raffle and a cake stall. Tickets are £5 from the office. To book a table, text Lauren from the PTA on 07700 900461.',
  );
  await submit('primary', quiz, 'office-primary', later(on(1, 15, 40), 10));

  // Changes requested, with the head's comment on the timeline.
  const kit = await draft(
    'primary',
    trip,
    'teacher-primary',
    on(7, 15, 30),
    'Year 6 families: the kit list for the residential is in this week’s newsletter. Please send the medical forms back to the office as soon as you can.',
  );
  await submit('primary', kit, 'teacher-primary', later(on(7, 15, 30), 15));
  await decide(
    'primary',
    kit,
    head,
    later(on(6, 8, 20), 0),
    'changes',
    'Please give the date the medical forms are due back, and say that the kit list is on the website too, for families who do not get the newsletter.',
  );

  // Rejected, with the reason the author sees.
  const parking = await draft(
    'primary',
    parents,
    'office-primary',
    on(10, 8, 50),
    'PARKING: some parents are still parking on the zigzag lines at pick-up. We know who you are, and we will be passing registration numbers to the council.',
  );
  await submit('primary', parking, 'office-primary', later(on(10, 8, 50), 5));
  await decide(
    'primary',
    parking,
    head,
    later(on(10, 12, 45), 0),
    'reject',
    'We do not call out families in public, and this would start an argument in the comments. I will cover parking in the newsletter and ask the PCSO to come at pick-up instead.',
  );

  // Drafts: one names a pupil in full (blocking), one has a photo with pupils still to tag.
  const reader = pupils('primary', [3], 1)[0]!;
  await draft(
    'primary',
    parents,
    'teacher-primary',
    on(2, 16, 5),
    `Reader of the week: a huge well done to ${reader.given} ${reader.family}, who has read at home every single night this half term. What an achievement!`,
  );
  const raft = await draft(
    'primary',
    trip,
    'teacher-primary',
    on(1, 17, 20),
    'Day one at the outdoor centre: raft building on the lake this afternoon, and only a few wet socks! Hot chocolate and the campfire are next.',
  );
  await photo('primary', raft, 'teacher-primary', later(on(1, 17, 20), 3), {
    scene: 'raft',
    fileName: 'IMG_4172.jpg',
    gps: true,
    altText: 'Four Year 6 pupils in orange life jackets kneeling on a home-made raft on the lake',
    tagged: pupils('primary', [6], 2),
    seen: 4,
  });

  // ── Harbour Bridge Academy ────────────────────────────────────────────────────────────────────
  // Dylan runs the PE account and Sarah the History and careers accounts; Anthony Kerridge, the
  // Headteacher, approves.
  const head2 = 'head-secondary';
  const pe = 'Harbour Bridge PE';
  const historyAccount = 'Harbour Bridge History';
  const careers = 'Harbour Bridge careers';
  const historyDirect = await direct('secondary', historyAccount);

  // Published by hand: a match report with a photo and a named player of the match with his year.
  const team = pupils('secondary', [9], 3);
  const motm = team[0]!;
  const match = await draft(
    'secondary',
    pe,
    'pe-teacher',
    on(11, 16, 30),
    `Under-14 football: Harbour Bridge 3, St Aidan’s 1. A brilliant team performance and a clean sheet in the second half. Player of the match was ${motm.given} in Year 9, who scored twice. Next up is the cup quarter-final at home.`,
  );
  await photo('secondary', match, 'pe-teacher', later(on(11, 16, 30), 4), {
    scene: 'football',
    fileName: 'u14-football.jpg',
    altText: 'Three Harbour Bridge players in red shirts and white shorts on the pitch in front of the goal',
    tagged: team,
    seen: 3,
  });
  await submit('secondary', match, 'pe-teacher', later(on(11, 16, 30), 10));
  await decide('secondary', match, head2, later(on(11, 16, 30), 70), 'approve', '', {
    'identifying-details':
      'Team sheets with first names go home to every family before each match, and all three players have consent for photos. First name only, so fine to publish.',
  });
  await byHand(
    'secondary',
    match,
    'pe-teacher',
    later(on(11, 16, 30), 100),
    'https://www.instagram.com/p/C9xT4mLsQ2a/',
  );

  // Published by Postwarden on Bluesky: an award, and another organisation's material, credited.
  const award = await approved(
    'secondary',
    historyAccount,
    'deputy-dsl-secondary',
    head2,
    on(15, 9, 20),
    'Congratulations to the eight Year 10 historians whose project on the harbour in wartime won this year’s Riverside Young Historians award. Their work goes on show at the town museum next month.',
    { comment: 'Wonderful news. Approved.' },
  );
  if (historyDirect)
    await publishDirectly('secondary', award, 'deputy-dsl-secondary', later(on(15, 9, 20), 240), 'published');
  else
    await byHand(
      'secondary',
      award,
      'deputy-dsl-secondary',
      later(on(15, 9, 20), 240),
      'https://bsky.app/profile/harbourbridgehistory.bsky.social/post/3lbkq2xw7dz2a',
    );
  const recordings = await approved(
    'secondary',
    historyAccount,
    'deputy-dsl-secondary',
    head2,
    on(21, 10, 5),
    'The Riverside Local History Society has put its recordings of people who worked at the harbour in the 1950s online. Year 9 listened to them in lessons this week, and they are well worth an evening.',
    { shared: { source: 'Riverside Local History Society, oral history archive (shared with their permission)' } },
  );
  if (historyDirect)
    await publishDirectly('secondary', recordings, 'deputy-dsl-secondary', later(on(21, 10, 5), 190), 'published');
  else
    await byHand(
      'secondary',
      recordings,
      'deputy-dsl-secondary',
      later(on(21, 10, 5), 190),
      'https://bsky.app/profile/harbourbridgehistory.bsky.social/post/3lbdv5qk2ms2f',
    );

  // Taken down by the Headteacher: out of date.
  const netballClub = await approved(
    'secondary',
    pe,
    'pe-teacher',
    head2,
    on(8, 8, 30),
    'Netball club is back every Tuesday after school in the sports hall, for all years. Just bring your PE kit and a water bottle.',
  );
  await byHand(
    'secondary',
    netballClub,
    'pe-teacher',
    later(on(8, 8, 30), 185),
    'https://www.instagram.com/p/C9qL2nHsW7e/',
  );
  await takeDown(
    'secondary',
    netballClub,
    head2,
    later(on(6, 12, 40), 30),
    'Out of date: netball club has moved to Wednesdays while the sports hall floor is replaced, and families were turning up on Tuesdays.',
    false,
  );

  // Publishing stopped: the account's main password is stored rather than an app password.
  const dropIn = await approved(
    'secondary',
    historyAccount,
    'deputy-dsl-secondary',
    head2,
    on(3, 10, 40),
    'Year 13 historians: the coursework drop-in is in room H4 every Thursday lunchtime until the deadline. Bring your draft and your sources.',
  );
  if (historyDirect) {
    await publishDirectly('secondary', dropIn, 'deputy-dsl-secondary', later(on(3, 10, 40), 230), {
      error:
        'Bluesky asked for an emailed sign-in code. Store an app password for this account (Bluesky: Settings, Privacy and security, App passwords) instead of the main password',
    });
  }

  // Approved, ready to post by hand on LinkedIn.
  await approved(
    'secondary',
    careers,
    'deputy-dsl-secondary',
    head2,
    on(4, 14, 0),
    'Thank you to Harbour Engineering for hosting twelve of our Year 12 students for a week of work experience. They designed, tested and presented a model footbridge to the firm’s engineers. Employers who could offer a placement next summer: please email careers@harbourbridge.sch.uk.',
  );

  // Scheduled: an exhibition, with a photo of the display (no pupils in it).
  const exhibition = await draft(
    'secondary',
    historyAccount,
    'deputy-dsl-secondary',
    on(2, 10, 15),
    'Our Year 8 exhibition on the history of the harbour opens in the library next week. Families are welcome after school, from 3.30 to 5pm, every day.',
  );
  await photo('secondary', exhibition, 'deputy-dsl-secondary', later(on(2, 10, 15), 5), {
    scene: 'exhibition',
    fileName: 'harbour-exhibition.jpg',
    altText: 'Three display boards of old photographs and timelines of the harbour set up in the school library',
    tagged: [],
  });
  await submit('secondary', exhibition, 'deputy-dsl-secondary', later(on(2, 10, 15), 12));
  await decide('secondary', exhibition, head2, later(on(1, 8, 20), 0), 'approve', '');
  const monday = new Date(now.getTime() + 3 * DAY);
  monday.setUTCHours(8, 0, 0, 0);
  if (historyDirect) await schedule('secondary', exhibition, 'deputy-dsl-secondary', later(on(1, 9, 5), 45), monday);

  // Waiting for the Headteacher: it shares another organisation's request without saying so.
  const bridge = await draft(
    'secondary',
    historyAccount,
    'deputy-dsl-secondary',
    on(1, 12, 15),
    'Reposting from the Riverside Local History Society: they are looking for photos of the old swing bridge before it was replaced in 1974. If you have any in a family album, they would love to scan them.',
  );
  await submit('secondary', bridge, 'deputy-dsl-secondary', later(on(1, 12, 15), 8));

  // Changes requested.
  const fixtures = await draft(
    'secondary',
    pe,
    'pe-teacher',
    on(7, 8, 10),
    'Football fixtures this week: Year 8 are at home to St Aidan’s on Wednesday, and Year 10 are away at Castle Park on Thursday. Kick-off is 3.45pm for both.',
  );
  await submit('secondary', fixtures, 'pe-teacher', later(on(7, 8, 10), 6));
  await decide(
    'secondary',
    fixtures,
    head2,
    later(on(7, 12, 30), 0),
    'changes',
    'Please check the Year 10 kick-off: the letter home said 4pm. And add when the minibus gets back, so families know when to collect.',
  );

  // Rejected.
  const mocks = await draft(
    'secondary',
    careers,
    'deputy-dsl-secondary',
    on(10, 9, 30),
    'Our Year 11 mock results are the best the academy has ever had: 78% of students achieved a grade 5 or above in English and maths.',
  );
  await submit('secondary', mocks, 'deputy-dsl-secondary', later(on(10, 9, 30), 4));
  await decide(
    'secondary',
    mocks,
    head2,
    later(on(9, 8, 45), 0),
    'reject',
    'We do not publish mock results: they are a snapshot to help students revise, not a result, and some students would feel judged by them. Let us celebrate the real results in August.',
  );

  // Drafts: one names a pupil in full (blocking), one has a photo with runners still to tag.
  const runner = pupils('secondary', [10], 1)[0]!;
  await draft(
    'secondary',
    pe,
    'pe-teacher',
    on(2, 15, 45),
    `Cross-country: ${runner.given} ${runner.family} finished third out of 140 runners at the county championships on Saturday and goes through to the regional race next term. Brilliant running!`,
  );
  const relay = await draft(
    'secondary',
    pe,
    'pe-teacher',
    on(1, 13, 30),
    'Year 7 relay heats at lunchtime today: the final is on Friday and the house points are very close!',
  );
  await photo('secondary', relay, 'pe-teacher', later(on(1, 13, 30), 3), {
    scene: 'relay',
    fileName: 'relay-heats.jpg',
    altText: 'Five Year 7 students in house colours running on the track, passing relay batons',
    tagged: pupils('secondary', [7], 3),
    seen: 5,
  });
}
