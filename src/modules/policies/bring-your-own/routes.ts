import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
import { NotFoundError, ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { actorOf, formFields, formList, isUuid, requireCtx } from '../../../platform/http/forms.ts';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import type { RequestContext } from '../../../platform/http/types.ts';
import { SETTINGS, SETTING_KEYS, isSettingKey } from '../model/settings.ts';
import { describeSetting } from '../rules/settings.ts';
import type { Owner } from '../versions/repo.ts';
import { MAX_POLICY_BYTES } from './read/index.ts';
import { originalFile } from './repo.ts';
import type { Arrangement } from './rules/arrange.ts';
import type { Proposal, ProposalKey, ProposedValue } from './rules/propose.ts';
import {
  arrangeSections,
  chooseAdditions,
  confirmSettings,
  currentSettings,
  FACT_LABELS,
  loadImport,
  saveAsDraft,
  startImport,
  type Decisions,
} from './service.ts';

const ownerOf = (ctx: RequestContext): Owner => ({ trustId: ctx.trust.id, schoolId: ctx.school?.id ?? null });
const ACCESS = { access: 'policy.manage', scope: 'any' } as const;
const SAMPLE = new URL('./sample/sample-policy.docx', import.meta.url);
const TYPES: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  text: 'text/plain; charset=utf-8',
  pasted: 'text/plain; charset=utf-8',
};

/** A proposal's value as a person reads it. */
function describeValue(key: ProposalKey, value: ProposedValue): string {
  if (isSettingKey(key)) return describeSetting(key, value as never);
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return String(value);
}

/** The clause a sentence came from, split around the sentence so the page can highlight it. */
function inContext(document: { sections: { clauses: { text: string }[] }[] }, p: Proposal) {
  const text = document.sections[p.section]?.clauses[p.clause]?.text ?? p.sentence;
  const at = text.indexOf(p.sentence);
  if (at < 0) return { before: '', sentence: p.sentence, after: '' };
  return { before: text.slice(0, at), sentence: p.sentence, after: text.slice(at + p.sentence.length) };
}

