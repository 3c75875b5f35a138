import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ModuleContext } from '../http/module-context.ts';
import { ukDate } from '../clock.ts';
import { actorOf, requireCtx, tenantOf } from '../http/forms.ts';
import { ValidationError } from '../http/errors.ts';
import { problem } from './problem.ts';
import { listPupils, findPupil } from '../../modules/directory/pupils/repo.ts';
import { listStaff } from '../../modules/directory/staff/repo.ts';
import { createPupil } from '../../modules/directory/pupils/service.ts';

/** Far beyond any school's roll, and far within what the database takes as an OFFSET. */
const MAX_OFFSET = 1_000_000_000;

const Pupil = Type.Object({
  id: Type.String({ format: 'uuid' }),
  upn: Type.String(),
  givenName: Type.String(),
  familyName: Type.String(),
  preferredName: Type.Union([Type.String(), Type.Null()]),
  dateOfBirth: Type.String({ format: 'date' }),
  yearGroup: Type.Integer({ minimum: -2, maximum: 14 }),
  formGroup: Type.Union([Type.String(), Type.Null()]),
  consent: Type.Object({ socialMedia: Type.Boolean(), website: Type.Boolean(), press: Type.Boolean() }),
  neverPublish: Type.Boolean({
    description: 'True when the pupil must never appear in anything published. The reason is never exposed.',
  }),
  leavingDate: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
});

const NewPupil = Type.Object(
  {
    upn: Type.String({ minLength: 13, maxLength: 13 }),
    givenName: Type.String({ minLength: 1, maxLength: 100 }),
    familyName: Type.String({ minLength: 1, maxLength: 100 }),
    preferredName: Type.Optional(Type.String({ maxLength: 100 })),
    dateOfBirth: Type.String({ format: 'date' }),
    yearGroup: Type.Integer({ minimum: -2, maximum: 14 }),
    formGroup: Type.Optional(Type.String({ maxLength: 30 })),
    consent: Type.Optional(
      Type.Object({
        socialMedia: Type.Optional(Type.Boolean()),
        website: Type.Optional(Type.Boolean()),
        press: Type.Optional(Type.Boolean()),
      }),
    ),
    neverPublish: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const Problem = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
});

const Staff = Type.Object({
  id: Type.String({ format: 'uuid' }),
  misId: Type.Union([Type.String(), Type.Null()]),
  givenName: Type.String(),
  familyName: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  employmentType: Type.String(),
  jobTitle: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(Type.String()),
  startDate: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  leavingDate: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
});

type PupilRow = Awaited<ReturnType<typeof findPupil>> & {};
const pupilJson = (p: PupilRow): Static<typeof Pupil> => ({
  id: p.id,
  upn: p.upn,
  givenName: p.given_name,
  familyName: p.family_name,
  preferredName: p.preferred_name,
  dateOfBirth: p.date_of_birth,
  yearGroup: p.year_group,
  formGroup: p.form_group,
  consent: { socialMedia: p.consent_social, website: p.consent_website, press: p.consent_press },
  neverPublish: p.never_publish,
  leavingDate: p.leaving_date,
});

export async function registerApi(app: FastifyInstance, { db, clock }: ModuleContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get(
    '/api/v1/pupils',
    {
      config: { access: 'pupils.view', api: true },
      schema: {
        tags: ['pupils'],
        summary: 'Pupils on roll at the token’s school',
        querystring: Type.Object({
          yearGroup: Type.Optional(Type.Integer({ minimum: -2, maximum: 14 })),
          includeLeavers: Type.Optional(Type.Boolean()),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
          offset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_OFFSET, default: 0 })),
        }),
        response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(Pupil) }), 401: Problem },
      },
    },
    async (request) => {
      const ctx = requireCtx(request);
      const q = request.query;
      const { rows, total } = await listPupils(db, tenantOf(ctx).schoolId, {
        yearGroup: q.yearGroup,
        includeLeavers: q.includeLeavers,
        today: ukDate(clock.now()),
        limit: q.limit ?? 100,
        offset: q.offset ?? 0,
      });
      return { total, items: rows.map(pupilJson) };
    },
  );

  api.get(
    '/api/v1/pupils/:id',
    {
      config: { access: 'pupils.view', api: true },
      schema: {
        tags: ['pupils'],
        summary: 'One pupil',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: Pupil, 404: Problem },
      },
    },
    async (request, reply) => {
      const pupil = await findPupil(db, tenantOf(requireCtx(request)).schoolId, request.params.id);
      if (!pupil)
        return reply
          .code(404)
          .type('application/problem+json')
          .send(problem(404, 'No pupil with that id at this school'));
      return pupilJson(pupil);
    },
  );

  api.post(
    '/api/v1/pupils',
    {
      config: { access: 'pupils.manage', api: true },
      schema: { tags: ['pupils'], summary: 'Add a pupil', body: NewPupil, response: { 201: Pupil, 422: Problem } },
    },
    async (request, reply) => {
      const ctx = requireCtx(request);
      const b = request.body;
      const [year, month, day] = b.dateOfBirth.split('-');
      const consents = [
        b.consent?.socialMedia && 'social',
        b.consent?.website && 'website',
        b.consent?.press && 'press',
      ].filter((c): c is string => typeof c === 'string');
      try {
        const id = await createPupil(
          db,
          clock.now(),
          ukDate(clock.now()),
          tenantOf(ctx),
          { actor: actorOf(ctx), permissions: ctx.permissions },
          {
            upn: b.upn,
            givenName: b.givenName,
            familyName: b.familyName,
            preferredName: b.preferredName ?? '',
            dobDay: day,
            dobMonth: month,
            dobYear: year,
            yearGroup: String(b.yearGroup),
            formGroup: b.formGroup ?? '',
            consents,
            neverPublish: b.neverPublish ?? false,
          },
        );
        const pupil = await findPupil(db, tenantOf(ctx).schoolId, id);
        return reply.code(201).send(pupilJson(pupil!));
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return reply
          .code(422)
          .type('application/problem+json')
          .send(
            problem(422, 'The pupil could not be added', {
              errors: error.errors.map((e) => ({ field: e.href.replace('#', ''), message: e.text })),
            }),
          );
      }
    },
  );

  api.get(
    '/api/v1/staff',
    {
      config: { access: 'staff.view', api: true },
      schema: {
        tags: ['staff'],
        summary: 'Staff and others in scope at the token’s school',
        querystring: Type.Object({ includeLeavers: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Object({ items: Type.Array(Staff) }) },
      },
    },
    async (request) => {
      const rows = await listStaff(db, tenantOf(requireCtx(request)).schoolId, {
        includeLeavers: request.query.includeLeavers,
        today: ukDate(clock.now()),
      });
      return {
        items: rows.map((p) => ({
          id: p.id,
          misId: p.mis_id,
          givenName: p.given_name,
          familyName: p.family_name,
          email: p.email,
          employmentType: p.employment_type,
          jobTitle: p.job_title,
          roles: p.roles,
          startDate: p.start_date,
          leavingDate: p.leaving_date,
        })),
      };
    },
  );

  app.get('/api/docs', { config: { access: 'public' } }, async (_request, reply) =>
    reply.type('application/json').send(app.swagger()),
  );
}
