import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { ModuleContext } from './module-context.ts';
import { ukDate } from '../clock.ts';
import { ADMINISTRATION_HREF, addNavigation, navigationFor } from './render.ts';
import { homeTasksFor, type HomeTask } from './home-tasks.ts';
import type { RequestContext } from './types.ts';
import { actorOf, formFields, isUuid, requireCtx, tenantOf } from './forms.ts';
import { NotFoundError } from './errors.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../api/tokens.ts';
import { describeApi } from '../api/docs.ts';
import { stringify } from 'csv-stringify/sync';
import { rangeInstants, readRange } from '../calendar/date-range.ts';

/** Where someone can go from the home page, by what their roles let them do. */
export function suggestionsFor(ctx: RequestContext): { text: string; href: string }[] {
  const links = [
    { text: 'Read the school’s social media policy', href: '/policy' },
    { text: 'Guidance on using social media safely', href: '/guidance' },
  ];
  if (ctx.permissions.has('posts.write'))
    links.unshift({ text: 'Posts: write one for an account you run, or follow yours', href: '/posts' });
  if (ctx.permissions.has('personal-use.check'))
    links.push({ text: 'Before you post: check a personal post against the policy', href: '/before-you-post' });
  if (ctx.permissions.has('accounts.apply'))
    links.push({ text: 'Apply for an official account for a class, trip or club', href: '/accounts/apply' });
  if (ctx.permissions.has('directory.import'))
    links.push({ text: 'Import the latest roster from your MIS', href: '/imports/new' });
  return links;
}

