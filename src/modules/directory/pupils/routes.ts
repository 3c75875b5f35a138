import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import { ukDate } from '../../../platform/clock.ts';
import { NotFoundError, ValidationError } from '../../../platform/http/errors.ts';
import {
  actorOf,
  formFields,
  formList,
  isUuid,
  queryWholeNumber,
  requireCtx,
  tenantOf,
} from '../../../platform/http/forms.ts';
import { YEAR_GROUPS, yearGroupLabel, yearGroupsFor } from '../people.ts';
import { splitIsoDate } from '../dates.ts';
import { findNeverPublishReason, findPupil, listPupils, parentsOf, yearGroupFacts } from './repo.ts';
import { addParent, createPupil, unlinkParent, updatePupil, type PupilForm } from './service.ts';

const PAGE_SIZE = 100;

function readForm(request: FastifyRequest): PupilForm {
  const f = formFields(request);
  return {
    upn: f.upn ?? '',
    givenName: f.givenName ?? '',
    familyName: f.familyName ?? '',
    preferredName: f.preferredName ?? '',
    dobDay: f['dateOfBirth-day'],
    dobMonth: f['dateOfBirth-month'],
    dobYear: f['dateOfBirth-year'],
    yearGroup: f.yearGroup ?? '',
    formGroup: f.formGroup ?? '',
    consents: formList(request, 'consents'),
    neverPublish: f.neverPublish === 'yes',
    neverPublishReason: f.neverPublishReason,
    leaveDay: f['leavingDate-day'],
    leaveMonth: f['leavingDate-month'],
    leaveYear: f['leavingDate-year'],
  };
}

function formValues(form: PupilForm) {
  return {
    ...form,
    dateOfBirth: { day: form.dobDay, month: form.dobMonth, year: form.dobYear },
    leavingDate: { day: form.leaveDay, month: form.leaveMonth, year: form.leaveYear },
  };
}

