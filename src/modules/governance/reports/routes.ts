import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import { actorOf, formFields, requireCtx, slugify, tenantOf } from '../../../platform/http/forms.ts';
import { BadInputError, type FieldError } from '../../../platform/http/errors.ts';
import { ukDate } from '../../../platform/clock.ts';
import { readRange, recentTerms, type DateRange } from '../../../platform/calendar/date-range.ts';
import type { RequestContext } from '../../../platform/http/types.ts';
import { overrideReasons, reportFigures, trustSchoolIds, type ReportScope } from './repo.ts';
import { presentReport } from './present.ts';
import { reportCsv } from './csv.ts';
import { renderReportPdf } from './pdf.ts';
import { findRelease, releaseCount, restrictedCount, withdrawRelease } from './release.ts';

const DASHBOARD = 'governance/reports/views/dashboard.njk';

function periodQuery(range: DateRange): string {
  return range.term ? `term=${range.term}` : `from=${range.from}&to=${range.to}`;
}

async function scopeOf(db: ModuleContext['db'], ctx: RequestContext): Promise<ReportScope & { name: string }> {
  if (ctx.school) return { trustId: ctx.trust.id, schoolIds: [ctx.school.id], name: ctx.school.name };
  return { trustId: ctx.trust.id, schoolIds: await trustSchoolIds(db, ctx.trust.id), name: ctx.trust.name };
}

function rangeErrors(errors: { field: string; text: string }[]): FieldError[] {
  return errors.map((e) => ({ href: `#${e.field}`, text: e.text }));
}

/** The period asked for, or a 400 naming the problem (for downloads, which have no form to show it on). */
function rangeForDownload(request: FastifyRequest, today: string): DateRange {
  const read = readRange(request.query as Record<string, unknown>, today);
  if ('errors' in read)
    throw new BadInputError(read.errors[0]!.field, read.errors[0]!.text, 'There is a problem with the period');
  return read.range;
}

/** The dashboards and the governors' report (GOV-1): a page with charts, a CSV and a PDF, for a school or the trust. */
export function registerReportRoutes(app: FastifyInstance, { db, clock, render }: ModuleContext): void {
  async function build(ctx: RequestContext, range: DateRange) {
    const scope = await scopeOf(db, ctx);
    const figures = await reportFigures(db, scope, range);
    const reasons = ctx.permissions.has('reports.names.view') ? await overrideReasons(db, scope, range) : undefined;
    return presentReport({
      figures,
      range,
      scopeName: scope.name,
      trustView: ctx.school === null,
      today: ukDate(clock.now()),
      reasons,
    });
  }

  const dashboard = async (request: FastifyRequest, reply: FastifyReply) => {
    const ctx = requireCtx(request);
    const today = ukDate(clock.now());
    const q = request.query as Record<string, unknown>;
    const read = readRange(q, today);
    const base = ctx.school ? '/reports' : '/trust/reports';
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    const terms = recentTerms(today);
    const form = {
      term: 'range' in read ? (read.range.term ?? '') : str(q.term),
      from: 'range' in read ? (read.range.term ? '' : read.range.from) : str(q.from),
      to: 'range' in read ? (read.range.term ? '' : read.range.to) : str(q.to),
    };
    const common = {
      pageTitle: ctx.school ? 'Reports' : 'Reports across the trust',
      base,
      form,
      termItems: terms.map((t) => ({ value: t.term, text: t.label, selected: t.term === form.term })),
      mayRelease: ctx.school !== null && ctx.permissions.has('reports.restricted.release'),
    };
    if ('errors' in read)
      return render(request, reply, DASHBOARD, { ...common, errors: rangeErrors(read.errors) }, 400);
    const report = await build(ctx, read.range);
    return render(request, reply, DASHBOARD, { ...common, report, query: periodQuery(read.range) });
  };

  const csv = async (request: FastifyRequest, reply: FastifyReply) => {
    const ctx = requireCtx(request);
    const range = rangeForDownload(request, ukDate(clock.now()));
    const report = await build(ctx, range);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName(report.scopeName, range)}.csv"`)
      .header('cache-control', 'no-store')
      .send(reportCsv(report));
  };

  const pdf = async (request: FastifyRequest, reply: FastifyReply) => {
    const ctx = requireCtx(request);
    const today = ukDate(clock.now());
    const range = rangeForDownload(request, today);
    const report = await build(ctx, range);
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${fileName(report.scopeName, range)}.pdf"`)
      .header('cache-control', 'no-store')
      .send(await renderReportPdf(report, today));
  };

  app.get('/reports', { config: { access: 'reports.view' } }, dashboard);
  app.get('/reports/report.csv', { config: { access: 'reports.view' } }, csv);
  app.get('/reports/report.pdf', { config: { access: 'reports.view' } }, pdf);
  app.get('/trust/reports', { config: { access: 'reports.view', scope: 'trust' } }, dashboard);
  app.get('/trust/reports/report.csv', { config: { access: 'reports.view', scope: 'trust' } }, csv);
  app.get('/trust/reports/report.pdf', { config: { access: 'reports.view', scope: 'trust' } }, pdf);

  const RELEASE = 'governance/reports/views/release.njk';
  const releasePage = async (request: FastifyRequest, reply: FastifyReply, range: DateRange, errors?: FieldError[]) => {
    const ctx = requireCtx(request);
    const school = tenantOf(ctx);
    const release = await findRelease(db, school, range);
    return render(
      request,
      reply,
      RELEASE,
      {
        pageTitle: 'Restricted cases in the report',
        range,
        count: await restrictedCount(db, school, range),
        release,
        errors,
        query: periodQuery(range),
      },
      errors ? 400 : 200,
    );
  };

  app.get('/reports/restricted', { config: { access: 'reports.restricted.release' } }, async (request, reply) => {
    return releasePage(request, reply, rangeForDownload(request, ukDate(clock.now())));
  });

  app.post('/reports/restricted', { config: { access: 'reports.restricted.release' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const school = tenantOf(ctx);
    const fields = formFields(request);
    const read = readRange(fields, ukDate(clock.now()));
    if ('errors' in read)
      throw new BadInputError(read.errors[0]!.field, read.errors[0]!.text, 'There is a problem with the period');
    const range = read.range;
    const actor = actorOf(ctx);
    if (fields.decision === 'withdraw') {
      await withdrawRelease(db, clock.now(), school, actor, range);
      request.session.flash = 'The count is withdrawn: the report no longer shows restricted cases for this period.';
    } else if (fields.decision === 'release' && fields.confirm === 'yes' && actor.id) {
      const count = await releaseCount(db, clock.now(), school, { ...actor, id: actor.id }, range);
      request.session.flash = `Released: the report for this period now shows ${count} restricted ${count === 1 ? 'case' : 'cases'}.`;
    } else {
      return releasePage(request, reply, range, [
        { href: '#confirm', text: 'Confirm that the count may be shown to governors' },
      ]);
    }
    return reply.redirect(`/reports/restricted?${periodQuery(range)}`);
  });
}

function fileName(scopeName: string, range: DateRange): string {
  return `governors-report-${slugify(scopeName) || 'school'}-${range.from}-to-${range.to}`;
}
