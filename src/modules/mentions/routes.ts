/**
 * Mentions' pages (MON-5): the items found, each with its triage; the sources and the school's names.
 * A pupil mention (sensitive) is in no list, count or page for anyone who may not see pupils: the
 * repository leaves it out, so it answers 404 like any other record they cannot reach.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../platform/http/module-context.ts';
import { NotFoundError, ValidationError, type FieldError } from '../../platform/http/errors.ts';
import { actorOf, formFields, isUuid, requireCtx, tenantOf } from '../../platform/http/forms.ts';
import type { RequestContext } from '../../platform/http/types.ts';
import { KIND_KEYS, KINDS } from '../incidents/rules/kinds.ts';
import { findItem, findSource, isTriageStatus, itemsOf, namesOf, sourcesOf, STATUS_TEXT, countNew } from './repo.ts';
import {
  addName,
  addSource,
  concernDescription,
  DECISIONS,
  openConcernFromItem,
  removeName,
  removeSource,
  triage,
  type SourceForm,
} from './service.ts';
import { readSource } from './collect.ts';
import { readOptionsFrom } from './jobs.ts';
import type { MentionMatch } from './schema.ts';

const ACCESS = { access: 'mentions.view' } as const;

const seesPupils = (ctx: RequestContext) => ctx.permissions.has('pupils.view');

function matchText(matches: MentionMatch[]): string {
  const label = { school: 'School', staff: 'Staff', pupil: 'Pupil' } as const;
  return matches.map((m) => `${m.text} (${label[m.kind].toLowerCase()})`).join(', ');
}

export function registerMentionRoutes(app: FastifyInstance, { db, clock, render, config }: ModuleContext): void {
  const readOptions = readOptionsFrom(config);

  app.get('/mentions', { config: ACCESS }, async (request, reply) => {
    const ctx = requireCtx(request);
    const scope = tenantOf(ctx);
    const raw = (request.query as Record<string, unknown>).status;
    const status = typeof raw === 'string' && isTriageStatus(raw) ? raw : null;
    const items = await itemsOf(db, scope, { seesPupils: seesPupils(ctx), status, limit: 200 });
    return render(request, reply, 'mentions/views/list.njk', {
      pageTitle: 'Mentions of the school',
      items: items.map((i) => ({
        ...i,
        status: STATUS_TEXT[i.status],
        matchText: matchText(i.matches),
        preview: (i.title || i.body).slice(0, 200),
      })),
      filter: status,
      filters: Object.entries(STATUS_TEXT).map(([value, s]) => ({ value, text: s.text, current: value === status })),
      waiting: await countNew(db, scope, seesPupils(ctx)),
    });
  });

  async function itemOr404(request: FastifyRequest) {
    const ctx = requireCtx(request);
    const { id } = request.params as { id: string };
    const item = await findItem(db, tenantOf(ctx), id, seesPupils(ctx));
    if (!item) throw new NotFoundError();
    return item;
  }

  async function itemPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string> = {},
    errors?: FieldError[],
  ) {
    const item = await itemOr404(request);
    return render(
      request,
      reply,
      'mentions/views/item.njk',
      {
        pageTitle: item.title || `Mention on ${item.source_label}`,
        item,
        status: STATUS_TEXT[item.status],
        matchText: matchText(item.matches),
        decisions: DECISIONS.map((d) => ({
          value: d.value,
          text: d.text,
          hint: { text: d.hint },
          checked: values.decision === d.value,
        })),
        values,
        ...(errors ? { errors } : {}),
      },
      errors ? 400 : 200,
    );
  }

  app.get('/mentions/items/:id', { config: ACCESS }, (request, reply) => itemPage(request, reply));

  app.post('/mentions/items/:id/triage', { config: ACCESS }, async (request, reply) => {
    const ctx = requireCtx(request);
    const item = await itemOr404(request);
    const f = formFields(request);
    const values = { decision: f.decision ?? '', note: f.note ?? '' };
    try {
      await triage(db, clock.now(), { ...actorOf(ctx), id: ctx.person.id }, item, values);
    } catch (error) {
      if (error instanceof ValidationError) return itemPage(request, reply, values, error.errors);
      throw error;
    }
    request.session.flash = 'Recorded what is being done about it.';
    return reply.redirect('/mentions');
  });

  async function concernPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values?: Record<string, string>,
    errors?: FieldError[],
  ) {
    const item = await itemOr404(request);
    const v = values ?? { kind: '', atRisk: '', description: concernDescription(item) };
    return render(
      request,
      reply,
      'mentions/views/concern.njk',
      {
        pageTitle: 'Open a concern about this mention',
        item,
        values: v,
        kinds: KIND_KEYS.map((k) => ({
          value: k,
          text: KINDS[k].label,
          hint: { text: KINDS[k].hint },
          checked: v.kind === k,
        })),
        ...(errors ? { errors } : {}),
      },
      errors ? 400 : 200,
    );
  }

  app.get('/mentions/items/:id/concern', { config: { access: 'cases.report' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    if (!ctx.permissions.has('mentions.view')) throw new NotFoundError();
    return concernPage(request, reply);
  });

  app.post('/mentions/items/:id/concern', { config: { access: 'cases.report' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    if (!ctx.permissions.has('mentions.view')) throw new NotFoundError();
    const item = await itemOr404(request);
    const f = formFields(request);
    const values = { kind: f.kind ?? '', atRisk: f.atRisk ?? '', description: f.description ?? '' };
    try {
      const result = await openConcernFromItem(
        db,
        clock.now(),
        tenantOf(ctx),
        { ...actorOf(ctx), id: ctx.person.id },
        item,
        values,
        {
          uploadLimitMb: config.uploadLimitMb,
          baseUrl: config.baseUrl,
        },
      );
      request.session.flash = `Concern ${result.reference} opened with the mention attached. ${result.route.people.map((p) => p.name).join(', ')} ${result.route.people.length === 1 ? 'has' : 'have'} been told.`;
    } catch (error) {
      if (error instanceof ValidationError) return concernPage(request, reply, values, error.errors);
      throw error;
    }
    return reply.redirect('/mentions');
  });

  async function sourcesPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Partial<SourceForm & { name: string }> = {},
    errors?: FieldError[],
  ) {
    const ctx = requireCtx(request);
    const scope = tenantOf(ctx);
    return render(
      request,
      reply,
      'mentions/views/sources.njk',
      {
        pageTitle: 'Where Postwarden looks for mentions',
        sources: await sourcesOf(db, scope),
        names: await namesOf(db, scope),
        values,
        ...(errors ? { errors } : {}),
      },
      errors ? 400 : 200,
    );
  }

  app.get('/mentions/sources', { config: ACCESS }, (request, reply) => sourcesPage(request, reply));

  app.post('/mentions/sources', { config: ACCESS }, async (request, reply) => {
    const ctx = requireCtx(request);
    const f = formFields(request);
    const form = {
      kind: f.kind ?? '',
      label: f.label ?? '',
      feedAddress: f.feedAddress ?? '',
      searchWords: f.searchWords ?? '',
    };
    try {
      const id = await addSource(db, clock.now(), tenantOf(ctx), { ...actorOf(ctx), id: ctx.person.id }, form);
      request.session.flash = `Added ‘${form.label.trim()}’. Postwarden reads it every hour; read it now to check it works.`;
      return reply.redirect(`/mentions/sources/${id}`);
    } catch (error) {
      if (error instanceof ValidationError) return sourcesPage(request, reply, form, error.errors);
      throw error;
    }
  });

  async function sourceOr404(request: FastifyRequest) {
    const { id } = request.params as { id: string };
    const source = await findSource(db, tenantOf(requireCtx(request)), id);
    if (!source) throw new NotFoundError();
    return source;
  }

  async function sourcePage(request: FastifyRequest, reply: FastifyReply, errors?: FieldError[]) {
    const source = await sourceOr404(request);
    return render(
      request,
      reply,
      'mentions/views/source.njk',
      { pageTitle: source.label, source, ...(errors ? { errors } : {}) },
      errors ? 400 : 200,
    );
  }

  app.get('/mentions/sources/:id', { config: ACCESS }, (request, reply) => sourcePage(request, reply));

  app.post('/mentions/sources/:id/read', { config: ACCESS }, async (request, reply) => {
    const source = await sourceOr404(request);
    const result = await readSource(db, clock.now(), source, readOptions);
    if (!result.ok) return sourcePage(request, reply, [{ href: '#source-status', text: result.message }]);
    request.session.flash =
      result.added === 0
        ? `Read ‘${source.label}’: nothing new mentions the school.`
        : `Read ‘${source.label}’: ${result.added} new ${result.added === 1 ? 'item mentions' : 'items mention'} the school.`;
    return reply.redirect(`/mentions/sources/${source.id}`);
  });

  app.post('/mentions/sources/:id/remove', { config: ACCESS }, async (request, reply) => {
    const ctx = requireCtx(request);
    const source = await sourceOr404(request);
    await removeSource(db, clock.now(), actorOf(ctx), source);
    request.session.flash = `Stopped reading ‘${source.label}’. What it found stays on the list.`;
    return reply.redirect('/mentions/sources');
  });

  app.post('/mentions/names', { config: ACCESS }, async (request, reply) => {
    const ctx = requireCtx(request);
    const name = formFields(request).name ?? '';
    try {
      await addName(db, clock.now(), tenantOf(ctx), actorOf(ctx), name);
    } catch (error) {
      if (error instanceof ValidationError) return sourcesPage(request, reply, { name }, error.errors);
      throw error;
    }
    request.session.flash = `Postwarden now also looks for ‘${name.trim()}’.`;
    return reply.redirect('/mentions/sources#names');
  });

  app.post('/mentions/names/:id/remove', { config: ACCESS }, async (request, reply) => {
    const ctx = requireCtx(request);
    const { id } = request.params as { id: string };
    if (!isUuid(id) || !(await removeName(db, clock.now(), tenantOf(ctx), actorOf(ctx), id))) throw new NotFoundError();
    request.session.flash = 'Removed the name.';
    return reply.redirect('/mentions/sources#names');
  });
}
