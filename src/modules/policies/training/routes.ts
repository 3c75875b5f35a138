import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import { ukDate } from '../../../platform/clock.ts';
import { NotFoundError, ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { actorOf, formFields, formList, isUuid, requireCtx, tenantOf } from '../../../platform/http/forms.ts';
import { addNavigation } from '../../../platform/http/render.ts';
import type { RequestContext } from '../../../platform/http/types.ts';
import {
  completionsAtSchool,
  countPeopleOfSchool,
  countPeopleOfTrust,
  findCourse,
  listCourses,
  listTrustCourses,
  peopleOfSchool,
  requirementsOf,
  type CourseRow,
} from './repo.ts';
import {
  REQUIREMENT_OPTIONS,
  createCourse,
  recordCompletion,
  requirementLabel,
  setRequirements,
  type CompletionForm,
  type CourseForm,
  type CourseOwner,
} from './service.ts';
import { OPERATOR_REQUIREMENT, isCurrent, roleOfRequirement } from './rules/eligibility.ts';

let navigationAdded = false;

function validityText(months: number | null): string {
  if (!months) return 'Does not expire';
  if (months % 12 === 0) return months === 12 ? '1 year' : `${months / 12} years`;
  return months === 1 ? '1 month' : `${months} months`;
}

function readCourseForm(request: FastifyRequest): CourseForm {
  const f = formFields(request);
  return { title: f.title ?? '', description: f.description ?? '', validMonths: f.validMonths ?? '' };
}

function readCompletionForm(request: FastifyRequest): CompletionForm {
  const f = formFields(request);
  return {
    personId: f.personId ?? '',
    completedDay: f['completedOn-day'],
    completedMonth: f['completedOn-month'],
    completedYear: f['completedOn-year'],
    evidence: f.evidence ?? '',
  };
}

/** Where the person is working: their school, or (school null) the trust view, where the trust's own courses are changed. */
function ownerOf(ctx: RequestContext): CourseOwner {
  return { trustId: ctx.trust.id, schoolId: ctx.school?.id ?? null };
}

/** Training courses, who has completed them, and which roles need them (POL-5). */
export function registerTrainingRoutes(app: FastifyInstance, { db, clock, render }: ModuleContext): void {
  if (!navigationAdded) {
    addNavigation({
      href: '/training',
      text: 'Training',
      permission: 'training.manage',
      scope: 'any',
      area: 'admin',
      description: 'Courses, who needs which, and who has done them.',
    });
    navigationAdded = true;
  }

  app.get('/training', { config: { access: 'training.manage', scope: 'any' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const today = ukDate(clock.now());
    const [rows, inScope] = ctx.school
      ? await Promise.all([
          listCourses(db, ctx.trust.id, ctx.school.id, today),
          countPeopleOfSchool(db, ctx.school.id, today),
        ])
      : await Promise.all([listTrustCourses(db, ctx.trust.id, today), countPeopleOfTrust(db, ctx.trust.id, today)]);
    const courses = rows.map((c) => ({
      ...c,
      validity: validityText(c.valid_months),
      requiredFor: c.requirements.map(requirementLabel),
      ownedBy: c.school_id === null ? ctx.trust.name : ctx.school?.name,
    }));
    return render(request, reply, 'policies/training/views/courses.njk', {
      pageTitle: 'Training',
      courses,
      inScope,
      trustView: !ctx.school,
    });
  });

  const coursePage = (values: Partial<CourseForm>, errors?: FieldError[]) => ({
    pageTitle: 'Add a training course',
    values,
    ...(errors ? { errors } : {}),
  });

  app.get('/training/courses/new', { config: { access: 'training.manage', scope: 'any' } }, async (request, reply) =>
    render(request, reply, 'policies/training/views/course-form.njk', coursePage({})),
  );

  app.post('/training/courses/new', { config: { access: 'training.manage', scope: 'any' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const form = readCourseForm(request);
    try {
      const id = await createCourse(db, clock.now(), ownerOf(ctx), actorOf(ctx), form);
      request.session.flash = `‘${form.title.trim().replace(/\s+/g, ' ')}’ has been added.`;
      return reply.redirect(`/training/courses/${id}`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(request, reply, 'policies/training/views/course-form.njk', coursePage(form, error.errors), 400);
    }
  });

  async function courseOr404(request: FastifyRequest): Promise<CourseRow> {
    const { id } = request.params as { id: string };
    const course = isUuid(id) ? await findCourse(db, ownerOf(requireCtx(request)), id) : undefined;
    if (!course) throw new NotFoundError();
    return course;
  }

  /** Who needs the trust's course, for the trust view: no school's completions are shown there. */
  async function showTrustCourse(
    request: FastifyRequest,
    course: CourseRow,
    extra: { requirements?: string[]; errors?: FieldError[] } = {},
  ) {
    const stored = await requirementsOf(db, course.id);
    const requirements = extra.requirements ?? stored;
    return {
      pageTitle: course.title,
      course: { ...course, validity: validityText(course.valid_months) },
      trustView: true,
      editable: true,
      ownedBy: requireCtx(request).trust.name,
      requirementItems: REQUIREMENT_OPTIONS.map((o) => ({ ...o, checked: requirements.includes(o.value) })),
      requiredFor: stored.map(requirementLabel),
      ...(extra.errors ? { errors: extra.errors } : {}),
    };
  }

  async function showCourse(
    request: FastifyRequest,
    course: CourseRow,
    extra: { requirements?: string[]; errors?: FieldError[] } = {},
  ) {
    const ctx = requireCtx(request);
    if (!ctx.school) return showTrustCourse(request, course, extra);
    const school = tenantOf(ctx);
    const today = ukDate(clock.now());
    const [stored, completions, people] = await Promise.all([
      requirementsOf(db, course.id),
      completionsAtSchool(db, school.trustId, course.id, school.schoolId),
      peopleOfSchool(db, school.schoolId, today),
    ]);
    const requirements = extra.requirements ?? stored;
    const rows = completions.map((c) => ({
      ...c,
      name: `${c.given_name} ${c.family_name}`,
      current: isCurrent({ expiresOn: c.expires_on }, today),
      left: c.leaving_date !== null && c.leaving_date <= today,
    }));
    const holders = new Set(rows.filter((r) => r.current).map((r) => r.person_id));
    const roles = stored.map(roleOfRequirement).filter((r): r is string => r !== undefined);
    const stillNeeded = people
      .filter(
        (p) =>
          !holders.has(p.id) &&
          [...p.roles, ...(p.school_id === school.schoolId ? ['staff'] : [])].some((r) => roles.includes(r)),
      )
      .map((p) => ({ id: p.id, name: `${p.given_name} ${p.family_name}`, jobTitle: p.job_title }));
    return {
      pageTitle: course.title,
      course: { ...course, validity: validityText(course.valid_months) },
      // A trust's course is changed only in the trust view; here it is shown as the trust's.
      editable: course.school_id === school.schoolId,
      ownedBy: course.school_id === null ? ctx.trust.name : ctx.school.name,
      canViewTrust: ctx.canViewTrust,
      requirementItems: REQUIREMENT_OPTIONS.map((o) => ({ ...o, checked: requirements.includes(o.value) })),
      requiredFor: stored.map(requirementLabel),
      forOperators: stored.includes(OPERATOR_REQUIREMENT),
      hasRoleRequirements: roles.length > 0,
      completions: rows,
      currentCount: holders.size,
      stillNeeded,
      ...(extra.errors ? { errors: extra.errors } : {}),
    };
  }

  app.get('/training/courses/:id', { config: { access: 'training.manage', scope: 'any' } }, async (request, reply) => {
    const course = await courseOr404(request);
    return render(request, reply, 'policies/training/views/course.njk', await showCourse(request, course));
  });

  app.post(
    '/training/courses/:id/requirements',
    { config: { access: 'training.manage', scope: 'any' } },
    async (request, reply) => {
      const ctx = requireCtx(request);
      const course = await courseOr404(request);
      const requirements = formList(request, 'requirements');
      try {
        const result = await setRequirements(db, clock.now(), ownerOf(ctx), actorOf(ctx), course.id, requirements);
        if (result === 'not-found') throw new NotFoundError();
        request.session.flash = `Who needs ‘${course.title}’ has been saved.`;
        return reply.redirect(`/training/courses/${course.id}`);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return render(
          request,
          reply,
          'policies/training/views/course.njk',
          await showCourse(request, course, { requirements, errors: error.errors }),
          400,
        );
      }
    },
  );

  async function completionPage(
    request: FastifyRequest,
    course: CourseRow,
    values: Partial<CompletionForm>,
    errors?: FieldError[],
  ) {
    const school = tenantOf(requireCtx(request));
    const people = await peopleOfSchool(db, school.schoolId, ukDate(clock.now()));
    return {
      pageTitle: 'Record a completion',
      course,
      personItems: [
        { value: '', text: 'Select a person' },
        ...people.map((p) => ({
          value: p.id,
          text: `${p.given_name} ${p.family_name}${p.job_title ? ` (${p.job_title})` : ''}`,
          selected: p.id === values.personId,
        })),
      ],
      values: {
        ...values,
        completedOn: {
          day: values.completedDay ?? '',
          month: values.completedMonth ?? '',
          year: values.completedYear ?? '',
        },
      },
      validity: course.valid_months
        ? `A completion lasts ${validityText(course.valid_months)}, so it expires that long after the date completed.`
        : 'This course does not expire.',
      ...(errors ? { errors } : {}),
    };
  }

  app.get(
    '/training/courses/:id/completions/new',
    { config: { access: 'training.manage' } },
    async (request, reply) => {
      const course = await courseOr404(request);
      const q = request.query as Record<string, string | undefined>;
      return render(
        request,
        reply,
        'policies/training/views/completion-form.njk',
        await completionPage(request, course, { personId: typeof q.person === 'string' ? q.person : '' }),
      );
    },
  );

  app.post(
    '/training/courses/:id/completions/new',
    { config: { access: 'training.manage' } },
    async (request, reply) => {
      const ctx = requireCtx(request);
      const course = await courseOr404(request);
      const form = readCompletionForm(request);
      try {
        const result = await recordCompletion(db, clock.now(), tenantOf(ctx), actorOf(ctx), course.id, form);
        if (result === 'not-found') throw new NotFoundError();
        request.session.flash = `The completion of ‘${course.title}’ has been recorded.`;
        return reply.redirect(`/training/courses/${course.id}`);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return render(
          request,
          reply,
          'policies/training/views/completion-form.njk',
          await completionPage(request, course, form, error.errors),
          400,
        );
      }
    },
  );
}
