import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import { NotFoundError, ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { actorOf } from '../../../platform/http/forms.ts';
import { transact } from '../../../platform/db/transact.ts';
import { readDateInput } from '../../directory/dates.ts';
import { londonTimeToInstant } from '../../../platform/calendar/calendar.ts';
import { recordCaseEvent } from '../chronology/events.ts';
import { prepareFile, type PreparedFile } from '../evidence/files.ts';
import { addFileEvidence, addLinkEvidence, readUrl } from '../report/service.ts';
import { readFields, readUploads } from '../report/routes.ts';
import { caseOf } from './access.ts';
import { casePage } from './page.ts';
import { lockVisibleCase } from './repo.ts';

/** A case's page, its evidence files and adding evidence (INC-2, INC-7, INC-8). */
export function registerCaseRoutes(app: FastifyInstance, { db, clock, render, config }: ModuleContext): void {
  const cases = { db, clock };
  app.get('/cases/:id', { config: { access: 'cases.report' } }, async (request, reply) => {
    const now = clock.now();
    const { c, mayAct } = await caseOf(cases, request);
    const fresh = c.status === 'new' && mayAct ? { ...c, status: 'open' as const } : c;
    return render(request, reply, 'incidents/cases/views/show.njk', await casePage(db, fresh, mayAct, now));
  });

  async function evidenceFile(request: FastifyRequest, reply: FastifyReply, which: 'original' | 'preview') {
    const { c } = await caseOf(cases, request);
    const { evidenceId } = request.params as { evidenceId: string };
    if (!/^[0-9a-f-]{36}$/i.test(evidenceId)) throw new NotFoundError();
    const row = (await db
      .selectFrom('case_evidence')
      .select(['file_name', 'mime_type', which === 'original' ? 'bytes' : 'preview'])
      .where('id', '=', evidenceId)
      .where('case_id', '=', c.id)
      .where('kind', '=', 'file')
      .executeTakeFirst()) as { file_name: string; mime_type: string; bytes?: Buffer; preview?: Buffer } | undefined;
    const bytes = which === 'original' ? row?.bytes : row?.preview;
    if (!row || !bytes) throw new NotFoundError();
    const safeName = row.file_name.replace(/[^\w.\- ]/g, '_');
    reply
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox");
    // The original is always a download, exactly as uploaded; only the cleaned preview is shown in the page.
    if (which === 'original')
      return reply
        .type('application/octet-stream')
        .header('content-disposition', `attachment; filename="${safeName}"`)
        .send(Buffer.from(bytes));
    return reply
      .type('image/jpeg')
      .header('content-disposition', `inline; filename="preview-${safeName.replace(/\.\w+$/, '')}.jpg"`)
      .send(Buffer.from(bytes));
  }

  app.get('/cases/:id/evidence/:evidenceId', { config: { access: 'cases.report' } }, (request, reply) =>
    evidenceFile(request, reply, 'original'),
  );
  app.get('/cases/:id/evidence/:evidenceId/preview', { config: { access: 'cases.report' } }, (request, reply) =>
    evidenceFile(request, reply, 'preview'),
  );

  interface EvidenceValues {
    url: string;
    site: string;
    day: string;
    month: string;
    year: string;
    time: string;
  }
  const emptyEvidence: EvidenceValues = { url: '', site: '', day: '', month: '', year: '', time: '' };

  async function evidencePage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: EvidenceValues,
    errors?: FieldError[],
  ) {
    const { c } = await caseOf(cases, request);
    return render(
      request,
      reply,
      'incidents/cases/views/evidence.njk',
      { pageTitle: 'Add evidence', c, values, uploadLimitMb: config.uploadLimitMb, ...(errors ? { errors } : {}) },
      errors ? 400 : 200,
    );
  }

  app.get('/cases/:id/evidence/new', { config: { access: 'cases.report' } }, (request, reply) =>
    evidencePage(request, reply, emptyEvidence),
  );

  app.post(
    '/cases/:id/evidence/new',
    { config: { access: 'cases.report', multipartOptions: { limits: { files: 10 } } } },
    async (request, reply) => {
      const { ctx, school, viewer, c } = await caseOf(cases, request);
      const now = clock.now();
      const f = readFields(request);
      const v = (k: string) => f[k]?.[0] ?? '';
      const values: EvidenceValues = {
        url: v('url'),
        site: v('site'),
        day: v('seen-day'),
        month: v('seen-month'),
        year: v('seen-year'),
        time: v('time'),
      };
      const errors: FieldError[] = [];
      const prepared: PreparedFile[] = [];
      for (const upload of await readUploads(request, 'evidence')) {
        const result = await prepareFile(upload, config.uploadLimitMb);
        if (result.ok) prepared.push(result.file);
        else errors.push({ href: '#evidence', text: result.message });
      }
      let link: { url: string; seenAt: Date; site: string | null } | null = null;
      if (values.url.trim()) {
        const url = readUrl(values.url);
        if (!url)
          errors.push({ href: '#url', text: 'Enter the link as a web address, like https://www.example.com/post/123' });
        const date = readDateInput(values.day, values.month, values.year, 'When you saw it');
        if (!date.ok) errors.push({ href: '#seen-day', text: date.message });
        if (values.time.trim() && !/^([01]?\d|2[0-3]):[0-5]\d$/.test(values.time.trim()))
          errors.push({ href: '#time', text: 'Enter the time like 14:30' });
        if (values.site.length > 200)
          errors.push({ href: '#site', text: 'The site’s description must be 200 characters or fewer' });
        if (url && date.ok && !errors.length) {
          const seenAt = date.value
            ? londonTimeToInstant(date.value, `${(values.time.trim() || '12:00').padStart(5, '0')}:00.000`)
            : now;
          if (seenAt.getTime() > now.getTime())
            errors.push({ href: '#seen-day', text: 'When you saw it must be in the past' });
          link = { url: url.href, seenAt, site: values.site.trim() || null };
        }
      }
      if (!errors.length && !prepared.length && !link)
        errors.push({ href: '#evidence', text: 'Choose a file or enter a link' });
      if (errors.length) return evidencePage(request, reply, values, errors);
      try {
        await transact(db, async (trx) => {
          const locked = await lockVisibleCase(trx, school, viewer, c.id);
          if (!locked) throw new NotFoundError();
          if (locked.status === 'closed')
            throw new ValidationError([
              { href: '#evidence', text: 'This case is closed, so no evidence can be added' },
            ]);
          const actor = { ...actorOf(ctx), id: ctx.person.id };
          for (const file of prepared) await addFileEvidence(trx, now, locked, actor, file);
          if (link) await addLinkEvidence(trx, now, locked, actor, link);
          await trx.updateTable('concern_case').set({ updated_at: now }).where('id', '=', locked.id).execute();
        });
      } catch (error) {
        if (error instanceof ValidationError) return evidencePage(request, reply, values, error.errors);
        throw error;
      }
      request.session.flash = 'The evidence has been added to the case.';
      return reply.redirect(`/cases/${c.id}`);
    },
  );

  // Kept for symmetry with the chronology's own words: a note anyone on the case can add.
  app.post('/cases/:id/notes', { config: { access: 'cases.report' } }, async (request, reply) => {
    const { ctx, school, viewer, c, mayAct } = await caseOf(cases, request);
    if (!mayAct) throw new NotFoundError();
    const text = (readFields(request).note?.[0] ?? '').trim();
    if (!text || text.length > 5000) {
      request.session.flash = undefined;
      return render(
        request,
        reply,
        'incidents/cases/views/show.njk',
        {
          ...(await casePage(db, c, mayAct, clock.now())),
          errors: [{ href: '#note', text: text ? 'A note must be 5,000 characters or fewer' : 'Write the note' }],
        },
        400,
      );
    }
    await transact(db, async (trx) => {
      const locked = await lockVisibleCase(trx, school, viewer, c.id);
      if (!locked) throw new NotFoundError();
      await recordCaseEvent(trx, clock.now(), locked, actorOf(ctx), 'case.note', { text });
    });
    request.session.flash = 'The note has been added to the chronology.';
    return reply.redirect(`/cases/${c.id}#chronology`);
  });
}
