import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { stringify } from 'csv-stringify/sync';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import { ukDate } from '../../../platform/clock.ts';
import { NotFoundError, ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { actorOf, formFields, isUuid, requireCtx } from '../../../platform/http/forms.ts';
import type { RequestContext } from '../../../platform/http/types.ts';
import { spreadsheetSafe } from '../../../platform/http/platform-routes.ts';
import { ROLES, SCHOOL_ROLES, ROLE_NAMES } from '../../../platform/auth/permissions.ts';
import { EMPLOYMENT_TYPES } from '../../directory/people.ts';
import { findStaffMember } from '../../directory/staff/repo.ts';
import type { PolicyDocument } from '../model/types.ts';
import { signaturesOf, versionInForceSummary } from './repo.ts';
import { trainingStatusFor } from '../training/service.ts';
import {
  COVERAGE_PAGE_SIZE,
  coverage,
  coverageRows,
  policyToRead,
  readCoverageFilters,
  schoolNames,
  sign,
  signingStatusFor,
  type CoverageFilters,
} from './service.ts';

const VIEWS = 'policies/signing/views';

/** The version whose coverage a page shows: the one in force in the school worked in, or the trust's in the trust view. */
async function coverageVersion(db: ModuleContext['db'], ctx: RequestContext, today: string) {
  return versionInForceSummary(db, ctx.trust.id, ctx.school?.id ?? null, today);
}

/** Filters from the query string; in a school, always that school's people, whatever was asked. */
function filtersFor(ctx: RequestContext, query: unknown): CoverageFilters {
  const filters = readCoverageFilters((query ?? {}) as Record<string, unknown>);
  if (ctx.school) filters.school = ctx.school.id;
  return filters;
}

function queryString(filters: CoverageFilters, overrides: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  const values: Record<string, string | number | undefined> = {
    school: filters.school,
    role: filters.role,
    type: filters.employmentType,
    signed: filters.signed,
    ...overrides,
  };
  for (const [key, value] of Object.entries(values))
    if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function registerSigningRoutes(app: FastifyInstance, { db, clock, render }: ModuleContext): void {
  const readPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: FieldError[]; values?: { confirmed: boolean; typedName: string } } = {},
  ) => {
    const ctx = requireCtx(request);
    const today = ukDate(clock.now());
    const status = await signingStatusFor(db, { id: ctx.person.id, trustId: ctx.trust.id }, today);
    const data: Record<string, unknown> = {
      status: status.kind,
      values: extra.values ?? { confirmed: false, typedName: '' },
      errors: extra.errors,
    };
    let pageTitle = 'Read and sign the policy';
    if (status.kind === 'to-sign' || status.kind === 'signed') {
      const policy = await policyToRead(db, status.version, status.signer.school_id);
      pageTitle = status.kind === 'to-sign' ? `Read and sign: ${policy.title}` : policy.title;
      Object.assign(data, {
        policy,
        version: status.version,
        signature: status.kind === 'signed' ? status.signature : undefined,
      });
    } else if (status.kind === 'not-started') {
      data.startDate = status.startDate;
    }
    return render(request, reply, `${VIEWS}/read.njk`, { pageTitle, ...data }, extra.errors ? 400 : 200);
  };

  // ---- Read and sign (POL-4) ----
  app.get('/policy/sign', { config: { access: 'signed-in' } }, async (request, reply) => readPage(request, reply));

  app.post('/policy/sign', { config: { access: 'signed-in' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const f = formFields(request);
    const values = { confirmed: f.confirm === 'yes', typedName: (f.typedName ?? '').slice(0, 500) };
    try {
      await sign(db, clock.now(), { id: ctx.person.id, trustId: ctx.trust.id }, actorOf(ctx), {
        versionId: f.versionId ?? '',
        confirmed: values.confirmed,
        typedName: values.typedName,
      });
      return reply.redirect('/policy/sign/confirmation');
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return readPage(request, reply, { errors: error.errors, values });
    }
  });

  app.get('/policy/sign/confirmation', { config: { access: 'signed-in' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const status = await signingStatusFor(db, { id: ctx.person.id, trustId: ctx.trust.id }, ukDate(clock.now()));
    if (status.kind !== 'signed') return reply.redirect('/policy/sign');
    return render(request, reply, `${VIEWS}/confirmation.njk`, {
      pageTitle: 'You have signed the policy',
      version: status.version,
      signature: status.signature,
      title: (status.version.document as PolicyDocument).title,
    });
  });

  // ---- Coverage: who has and has not signed ----
  const roleItems = ROLE_NAMES.map((r) => ({ value: r, text: ROLES[r].label }));
  const schoolRoleItems = SCHOOL_ROLES.map((r) => ({ value: r, text: ROLES[r].label }));

  app.get('/policy/coverage', { config: { access: 'policy.coverage.view', scope: 'any' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const today = ukDate(clock.now());
    const version = await coverageVersion(db, ctx, today);
    const filters = filtersFor(ctx, request.query);
    const base = {
      pageTitle: 'Who has signed the policy',
      filters,
      roleItems: ctx.school ? schoolRoleItems : roleItems,
      employmentTypes: EMPLOYMENT_TYPES,
    };
    if (!version) return render(request, reply, `${VIEWS}/coverage.njk`, { ...base, version: undefined });
    const names = await schoolNames(db, ctx.trust.id);
    const result = await coverage(db, version, today, filters, names);
    const schoolItems = [
      { value: '', text: 'All schools' },
      ...[...names].filter(([id]) => id !== null).map(([id, name]) => ({ value: id!, text: name })),
      { value: 'trust', text: 'Trust central team' },
    ];
    const pages =
      result.pageCount > 1
        ? {
            previous:
              result.page > 1
                ? { href: `/policy/coverage${queryString(filters, { page: result.page - 1 })}` }
                : undefined,
            next:
              result.page < result.pageCount
                ? { href: `/policy/coverage${queryString(filters, { page: result.page + 1 })}` }
                : undefined,
            items: pageNumbers(result.page, result.pageCount).map((n) =>
              n === null
                ? { ellipsis: true }
                : {
                    number: n,
                    current: n === result.page,
                    href: `/policy/coverage${queryString(filters, { page: n })}`,
                  },
            ),
          }
        : undefined;
    return render(request, reply, `${VIEWS}/coverage.njk`, {
      ...base,
      version,
      title: version.title,
      coverage: result,
      schoolItems,
      pages,
      csvHref: `/policy/coverage.csv${queryString(filters)}`,
      firstShown: (result.page - 1) * COVERAGE_PAGE_SIZE + 1,
      lastShown: (result.page - 1) * COVERAGE_PAGE_SIZE + result.people.length,
      trustWide: version.school_id === null,
    });
  });

  app.get(
    '/policy/coverage.csv',
    { config: { access: 'policy.coverage.view', scope: 'any' } },
    async (request, reply) => {
      const ctx = requireCtx(request);
      const today = ukDate(clock.now());
      const version = await coverageVersion(db, ctx, today);
      if (!version) throw new NotFoundError();
      const rows = await coverageRows(db, version, today, filtersFor(ctx, request.query));
      const csv = stringify([
        [
          'Name',
          'Email',
          'School',
          'Works as',
          'Job title',
          'Roles',
          'Policy version',
          'Signed',
          'Signed at',
          'Content hash signed',
        ],
        ...rows.map((p) =>
          [
            p.name,
            p.email ?? '',
            p.schoolName,
            p.employment,
            p.job_title ?? '',
            p.roleLabels,
            version.number,
            p.signed_at ? 'Yes' : 'No',
            p.signed_at ? new Date(p.signed_at).toISOString() : '',
            p.signed_hash ?? '',
          ].map(spreadsheetSafe),
        ),
      ]);
      const where = ctx.school ? ctx.school.slug : ctx.trust.slug;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="policy-signing-${where}-${today}.csv"`)
        .header('cache-control', 'no-store')
        .send(csv);
    },
  );

  // ---- A person's signing history ----
  app.get('/staff/:id/policy-history', { config: { access: 'staff.view' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const { id } = request.params as { id: string };
    const schoolId = ctx.school?.id;
    const person = schoolId && isUuid(id) ? await findStaffMember(db, schoolId, id) : undefined;
    if (!schoolId) throw new NotFoundError();
    if (!person || person.trust_id !== ctx.trust.id) throw new NotFoundError();
    const today = ukDate(clock.now());
    const [signatures, status, training] = await Promise.all([
      signaturesOf(db, ctx.trust.id, person.id),
      signingStatusFor(db, { id: person.id, trustId: ctx.trust.id }, today),
      trainingStatusFor(db, { trustId: ctx.trust.id, schoolId }, person.id, clock.now()),
    ]);
    const current = status.kind === 'to-sign' || status.kind === 'signed' ? status.version : undefined;
    return render(request, reply, `${VIEWS}/history.njk`, {
      pageTitle: `${person.given_name} ${person.family_name}: policy signatures`,
      person,
      name: `${person.given_name} ${person.family_name}`,
      signatures,
      status: status.kind,
      current,
      training,
      startDate: status.kind === 'not-started' ? status.startDate : undefined,
      left: person.leaving_date !== null && person.leaving_date <= today,
    });
  });
}

/** Page numbers to offer: the first, the last, and those either side of the current one, with gaps as null. */
function pageNumbers(current: number, count: number): (number | null)[] {
  const wanted = new Set([1, count, current - 1, current, current + 1].filter((n) => n >= 1 && n <= count));
  const sorted = [...wanted].sort((a, b) => a - b);
  const out: (number | null)[] = [];
  sorted.forEach((n, i) => {
    if (i > 0 && n - sorted[i - 1]! > 1) out.push(null);
    out.push(n);
  });
  return out;
}