/** A cell a spreadsheet would run as a formula is prefixed with an apostrophe. */
export function spreadsheetSafe(value: unknown): string {
  const text = String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

let navigationAdded = false;

export async function registerPlatformRoutes(
  app: FastifyInstance,
  { db, clock, render, backend, config }: ModuleContext,
): Promise<void> {
  if (!navigationAdded) {
    addNavigation({ href: '/trust', text: 'Trust overview', permission: 'trust.view', scope: 'trust' });
    addNavigation({
      href: '/outbox',
      text: 'Outbox',
      permission: 'mail.outbox.view',
      scope: 'any',
      area: 'admin',
      description: 'Every email Postwarden has sent or is about to send, and any that failed.',
    });
    addNavigation({
      href: '/audit',
      text: 'Audit log',
      permission: 'audit.view',
      scope: 'any',
      area: 'admin',
      description: 'Who changed what, and when: the record that cannot be edited.',
    });
    addNavigation({
      href: '/settings/api-tokens',
      text: 'API tokens',
      permission: 'api.tokens.manage',
      scope: 'school',
      area: 'admin',
      description: 'Keys that let the school’s website or newsletter tool check text against the policy.',
    });
    navigationAdded = true;
  }

  app.get('/health', { config: { access: 'public' } }, async (_request, reply) => {
    try {
      await sql`SELECT 1`.execute(db);
      return reply.send({ status: 'ok', database: backend, setupComplete: await app.isSetupComplete() });
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: backend });
    }
  });

  app.get('/accessibility', { config: { access: 'public' } }, async (request, reply) =>
    render(request, reply, 'accessibility.njk', { pageTitle: 'Accessibility statement' }),
  );

  /** Everything administrative this person may use, in one place; the header links here (404 when there is nothing). */
  app.get(ADMINISTRATION_HREF, { config: { access: 'signed-in', scope: 'any' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const items = navigationFor(ctx, 'admin').map((item) => ({
      href: item.href,
      text: item.text,
      description: item.description ?? '',
    }));
    if (items.length === 0) throw new NotFoundError();
    return render(request, reply, 'administration.njk', { pageTitle: 'Administration', items });
  });

  app.get('/', { config: { access: 'signed-in', scope: 'any' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    if (!ctx.school) return reply.redirect('/trust');
    const now = clock.now();
    const [all, roster, mail] = await Promise.all([
      homeTasksFor(db, ctx, now),
      rosterOversight(ctx, ukDate(now)),
      mailTasks(ctx, now),
    ]);
    const mine = [...mail, ...all];
    return render(request, reply, 'home.njk', {
      pageTitle: 'Home',
      tasks: mine.filter((t) => (t.group ?? 'todo') === 'todo'),
      oversight: [...mine.filter((t) => t.group === 'oversight'), ...roster],
      suggestions: suggestionsFor(ctx),
    });
  });

  /** The school's people and pupils, for those who look after the roster; the never-publish list above all. */
  async function rosterOversight(ctx: RequestContext, today: string): Promise<HomeTask[]> {
    const schoolId = ctx.school!.id;
    // biome-ignore lint/suspicious/noExplicitAny: the library declares this value loosely; it is checked where it is used
    const current = (eb: any) => eb.or([eb('leaving_date', 'is', null), eb('leaving_date', '>', today)]);
    const [staff, pupils] = await Promise.all([
      ctx.permissions.has('staff.view')
        ? db
            .selectFrom('person')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('school_id', '=', schoolId)
            .where(current)
            .executeTakeFirstOrThrow()
        : undefined,
      ctx.permissions.has('pupils.view')
        ? db
            .selectFrom('pupil')
            .select((eb) => [
              eb.fn.countAll<number>().as('n'),
              eb.fn.sum<number>(sql`CASE WHEN consent_social AND NOT never_publish THEN 1 ELSE 0 END`).as('social'),
              eb.fn.sum<number>(sql`CASE WHEN never_publish THEN 1 ELSE 0 END`).as('never'),
            ])
            .where('school_id', '=', schoolId)
            .where(current)
            .executeTakeFirstOrThrow()
        : undefined,
    ]);
    const items: HomeTask[] = [];
    if (pupils) {
      const never = Number(pupils.never ?? 0);
      items.push({
        group: 'oversight',
        text: `Never publish: ${never === 1 ? '1 pupil' : `${never.toLocaleString('en-GB')} pupils`} must not appear in anything the school posts`,
        href: '/pupils?consent=never-publish',
        hint: ctx.permissions.has('pupils.restricted.view') ? 'Keep this list up to date' : '',
      });
      items.push({
        group: 'oversight',
        text: `${Number(pupils.n).toLocaleString('en-GB')} pupils on roll, ${Number(pupils.social ?? 0).toLocaleString('en-GB')} of them may appear on social media`,
        href: '/pupils?consent=social',
      });
    }
    if (staff)
      items.push({
        group: 'oversight',
        text: `${Number(staff.n).toLocaleString('en-GB')} staff and others in scope of the policy`,
        href: '/staff',
      });
    return items;
  }

  /** Mail that has not reached the people it tells (they do not know work waits on them), for those who read the outbox. */
  async function mailTasks(ctx: RequestContext, now: Date): Promise<HomeTask[]> {
    if (!ctx.permissions.has('mail.outbox.view')) return [];
    const since = new Date(now.getTime() - 14 * 24 * 3600_000);
    const rows = await db
      .selectFrom('mail_message')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('trust_id', '=', ctx.trust.id)
      .where('school_id', '=', ctx.school!.id)
      .where('status', 'in', ['failed', 'outbox'])
      .where('created_at', '>=', since)
      .groupBy('status')
      .execute();
    const count = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
    const tasks: HomeTask[] = [];
    const failed = count('failed');
    if (failed)
      tasks.push({
        text: `${failed === 1 ? '1 email' : `${failed} emails`} could not be sent in the last 14 days: the people they were for have not been told`,
        href: '/outbox',
        hint: 'Check',
        important: true,
      });
    const held = count('outbox');
    if (held)
      tasks.push({
        group: 'oversight',
        text: `Email is not set up, so ${held === 1 ? '1 message is' : `${held} messages are`} waiting in the outbox instead of being sent: pass them on`,
        href: '/outbox',
        hint: 'No email',
      });
    return tasks;
  }

  app.get('/trust', { config: { access: 'trust.view', scope: 'trust' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const today = ukDate(clock.now());
    const schools = await db
      .selectFrom('school')
      .select((eb) => [
        'school.id',
        'school.name',
        'school.phase',
        'school.region',
        eb
          .selectFrom('person')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('person.school_id', '=', 'school.id')
          .where((e) => e.or([e('person.leaving_date', 'is', null), e('person.leaving_date', '>', today)]))
          .as('staff'),
        eb
          .selectFrom('pupil')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('pupil.school_id', '=', 'school.id')
          .where((e) => e.or([e('pupil.leaving_date', 'is', null), e('pupil.leaving_date', '>', today)]))
          .as('pupils'),
        eb
          .selectFrom('pupil')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('pupil.school_id', '=', 'school.id')
          .where('pupil.never_publish', '=', true)
          .where((e) => e.or([e('pupil.leaving_date', 'is', null), e('pupil.leaving_date', '>', today)]))
          .as('never'),
      ])
      .where('school.trust_id', '=', ctx.trust.id)
      .orderBy('school.name')
      .execute();
    return render(request, reply, 'trust.njk', { pageTitle: 'Trust overview', schools });
  });

  app.get('/outbox', { config: { access: 'mail.outbox.view', scope: 'any' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    let query = db
      .selectFrom('mail_message')
      .select(['id', 'to_address', 'subject', 'body_text', 'status', 'created_at', 'sent_at', 'error'])
      .where('trust_id', '=', ctx.trust.id);
    // A school's outbox holds that school's mail only: the trust's own mail (a trust administrator's
    // password reset link, say) is read in the trust view, never by a school's administrators.
    if (ctx.school) query = query.where('school_id', '=', ctx.school.id);
    const rows = await query.select('sensitive').orderBy('created_at', 'desc').limit(100).execute();
    // A message carrying a sign-in link is readable here only when no mail server could deliver it,
    // and then only by a trust administrator: otherwise a school administrator could take over the
    // headteacher's account with their reset link.
    const mayReadSensitive = ctx.roles.includes('trust_admin');
    const messages = rows.map((m) => ({
      ...m,
      hidden: m.sensitive && !(m.status === 'outbox' && mayReadSensitive),
      body_text: m.sensitive && !(m.status === 'outbox' && mayReadSensitive) ? '' : m.body_text,
    }));
    return render(request, reply, 'outbox.njk', { pageTitle: 'Outbox', messages });
  });

  app.get('/audit', { config: { access: 'audit.view', scope: 'any' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    let query = db
      .selectFrom('audit_event')
      .select(['seq', 'at', 'actor_label', 'action', 'entity_type', 'entity_id', 'summary'])
      .where('trust_id', '=', ctx.trust.id);
    if (ctx.school) query = query.where('school_id', '=', ctx.school.id);
    const events = await query.orderBy('seq', 'desc').limit(200).execute();
    return render(request, reply, 'audit.njk', {
      pageTitle: 'Audit log',
      events: events.map((e) => ({ ...e, summaryText: JSON.stringify(e.summary) })),
      values: {},
    });
  });

  app.get('/audit/export.csv', { config: { access: 'audit.view', scope: 'any' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    let query = db
      .selectFrom('audit_event')
      .select([
        'seq',
        'at',
        'school_id',
        'actor_label',
        'action',
        'entity_type',
        'entity_id',
        'summary',
        'prev_hash',
        'hash',
      ])
      .where('trust_id', '=', ctx.trust.id);
    if (ctx.school) query = query.where('school_id', '=', ctx.school.id);
    // GOV-3: a period, or the whole log when none is given. A bad period is shown on the audit page.
    const q = request.query as { from?: unknown; to?: unknown };
    let period = '';
    if (q.from || q.to) {
      const read = readRange({ from: q.from, to: q.to }, ukDate(clock.now()));
      if ('errors' in read) {
        const latest = await db
          .selectFrom('audit_event')
          .select(['seq', 'at', 'actor_label', 'action', 'entity_type', 'entity_id', 'summary'])
          .where('trust_id', '=', ctx.trust.id)
          .$if(ctx.school !== null, (qb) => qb.where('school_id', '=', ctx.school!.id))
          .orderBy('seq', 'desc')
          .limit(200)
          .execute();
        return render(
          request,
          reply,
          'audit.njk',
          {
            pageTitle: 'Audit log',
            events: latest.map((e) => ({ ...e, summaryText: JSON.stringify(e.summary) })),
            values: { from: typeof q.from === 'string' ? q.from : '', to: typeof q.to === 'string' ? q.to : '' },
            errors: read.errors.map((e) => ({ href: `#${e.field}`, text: e.text })),
          },
          400,
        );
      }
      const { start, end } = rangeInstants(read.range);
      query = query.where('at', '>=', start).where('at', '<', end);
      period = `-${read.range.from}-to-${read.range.to}`;
    }
    const rows = await query.orderBy('seq').execute();
    const csv = stringify(
      rows.map((e) =>
        [
          e.seq,
          new Date(e.at).toISOString(),
          e.school_id ?? '',
          e.actor_label,
          e.action,
          e.entity_type,
          e.entity_id ?? '',
          JSON.stringify(e.summary),
          e.prev_hash,
          e.hash,
        ].map(spreadsheetSafe),
      ),
      {
        header: true,
        columns: [
          'sequence',
          'at',
          'school_id',
          'who',
          'action',
          'record_type',
          'record_id',
          'details',
          'previous_hash',
          'hash',
        ],
      },
    );
    return reply
      .type('text/csv; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="postwarden-audit${period || `-${ukDate(clock.now())}`}.csv"`,
      )
      .header('cache-control', 'no-store')
      .send(csv);
  });

  // The API described for people who can give a system access to it; /api/docs keeps the OpenAPI JSON for tools.
  app.get(
    '/settings/api-documentation',
    { config: { access: 'api.tokens.manage', scope: 'any' } },
    async (request, reply) =>
      render(request, reply, 'api-docs.njk', {
        pageTitle: 'API documentation',
        api: describeApi(app.swagger()),
        baseUrl: config.baseUrl,
      }),
  );

  app.get('/settings/api-tokens', { config: { access: 'api.tokens.manage' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    return render(request, reply, 'api-tokens.njk', {
      pageTitle: 'API tokens',
      tokens: await listApiTokens(db, tenantOf(ctx).schoolId),
      values: {},
    });
  });
  app.post('/settings/api-tokens', { config: { access: 'api.tokens.manage' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const name = (formFields(request).name ?? '').trim();
    if (!name || name.length > 100) {
      return render(
        request,
        reply,
        'api-tokens.njk',
        {
          pageTitle: 'API tokens',
          tokens: await listApiTokens(db, tenantOf(ctx).schoolId),
          values: { name },
          errors: [
            {
              href: '#name',
              text: name
                ? 'Name must be 100 characters or fewer'
                : 'Enter a name for the token, like “SIMS nightly sync”',
            },
          ],
        },
        400,
      );
    }
    const created = await createApiToken(db, clock.now(), actorOf(ctx), tenantOf(ctx), name);
    return render(request, reply, 'api-tokens.njk', {
      pageTitle: 'API tokens',
      tokens: await listApiTokens(db, tenantOf(ctx).schoolId),
      values: {},
      created: { name, token: created.token },
    });
  });
  app.post('/settings/api-tokens/:id/revoke', { config: { access: 'api.tokens.manage' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const { id } = request.params as { id: string };
    if (!isUuid(id) || !(await revokeApiToken(db, clock.now(), actorOf(ctx), tenantOf(ctx), id)))
      throw new NotFoundError();
    request.session.flash = 'The token has been revoked. Anything using it can no longer reach Postwarden.';
    return reply.redirect('/settings/api-tokens');
  });
}
