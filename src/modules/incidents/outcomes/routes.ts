import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import { NotFoundError, ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { actorOf, requireCtx } from '../../../platform/http/forms.ts';
import { caseToActOn } from '../cases/access.ts';
import { readFields } from '../report/routes.ts';
import { OUTCOME_TEXT } from '../model.ts';
import { addOutcome, closeCase, decideBreach, markBreach, recordLadoAdvice } from './service.ts';

interface FormPage {
  path: string;
  template: string;
  title: string;
  fields: readonly string[];
  extra?: (values: Record<string, string>) => Record<string, unknown>;
  run: (
    deps: { db: ModuleContext['db']; now: Date; request: FastifyRequest },
    c: { id: string },
    values: Record<string, string>,
  ) => Promise<string>;
  done: string | ((result: string) => string);
}

/** The LADO's advice, the breach clock and decision, outcomes and closing (INC-4, INC-6, INC-9, POL-3). */
export function registerOutcomeRoutes(app: FastifyInstance, { db, clock, render }: ModuleContext): void {
  const who = (request: FastifyRequest) => {
    const ctx = requireCtx(request);
    return { ...actorOf(ctx), id: ctx.person.id };
  };
  const pages: FormPage[] = [
    {
      path: 'lado-advice',
      template: 'lado.njk',
      title: 'Record the LADO’s advice',
      fields: ['advice', 'suspension'],
      run: async ({ db: d, now, request }, c, v) => {
        const { school, viewer } = await caseToActOn({ db: d, clock }, request);
        return recordLadoAdvice(d, now, school, viewer, who(request), c.id, {
          advice: v.advice!,
          suspension: v.suspension!,
        });
      },
      done: 'The LADO’s advice has been recorded. Outcomes can now be recorded.',
    },
    {
      path: 'breach',
      template: 'breach.njk',
      title: 'Mark as a possible personal data breach',
      fields: ['aware-day', 'aware-month', 'aware-year', 'time'],
      run: async ({ db: d, now, request }, c, v) => {
        const { school, viewer } = await caseToActOn({ db: d, clock }, request);
        return markBreach(d, now, school, viewer, who(request), c.id, {
          day: v['aware-day']!,
          month: v['aware-month']!,
          year: v['aware-year']!,
          time: v.time!,
        });
      },
      done: 'The case is marked as a possible personal data breach. The 72-hour clock is at the top of the case.',
    },
    {
      path: 'breach/decision',
      template: 'breach-decision.njk',
      title: 'Tell the ICO or not',
      fields: ['decision', 'reason'],
      run: async ({ db: d, now, request }, c, v) => {
        const { school, viewer } = await caseToActOn({ db: d, clock }, request);
        return decideBreach(d, now, school, viewer, who(request), c.id, { decision: v.decision!, reason: v.reason! });
      },
      done: 'The decision and its reason have been recorded.',
    },
    {
      path: 'outcomes/new',
      template: 'outcome.njk',
      title: 'Record an outcome',
      fields: ['kind', 'note', 'check-day', 'check-month', 'check-year'],
      extra: (values) => ({
        kindItems: Object.entries(OUTCOME_TEXT).map(([value, text]) => ({
          value,
          text,
          checked: values.kind === value,
        })),
      }),
      run: async ({ db: d, now, request }, c, v) => {
        const { school, viewer } = await caseToActOn({ db: d, clock }, request);
        return addOutcome(d, now, school, viewer, who(request), c.id, {
          kind: v.kind!,
          note: v.note!,
          day: v['check-day']!,
          month: v['check-month']!,
          year: v['check-year']!,
        });
      },
      done: 'The outcome has been recorded.',
    },
    {
      path: 'close',
      template: 'close.njk',
      title: 'Close the case',
      fields: ['note'],
      run: async ({ db: d, now, request }, c, v) => {
        const { school, viewer } = await caseToActOn({ db: d, clock }, request);
        const closed = await closeCase(d, now, school, viewer, who(request), c.id, { note: v.note! });
        return closed.result === 'closed' ? `closed:${closed.review ?? 'none'}` : closed.result;
      },
      done: (result) =>
        result === 'closed:opened'
          ? 'The case is closed. Because it was significant, an early review of the social media policy has been opened.'
          : 'The case is closed.',
    },
  ];

  for (const page of pages) {
    const show = async (
      request: FastifyRequest,
      reply: FastifyReply,
      values: Record<string, string>,
      errors?: FieldError[],
    ) => {
      const { c } = await caseToActOn({ db, clock }, request);
      return render(
        request,
        reply,
        `incidents/outcomes/views/${page.template}`,
        { pageTitle: page.title, c, values, ...(page.extra?.(values) ?? {}), ...(errors ? { errors } : {}) },
        errors ? 400 : 200,
      );
    };
    app.get(`/cases/:id/${page.path}`, { config: { access: 'cases.report' } }, (request, reply) =>
      show(request, reply, {}),
    );
    app.post(`/cases/:id/${page.path}`, { config: { access: 'cases.report' } }, async (request, reply) => {
      const { c } = await caseToActOn({ db, clock }, request);
      const f = readFields(request);
      const values = Object.fromEntries(page.fields.map((n) => [n, f[n]?.[0] ?? '']));
      try {
        const result = await page.run({ db, now: clock.now(), request }, c, values);
        if (result === 'not-found') throw new NotFoundError();
        request.session.flash = typeof page.done === 'string' ? page.done : page.done(result);
      } catch (error) {
        if (error instanceof ValidationError) return show(request, reply, values, error.errors);
        throw error;
      }
      return reply.redirect(`/cases/${c.id}`);
    });
  }
}
