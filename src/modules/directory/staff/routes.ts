import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import { ukDate } from '../../../platform/clock.ts';
import { NotFoundError, ValidationError } from '../../../platform/http/errors.ts';
import { actorOf, formFields, formList, isUuid, requireCtx, tenantOf } from '../../../platform/http/forms.ts';
import { ROLES, SCHOOL_ROLES } from '../../../platform/auth/permissions.ts';
import { EMPLOYMENT_TYPES, employmentTypeLabel } from '../people.ts';
import { splitIsoDate } from '../dates.ts';
import { findStaffMember, listStaff, rolesAtSchool } from './repo.ts';
import { createStaff, updateStaff, type StaffForm } from './service.ts';

function readForm(request: FastifyRequest): StaffForm {
  const f = formFields(request);
  return {
    givenName: f.givenName ?? '',
    familyName: f.familyName ?? '',
    email: f.email ?? '',
    employmentType: f.employmentType ?? '',
    jobTitle: f.jobTitle ?? '',
    startDay: f['startDate-day'],
    startMonth: f['startDate-month'],
    startYear: f['startDate-year'],
    leaveDay: f['leavingDate-day'],
    leaveMonth: f['leavingDate-month'],
    leaveYear: f['leavingDate-year'],
    roles: formList(request, 'roles'),
  };
}

const roleItems = SCHOOL_ROLES.map((r) => ({ value: r, text: ROLES[r].label }));

export function registerStaffRoutes(app: FastifyInstance, { db, clock, render }: ModuleContext): void {
  app.get('/staff', { config: { access: 'staff.view' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const q = request.query as Record<string, string | undefined>;
    const today = ukDate(clock.now());
    const rows = await listStaff(db, tenantOf(ctx).schoolId, {
      q: q.q?.trim(),
      role: q.role || undefined,
      employmentType: q.type || undefined,
      includeLeavers: q.leavers === '1',
      today,
    });
    const staff = rows.map((p) => ({
      ...p,
      name: `${p.given_name} ${p.family_name}`,
      employment: employmentTypeLabel(p.employment_type),
      roleLabels: p.roles.map((r) => ROLES[r as keyof typeof ROLES]?.label ?? r).join(', '),
      left: p.leaving_date !== null && p.leaving_date <= today,
    }));
    return render(request, reply, 'directory/staff/views/list.njk', {
      pageTitle: 'Staff',
      staff,
      filter: q,
      roleItems,
      employmentTypes: EMPLOYMENT_TYPES,
    });
  });

  const formPage = (title: string) => ({ pageTitle: title, roleItems, employmentTypes: EMPLOYMENT_TYPES });

  app.get('/staff/new', { config: { access: 'staff.manage' } }, async (request, reply) =>
    render(request, reply, 'directory/staff/views/form.njk', {
      ...formPage('Add a member of staff'),
      values: { roles: [] },
      action: '/staff/new',
    }),
  );

  app.post('/staff/new', { config: { access: 'staff.manage' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const form = readForm(request);
    try {
      await createStaff(db, clock.now(), tenantOf(ctx), { actor: actorOf(ctx), roles: ctx.roles }, form);
      request.session.flash = `${form.givenName.trim()} ${form.familyName.trim()} has been added.`;
      return reply.redirect('/staff');
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(
        request,
        reply,
        'directory/staff/views/form.njk',
        { ...formPage('Add a member of staff'), values: formValues(form), errors: error.errors, action: '/staff/new' },
        400,
      );
    }
  });

  app.get('/staff/:id', { config: { access: 'staff.manage' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const { id } = request.params as { id: string };
    const person = isUuid(id) ? await findStaffMember(db, tenantOf(ctx).schoolId, id) : undefined;
    if (!person) throw new NotFoundError();
    const roles = await rolesAtSchool(db, person.id, tenantOf(ctx).schoolId);
    const values = {
      givenName: person.given_name,
      familyName: person.family_name,
      email: person.email,
      employmentType: person.employment_type,
      jobTitle: person.job_title,
      startDate: splitIsoDate(person.start_date),
      leavingDate: splitIsoDate(person.leaving_date),
      roles: roles.here,
    };
    return render(request, reply, 'directory/staff/views/form.njk', {
      ...formPage(`${person.given_name} ${person.family_name}`),
      values,
      trustRoles: roles.trustWide.map((r) => ROLES[r as keyof typeof ROLES]?.label ?? r),
      misId: person.mis_id,
      action: `/staff/${person.id}`,
      editing: true,
    });
  });

  app.post('/staff/:id', { config: { access: 'staff.manage' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const { id } = request.params as { id: string };
    if (!isUuid(id)) throw new NotFoundError();
    const form = readForm(request);
    try {
      const result = await updateStaff(
        db,
        clock.now(),
        tenantOf(ctx),
        { actor: actorOf(ctx), roles: ctx.roles },
        id,
        form,
      );
      if (result === 'not-found') throw new NotFoundError();
      request.session.flash = `Changes to ${form.givenName.trim()} ${form.familyName.trim()} have been saved.`;
      return reply.redirect('/staff');
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(
        request,
        reply,
        'directory/staff/views/form.njk',
        {
          ...formPage('Change details'),
          values: formValues(form),
          errors: error.errors,
          action: `/staff/${id}`,
          editing: true,
        },
        400,
      );
    }
  });
}

function formValues(form: StaffForm) {
  return {
    ...form,
    startDate: { day: form.startDay, month: form.startMonth, year: form.startYear },
    leavingDate: { day: form.leaveDay, month: form.leaveMonth, year: form.leaveYear },
  };
}
