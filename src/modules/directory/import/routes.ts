import type { FastifyInstance } from 'fastify';
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import type { ModuleContext } from '../../../app.ts';
import { NotFoundError } from '../../../platform/http/errors.ts';
import { actorOf, formFields, isUuid, requireCtx, tenantOf } from '../../../platform/http/forms.ts';
import { ACCEPTED_HEADERS, type ImportKind } from './rules/index.ts';
import { findBatch, recentBatches } from './repo.ts';
import { confirmImport, importProgress, previewImport, type ImportPreview } from './service.ts';

const KINDS: { value: ImportKind; text: string }[] = [
  { value: 'pupils', text: 'Pupils, with photo consents and parents or carers' },
  { value: 'staff', text: 'Staff' },
];

const isKind = (value: unknown): value is ImportKind => value === 'pupils' || value === 'staff';

export function registerImportRoutes(app: FastifyInstance, { db, clock, render, config, jobs }: ModuleContext): void {
  const uploadPage = (kind: string | undefined, extra: Record<string, unknown> = {}) => ({
    pageTitle: 'Import from your MIS', kinds: KINDS, kind: isKind(kind) ? kind : undefined, acceptedHeaders: ACCEPTED_HEADERS, limitMb: config.uploadLimitMb, ...extra,
  });

  app.get('/imports', { config: { access: 'directory.import' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const batches = await recentBatches(db, tenantOf(ctx).schoolId);
    return render(request, reply, 'directory/import/views/list.njk', { pageTitle: 'Imports', batches });
  });

  app.get('/imports/new', { config: { access: 'directory.import' } }, async (request, reply) =>
    render(request, reply, 'directory/import/views/upload.njk', uploadPage((request.query as { kind?: string }).kind)));

  app.post('/imports/new', { config: { access: 'directory.import' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const body = (request.body ?? {}) as Record<string, MultipartValue | MultipartFile | undefined>;
    if (!request.isMultipart()) return render(request, reply, 'directory/import/views/upload.njk', uploadPage(undefined, { errors: [{ href: '#file', text: 'Select a CSV file to upload' }] }), 400);
    const kindField = body.kind as MultipartValue | undefined;
    const kind = kindField?.value;
    const file = body.file as MultipartFile | undefined;
    const errors = [];
    if (!isKind(kind)) errors.push({ href: '#kind', text: 'Select what the file contains' });
    let bytes: Buffer | undefined;
    if (!file || typeof file.toBuffer !== 'function' || !file.filename) errors.push({ href: '#file', text: 'Select a CSV file to upload' });
    else {
      bytes = await file.toBuffer();
      if (file.file.truncated) errors.push({ href: '#file', text: `The selected file must be smaller than ${config.uploadLimitMb} MB. Export one year group or one school at a time` });
      else if (bytes.length === 0) errors.push({ href: '#file', text: 'The selected file is empty' });
    }
    if (errors.length || !bytes || !isKind(kind)) return render(request, reply, 'directory/import/views/upload.njk', uploadPage(typeof kind === "string" ? kind : undefined, { errors }), 400);
    const outcome = await previewImport(db, clock.now(), tenantOf(ctx), actorOf(ctx), kind, file!.filename, bytes);
    if (outcome.kind === 'previewed') return reply.redirect(`/imports/${outcome.batchId}`);
    const message =
      outcome.kind === 'not-csv' ? outcome.message
      : outcome.kind === 'empty' ? 'The selected file has headings but no rows'
      : outcome.message;
    return render(request, reply, 'directory/import/views/upload.njk', uploadPage(kind, {
      errors: [{ href: '#file', text: message }], headerProblem: outcome.kind === 'header-problem' ? outcome : undefined,
    }), 400);
  });

  app.get('/imports/:id', { config: { access: 'directory.import' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const { id } = request.params as { id: string };
    const batch = isUuid(id) ? await findBatch(db, tenantOf(ctx).schoolId, id) : undefined;
    if (!batch) throw new NotFoundError();
    const preview = batch.preview as unknown as ImportPreview;
    if ((request.headers.accept ?? '').includes('application/json')) {
      const p = await importProgress(db, tenantOf(ctx).schoolId, id);
      return reply.send({ ...p, message: `${p!.processed.toLocaleString('en-GB')} of ${p!.total.toLocaleString('en-GB')} changes written` });
    }
    return render(request, reply, 'directory/import/views/show.njk', { pageTitle: batch.status === 'previewed' ? 'Check the import' : 'Import', batch, preview });
  });

  app.post('/imports/:id/confirm', { config: { access: 'directory.import' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const { id } = request.params as { id: string };
    if (!isUuid(id)) throw new NotFoundError();
    const outcome = await confirmImport(db, clock.now(), tenantOf(ctx), actorOf(ctx), id);
    if (outcome === 'not-found') throw new NotFoundError();
    if (outcome === 'has-errors') {
      const batch = await findBatch(db, tenantOf(ctx).schoolId, id);
      return render(request, reply, 'directory/import/views/show.njk', { pageTitle: 'Check the import', batch, preview: batch!.preview, errors: [{ href: '#errors', text: 'Correct the errors in the file and upload it again. Nothing has been imported.' }] }, 400);
    }
    jobs.kick();
    return reply.redirect(`/imports/${id}`);
  });

  void formFields;
}