export function registerImportRoutes(app: FastifyInstance, { db, clock, render }: ModuleContext): void {
  const load = async (request: FastifyRequest) => {
    const ctx = requireCtx(request);
    const { id } = request.params as { id: string };
    const loaded = isUuid(id) ? await loadImport(db, ownerOf(ctx), id) : undefined;
    if (!loaded) throw new NotFoundError();
    return { ctx, ...loaded };
  };
  const saved = (reply: FastifyReply, row: { status: string; version_id: string | null }) =>
    row.status === 'saved' && row.version_id ? reply.redirect(`/policy/versions/${row.version_id}`) : undefined;

  const startPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: { pasted?: string },
    errors?: FieldError[],
  ) =>
    render(
      request,
      reply,
      'policies/bring-your-own/views/start.njk',
      { pageTitle: 'Bring in your own policy', values, errors, limitMb: MAX_POLICY_BYTES / 1024 / 1024 },
      errors ? 400 : 200,
    );

  app.get('/policy/import', { config: ACCESS }, async (request, reply) => startPage(request, reply, {}));

  app.get('/policy/import/sample.docx', { config: ACCESS }, async (_request, reply) =>
    reply
      .header('content-type', TYPES.docx)
      .header('content-disposition', 'attachment; filename="sample-social-media-policy.docx"')
      .send(readFileSync(SAMPLE)),
  );

  app.post(
    '/policy/import',
    { config: { ...ACCESS, multipartOptions: { limits: { fileSize: MAX_POLICY_BYTES, files: 1, fields: 5 } } } },
    async (request, reply) => {
      const ctx = requireCtx(request);
      const fields = formFields(request);
      const pasted = fields.pasted ?? '';
      try {
        const raw = ((request.body ?? {}) as Record<string, unknown>).file as MultipartFile | undefined;
        let upload: Parameters<typeof startImport>[4] = { kind: 'pasted', text: pasted };
        if (raw && typeof raw.toBuffer === 'function') {
          const bytes = await raw.toBuffer();
          if (raw.filename || bytes.length > 0) {
            if (pasted.trim())
              throw new ValidationError([{ href: '#file', text: 'Choose a file or paste the text, not both' }]);
            upload = { kind: 'file', fileName: raw.filename ?? '', bytes, truncated: raw.file.truncated };
          }
        }
        const id = await startImport(db, clock.now(), ownerOf(ctx), { ...actorOf(ctx), id: ctx.person.id }, upload);
        return reply.redirect(`/policy/import/${id}/sections`);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return startPage(request, reply, { pasted }, error.errors);
      }
    },
  );

  app.get('/policy/import/:id', { config: ACCESS }, async (request, reply) => {
    const { row } = await load(request);
    return saved(reply, row) ?? reply.redirect(`/policy/import/${row.id}/sections`);
  });

  app.get('/policy/import/:id/original', { config: ACCESS }, async (request, reply) => {
    const ctx = requireCtx(request);
    const { id } = request.params as { id: string };
    const file = isUuid(id) ? await originalFile(db, ownerOf(ctx), id) : undefined;
    if (!file) throw new NotFoundError();
    const ascii = file.source_name.replace(/[^\w. -]/g, '_') || 'policy';
    return reply
      .header('content-type', TYPES[file.source_format] ?? 'application/octet-stream')
      .header('content-disposition', `attachment; filename="${ascii}${file.source_format === 'pasted' ? '.txt' : ''}"`)
      .send(file.source_bytes);
  });

  const sectionsPage = async (request: FastifyRequest, reply: FastifyReply, errors?: FieldError[]) => {
    const { row, document } = await load(request);
    return (
      saved(reply, row) ??
      render(
        request,
        reply,
        'policies/bring-your-own/views/sections.njk',
        { pageTitle: 'Check the sections', row, document, errors },
        errors ? 400 : 200,
      )
    );
  };

  app.get('/policy/import/:id/sections', { config: ACCESS }, async (request, reply) => sectionsPage(request, reply));

  app.post('/policy/import/:id/sections', { config: ACCESS }, async (request, reply) => {
    const { ctx, row } = await load(request);
    const f = formFields(request);
    const section = Number.parseInt(f.section ?? '', 10);
    const clause = Number.parseInt(f.clause ?? '', 10);
    const action = f.action ?? '';
    let change: Arrangement | undefined;
    if (Number.isInteger(section) && section >= 0 && section < 10_000) {
      if (action === 'rename') change = { action, section, title: f.title ?? '' };
      else if (action === 'merge' || action === 'up' || action === 'down') change = { action, section };
      else if (action === 'split')
        change = { action, section, clause: Number.isInteger(clause) ? clause : -1, title: f.title ?? '' };
    }
    try {
      if (!change) throw new ValidationError([{ href: '#sections', text: 'Choose what to do to a section' }]);
      await arrangeSections(db, clock.now(), ownerOf(ctx), actorOf(ctx), row.id, change);
      return reply.redirect(
        `/policy/import/${row.id}/sections#section-${Math.max(0, section - (action === 'merge' ? 1 : 0))}`,
      );
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sectionsPage(request, reply, error.errors);
    }
  });

  app.get('/policy/import/:id/matches', { config: ACCESS }, async (request, reply) => {
    const { row, document, analysis, addedKeys } = await load(request);
    const rows = analysis.matching.matches.map((m) => {
      const section = document.sections[m.section]!;
      const clause = section.clauses[m.clause]!;
      return {
        number: clause.number ?? '',
        section: section.title,
        text: clause.text.length > 160 ? `${clause.text.slice(0, 157)}…` : clause.text,
        modelKey: m.modelKey,
        confidence: Math.round(m.confidence * 100),
        strength: m.confidence >= 0.5 ? 'High' : m.confidence >= 0.3 ? 'Medium' : 'Low',
      };
    });
    return (
      saved(reply, row) ??
      render(request, reply, 'policies/bring-your-own/views/matches.njk', {
        pageTitle: 'How your clauses match the model',
        row,
        rows,
        missing: analysis.matching.missing,
        added: addedKeys,
      })
    );
  });

  app.post('/policy/import/:id/matches', { config: ACCESS }, async (request, reply) => {
    const { ctx, row } = await load(request);
    try {
      await chooseAdditions(db, clock.now(), ownerOf(ctx), actorOf(ctx), row.id, formList(request, 'add'));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      request.session.flash = error.errors[0]?.text;
    }
    return reply.redirect(`/policy/import/${row.id}/settings`);
  });

  const settingsPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    entered?: Decisions,
    errors?: FieldError[],
  ) => {
    const { ctx, row, document, proposals, decisions } = await load(request);
    const current = await currentSettings(db, ownerOf(ctx));
    const chosen = entered ?? decisions;
    const items = proposals.map((p) => {
      const setting = isSettingKey(p.key) ? SETTINGS[p.key] : undefined;
      return {
        key: p.key,
        label: setting?.label ?? FACT_LABELS[p.key] ?? p.key,
        isSetting: Boolean(setting),
        type: setting?.type,
        unit: setting && 'unit' in setting ? setting.unit : '',
        options: setting && 'options' in setting ? setting.options : [],
        proposed: describeValue(p.key, p.value),
        current: isSettingKey(p.key) ? describeSetting(p.key, current[p.key]) : '',
        context: inContext(document, p),
        alternatives: p.alternatives.map((a) => ({ value: describeValue(p.key, a.value), sentence: a.sentence })),
        decision: chosen[p.key]?.decision ?? '',
        changed: chosen[p.key]?.value ?? (typeof p.value === 'boolean' ? (p.value ? 'yes' : 'no') : p.value),
      };
    });
    const proposedKeys = new Set(proposals.map((p) => p.key));
    const unmentioned = SETTING_KEYS.filter(
      (k) => !proposedKeys.has(k as ProposalKey) && SETTINGS[k].type !== 'people',
    ).map((k) => ({
      label: SETTINGS[k].label,
      value: describeSetting(k, current[k]),
    }));
    return (
      saved(reply, row) ??
      render(
        request,
        reply,
        'policies/bring-your-own/views/settings.njk',
        { pageTitle: 'Confirm the settings from your policy', row, items, unmentioned, errors },
        errors ? 400 : 200,
      )
    );
  };

  app.get('/policy/import/:id/settings', { config: ACCESS }, async (request, reply) => settingsPage(request, reply));

  app.post('/policy/import/:id/settings', { config: ACCESS }, async (request, reply) => {
    const { ctx, row, proposals } = await load(request);
    const f = formFields(request);
    const decisions: Decisions = {};
    for (const p of proposals) {
      const decision = f[`decision-${p.key}`];
      if (decision !== 'accept' && decision !== 'change' && decision !== 'reject') continue;
      if (decision !== 'change' || !isSettingKey(p.key)) {
        decisions[p.key] = { decision: decision === 'change' ? 'accept' : decision };
        continue;
      }
      const raw = (f[`value-${p.key}`] ?? '').trim();
      const def = SETTINGS[p.key];
      const value: ProposedValue = def.type === 'boolean' ? raw === 'yes' : raw;
      decisions[p.key] = { decision, value };
    }
    try {
      await confirmSettings(db, clock.now(), ownerOf(ctx), actorOf(ctx), row.id, decisions);
      return reply.redirect(`/policy/import/${row.id}/save`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return settingsPage(request, reply, decisions, error.errors);
    }
  });

  const savePage = async (request: FastifyRequest, reply: FastifyReply, errors?: FieldError[]) => {
    const { row, document, proposals, decisions, addedKeys, analysis } = await load(request);
    if (row.status === 'open' && row.decisions === null) return reply.redirect(`/policy/import/${row.id}/settings`);
    const count = (d: string) => proposals.filter((p) => decisions[p.key]?.decision === d).length;
    return (
      saved(reply, row) ??
      render(
        request,
        reply,
        'policies/bring-your-own/views/save.njk',
        {
          pageTitle: 'Save as a draft',
          row,
          sections: document.sections.length,
          clauses: document.sections.reduce((n, s) => n + s.clauses.length, 0),
          matched: analysis.matching.matches.filter((m) => m.modelKey).length,
          fromModel: analysis.matching.missing.filter((m) => m.cited.length || addedKeys.includes(m.key)).length,
          accepted: count('accept'),
          changed: count('change'),
          rejected: count('reject'),
          errors,
        },
        errors ? 400 : 200,
      )
    );
  };

  app.get('/policy/import/:id/save', { config: ACCESS }, async (request, reply) => savePage(request, reply));

  app.post('/policy/import/:id/save', { config: ACCESS }, async (request, reply) => {
    const { ctx, row } = await load(request);
    try {
      const versionId = await saveAsDraft(
        db,
        clock.now(),
        ownerOf(ctx),
        { ...actorOf(ctx), id: ctx.person.id },
        row.id,
      );
      if (versionId === 'not-found') throw new NotFoundError();
      request.session.flash =
        'Your policy has been saved as a draft. Check it, then record its approval: the checks now cite your own numbering.';
      return reply.redirect(`/policy/versions/${versionId}`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return savePage(request, reply, error.errors);
    }
  });
}
