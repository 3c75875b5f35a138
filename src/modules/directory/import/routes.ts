import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import type { RequestContext } from '../../../platform/http/types.ts';
import { NotFoundError } from '../../../platform/http/errors.ts';
import { actorOf, formFields, isUuid, requireCtx, tenantOf } from '../../../platform/http/forms.ts';
import { ACCEPTED_HEADERS, UNDO_DAYS, needsTypedConfirmation, type ImportKind } from './rules/index.ts';
import type { ImportScope } from './diff.ts';
import { findBatch, recentBatches } from './repo.ts';
import {
  cancelImport,
  confirmImport,
  importProgress,
  previewImport,
  type ImportPreview,
  type Importer,
} from './service.ts';
import { undoImport, undoStatus } from './undo.ts';

const KINDS: { value: ImportKind; text: string }[] = [
  { value: 'pupils', text: 'Pupils, with photo consents and parents or carers' },
  { value: 'staff', text: 'Staff' },
];

const isKind = (value: unknown): value is ImportKind => value === 'pupils' || value === 'staff';
const isScope = (value: unknown): value is ImportScope => value === 'whole' || value === 'changes';

const importerOf = (ctx: RequestContext): Importer => ({
  actor: actorOf(ctx),
  changer: { kind: 'person', id: ctx.person.id, roles: ctx.roles },
});

/** "pupils" / "members of staff", for sentences about the people in an import. */
const peopleWord = (kind: ImportKind, n: number) =>
  kind === 'pupils' ? (n === 1 ? 'pupil' : 'pupils') : n === 1 ? 'member of staff' : 'members of staff';

