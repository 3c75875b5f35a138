import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import {
  actorOf,
  formFields,
  isUuid,
  requireCtx,
  slugify,
  tenantOf,
  EMAIL_PATTERN,
} from '../../../platform/http/forms.ts';
import { NotFoundError, ValidationError } from '../../../platform/http/errors.ts';
import { ukDate } from '../../../platform/clock.ts';
import { describeMonths, KEPT_RECORDS } from './retention-rules.ts';
import { retentionSettings, saveRetention } from './retention.ts';
import { exportSubject, findSubject, findSubjectByEmail, subjectFiles } from './subject-access.ts';

const V = 'governance/records/views';

/** Records kept right (GOV-3): retention periods and subject access exports, in a school. */
export function registerRecordRoutes(app: FastifyInstance, { db, clock, render }: ModuleContext): void {
  app.get('/records', { config: { access: 'records.manage' } }, async (request, reply) => {
    return render(request, reply, `${V}/records.njk`, { pageTitle: 'Records' });
  });

  const retentionPage = async (
    request: Parameters<typeof render>[0],
    reply: Parameters<typeof render>[1],
    values?: Record<string, string>,
    errors?: { href: string; text: string }[],
  ) => {
    const ctx = requireCtx(request);
    const types = await retentionSettings(db, tenantOf(ctx));
    return render(
      request,
      reply,
      `${V}/retention.njk`,
      {
        pageTitle: 'How long records are kept',
        types: types.map((t) => ({
          ...t,
          period: describeMonths(t.months),
          value: values?.[t.key] ?? String(t.months),
        })),
        kept: KEPT_RECORDS,
        errors,
      },
      errors ? 400 : 200,
    );
  };

  app.get('/records/retention', { config: { access: 'records.manage' } }, (request, reply) =>
    retentionPage(request, reply),
  );

  app.post('/records/retention', { config: { access: 'records.manage' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const fields = formFields(request);
    try {
      const changed = await saveRetention(db, clock.now(), tenantOf(ctx), actorOf(ctx), fields);
      request.session.flash = changed
        ? `Saved: ${changed} ${changed === 1 ? 'period' : 'periods'} changed. The next nightly run applies them.`
        : 'Nothing changed.';
      return reply.redirect('/records/retention');
    } catch (error) {
      if (error instanceof ValidationError) return retentionPage(request, reply, fields, error.errors);
      throw error;
    }
  });

  app.get('/records/subject-access', { config: { access: 'records.manage' } }, async (request, reply) => {
    return render(request, reply, `${V}/subject-access.njk`, { pageTitle: 'Subject access request', values: {} });
  });

  app.post('/records/subject-access', { config: { access: 'records.manage' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const fields = formFields(request);
    const email = (fields.email ?? '').trim();
    const fail = (text: string) =>
      render(
        request,
        reply,
        `${V}/subject-access.njk`,
        { pageTitle: 'Subject access request', values: { email }, errors: [{ href: '#email', text }] },
        400,
      );
    if (!email) return fail('Enter the email address of the person asking');
    if (email.length > 320 || !EMAIL_PATTERN.test(email)) return fail('Enter an email address like name@school.sch.uk');
    const found = await findSubjectByEmail(db, tenantOf(ctx), email);
    if (!found)
      return fail('Nobody at this school has that email address. Check it, or ask the school they belong to.');
    return reply.redirect(`/records/subject-access/${found.id}`);
  });

  app.get('/records/subject-access/:id', { config: { access: 'records.manage' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const { id } = request.params as { id: string };
    if (!isUuid(id)) throw new NotFoundError();
    const school = tenantOf(ctx);
    const person = await findSubject(db, school, id);
    const files = await subjectFiles(db, school, person);
    return render(request, reply, `${V}/subject-person.njk`, {
      pageTitle: `Subject access: ${person.given_name} ${person.family_name}`,
      person,
      files: files.map((f) => ({ name: f.name, about: f.about, count: f.rows.length })),
    });
  });

  app.post('/records/subject-access/:id/export', { config: { access: 'records.manage' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const { id } = request.params as { id: string };
    if (!isUuid(id)) throw new NotFoundError();
    const format = formFields(request).format === 'pdf' ? 'pdf' : 'zip';
    const school = { ...tenantOf(ctx), name: ctx.school!.name };
    const today = ukDate(clock.now());
    const { person, body } = await exportSubject(db, clock.now(), school, actorOf(ctx), id, format, today);
    const name = `subject-access-${slugify(`${person.given_name} ${person.family_name}`)}-${today}`;
    return reply
      .type(format === 'zip' ? 'application/zip' : 'application/pdf')
      .header('content-disposition', `attachment; filename="${name}.${format}"`)
      .header('cache-control', 'no-store')
      .send(body);
  });
}
