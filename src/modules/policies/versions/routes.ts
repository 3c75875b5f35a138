import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import { ukDate } from '../../../platform/clock.ts';
import { NotFoundError, ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { actorOf, formFields, formList, isUuid, requireCtx } from '../../../platform/http/forms.ts';
import type { RequestContext } from '../../../platform/http/types.ts';
import { SETTINGS, SETTING_KEYS, type PolicySettings } from '../model/settings.ts';
import type { PolicyDocument } from '../model/types.ts';
import { numberPolicy } from '../rules/render.ts';
import { describeSetting } from '../rules/settings.ts';
import { citedBy } from '../citations.ts';
import { effectiveVersionOf, findPolicy, findVersion, versionsOf, type Owner } from './repo.ts';
import {
  approveVersion,
  deleteClause,
  saveClause,
  saveSettings,
  settingsFor,
  startFromModel,
  startNewDraft,
  type ApprovalForm,
} from './service.ts';

/** Whose policy a page is about: the school's own in a school, the trust's in the trust view. */
const ownerOf = (ctx: RequestContext): Owner => ({ trustId: ctx.trust.id, schoolId: ctx.school?.id ?? null });

export function registerVersionRoutes(app: FastifyInstance, { db, clock, render }: ModuleContext): void {
  const loadVersion = async (request: FastifyRequest, options: { draftOnly?: boolean } = {}) => {
    const ctx = requireCtx(request);
    const { id } = request.params as { id: string };
    const version = isUuid(id) ? await findVersion(db, ctx.trust.id, ctx.school?.id ?? null, id) : undefined;
    // A draft is seen only by those who edit the policy; for everyone else it does not exist.
    if (!version || (version.status === 'draft' && !ctx.permissions.has('policy.manage'))) throw new NotFoundError();
    if (options.draftOnly && version.status !== 'draft') throw new NotFoundError();
    // A school edits only its own policy; the trust's is edited in the trust view.
    if (options.draftOnly && version.school_id !== (ctx.school?.id ?? null)) throw new NotFoundError();
    return {
      ctx,
      version,
      document: version.document as PolicyDocument,
      settings: version.settings as unknown as PolicySettings,
    };
  };

  app.get('/policy', { config: { access: 'signed-in', scope: 'any' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const owner = ownerOf(ctx);
    const today = ukDate(clock.now());
    const own = await findPolicy(db, owner);
    const ownVersions = own ? await versionsOf(db, own.id) : [];
    const trustPolicy = owner.schoolId ? await findPolicy(db, { trustId: owner.trustId, schoolId: null }) : undefined;
    const inForce =
      (await effectiveVersionOf(db, owner, today)) ??
      (owner.schoolId ? await effectiveVersionOf(db, { trustId: owner.trustId, schoolId: null }, today) : undefined);
    const settings = ctx.school
      ? await settingsFor(db, { trustId: ctx.trust.id, schoolId: ctx.school.id }, clock.now())
      : undefined;
    return render(request, reply, 'policies/versions/views/overview.njk', {
      pageTitle: 'Social media policy',
      own,
      ownVersions,
      trustPolicy,
      inForce,
      today,
      headTitle: settings?.headTitle ?? 'Headteacher',
      hasDraft: ownVersions.some((v) => v.status === 'draft'),
      canManage: ctx.permissions.has('policy.manage'),
    });
  });

  app.post('/policy/start', { config: { access: 'policy.manage', scope: 'any' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    try {
      const owner = ownerOf(ctx);
      const existing = await findPolicy(db, owner);
      const id = existing
        ? await startNewDraft(db, clock.now(), owner, actorOf(ctx))
        : await startFromModel(db, clock.now(), owner, actorOf(ctx));
      request.session.flash = existing
        ? 'A new draft has been started from the latest version.'
        : 'Your draft policy has been started from Postwarden’s model policy. Choose the settings, change any wording, then record its approval.';
      return reply.redirect(`/policy/versions/${id}`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      request.session.flash = error.errors[0]?.text;
      return reply.redirect('/policy');
    }
  });

  app.get('/policy/versions/:id', { config: { access: 'signed-in', scope: 'any' } }, async (request, reply) => {
    const { ctx, version, document, settings } = await loadVersion(request);
    const sections = numberPolicy(document, settings);
    const editable =
      version.status === 'draft' &&
      ctx.permissions.has('policy.manage') &&
      version.school_id === (ctx.school?.id ?? null);
    const settingRows = SETTING_KEYS.map((key) => ({
      key,
      label: SETTINGS[key].label,
      value: describeSetting(key, settings[key]),
    }));
    return render(request, reply, 'policies/versions/views/version.njk', {
      pageTitle: `${document.title}, version ${version.number}`,
      version,
      document,
      sections,
      editable,
      settingRows,
    });
  });

  const settingsPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    version: { id: string; number: number },
    values: Record<string, unknown>,
    errors?: FieldError[],
  ) =>
    render(
      request,
      reply,
      'policies/versions/views/settings.njk',
      {
        pageTitle: `Settings for version ${version.number}`,
        version,
        values,
        errors,
        fields: SETTING_KEYS.filter((key) => SETTINGS[key].type !== 'people').map((key) => ({ key, ...SETTINGS[key] })),
      },
      errors ? 400 : 200,
    );

  app.get(
    '/policy/versions/:id/settings',
    { config: { access: 'policy.manage', scope: 'any' } },
    async (request, reply) => {
      const { version, settings } = await loadVersion(request, { draftOnly: true });
      return settingsPage(request, reply, version, settings as unknown as Record<string, unknown>);
    },
  );

  app.post(
    '/policy/versions/:id/settings',
    { config: { access: 'policy.manage', scope: 'any' } },
    async (request, reply) => {
      const { ctx, version, settings } = await loadVersion(request, { draftOnly: true });
      const f = formFields(request);
      const input: Record<string, unknown> = { ...settings };
      for (const key of SETTING_KEYS) {
        const def = SETTINGS[key];
        if (def.type === 'people') input[key] = formList(request, key);
        else if (def.type === 'boolean') input[key] = f[key] === 'yes' ? true : f[key] === 'no' ? false : f[key];
        else if (f[key] !== undefined) input[key] = f[key];
      }
      try {
        await saveSettings(
          db,
          clock.now(),
          { trustId: ctx.trust.id, schoolId: ctx.school?.id ?? null },
          actorOf(ctx),
          version.id,
          input,
        );
        request.session.flash = 'The settings have been saved.';
        return reply.redirect(`/policy/versions/${version.id}`);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return settingsPage(request, reply, version, input, error.errors);
      }
    },
  );

  const clauseOf = (document: PolicyDocument, key: string) =>
    document.sections.flatMap((s) => s.clauses).find((c) => c.key === key);

  app.get(
    '/policy/versions/:id/clauses/:key',
    { config: { access: 'policy.manage', scope: 'any' } },
    async (request, reply) => {
      const { version, document } = await loadVersion(request, { draftOnly: true });
      const clause = clauseOf(document, (request.params as { key: string }).key);
      if (!clause) throw new NotFoundError();
      return render(request, reply, 'policies/versions/views/clause.njk', {
        pageTitle: `Change “${clause.title}”`,
        version,
        clause,
        values: clause,
        citers: citedBy(clause.key),
      });
    },
  );

  app.post(
    '/policy/versions/:id/clauses/:key',
    { config: { access: 'policy.manage', scope: 'any' } },
    async (request, reply) => {
      const { ctx, version, document } = await loadVersion(request, { draftOnly: true });
      const clause = clauseOf(document, (request.params as { key: string }).key);
      if (!clause) throw new NotFoundError();
      const f = formFields(request);
      const values = { title: f.title ?? '', text: f.text ?? '' };
      try {
        await saveClause(
          db,
          clock.now(),
          { trustId: ctx.trust.id, schoolId: ctx.school?.id ?? null },
          actorOf(ctx),
          version.id,
          clause.key,
          values,
        );
        request.session.flash = `“${values.title.trim()}” has been changed.`;
        return reply.redirect(`/policy/versions/${version.id}#clause-${clause.key}`);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return render(
          request,
          reply,
          'policies/versions/views/clause.njk',
          {
            pageTitle: `Change “${clause.title}”`,
            version,
            clause,
            values,
            citers: citedBy(clause.key),
            errors: error.errors,
          },
          400,
        );
      }
    },
  );

  app.post(
    '/policy/versions/:id/clauses/:key/delete',
    { config: { access: 'policy.manage', scope: 'any' } },
    async (request, reply) => {
      const { ctx, version, document } = await loadVersion(request, { draftOnly: true });
      const clause = clauseOf(document, (request.params as { key: string }).key);
      if (!clause) throw new NotFoundError();
      try {
        await deleteClause(
          db,
          clock.now(),
          { trustId: ctx.trust.id, schoolId: ctx.school?.id ?? null },
          actorOf(ctx),
          version.id,
          clause.key,
        );
        request.session.flash = `“${clause.title}” has been deleted from this draft.`;
        return reply.redirect(`/policy/versions/${version.id}`);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return render(
          request,
          reply,
          'policies/versions/views/clause.njk',
          {
            pageTitle: `Change “${clause.title}”`,
            version,
            clause,
            values: clause,
            citers: citedBy(clause.key),
            errors: error.errors,
          },
          400,
        );
      }
    },
  );

  const approvalPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    version: { id: string; number: number },
    values: Record<string, unknown>,
    errors?: FieldError[],
  ) =>
    render(
      request,
      reply,
      'policies/versions/views/approve.njk',
      { pageTitle: `Record the approval of version ${version.number}`, version, values, errors },
      errors ? 400 : 200,
    );

  app.get(
    '/policy/versions/:id/approve',
    { config: { access: 'policy.manage', scope: 'any' } },
    async (request, reply) => {
      const { version } = await loadVersion(request, { draftOnly: true });
      return approvalPage(request, reply, version, { body: 'Full Governing Body' });
    },
  );

  app.post(
    '/policy/versions/:id/approve',
    { config: { access: 'policy.manage', scope: 'any' } },
    async (request, reply) => {
      const { ctx, version } = await loadVersion(request, { draftOnly: true });
      const f = formFields(request);
      const form: ApprovalForm = {
        body: f.body ?? '',
        consultation: f.consultation ?? '',
        changeSummary: f.changeSummary ?? '',
        approvedDay: f['approvedOn-day'],
        approvedMonth: f['approvedOn-month'],
        approvedYear: f['approvedOn-year'],
        effectiveDay: f['effectiveFrom-day'],
        effectiveMonth: f['effectiveFrom-month'],
        effectiveYear: f['effectiveFrom-year'],
      };
      try {
        await approveVersion(
          db,
          clock.now(),
          { trustId: ctx.trust.id, schoolId: ctx.school?.id ?? null },
          actorOf(ctx),
          version.id,
          form,
        );
        request.session.flash = `Version ${version.number} is approved. Everyone in scope will be asked to read and sign it from the day it takes effect.`;
        return reply.redirect('/policy');
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return approvalPage(
          request,
          reply,
          version,
          {
            ...form,
            approvedOn: { day: form.approvedDay, month: form.approvedMonth, year: form.approvedYear },
            effectiveFrom: { day: form.effectiveDay, month: form.effectiveMonth, year: form.effectiveYear },
          },
          error.errors,
        );
      }
    },
  );
}
