import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import { NotFoundError, ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { actorOf, formFields, requireCtx, tenantOf } from '../../../platform/http/forms.ts';
import { REGIONS, bankHolidays, type Region } from '../../../platform/calendar/calendar.ts';
import { ukDate } from '../../../platform/clock.ts';
import { addClosureDay, removeClosureDay, schoolSettings, updateSchool } from './service.ts';

export function registerSchoolRoutes(app: FastifyInstance, { db, clock, render }: ModuleContext): void {
  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: FieldError[]; values?: Record<string, unknown>; closure?: Record<string, unknown> } = {},
    status = 200,
  ) => {
    const ctx = requireCtx(request);
    const { school, closures } = await schoolSettings(db, tenantOf(ctx).schoolId);
    const year = Number(ukDate(clock.now()).slice(0, 4));
    const upcoming = bankHolidays(school.region as Region)
      .filter((h) => h.date >= ukDate(clock.now()) && h.date <= `${year + 1}-12-31`)
      .slice(0, 8);
    return render(
      request,
      reply,
      'directory/school/views/settings.njk',
      {
        pageTitle: 'School settings',
        school,
        closures,
        upcoming,
        regions: REGIONS.map((r) => ({ value: r.id, text: r.label })),
        values: extra.values ?? {
          name: school.name,
          urn: school.urn,
          region: school.region,
          emailDomains: school.email_domains.join(', '),
        },
        closure: extra.closure ?? {},
        errors: extra.errors,
      },
      status,
    );
  };

  app.get('/settings/school', { config: { access: 'school.settings.manage' } }, async (request, reply) =>
    page(request, reply),
  );

  app.post('/settings/school', { config: { access: 'school.settings.manage' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const f = formFields(request);
    const form = { name: f.name ?? '', urn: f.urn ?? '', region: f.region ?? '', emailDomains: f.emailDomains ?? '' };
    try {
      await updateSchool(db, clock.now(), tenantOf(ctx), actorOf(ctx), form);
      request.session.flash = 'The school’s settings have been saved.';
      return reply.redirect('/settings/school');
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return page(request, reply, { errors: error.errors, values: form }, 400);
    }
  });

  app.post('/settings/school/closures', { config: { access: 'school.settings.manage' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const f = formFields(request);
    const form = {
      day: f['closureDate-day'],
      month: f['closureDate-month'],
      year: f['closureDate-year'],
      reason: f.reason ?? '',
    };
    try {
      await addClosureDay(db, clock.now(), tenantOf(ctx), actorOf(ctx), form);
      request.session.flash = 'The closure day has been added. Reply deadlines will skip it.';
      return reply.redirect('/settings/school');
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return page(request, reply, { errors: error.errors, closure: form }, 400);
    }
  });

  app.post(
    '/settings/school/closures/remove',
    { config: { access: 'school.settings.manage' } },
    async (request, reply) => {
      const ctx = requireCtx(request);
      if (!(await removeClosureDay(db, clock.now(), tenantOf(ctx), actorOf(ctx), formFields(request).day ?? '')))
        throw new NotFoundError();
      request.session.flash = 'The closure day has been removed.';
      return reply.redirect('/settings/school');
    },
  );
}
