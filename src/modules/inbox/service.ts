/**
 * The inbox's use cases (MON-2..4): log an item by hand, store what a platform reported, assign,
 * change the kind, acknowledge, record a step, reply (checked like a post, within the platform's
 * length, a press reply only with a senior leader's written approval), open a concern, draft the
 * post telling the audience. Each change is one transaction with its timeline entry and audit event.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import { ValidationError, type FieldError } from '../../platform/http/errors.ts';
import { isUuid } from '../../platform/http/forms.ts';
import { queueMail } from '../../platform/mail/mail.ts';
import { enqueueJob } from '../../platform/jobs/jobs.ts';
import { transact } from '../../platform/db/transact.ts';
import { formatDateTime } from '../../platform/views/nunjucks.ts';
import { londonTimeToInstant } from '../../platform/calendar/calendar.ts';
import { readDateInput } from '../directory/dates.ts';
import { workingCalendarFor } from '../directory/index.ts';
import { operatesAccount, postingAccount } from '../accounts/index.ts';
import type { InboxNotification, ReaderRegistry } from '../publishing/connectors/notifications.ts';
import { countText, textLimitFor, tooLongMessage } from '../publishing/connectors/text-limit.ts';
import { checkStoredPost } from '../publishing/posts/checks.ts';
import { startPost } from '../publishing/posts/drafts/service.ts';
import { readUrl, reportConcern } from '../incidents/report/service.ts';
import { recordItemEvent } from './events.ts';
import { checkReply, claimInFlightText, claimOf, ReplyNotFound, sendReply, type CheckOutcome } from './replying.ts';
import { inboxDeadline, reminderAt } from './rules/deadline.ts';
import { isItemKind, KINDS, suggestKind } from './rules/kinds.ts';
import { normaliseReply, REFUSAL_TEXT, replyRefusal } from './rules/reply.ts';
import { manualSteps, stepOf } from './rules/steps.ts';
import { isTemplateKey, MAX_TEMPLATE, TEMPLATES, templatesWith } from './rules/templates.ts';
import {
  accountAdministrators,
  assignable,
  findItem,
  seniorLeaders,
  type ItemRow,
  type School,
  type Viewer,
} from './repo.ts';
import type { ArrivedAs, ItemKind, ItemSource } from './schema.ts';

export const INBOX_CLOCK_JOB = 'inbox.clock';
export const MAX_TEXT = 5000;
type PersonActor = Actor & { id: string };

export interface InboxDeps {
  baseUrl: string;
  masterKey: Buffer;
  readers: ReaderRegistry;
  uploadLimitMb: number;
  /** The demo reads no platform: its items are recorded. */
  demoMode?: boolean;
}

const HAND_PLATFORMS_AS: ArrivedAs[] = ['comment', 'reply', 'mention', 'message'];

async function loadForChange(trx: Kysely<Database>, school: School, viewer: Viewer, id: string): Promise<ItemRow> {
  const item = await findItem(trx, school, viewer, id, true);
  if (!item) throw new NotFound();
  return item;
}

/** An item the person cannot see: the route answers 404, the same as one that does not exist. */
export class NotFound extends Error {}

async function tell(
  trx: Kysely<Database>,
  now: Date,
  school: School,
  people: readonly { email: string | null }[],
  subject: string,
  text: string,
) {
  const sent = new Set<string>();
  for (const p of people) {
    if (!p.email || sent.has(p.email)) continue;
    sent.add(p.email);
    await queueMail(trx, now, { to: p.email, subject, text, trustId: school.trustId, schoolId: school.schoolId });
  }
}

