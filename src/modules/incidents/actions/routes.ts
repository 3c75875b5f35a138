import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import { NotFoundError, ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { actorOf, requireCtx } from '../../../platform/http/forms.ts';
import { formatDateTime } from '../../../platform/views/nunjucks.ts';
import { caseToActOn } from '../cases/access.ts';
import { actionOwners } from '../cases/page.ts';
import { evidenceOfCase } from '../cases/repo.ts';
import { readFields } from '../report/routes.ts';
import { SCALES, SCALE_NAMES } from '../rules/seriousness.ts';
import { SITE_RULES, isSiteRule, takedownRequestText } from '../rules/takedown-text.ts';
import { ADDABLE_ACTIONS, ACTION_TEXT } from '../model.ts';
import {
  addAction,
  completeAction,
  recordAssessment,
  type AddActionForm,
  type AssessmentForm,
  type CompleteForm,
} from './service.ts';

const personActor = (request: FastifyRequest) => {
  const ctx = requireCtx(request);
  return { ...actorOf(ctx), id: ctx.person.id };
};

function fields<T extends string>(request: FastifyRequest, names: readonly T[]): Record<T, string> {
  const f = readFields(request);
  return Object.fromEntries(names.map((n) => [n, f[n]?.[0] ?? ''])) as Record<T, string>;
}

/** Triage and assessment, adding actions, and doing them (INC-3, INC-4, INC-5). */
export function registerWorkRoutes(app: FastifyInstance, { db, clock, render }: ModuleContext): void {
  const ASSESS = [
    'summary',
    'nature',
    'natureNote',
    'visibility',
    'visibilityNote',
    'recirculation',
    'recirculationNote',
    'impact',
    'impactNote',
    'unlawful',
    'significant',
  ] as const;

  async function assessPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Partial<AssessmentForm>,
    errors?: FieldError[],
  ) {
    const { c } = await caseToActOn({ db, clock }, request);
    return render(
      request,
      reply,
      'incidents/actions/views/assess.njk',
      {
        pageTitle: 'Assess the case',
        c,
        values,
        scales: SCALE_NAMES.map((name) => ({
          name,
          question: SCALES[name].question,
          items: SCALES[name].options.map((text, i) => ({
            value: String(i + 1),
            text,
            checked: (values as Record<string, string>)[name] === String(i + 1),
          })),
          note: (values as Record<string, string>)[`${name}Note`] ?? '',
        })),
        ...(errors ? { errors } : {}),
      },
      errors ? 400 : 200,
    );
  }

  app.get('/cases/:id/assess', { config: { access: 'cases.report' } }, (request, reply) =>
    assessPage(request, reply, {}),
  );
  app.post('/cases/:id/assess', { config: { access: 'cases.report' } }, async (request, reply) => {
    const { school, viewer, c } = await caseToActOn({ db, clock }, request);
    const form = fields(request, ASSESS);
    try {
      if ((await recordAssessment(db, clock.now(), school, viewer, personActor(request), c.id, form)) === 'not-found')
        throw new NotFoundError();
    } catch (error) {
      if (error instanceof ValidationError) return assessPage(request, reply, form, error.errors);
      throw error;
    }
    request.session.flash = 'The assessment has been recorded.';
    return reply.redirect(`/cases/${c.id}`);
  });

  const ADD = ['kind', 'title', 'ownerId', 'due-day', 'due-month', 'due-year', 'time', 'consent'] as const;
  async function addPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    errors?: FieldError[],
  ) {
    const { c, school } = await caseToActOn({ db, clock }, request);
    const owners = await actionOwners(db, school, c, clock.now());
    return render(
      request,
      reply,
      'incidents/actions/views/new.njk',
      {
        pageTitle: 'Add an action',
        c,
        values,
        mayBeUnlawful: c.may_be_unlawful,
        kindItems: ADDABLE_ACTIONS.map((k) => ({ value: k, text: ACTION_TEXT[k], checked: values.kind === k })),
        ownerItems: [
          { value: '', text: 'Choose a person' },
          ...owners.map((o) => ({ value: o.id, text: o.name, selected: values.ownerId === o.id })),
        ],
        ...(errors ? { errors } : {}),
      },
      errors ? 400 : 200,
    );
  }
  app.get('/cases/:id/actions/new', { config: { access: 'cases.report' } }, (request, reply) =>
    addPage(request, reply, { ownerId: requireCtx(request).person.id }),
  );
  app.post('/cases/:id/actions/new', { config: { access: 'cases.report' } }, async (request, reply) => {
    const { school, viewer, c } = await caseToActOn({ db, clock }, request);
    const v = fields(request, ADD);
    const form: AddActionForm = {
      kind: v.kind,
      title: v.title,
      ownerId: v.ownerId,
      day: v['due-day'],
      month: v['due-month'],
      year: v['due-year'],
      time: v.time,
      consent: v.consent,
    };
    const owners = new Set((await actionOwners(db, school, c, clock.now())).map((o) => o.id));
    try {
      if ((await addAction(db, clock.now(), school, viewer, personActor(request), c.id, form, owners)) === 'not-found')
        throw new NotFoundError();
    } catch (error) {
      if (error instanceof ValidationError) return addPage(request, reply, v, error.errors);
      throw error;
    }
    request.session.flash = 'The action has been added, with its clock.';
    return reply.redirect(`/cases/${c.id}`);
  });

  const DONE = ['result', 'removed', 'unlawful', 'consent', 'response', 'sentTo'] as const;
  async function actionPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Partial<CompleteForm>,
    errors?: FieldError[],
  ) {
    const ctx = requireCtx(request);
    const { c } = await caseToActOn({ db, clock }, request);
    const { actionId } = request.params as { actionId: string };
    if (!/^[0-9a-f-]{36}$/i.test(actionId)) throw new NotFoundError();
    const action = await db
      .selectFrom('case_action')
      .selectAll()
      .where('id', '=', actionId)
      .where('case_id', '=', c.id)
      .executeTakeFirst();
    if (!action) throw new NotFoundError();
    const rule = (request.query as { rule?: string }).rule ?? '';
    const chosenRule = isSiteRule(rule) ? rule : c.kind === 'personal-data-posted' ? 'privacy' : 'harassment';
    const links =
      action.kind === 'takedown-request'
        ? (await evidenceOfCase(db, c.id))
            .filter((e) => e.kind === 'link')
            .map((e) => ({ url: e.url!, seenAt: e.seen_at ? new Date(e.seen_at) : null, site: e.site_description }))
        : [];
    return render(
      request,
      reply,
      'incidents/actions/views/action.njk',
      {
        pageTitle: action.title,
        c,
        action,
        values,
        detail: action.detail,
        requestText:
          action.kind === 'takedown-request'
            ? takedownRequestText({
                schoolName: ctx.school!.name,
                links,
                rule: chosenRule,
                what: c.description,
                formatDateTime: (d) => formatDateTime(d),
              })
            : null,
        ruleItems: Object.entries(SITE_RULES).map(([value, text]) => ({
          value,
          text: text
            .replace(/^its rules /, 'Rules ')
            .replace(/^Rules against/, 'Against')
            .replace(/^Rules on/, 'On')
            .replace(/^Rules protecting/, 'Protecting'),
          selected: value === chosenRule,
        })),
        ...(errors ? { errors } : {}),
      },
      errors ? 400 : 200,
    );
  }
  app.get('/cases/:id/actions/:actionId', { config: { access: 'cases.report' } }, (request, reply) =>
    actionPage(request, reply, {}),
  );
  app.post('/cases/:id/actions/:actionId', { config: { access: 'cases.report' } }, async (request, reply) => {
    const { school, viewer, c } = await caseToActOn({ db, clock }, request);
    const form = fields(request, DONE);
    try {
      if (
        (await completeAction(
          db,
          clock.now(),
          school,
          viewer,
          personActor(request),
          c.id,
          (request.params as { actionId: string }).actionId,
          form,
        )) === 'not-found'
      )
        throw new NotFoundError();
    } catch (error) {
      if (error instanceof ValidationError) return actionPage(request, reply, form, error.errors);
      throw error;
    }
    request.session.flash = 'The action is done.';
    return reply.redirect(`/cases/${c.id}`);
  });
}
