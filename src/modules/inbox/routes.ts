/**
 * The inbox's pages (MON-2..4): the school's inbox, one account's inbox, the item page with its
 * handling, the form to log an item by hand, the school's reply templates, and the trust's list.
 * Routes read the request, call the service and render; an item the person cannot see is a 404.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../platform/http/module-context.ts';
import { NotFoundError, ValidationError, type FieldError } from '../../platform/http/errors.ts';
import { actorOf, formFields, isUuid, queryWholeNumber, requireCtx, tenantOf } from '../../platform/http/forms.ts';
import type { RequestContext } from '../../platform/http/types.ts';
import { accountsOperatedBy, postingAccount } from '../accounts/index.ts';
import { platformName } from '../accounts/model.ts';
import { textLimitFor } from '../publishing/connectors/text-limit.ts';
import { EVENT_TEXT } from './events.ts';
import { timeLeft } from './rules/deadline.ts';
import { KIND_KEYS, KINDS } from './rules/kinds.ts';
import { manualSteps, stepsFor } from './rules/steps.ts';
import { TEMPLATE_KEYS, TEMPLATES, templatesWith } from './rules/templates.ts';
import {
  assignable,
  countsByAccount,
  eventsOf,
  findItem,
  inboxAccounts,
  schoolItems,
  trustItems,
  type ItemFilters,
  type ItemRow,
  type Viewer,
} from './repo.ts';
import {
  acknowledge,
  approveReply,
  assignItem,
  changeKind,
  closeItem,
  draftAudiencePost,
  logByHand,
  NotFound,
  openConcern,
  recordStep,
  replyToItem,
  checkItemReply,
  saveTemplates,
  submitForApproval,
  type InboxDeps,
} from './service.ts';
import { claimOf } from './replying.ts';
import { bookReads } from './jobs.ts';
import type { ReaderRegistry } from '../publishing/connectors/notifications.ts';

const STATE_TEXT: Record<ItemRow['state'], string> = {
  new: 'New',
  assigned: 'Assigned',
  'awaiting-approval': 'Waiting for approval',
  answered: 'Answered',
  closed: 'Closed',
};
const ARRIVED_AS_TEXT = { reply: 'Reply', mention: 'Mention', quote: 'Quote', comment: 'Comment', message: 'Message' };
const V = 'inbox/views/';

export function viewerOf(ctx: RequestContext): Viewer {
  return { id: ctx.person.id, all: ctx.permissions.has('inbox.manage') };
}

function who(ctx: RequestContext) {
  return { ...actorOf(ctx), id: ctx.person.id };
}

function readFilters(request: FastifyRequest, accountId?: string): ItemFilters {
  const q = (request.query ?? {}) as Record<string, unknown>;
  const show = q.show === 'overdue' || q.show === 'all' ? q.show : 'open';
  const page = queryWholeNumber(request, 'page', { label: 'page', min: 1, max: 10_000 }) ?? 1;
  return { show, page, ...(accountId ? { accountId } : {}) };
}

function presentRow(
  r: {
    deadline_at: Date;
    responded_at?: Date | null;
    kind: ItemRow['kind'];
    state: ItemRow['state'];
    text?: string;
    assignee_given?: string | null;
    assignee_family?: string | null;
  },
  now: Date,
) {
  const left = r.responded_at || r.state === 'closed' ? null : timeLeft(r.deadline_at, now);
  return {
    ...r,
    kindText: KINDS[r.kind].text,
    stateText: STATE_TEXT[r.state],
    left,
    excerpt: r.text && r.text.length > 140 ? `${r.text.slice(0, 137)}…` : r.text,
    assignee: r.assignee_given ? `${r.assignee_given} ${r.assignee_family}` : 'Not assigned',
  };
}

function presentSource(
  a: {
    last_read_at: Date | null;
    failing_since: Date | null;
    last_error: string | null;
    needs_sign_in: boolean | null;
    platform: string;
  },
  readable: boolean,
) {
  if (!readable) return { text: 'Logged by hand', problem: false };
  if (a.needs_sign_in) return { text: 'Needs new sign-in details: not being read', problem: true };
  if (a.failing_since)
    return {
      text: a.last_read_at ? 'Not read since' : 'Not read yet',
      since: a.last_read_at,
      problem: true,
      error: a.last_error,
    };
  return a.last_read_at
    ? { text: 'Read', since: a.last_read_at, problem: false }
    : { text: 'Not read yet', problem: false };
}

export function registerInboxRoutes(
  app: FastifyInstance,
  { db, clock, render, config, masterKey }: ModuleContext,
  readers: ReaderRegistry,
): void {
  const deps: InboxDeps = { baseUrl: config.baseUrl, masterKey, readers, uploadLimitMb: config.uploadLimitMb };

  async function listPage(request: FastifyRequest, reply: FastifyReply, accountId?: string) {
    const ctx = requireCtx(request);
    const school = tenantOf(ctx);
    const viewer = viewerOf(ctx);
    const now = clock.now();
    const filters = readFilters(request, accountId);
    let accounts = await inboxAccounts(db, school);
    if (!viewer.all) {
      const mine = new Set((await accountsOperatedBy(db, school, ctx.person.id)).map((a) => a.id));
      accounts = accounts.filter((a) => mine.has(a.id));
    }
    const account = accountId ? accounts.find((a) => a.id === accountId) : undefined;
    if (accountId && !account) throw new NotFoundError();
    const [{ rows, more }, counts] = await Promise.all([
      schoolItems(db, school, viewer, filters, now),
      countsByAccount(db, school, viewer, now),
    ]);
    const base = accountId ? `/inbox/accounts/${accountId}` : '/inbox';
    return render(request, reply, `${V}list.njk`, {
      pageTitle: account ? `Inbox: ${account.name}` : 'Inbox',
      account: account
        ? {
            ...account,
            platformText: platformName(account.platform),
            source: presentSource(account, !!readers(account.platform)),
          }
        : null,
      accounts: accounts.map((a) => {
        const c = counts.find((x) => x.account_id === a.id);
        return {
          ...a,
          platformText: platformName(a.platform),
          open: c?.open ?? 0,
          overdue: c?.overdue ?? 0,
          source: presentSource(a, !!readers(a.platform)),
        };
      }),
      items: rows.map((r) => presentRow(r, now)),
      show: filters.show,
      base,
      page: filters.page,
      more,
      mayManage: viewer.all,
    });
  }

  app.get('/inbox', { config: { access: 'inbox.view' } }, (request, reply) => listPage(request, reply));
  app.get('/inbox/accounts/:id', { config: { access: 'inbox.view' } }, (request, reply) => {
    const id = (request.params as { id: string }).id;
    if (!isUuid(id)) throw new NotFoundError();
    return listPage(request, reply, id);
  });

  app.post('/inbox/accounts/:id/read', { config: { access: 'inbox.manage' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const id = (request.params as { id: string }).id;
    const account = isUuid(id) ? await postingAccount(db, tenantOf(ctx), id) : undefined;
    if (!account) throw new NotFoundError();
    if (config.demoMode) {
      request.session.flash = 'The demo reads no platform: its comments and replies are recorded.';
      return reply.redirect(`/inbox/accounts/${account.id}`);
    }
    const now = clock.now();
    await db.updateTable('inbox_source').set({ needs_sign_in: false }).where('account_id', '=', account.id).execute();
    const booked = await bookReads(db, now, account.id);
    request.session.flash = booked
      ? 'Postwarden will read this account again in a moment.'
      : 'Postwarden cannot read this account: it has no stored sign-in details, or its platform is logged by hand.';
    return reply.redirect(`/inbox/accounts/${account.id}`);
  });

  // Logging an item by hand (MON-2): every platform's clock is honest.
  const handForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    errors?: FieldError[],
  ) => {
    const ctx = requireCtx(request);
    const school = tenantOf(ctx);
    const viewer = viewerOf(ctx);
    const accounts = viewer.all
      ? (await inboxAccounts(db, school)).map((a) => ({ id: a.id, name: a.name, platform: a.platform }))
      : await accountsOperatedBy(db, school, ctx.person.id);
    return render(
      request,
      reply,
      `${V}new.njk`,
      {
        pageTitle: 'Log a comment or message by hand',
        values,
        accountItems: [
          { value: '', text: 'Choose an account' },
          ...accounts.map((a) => ({
            value: a.id,
            text: `${a.name} (${platformName(a.platform)})`,
            selected: values.accountId === a.id,
          })),
        ],
        asItems: (['comment', 'reply', 'mention', 'message'] as const).map((k) => ({
          value: k,
          text: ARRIVED_AS_TEXT[k],
          checked: (values.arrivedAs ?? 'comment') === k,
        })),
        ...(errors ? { errors } : {}),
      },
      errors ? 400 : 200,
    );
  };
  app.get('/inbox/new', { config: { access: 'inbox.view' } }, (request, reply) => {
    const q = (request.query ?? {}) as Record<string, unknown>;
    return handForm(request, reply, { accountId: typeof q.account === 'string' ? q.account : '' });
  });
  app.post('/inbox/new', { config: { access: 'inbox.view' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const f = formFields(request);
    const values = {
      accountId: f.accountId ?? '',
      arrivedAs: f.arrivedAs ?? '',
      text: f.text ?? '',
      author: f.author ?? '',
      link: f.link ?? '',
      day: f['arrived-day'] ?? '',
      month: f['arrived-month'] ?? '',
      year: f['arrived-year'] ?? '',
      time: f.time ?? '',
    };
    try {
      const id = await logByHand(db, clock.now(), tenantOf(ctx), who(ctx), viewerOf(ctx), values, config.baseUrl);
      request.session.flash =
        'The item is in the inbox with its deadline. The account’s administrators have been told.';
      return reply.redirect(`/inbox/items/${id}`);
    } catch (error) {
      if (error instanceof ValidationError) return handForm(request, reply, values, error.errors);
      throw error;
    }
  });

  async function itemPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string> = {},
    errors?: FieldError[],
  ) {
    const ctx = requireCtx(request);
    const school = tenantOf(ctx);
    const viewer = viewerOf(ctx);
    const item = await findItem(db, school, viewer, (request.params as { id: string }).id);
    if (!item) throw new NotFoundError();
    const now = clock.now();
    const [account, events, people, own, claim] = await Promise.all([
      postingAccount(db, school, item.account_id),
      eventsOf(db, item.id),
      viewer.all ? assignable(db, school, item.account_id) : Promise.resolve([]),
      db.selectFrom('inbox_template').select(['key', 'text']).where('school_id', '=', school.schoolId).execute(),
      claimOf(db, item.id),
    ]);
    const approver = item.approved_by
      ? await db
          .selectFrom('person')
          .select(['given_name', 'family_name'])
          .where('id', '=', item.approved_by)
          .executeTakeFirst()
      : undefined;
    const stepsDone = new Set(
      events.filter((e) => e.kind === 'inbox.step').map((e) => String((e.detail as { step?: string }).step ?? '')),
    );
    if (item.case_id) stepsDone.add('concern-opened');
    const templates = templatesWith(own);
    const fromPostwarden = item.source !== 'by-hand' && !!account && !!readers(account.platform);
    const limit = textLimitFor(account?.platform);
    return render(
      request,
      reply,
      `${V}item.njk`,
      {
        pageTitle: `${KINDS[item.kind].text} from ${item.author}`,
        item: presentRow(item, now),
        raw: item,
        account: account ? { ...account, platformText: platformName(account.platform) } : null,
        kindHint: KINDS[item.kind].hint,
        suggested: item.suggested_kind !== item.kind ? KINDS[item.suggested_kind].text : null,
        kindItems: KIND_KEYS.map((k) => ({ value: k, text: KINDS[k].text, selected: item.kind === k })),
        steps: stepsFor(item.kind).map((s) => ({ ...s, done: stepsDone.has(s.key) })),
        stepItems: manualSteps(item.kind)
          .filter((s) => !stepsDone.has(s.key))
          .map((s) => ({ value: s.key, text: s.text })),
        assigneeItems: [
          { value: '', text: 'Choose a person' },
          ...people.map((p) => ({
            value: p.id,
            text: `${p.given_name} ${p.family_name}`,
            selected: item.assignee_id === p.id,
          })),
        ],
        events: events.map((e) => ({ ...e, what: EVENT_TEXT[e.kind] ?? e.kind })),
        templates:
          item.kind === 'parent-offensive'
            ? TEMPLATE_KEYS.filter((k) => k !== 'audience-post').map((k) => ({
                key: k,
                label: TEMPLATES[k].label,
                text: templates[k],
              }))
            : [],
        fromPostwarden,
        sending: claim?.status === 'sending' ? claim : null,
        limitText: limit ? `${limit.label} allows ${limit.max} characters` : null,
        mayManage: viewer.all,
        mayApprove: ctx.permissions.has('inbox.press.approve'),
        approver: approver ? `${approver.given_name} ${approver.family_name}` : null,
        mayOpenConcern:
          ['safeguarding', 'pupil-offensive', 'abuse', 'parent-offensive'].includes(item.kind) && !item.case_id,
        values: {
          reply: values.reply ?? (item.kind === 'press' ? (item.approved_text ?? item.draft_reply ?? '') : ''),
          ...values,
        },
        ...(errors ? { errors } : {}),
      },
      errors ? 400 : 200,
    );
  }

  app.get('/inbox/items/:id', { config: { access: 'inbox.view' } }, (request, reply) => itemPage(request, reply));

  type Action = (
    ctx: RequestContext,
    id: string,
    f: Record<string, string>,
  ) => Promise<string | { redirect: string; flash: string }>;
  const action = (path: string, access: 'inbox.view' | 'inbox.manage' | 'inbox.press.approve', run: Action) =>
    app.post(`/inbox/items/:id/${path}`, { config: { access } }, async (request, reply) => {
      const ctx = requireCtx(request);
      const id = (request.params as { id: string }).id;
      const f = formFields(request);
      try {
        const done = await run(ctx, id, f);
        if (typeof done === 'string') {
          request.session.flash = done;
          return reply.redirect(`/inbox/items/${id}`);
        }
        request.session.flash = done.flash;
        return reply.redirect(done.redirect);
      } catch (error) {
        if (error instanceof NotFound) throw new NotFoundError();
        if (error instanceof ValidationError) return itemPage(request, reply, f, error.errors);
        throw error;
      }
    });
  const args = (ctx: RequestContext) => [db, clock.now(), tenantOf(ctx), viewerOf(ctx), who(ctx)] as const;

  action('assign', 'inbox.manage', async (ctx, id, f) => {
    await assignItem(...args(ctx), id, f.assignee ?? '', config.baseUrl);
    return 'Assigned. They have been told by email and on their home page.';
  });
  action('kind', 'inbox.view', async (ctx, id, f) => {
    await changeKind(...args(ctx), id, f.kind ?? '', config.baseUrl);
    return f.kind === 'press'
      ? 'Marked as a press enquiry. The headteacher and senior leaders have been told; nothing is sent until one approves the reply.'
      : 'The kind is changed. Its steps are below.';
  });
  action('acknowledge', 'inbox.view', async (ctx, id, f) => {
    await acknowledge(...args(ctx), id, f.note ?? '');
    return 'Recorded as acknowledged. An acknowledgement counts as a response within the 24 hours.';
  });
  action('step', 'inbox.view', async (ctx, id, f) => {
    await recordStep(...args(ctx), id, f.step ?? '', f.note ?? '');
    return 'The step is recorded on the item.';
  });
  action('reply', 'inbox.view', async (ctx, id, f) => {
    const onPlatform = f.onPlatform === 'yes';
    const sent = await replyToItem(...args(ctx), id, f.reply ?? '', onPlatform, deps);
    return sent.sent === 'platform' ? 'Your reply has been posted.' : 'The reply you made on the platform is recorded.';
  });
  action('reply-check', 'inbox.view', async (ctx, id) => {
    const outcome = await checkItemReply(...args(ctx), id, deps);
    return outcome === 'found'
      ? 'The reply did go out. It is now recorded on the item.'
      : outcome === 'not-sent'
        ? 'The reply is not on the platform, so it did not go out. You can send it again.'
        : 'The reply is not on the platform yet, but it was started less than 2 minutes ago and may still arrive. Check again in a few minutes.';
  });
  action('submit', 'inbox.view', async (ctx, id, f) => {
    await submitForApproval(...args(ctx), id, f.reply ?? '', config.baseUrl);
    return 'Sent for approval. The headteacher and senior leaders have been told; you will hear when it is approved.';
  });
  action('approve', 'inbox.press.approve', async (ctx, id, f) => {
    await approveReply(...args(ctx), id, f.confirm === 'yes', config.baseUrl);
    return 'Approved. Your approval is kept with the item, and the reply can now be sent.';
  });
  action('concern', 'inbox.view', async (ctx, id) => {
    await openConcern(...args(ctx), id, deps);
    return 'A concern has been opened with this item as evidence and sent to the people who deal with it.';
  });
  action('audience-post', 'inbox.view', async (ctx, id) => {
    const { postId } = await draftAudiencePost(...args(ctx), id);
    return {
      redirect: `/posts/${postId}`,
      flash: 'A draft post telling the audience why is ready. Check the words and send it for approval like any post.',
    };
  });
  action('close', 'inbox.view', async (ctx, id) => {
    await closeItem(...args(ctx), id);
    return 'The item is closed.';
  });

  const templatesPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values?: Record<string, string>,
    errors?: FieldError[],
  ) => {
    const ctx = requireCtx(request);
    const own = await db
      .selectFrom('inbox_template')
      .select(['key', 'text'])
      .where('school_id', '=', tenantOf(ctx).schoolId)
      .execute();
    const current = templatesWith(own);
    return render(
      request,
      reply,
      `${V}templates.njk`,
      {
        pageTitle: 'Reply templates',
        templates: TEMPLATE_KEYS.map((k) => ({ key: k, label: TEMPLATES[k].label, text: values?.[k] ?? current[k] })),
        ...(errors ? { errors } : {}),
      },
      errors ? 400 : 200,
    );
  };
  app.get('/inbox/templates', { config: { access: 'inbox.manage' } }, (request, reply) =>
    templatesPage(request, reply),
  );
  app.post('/inbox/templates', { config: { access: 'inbox.manage' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const f = formFields(request);
    const values = Object.fromEntries(TEMPLATE_KEYS.map((k) => [k, f[k] ?? '']));
    try {
      await saveTemplates(db, clock.now(), tenantOf(ctx), who(ctx), values);
    } catch (error) {
      if (error instanceof ValidationError) return templatesPage(request, reply, values, error.errors);
      throw error;
    }
    request.session.flash = 'The school’s words are saved.';
    return reply.redirect('/inbox/templates');
  });

  app.get('/trust/inbox', { config: { access: 'inbox.trust.view', scope: 'trust' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const page = queryWholeNumber(request, 'page', { label: 'page', min: 1, max: 10_000 }) ?? 1;
    const now = clock.now();
    const { rows, more } = await trustItems(db, ctx.trust.id, page);
    return render(request, reply, `${V}trust.njk`, {
      pageTitle: 'Inbox across the trust',
      items: rows.map((r) => presentRow(r, now)),
      page,
      more,
    });
  });
}