export function registerPupilRoutes(app: FastifyInstance, { db, clock, render }: ModuleContext): void {
  app.get('/pupils', { config: { access: 'pupils.view' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const q = request.query as Record<string, string | undefined>;
    const page = queryWholeNumber(request, 'page', { label: 'page number', min: 1, max: 100_000 }) ?? 1;
    const year = queryWholeNumber(request, 'year', { label: 'year group', min: -2, max: 14 });
    const consent = (['social', 'none-social', 'never-publish'] as const).find((c) => c === q.consent);
    const [{ rows, total }, years] = await Promise.all([
      listPupils(db, tenantOf(ctx).schoolId, {
        q: q.q?.trim() || undefined,
        yearGroup: year,
        consent,
        includeLeavers: q.leavers === '1',
        today: ukDate(clock.now()),
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      }),
      yearGroupFacts(db, tenantOf(ctx).schoolId),
    ]);
    const pupils = rows.map((p) => ({
      ...p,
      name: `${p.preferred_name ?? p.given_name} ${p.family_name}`,
      year: yearGroupLabel(p.year_group),
    }));
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const params = new URLSearchParams(Object.entries(q).filter(([k, v]) => k !== 'page' && v) as [string, string][]);
    const pageHref = (n: number) => `/pupils?${new URLSearchParams([...params, ['page', String(n)]]).toString()}`;
    const pagination =
      pages > 1
        ? {
            previous: page > 1 ? { href: pageHref(page - 1) } : undefined,
            next: page < pages ? { href: pageHref(page + 1) } : undefined,
            items: Array.from({ length: pages }, (_, i) => i + 1)
              .filter((n) => n === 1 || n === pages || Math.abs(n - page) <= 2)
              .flatMap((n, i, all) => [
                ...(i > 0 && n - all[i - 1]! > 1 ? [{ ellipsis: true }] : []),
                { number: n, href: pageHref(n), current: n === page },
              ]),
          }
        : undefined;
    return render(request, reply, 'directory/pupils/views/list.njk', {
      pageTitle: 'Pupils',
      pupils,
      total,
      filter: q,
      yearGroups: yearGroupsFor(years.phase, years.yearsInUse),
      pagination,
    });
  });

  const formPage = (title: string) => ({ pageTitle: title, yearGroups: YEAR_GROUPS });

  app.get('/pupils/new', { config: { access: 'pupils.manage' } }, async (request, reply) =>
    render(request, reply, 'directory/pupils/views/form.njk', {
      ...formPage('Add a pupil'),
      values: { consents: [] },
      action: '/pupils/new',
    }),
  );

  app.post('/pupils/new', { config: { access: 'pupils.manage' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const form = readForm(request);
    try {
      const id = await createPupil(
        db,
        clock.now(),
        ukDate(clock.now()),
        tenantOf(ctx),
        { actor: actorOf(ctx), permissions: ctx.permissions },
        form,
      );
      request.session.flash = `${form.givenName.trim()} ${form.familyName.trim()} has been added.`;
      return reply.redirect(`/pupils/${id}`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(
        request,
        reply,
        'directory/pupils/views/form.njk',
        { ...formPage('Add a pupil'), values: formValues(form), errors: error.errors, action: '/pupils/new' },
        400,
      );
    }
  });

  const loadPupil = async (request: FastifyRequest) => {
    const ctx = requireCtx(request);
    const { id } = request.params as { id: string };
    const pupil = isUuid(id) ? await findPupil(db, tenantOf(ctx).schoolId, id) : undefined;
    if (!pupil) throw new NotFoundError();
    return { ctx, pupil };
  };

  app.get('/pupils/:id', { config: { access: 'pupils.view' } }, async (request, reply) => {
    const { ctx, pupil } = await loadPupil(request);
    const parents = await parentsOf(db, tenantOf(ctx).schoolId, pupil.id);
    const reason = ctx.permissions.has('pupils.restricted.view')
      ? await findNeverPublishReason(db, tenantOf(ctx).schoolId, pupil.id)
      : undefined;
    return render(request, reply, 'directory/pupils/views/show.njk', {
      pageTitle: `${pupil.given_name} ${pupil.family_name}`,
      pupil: { ...pupil, year: yearGroupLabel(pupil.year_group) },
      parents,
      reason,
    });
  });

  app.get('/pupils/:id/edit', { config: { access: 'pupils.manage' } }, async (request, reply) => {
    const { ctx, pupil } = await loadPupil(request);
    const reason = ctx.permissions.has('pupils.restricted.view')
      ? await findNeverPublishReason(db, tenantOf(ctx).schoolId, pupil.id)
      : undefined;
    const values = {
      upn: pupil.upn,
      givenName: pupil.given_name,
      familyName: pupil.family_name,
      preferredName: pupil.preferred_name,
      yearGroup: String(pupil.year_group),
      formGroup: pupil.form_group,
      dateOfBirth: splitIsoDate(pupil.date_of_birth),
      leavingDate: splitIsoDate(pupil.leaving_date),
      neverPublish: pupil.never_publish,
      neverPublishReason: reason,
      consents: [
        pupil.consent_social && 'social',
        pupil.consent_website && 'website',
        pupil.consent_press && 'press',
      ].filter(Boolean),
    };
    return render(request, reply, 'directory/pupils/views/form.njk', {
      ...formPage(`Change ${pupil.given_name} ${pupil.family_name}`),
      values,
      action: `/pupils/${pupil.id}/edit`,
      editing: true,
    });
  });

  app.post('/pupils/:id/edit', { config: { access: 'pupils.manage' } }, async (request, reply) => {
    const { ctx, pupil } = await loadPupil(request);
    const form = readForm(request);
    try {
      await updatePupil(
        db,
        clock.now(),
        ukDate(clock.now()),
        tenantOf(ctx),
        { actor: actorOf(ctx), permissions: ctx.permissions },
        pupil.id,
        form,
      );
      request.session.flash = 'The changes have been saved.';
      return reply.redirect(`/pupils/${pupil.id}`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(
        request,
        reply,
        'directory/pupils/views/form.njk',
        {
          ...formPage('Change pupil details'),
          values: formValues(form),
          errors: error.errors,
          action: `/pupils/${pupil.id}/edit`,
          editing: true,
        },
        400,
      );
    }
  });

  app.get('/pupils/:id/parents/new', { config: { access: 'pupils.manage' } }, async (request, reply) => {
    const { pupil } = await loadPupil(request);
    return render(request, reply, 'directory/pupils/views/parent-form.njk', {
      pageTitle: 'Add a parent or carer',
      pupil,
      values: {},
    });
  });

  app.post('/pupils/:id/parents/new', { config: { access: 'pupils.manage' } }, async (request, reply) => {
    const { ctx, pupil } = await loadPupil(request);
    const f = formFields(request);
    const form = {
      givenName: f.givenName ?? '',
      familyName: f.familyName ?? '',
      email: f.email ?? '',
      phone: f.phone ?? '',
      relationship: f.relationship ?? '',
    };
    try {
      await addParent(db, clock.now(), tenantOf(ctx), actorOf(ctx), pupil.id, form);
      request.session.flash = `${form.givenName.trim()} ${form.familyName.trim()} is now linked to ${pupil.given_name}.`;
      return reply.redirect(`/pupils/${pupil.id}`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(
        request,
        reply,
        'directory/pupils/views/parent-form.njk',
        { pageTitle: 'Add a parent or carer', pupil, values: form, errors: error.errors },
        400,
      );
    }
  });

  app.post('/pupils/:id/parents/:parentId/unlink', { config: { access: 'pupils.manage' } }, async (request, reply) => {
    const { ctx, pupil } = await loadPupil(request);
    const { parentId } = request.params as { parentId: string };
    if (!isUuid(parentId) || !(await unlinkParent(db, clock.now(), tenantOf(ctx), actorOf(ctx), pupil.id, parentId)))
      throw new NotFoundError();
    request.session.flash = 'The parent or carer is no longer linked to this pupil.';
    return reply.redirect(`/pupils/${pupil.id}`);
  });
}
