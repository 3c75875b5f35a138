import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import { NotFoundError, ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { actorOf, formFields, isUuid, requireCtx, tenantOf } from '../../../platform/http/forms.ts';
import { ukDate } from '../../../platform/clock.ts';
import { clauseCitations } from '../../policies/index.ts';
import { findRecord, listRecords, schoolStaff } from './repo.ts';
import { endMonitoring, recordMonitoring, reviewMonitoring, type Authoriser } from './service.ts';
import { MAX_MONTHS, monitoringState, type RecordForm } from './rules/record.ts';

const VIEWS = 'oversight/monitoring/views';
const STATE_TEXT = {
  active: 'Active',
  'ending-soon': 'Ends within a week',
  'past-end': 'Past its end date',
  ended: 'Ended',
};

/**
 * GOV-2: the record of monitoring one person's use of school systems. Only the head and HR hold
 * monitoring.manage; anyone else gets the same 404 as for a page that does not exist.
 */
export function registerMonitoringRoutes(app: FastifyInstance, { db, clock, render }: ModuleContext): void {
  const access = { access: 'monitoring.manage' as const };
  const authoriser = (request: FastifyRequest): Authoriser => {
    const ctx = requireCtx(request);
    return { ...actorOf(ctx), id: ctx.person.id, as: ctx.roles.includes('headteacher') ? 'headteacher' : 'hr' };
  };
  const readForm = (request: FastifyRequest): RecordForm => {
    const f = formFields(request);
    return {
      subjectId: f.subjectId ?? '',
      reason: f.reason ?? '',
      systems: f.systems ?? '',
      starts: { day: f['starts-day'] ?? '', month: f['starts-month'] ?? '', year: f['starts-year'] ?? '' },
      ends: { day: f['ends-day'] ?? '', month: f['ends-month'] ?? '', year: f['ends-year'] ?? '' },
    };
  };
  const record = async (request: FastifyRequest) => {
    const { id } = request.params as { id: string };
    if (!isUuid(id)) throw new NotFoundError();
    const found = await findRecord(db, tenantOf(requireCtx(request)), id);
    if (!found) throw new NotFoundError();
    return found;
  };

  app.get('/monitoring-records', { config: access }, async (request, reply) => {
    const ctx = requireCtx(request);
    const now = clock.now();
    const today = ukDate(now);
    const [rows, citations] = await Promise.all([
      listRecords(db, tenantOf(ctx)),
      clauseCitations(db, tenantOf(ctx), ['monitoring.individual'], now),
    ]);
    return render(request, reply, `${VIEWS}/list.njk`, {
      pageTitle: 'Monitoring records',
      records: rows.map((r) => ({
        ...r,
        state: monitoringState(r, today),
        stateText: STATE_TEXT[monitoringState(r, today)],
      })),
      citation: citations.get('monitoring.individual'),
    });
  });

  const newPage = async (request: FastifyRequest, values: RecordForm | null, errors?: FieldError[]) => {
    const ctx = requireCtx(request);
    const staff = await schoolStaff(db, tenantOf(ctx), ukDate(clock.now()));
    return {
      pageTitle: 'Record monitoring of one person',
      staff: staff.map((p) => ({ value: p.id, text: `${p.family_name}, ${p.given_name}` })),
      values,
      maxMonths: MAX_MONTHS,
      ...(errors ? { errors } : {}),
    };
  };

  app.get('/monitoring-records/new', { config: access }, async (request, reply) =>
    render(request, reply, `${VIEWS}/new.njk`, await newPage(request, null)),
  );

  app.post('/monitoring-records/new', { config: access }, async (request, reply) => {
    const values = readForm(request);
    try {
      const id = await recordMonitoring(db, clock.now(), tenantOf(requireCtx(request)), authoriser(request), values);
      request.session.flash = 'Monitoring recorded. Postwarden will remind you a week before it is due to end.';
      return reply.redirect(`/monitoring-records/${id}`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(request, reply, `${VIEWS}/new.njk`, await newPage(request, values, error.errors), 400);
    }
  });

  const showPage = async (request: FastifyRequest, extra: Record<string, unknown> = {}) => {
    const r = await record(request);
    const state = monitoringState(r, ukDate(clock.now()));
    return { pageTitle: `Monitoring of ${r.subject_name}`, record: r, state, stateText: STATE_TEXT[state], ...extra };
  };

  app.get('/monitoring-records/:id', { config: access }, async (request, reply) =>
    render(request, reply, `${VIEWS}/show.njk`, await showPage(request)),
  );

  for (const [path, act, field] of [
    ['review', reviewMonitoring, 'reviewNote'],
    ['end', endMonitoring, 'endNote'],
  ] as const) {
    app.post(`/monitoring-records/:id/${path}`, { config: access }, async (request, reply) => {
      const r = await record(request);
      const note = formFields(request)[field] ?? '';
      try {
        await act(db, clock.now(), tenantOf(requireCtx(request)), authoriser(request), r.id, note);
        request.session.flash = path === 'review' ? 'Review recorded.' : 'Monitoring ended. The record is kept.';
        return reply.redirect(`/monitoring-records/${r.id}`);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return render(
          request,
          reply,
          `${VIEWS}/show.njk`,
          await showPage(request, { errors: error.errors, [field]: note }),
          400,
        );
      }
    });
  }
}