export function registerImportRoutes(app: FastifyInstance, { db, clock, render, config, jobs }: ModuleContext): void {
  const uploadPage = (kind: string | undefined, extra: Record<string, unknown> = {}) => ({
    pageTitle: 'Import from your MIS',
    kinds: KINDS,
    kind: isKind(kind) ? kind : undefined,
    acceptedHeaders: ACCEPTED_HEADERS,
    limitMb: config.uploadLimitMb,
    undoDays: UNDO_DAYS,
    ...extra,
  });

  app.get('/imports', { config: { access: 'directory.import' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const batches = await recentBatches(db, tenantOf(ctx).schoolId);
    return render(request, reply, 'directory/import/views/list.njk', { pageTitle: 'Imports', batches });
  });

  app.get('/imports/new', { config: { access: 'directory.import' } }, async (request, reply) =>
    render(request, reply, 'directory/import/views/upload.njk', uploadPage((request.query as { kind?: string }).kind)),
  );

  app.post('/imports/new', { config: { access: 'directory.import' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const body = (request.body ?? {}) as Record<string, MultipartValue | MultipartFile | undefined>;
    if (!request.isMultipart())
      return render(
        request,
        reply,
        'directory/import/views/upload.njk',
        uploadPage(undefined, { errors: [{ href: '#file', text: 'Select a CSV file to upload' }] }),
        400,
      );
    const kind = (body.kind as MultipartValue | undefined)?.value;
    const scope = (body.scope as MultipartValue | undefined)?.value;
    const file = body.file as MultipartFile | undefined;
    const errors = [];
    if (!isKind(kind)) errors.push({ href: '#kind', text: 'Select what the file contains' });
    if (!isScope(scope))
      errors.push({
        href: '#scope',
        text: 'Select whether the file lists everyone in the school or only new and changed people',
      });
    let bytes: Buffer | undefined;
    if (!file || typeof file.toBuffer !== 'function' || !file.filename)
      errors.push({ href: '#file', text: 'Select a CSV file to upload' });
    else {
      bytes = await file.toBuffer();
      if (file.file.truncated)
        errors.push({
          href: '#file',
          text: `The selected file must be smaller than ${config.uploadLimitMb} MB. Export one year group or one school at a time`,
        });
      else if (bytes.length === 0) errors.push({ href: '#file', text: 'The selected file is empty' });
    }
    const typedKind = typeof kind === 'string' ? kind : undefined;
    const values = { scope: isScope(scope) ? scope : undefined };
    if (errors.length || !bytes || !isKind(kind) || !isScope(scope))
      return render(
        request,
        reply,
        'directory/import/views/upload.njk',
        uploadPage(typedKind, { errors, values }),
        400,
      );
    const outcome = await previewImport(
      db,
      clock.now(),
      tenantOf(ctx),
      importerOf(ctx),
      kind,
      scope,
      file!.filename,
      bytes,
    );
    if (outcome.kind === 'previewed') return reply.redirect(`/imports/${outcome.batchId}`);
    const message =
      outcome.kind === 'not-csv'
        ? outcome.message
        : outcome.kind === 'empty'
          ? 'The selected file has headings but no rows'
          : outcome.message;
    return render(
      request,
      reply,
      'directory/import/views/upload.njk',
      uploadPage(kind, {
        errors: [{ href: '#file', text: message }],
        headerProblem: outcome.kind === 'header-problem' ? outcome : undefined,
        values,
      }),
      400,
    );
  });

  async function batchOr404(request: FastifyRequest) {
    const ctx = requireCtx(request);
    const { id } = request.params as { id: string };
    const batch = isUuid(id) ? await findBatch(db, tenantOf(ctx).schoolId, id) : undefined;
    if (!batch) throw new NotFoundError();
    return batch;
  }

  async function showPage(batch: Awaited<ReturnType<typeof batchOr404>>, extra: Record<string, unknown> = {}) {
    const preview = batch.preview as unknown as ImportPreview;
    const undo =
      batch.status === 'done' || batch.status === 'undone' ? await undoStatus(db, clock.now(), batch) : undefined;
    return {
      pageTitle: batch.status === 'previewed' ? 'Check the import' : 'Import',
      batch,
      preview,
      undo,
      undoDays: UNDO_DAYS,
      leaverWord: peopleWord(batch.kind, preview.leavers ?? 0),
      needsTypedConfirmation: needsTypedConfirmation(preview.leavers ?? 0, preview.onRoll ?? 0),
      ...extra,
    };
  }

  app.get('/imports/:id', { config: { access: 'directory.import' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const batch = await batchOr404(request);
    if ((request.headers.accept ?? '').includes('application/json')) {
      const p = await importProgress(db, tenantOf(ctx).schoolId, batch.id);
      return reply.send({
        ...p,
        message: `${p!.processed.toLocaleString('en-GB')} of ${p!.total.toLocaleString('en-GB')} changes written`,
      });
    }
    return render(request, reply, 'directory/import/views/show.njk', await showPage(batch));
  });

  app.post('/imports/:id/confirm', { config: { access: 'directory.import' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const batch = await batchOr404(request);
    const typed = formFields(request).confirmLeavers;
    const outcome = await confirmImport(db, clock.now(), tenantOf(ctx), importerOf(ctx), batch.id, typed);
    if (outcome === 'not-found') throw new NotFoundError();
    if (outcome === 'has-errors') {
      return render(
        request,
        reply,
        'directory/import/views/show.njk',
        await showPage(batch, {
          errors: [
            { href: '#errors', text: 'Correct the errors in the file and upload it again. Nothing has been imported.' },
          ],
        }),
        400,
      );
    }
    if (outcome === 'confirmation-needed') {
      const leavers = (batch.preview as unknown as ImportPreview).leavers;
      const text = typed?.trim()
        ? `You typed ${typed.trim()}, but ${leavers} ${peopleWord(batch.kind, leavers)} would be marked as leaving. Type ${leavers} to confirm, or cancel the import`
        : `Type ${leavers} to confirm that ${leavers} ${peopleWord(batch.kind, leavers)} should be marked as leaving, or cancel the import`;
      return render(
        request,
        reply,
        'directory/import/views/show.njk',
        await showPage(batch, { errors: [{ href: '#confirmLeavers', text }], typed }),
        400,
      );
    }
    jobs.kick();
    return reply.redirect(`/imports/${batch.id}`);
  });

  app.post('/imports/:id/cancel', { config: { access: 'directory.import' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const batch = await batchOr404(request);
    const outcome = await cancelImport(db, clock.now(), tenantOf(ctx), actorOf(ctx), batch.id);
    if (outcome === 'not-found') throw new NotFoundError();
    request.session.flash =
      outcome === 'cancelled'
        ? `The import of ${batch.filename} was cancelled. Nothing was changed.`
        : 'That import had already been confirmed, so it could not be cancelled.';
    return reply.redirect('/imports');
  });

  app.get('/imports/:id/undo', { config: { access: 'directory.import' } }, async (request, reply) => {
    const batch = await batchOr404(request);
    return render(request, reply, 'directory/import/views/undo.njk', {
      ...(await showPage(batch)),
      pageTitle: 'Undo this import',
    });
  });

  app.post('/imports/:id/undo', { config: { access: 'directory.import' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const batch = await batchOr404(request);
    const outcome = await undoImport(db, clock.now(), tenantOf(ctx), importerOf(ctx), batch.id);
    if (outcome.kind === 'not-found') throw new NotFoundError();
    if (outcome.kind === 'refused') {
      return render(
        request,
        reply,
        'directory/import/views/undo.njk',
        {
          ...(await showPage(batch)),
          pageTitle: 'Undo this import',
          errors: outcome.reasons.map((text) => ({ href: '#undo', text })),
        },
        400,
      );
    }
    const kept = outcome.notRestored
      ? ` ${outcome.notRestored} whose records had changed since kept their leaving date.`
      : '';
    request.session.flash = `The import of ${batch.filename} was undone: ${outcome.restored} back on roll, ${outcome.removed} removed.${kept}`;
    return reply.redirect(`/imports/${batch.id}`);
  });
}