/** Inserts an item once (platform id per account), with its deadline and its two clock jobs. */
export async function storeItem(
  trx: Kysely<Database>,
  now: Date,
  account: { id: string; trust_id: string; school_id: string },
  item: {
    platformId: string;
    source: ItemSource;
    arrivedAs: ArrivedAs;
    text: string;
    author: string;
    authorHandle: string | null;
    link: string | null;
    arrivedAt: Date;
    remote?: Record<string, unknown>;
    loggedBy?: string | null;
  },
  deadline: Date,
  actor: Actor,
): Promise<ItemRow | null> {
  const suggested = suggestKind(item.text);
  const row = await trx
    .insertInto('inbox_item')
    .values({
      trust_id: account.trust_id,
      school_id: account.school_id,
      account_id: account.id,
      platform_id: item.platformId,
      source: item.source,
      arrived_as: item.arrivedAs,
      kind: suggested,
      suggested_kind: suggested,
      state: 'new',
      arrived_at: item.arrivedAt,
      deadline_at: deadline,
      text: item.text,
      author: item.author,
      author_handle: item.authorHandle,
      link: item.link,
      remote: JSON.stringify(item.remote ?? {}),
      logged_by: item.loggedBy ?? null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['account_id', 'platform_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) return null;
  await recordItemEvent(trx, now, row, actor, item.source === 'by-hand' ? 'inbox.logged' : 'inbox.arrived', {
    detail: { kind: suggested, deadline: deadline.toISOString() },
  });
  const remind = reminderAt(item.arrivedAt, deadline);
  await enqueueJob(
    trx,
    INBOX_CLOCK_JOB,
    { itemId: row.id, stage: 'reminder' },
    { runAt: remind < now ? now : remind, dedupeKey: `inbox-reminder:${row.id}` },
  );
  await enqueueJob(
    trx,
    INBOX_CLOCK_JOB,
    { itemId: row.id, stage: 'overdue' },
    { runAt: deadline < now ? now : deadline, dedupeKey: `inbox-overdue:${row.id}` },
  );
  return row;
}

export interface HandForm {
  accountId: string;
  arrivedAs: string;
  text: string;
  author: string;
  link: string;
  day: string;
  month: string;
  year: string;
  time: string;
}

/** An item from a platform Postwarden cannot read, logged by an operator in a few seconds (MON-2). */
export async function logByHand(
  db: Kysely<Database>,
  now: Date,
  school: School,
  actor: PersonActor,
  viewer: Viewer,
  form: HandForm,
  baseUrl: string,
): Promise<string> {
  const errors: FieldError[] = [];
  const account = isUuid(form.accountId) ? await postingAccount(db, school, form.accountId) : undefined;
  const mayLog = account && (viewer.all || (await operatesAccount(db, account.id, actor.id)));
  if (!account?.live || !mayLog) errors.push({ href: '#accountId', text: 'Select the account it came to' });
  if (!HAND_PLATFORMS_AS.includes(form.arrivedAs as ArrivedAs))
    errors.push({ href: '#arrivedAs', text: 'Select what it was: a comment, a reply, a mention or a message' });
  const text = form.text.replace(/\r\n?/g, '\n').trim();
  if (!text) errors.push({ href: '#text', text: 'Enter what it says' });
  else if (text.length > MAX_TEXT)
    errors.push({ href: '#text', text: 'What it says must be 5,000 characters or fewer' });
  const author = form.author.trim();
  if (!author) errors.push({ href: '#author', text: 'Enter who wrote it, as the platform shows them' });
  else if (author.length > 200) errors.push({ href: '#author', text: 'Who wrote it must be 200 characters or fewer' });
  let link: string | null = null;
  if (form.link.trim()) {
    link = readUrl(form.link)?.href ?? null;
    if (!link) errors.push({ href: '#link', text: 'Enter the link as a web address, like https://www.facebook.com/…' });
  }
  let arrivedAt = now;
  const date = readDateInput(form.day, form.month, form.year, 'When it arrived');
  const time = form.time.trim();
  if (!date.ok) errors.push({ href: '#arrived-day', text: date.message });
  else if (date.value) {
    if (time && !/^([01]?\d|2[0-3]):[0-5]\d$/.test(time))
      errors.push({ href: '#time', text: 'Enter the time like 14:30' });
    else {
      const [h, m] = (time || '00:00').split(':');
      arrivedAt = londonTimeToInstant(date.value, `${h!.padStart(2, '0')}:${m}:00.000`);
      if (arrivedAt > now) errors.push({ href: '#arrived-day', text: 'When it arrived must be now or in the past' });
    }
  } else if (time) errors.push({ href: '#arrived-day', text: 'Enter the date it arrived as well as the time' });
  if (errors.length) throw new ValidationError(errors);

  const cal = await workingCalendarFor(db, school.schoolId);
  const deadline = inboxDeadline(cal, arrivedAt);
  return transact(db, async (trx) => {
    const row = await storeItem(
      trx,
      now,
      { id: account!.id, trust_id: school.trustId, school_id: school.schoolId },
      {
        platformId: `by-hand:${crypto.randomUUID()}`,
        source: 'by-hand',
        arrivedAs: form.arrivedAs as ArrivedAs,
        text,
        author,
        authorHandle: null,
        link,
        arrivedAt,
        loggedBy: actor.id,
      },
      deadline,
      actor,
    );
    await tellAdministrators(trx, now, school, account!.id, account!.name, 1, baseUrl, actor.id);
    return row!.id;
  });
}

export async function tellAdministrators(
  trx: Kysely<Database>,
  now: Date,
  school: School,
  accountId: string,
  accountName: string,
  count: number,
  baseUrl: string,
  except: string | null = null,
) {
  const admins = (await accountAdministrators(trx, school, accountId)).filter((p) => p.id !== except);
  await tell(
    trx,
    now,
    school,
    admins,
    `${count === 1 ? 'A new item' : `${count} new items`} in the inbox for ${accountName}`,
    `${count === 1 ? 'A comment, reply or message has' : `${count} comments, replies or messages have`} arrived for ${accountName}. Each needs a response within 24 hours (the next working day at a weekend or holiday).\n\n${baseUrl}/inbox/accounts/${accountId}`,
  );
}

/** Stores what a reader brought back; returns how many were new. */
export async function storeArrivals(
  db: Kysely<Database>,
  now: Date,
  account: { id: string; trust_id: string; school_id: string; name: string; platform: string },
  notifications: readonly InboxNotification[],
  baseUrl: string,
): Promise<number> {
  const cal = await workingCalendarFor(db, account.school_id);
  const school = { trustId: account.trust_id, schoolId: account.school_id };
  return transact(db, async (trx) => {
    let added = 0;
    for (const n of notifications) {
      const row = await storeItem(
        trx,
        now,
        account,
        {
          platformId: n.platformId,
          source: account.platform as ItemSource,
          arrivedAs: n.arrivedAs,
          // An item with no words (an image alone) is still an item: say so rather than lose it.
          text: n.text.trim() || '(No text: open the link to see it)',
          author: n.author,
          authorHandle: n.authorHandle,
          link: n.link,
          arrivedAt: n.arrivedAt,
          remote: n.remote,
        },
        inboxDeadline(cal, n.arrivedAt),
        { id: null, label: 'Postwarden' },
      );
      if (row) added++;
    }
    if (added) await tellAdministrators(trx, now, school, account.id, account.name, added, baseUrl);
    return added;
  });
}

export async function assignItem(
  db: Kysely<Database>,
  now: Date,
  school: School,
  viewer: Viewer,
  actor: PersonActor,
  id: string,
  assigneeId: string,
  baseUrl: string,
): Promise<void> {
  await transact(db, async (trx) => {
    const item = await loadForChange(trx, school, viewer, id);
    const people = await assignable(trx, school, item.account_id);
    const person = people.find((p) => p.id === assigneeId);
    if (!person) throw new ValidationError([{ href: '#assignee', text: 'Select who will deal with it' }]);
    await trx
      .updateTable('inbox_item')
      .set({ assignee_id: person.id, state: item.state === 'new' ? 'assigned' : item.state, updated_at: now })
      .where('id', '=', item.id)
      .execute();
    await recordItemEvent(trx, now, item, actor, 'inbox.assigned', {
      text: `${person.given_name} ${person.family_name}`,
      detail: { assignee: person.id },
    });
    if (person.id !== actor.id)
      await tell(
        trx,
        now,
        school,
        [person],
        'An inbox item is yours to answer',
        `${actor.label} has asked you to deal with a ${KINDS[item.kind].text.toLowerCase()} from ${item.author}. It is due ${formatDateTime(item.deadline_at)}.\n\n${baseUrl}/inbox/items/${item.id}`,
      );
  });
}

export async function changeKind(
  db: Kysely<Database>,
  now: Date,
  school: School,
  viewer: Viewer,
  actor: PersonActor,
  id: string,
  kind: string,
  baseUrl: string,
): Promise<void> {
  if (!isItemKind(kind)) throw new ValidationError([{ href: '#kind', text: 'Select what kind of item it is' }]);
  await transact(db, async (trx) => {
    const item = await loadForChange(trx, school, viewer, id);
    if (item.kind === kind) return;
    await trx.updateTable('inbox_item').set({ kind, updated_at: now }).where('id', '=', item.id).execute();
    await recordItemEvent(trx, now, item, actor, 'inbox.kind-changed', {
      text: KINDS[kind].text,
      detail: { from: item.kind, to: kind },
    });
    if (kind === 'press') await routeToSeniorLeaders(trx, now, school, item, actor, baseUrl);
  });
}

async function routeToSeniorLeaders(
  trx: Kysely<Database>,
  now: Date,
  school: School,
  item: ItemRow,
  actor: Actor,
  baseUrl: string,
) {
  const leaders = await seniorLeaders(trx, school);
  await recordItemEvent(trx, now, item, actor, 'inbox.step', {
    text: stepOf('press', 'routed-to-slt')!.text,
    detail: { step: 'routed-to-slt', to: leaders.map((l) => l.id) },
  });
  await tell(
    trx,
    now,
    school,
    leaders,
    'A press enquiry has come in',
    `A press enquiry from ${item.author} came in on one of the school's accounts. Nobody answers it until a senior leader has approved the reply in writing. It is due ${formatDateTime(item.deadline_at)}.\n\n${baseUrl}/inbox/items/${item.id}`,
  );
}

export async function acknowledge(
  db: Kysely<Database>,
  now: Date,
  school: School,
  viewer: Viewer,
  actor: PersonActor,
  id: string,
  note: string,
): Promise<void> {
  const text = note.trim();
  if (text.length > 1000)
    throw new ValidationError([{ href: '#note', text: 'The note must be 1,000 characters or fewer' }]);
  await transact(db, async (trx) => {
    const item = await loadForChange(trx, school, viewer, id);
    if (item.responded_at) throw new ValidationError([{ href: '#note', text: REFUSAL_TEXT['already-answered'] }]);
    await trx
      .updateTable('inbox_item')
      .set({ responded_at: now, response: 'acknowledged', state: 'answered', updated_at: now })
      .where('id', '=', item.id)
      .execute();
    await recordItemEvent(trx, now, item, actor, 'inbox.acknowledged', { text: text || null });
  });
}

export async function recordStep(
  db: Kysely<Database>,
  now: Date,
  school: School,
  viewer: Viewer,
  actor: PersonActor,
  id: string,
  stepKey: string,
  note: string,
): Promise<void> {
  await transact(db, async (trx) => {
    const item = await loadForChange(trx, school, viewer, id);
    const step = manualSteps(item.kind).find((s) => s.key === stepKey);
    if (!step) throw new ValidationError([{ href: '#step', text: 'Select the step you have done' }]);
    if (note.trim().length > 1000)
      throw new ValidationError([{ href: '#note', text: 'The note must be 1,000 characters or fewer' }]);
    await recordItemEvent(trx, now, item, actor, 'inbox.step', {
      text: note.trim() ? `${step.text}: ${note.trim()}` : step.text,
      detail: { step: step.key },
    });
  });
}

/** Blocking findings of the post checks, and the platform's length, on a reply's words (MON-2). */
async function replyProblems(
  db: Kysely<Database>,
  school: School,
  platform: string,
  text: string,
  now: Date,
): Promise<FieldError[]> {
  const findings = await checkStoredPost(
    db,
    school,
    { text, sharesMaterial: false, sharedSource: null, sharedPermission: null, images: [], platform },
    now,
  );
  const errors = findings.filter((f) => f.severity === 'blocking').map((f) => ({ href: '#reply', text: f.message }));
  const limit = textLimitFor(platform);
  if (limit && !errors.some((e) => /too long|characters/i.test(e.text))) {
    const message = tooLongMessage(countText(text, limit));
    if (message) errors.push({ href: '#reply', text: message });
  }
  return errors;
}

/** A press reply goes to the head and senior leaders to approve in writing (MON-4). */
export async function submitForApproval(
  db: Kysely<Database>,
  now: Date,
  school: School,
  viewer: Viewer,
  actor: PersonActor,
  id: string,
  reply: string,
  baseUrl: string,
): Promise<void> {
  const text = normaliseReply(reply);
  const item = await findItem(db, school, viewer, id);
  if (!item) throw new NotFound();
  if (!text) throw new ValidationError([{ href: '#reply', text: 'Enter the reply for approval' }]);
  const account = await postingAccount(db, school, item.account_id);
  const errors = await replyProblems(db, school, account?.platform ?? 'other', text, now);
  if (errors.length) throw new ValidationError(errors);
  await transact(db, async (trx) => {
    const locked = await loadForChange(trx, school, viewer, id);
    if (locked.kind !== 'press' || locked.responded_at) throw new NotFound();
    await trx
      .updateTable('inbox_item')
      .set({
        draft_reply: text,
        approved_text: null,
        approved_by: null,
        approved_at: null,
        state: 'awaiting-approval',
        updated_at: now,
      })
      .where('id', '=', locked.id)
      .execute();
    await recordItemEvent(trx, now, locked, actor, 'inbox.press-submitted', { text });
    await tell(
      trx,
      now,
      school,
      (await seniorLeaders(trx, school)).filter((l) => l.id !== actor.id),
      'A press reply is waiting for your approval',
      `${actor.label} has written a reply to a press enquiry from ${locked.author}. It cannot be sent until a senior leader approves it. It is due ${formatDateTime(locked.deadline_at)}.\n\n${baseUrl}/inbox/items/${locked.id}`,
    );
  });
}

/** A named senior leader approves the words in writing; the approval is kept with the item (MON-4, 000 §5.2). */
export async function approveReply(
  db: Kysely<Database>,
  now: Date,
  school: School,
  viewer: Viewer,
  actor: PersonActor,
  id: string,
  confirmed: boolean,
  baseUrl: string,
): Promise<void> {
  await transact(db, async (trx) => {
    const item = await loadForChange(trx, school, viewer, id);
    if (item.kind !== 'press' || item.state !== 'awaiting-approval' || !item.draft_reply) throw new NotFound();
    if (!confirmed)
      throw new ValidationError([{ href: '#confirm', text: 'Confirm that you approve these words to be sent' }]);
    await trx
      .updateTable('inbox_item')
      .set({
        approved_text: item.draft_reply,
        approved_by: actor.id,
        approved_at: now,
        state: 'assigned',
        updated_at: now,
      })
      .where('id', '=', item.id)
      .execute();
    await recordItemEvent(trx, now, item, actor, 'inbox.press-approved', {
      text: item.draft_reply,
      detail: { approvedBy: actor.id, approver: actor.label },
    });
    const submitter = await trx
      .selectFrom('inbox_event as e')
      .innerJoin('person as p', 'p.id', 'e.actor_id')
      .select(['p.email'])
      .where('e.item_id', '=', item.id)
      .where('e.kind', '=', 'inbox.press-submitted')
      .orderBy('e.id', 'desc')
      .limit(1)
      .execute();
    await tell(
      trx,
      now,
      school,
      submitter,
      'Your press reply is approved',
      `${actor.label} approved your reply to ${item.author}. It can be sent now.\n\n${baseUrl}/inbox/items/${item.id}`,
    );
  });
}

export type ReplyOutcome = { sent: 'platform'; url: string } | { sent: 'recorded' };

/**
 * Replies to an item (MON-2): from Postwarden where the platform's reader can, otherwise the reply
 * made on the platform is recorded. Either way the words pass the post checks and the platform's
 * length first, and a press reply must be exactly the approved words (MON-4).
 */
export async function replyToItem(
  db: Kysely<Database>,
  now: Date,
  school: School,
  viewer: Viewer,
  actor: PersonActor,
  id: string,
  reply: string,
  madeOnPlatform: boolean,
  deps: Pick<InboxDeps, 'masterKey' | 'readers'>,
): Promise<ReplyOutcome> {
  const item = await findItem(db, school, viewer, id);
  if (!item) throw new NotFound();
  if (item.responded_at && item.response !== 'acknowledged')
    throw new ValidationError([{ href: '#reply', text: REFUSAL_TEXT['already-answered'] }]);
  const text = normaliseReply(reply);
  const refusal = replyRefusal({ kind: item.kind, responded: false, approvedText: item.approved_text, text });
  if (refusal) throw new ValidationError([{ href: '#reply', text: REFUSAL_TEXT[refusal] }]);
  const account = await postingAccount(db, school, item.account_id);
  if (!account) throw new NotFound();
  const reader = item.source === 'by-hand' ? null : deps.readers(account.platform);
  const target = { remote: item.remote, authorHandle: item.author_handle };
  const sentText = reader && !madeOnPlatform ? reader.replyText(target, text) : text;
  const errors = await replyProblems(db, school, account.platform, sentText, now);
  if (errors.length) throw new ValidationError(errors);

  if (reader && !madeOnPlatform) {
    try {
      const remote = await sendReply(db, now, school, viewer, actor, item, account, reader, sentText, deps.masterKey);
      return { sent: 'platform', url: remote.url };
    } catch (error) {
      if (error instanceof ReplyNotFound) throw new NotFound();
      throw error;
    }
  }
  await transact(db, async (trx) => {
    const locked = await loadForChange(trx, school, viewer, id);
    if (locked.responded_at && locked.response !== 'acknowledged')
      throw new ValidationError([{ href: '#reply', text: REFUSAL_TEXT['already-answered'] }]);
    const claim = await claimOf(trx, locked.id);
    if (claim?.status === 'sending')
      throw new ValidationError([{ href: '#reply', text: claimInFlightText(claim, platformLabel(account.platform)) }]);
    await trx
      .updateTable('inbox_item')
      .set({
        reply_text: sentText,
        reply_remote_id: null,
        reply_url: null,
        responded_at: locked.responded_at ?? now,
        response: 'replied-on-platform',
        state: 'answered',
        updated_at: now,
      })
      .where('id', '=', locked.id)
      .execute();
    await recordItemEvent(trx, now, locked, actor, 'inbox.reply-recorded', {
      text: sentText,
      detail: locked.kind === 'press' ? { approvedBy: locked.approved_by, approvedAt: locked.approved_at } : {},
    });
  });
  return { sent: 'recorded' };
}

const platformLabel = (platform: string) =>
  platform === 'bluesky' ? 'Bluesky' : platform === 'mastodon' ? 'Mastodon' : 'the platform';

/** A reply left 'sending' (MON-2): ask the platform whether it went out; never sends anything. */
export async function checkItemReply(
  db: Kysely<Database>,
  now: Date,
  school: School,
  viewer: Viewer,
  actor: PersonActor,
  id: string,
  deps: Pick<InboxDeps, 'masterKey' | 'readers'>,
): Promise<CheckOutcome> {
  try {
    return await checkReply(db, now, school, viewer, actor, id, deps);
  } catch (error) {
    if (error instanceof ReplyNotFound) throw new NotFound();
    throw error;
  }
}

const CONCERN_KIND: Partial<Record<ItemKind, string>> = {
  safeguarding: 'child-safeguarding',
  'pupil-offensive': 'abuse-received',
  abuse: 'abuse-received',
  'parent-offensive': 'abuse-received',
};

/** Opens a concern with the item as evidence (MON-3; 003 §9.2): the concerns module routes it. */
export async function openConcern(
  db: Kysely<Database>,
  now: Date,
  school: School,
  viewer: Viewer,
  actor: PersonActor,
  id: string,
  deps: Pick<InboxDeps, 'baseUrl' | 'uploadLimitMb'>,
): Promise<{ caseId: string }> {
  return transact(db, async (trx) => {
    const item = await loadForChange(trx, school, viewer, id);
    const kind = CONCERN_KIND[item.kind];
    if (!kind || item.case_id) throw new NotFound();
    const account = await postingAccount(trx, school, item.account_id);
    const result = await reportConcern(
      trx,
      now,
      school,
      actor,
      {
        kind,
        description:
          `${KINDS[item.kind].text} on ${account?.name ?? 'an official account'}, from ${item.author}, arrived ${formatDateTime(item.arrived_at)}:\n\n${item.text}`.slice(
            0,
            5000,
          ),
        disclosure: '',
        atRisk: 'no',
        where: item.link ?? '',
        whereSite: '',
        day: '',
        month: '',
        year: '',
        time: '',
        involved: [],
        picks: [],
        outside: item.author.slice(0, 500),
        postId: '',
      },
      [],
      { uploadLimitMb: deps.uploadLimitMb, baseUrl: deps.baseUrl, post: null },
    );
    await trx
      .updateTable('inbox_item')
      .set({ case_id: result.caseId, updated_at: now })
      .where('id', '=', item.id)
      .execute();
    // The reference stays out of the item's timeline: a safeguarding case may be restricted (INC-7).
    await recordItemEvent(trx, now, item, actor, 'inbox.concern-opened', {
      text: 'A concern was opened with this item as evidence',
    });
    return { caseId: result.caseId };
  });
}

/** The short post telling the audience why abuse was removed, drafted for the usual checks and approval (MON-3). */
export async function draftAudiencePost(
  db: Kysely<Database>,
  now: Date,
  school: School,
  viewer: Viewer,
  actor: PersonActor,
  id: string,
): Promise<{ postId: string }> {
  const item = await findItem(db, school, viewer, id);
  if (item?.kind !== 'abuse') throw new NotFound();
  if (item.post_id) return { postId: item.post_id };
  if (!(await operatesAccount(db, item.account_id, actor.id)))
    throw new ValidationError([
      {
        href: '#audience-post',
        text: 'Only someone who runs this account can draft its posts. Assign the item to one of its operators',
      },
    ]);
  const own = await db
    .selectFrom('inbox_template')
    .select(['key', 'text'])
    .where('school_id', '=', school.schoolId)
    .execute();
  const text = templatesWith(own)['audience-post'];
  return transact(db, async (trx) => {
    const postId = await startPost(trx, now, school, actor, {
      accountId: item.account_id,
      text,
      sharesMaterial: 'no',
      sharedSource: '',
      sharedPermission: '',
    });
    await trx.updateTable('inbox_item').set({ post_id: postId, updated_at: now }).where('id', '=', item.id).execute();
    await recordItemEvent(trx, now, item, actor, 'inbox.step', {
      text: stepOf('abuse', 'audience-post')!.text,
      detail: { step: 'audience-post', postId },
    });
    return { postId };
  });
}

export async function closeItem(
  db: Kysely<Database>,
  now: Date,
  school: School,
  viewer: Viewer,
  actor: PersonActor,
  id: string,
): Promise<void> {
  await transact(db, async (trx) => {
    const item = await loadForChange(trx, school, viewer, id);
    if (!item.responded_at)
      throw new ValidationError([{ href: '#close', text: 'Reply to it or acknowledge it before closing it' }]);
    await trx.updateTable('inbox_item').set({ state: 'closed', updated_at: now }).where('id', '=', item.id).execute();
    await recordItemEvent(trx, now, item, actor, 'inbox.closed');
  });
}

export async function saveTemplates(
  db: Kysely<Database>,
  now: Date,
  school: School,
  actor: PersonActor,
  values: Record<string, string>,
): Promise<void> {
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (!isTemplateKey(key)) continue;
    if (!value.trim()) errors.push({ href: `#${key}`, text: `Enter the words for “${TEMPLATES[key].label}”` });
    else if (value.length > MAX_TEMPLATE)
      errors.push({ href: `#${key}`, text: `“${TEMPLATES[key].label}” must be 2,000 characters or fewer` });
  }
  if (errors.length) throw new ValidationError(errors);
  await transact(db, async (trx) => {
    for (const [key, value] of Object.entries(values)) {
      if (!isTemplateKey(key)) continue;
      await trx
        .insertInto('inbox_template')
        .values({
          school_id: school.schoolId,
          trust_id: school.trustId,
          key,
          text: value.trim(),
          updated_by: actor.id,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.columns(['school_id', 'key']).doUpdateSet({ text: value.trim(), updated_by: actor.id, updated_at: now }),
        )
        .execute();
    }
    await recordAudit(trx, now, {
      actor,
      action: 'inbox.templates-changed',
      entityType: 'school',
      entityId: school.schoolId,
      trustId: school.trustId,
      schoolId: school.schoolId,
      summary: { keys: Object.keys(values).filter(isTemplateKey) },
    });
  });
}
