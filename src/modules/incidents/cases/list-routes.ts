import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import { requireCtx, tenantOf } from '../../../platform/http/forms.ts';
import { KIND_KEYS, KIND_SHORT, kindShort } from '../rules/kinds.ts';
import { LEVEL_TEXT } from '../rules/seriousness.ts';
import { STATUS_TEXT } from '../model.ts';
import { findTrustVisibleCase, myCases, schoolCases, trustCases, type CaseFilters, type CaseListRow } from './repo.ts';
import { viewerOf } from './viewer.ts';
import { casePage } from './page.ts';
import { NotFoundError } from '../../../platform/http/errors.ts';

function readFilters(q: Record<string, string | undefined>): CaseFilters {
  const f: CaseFilters = {};
  if (q.kind && (KIND_KEYS as string[]).includes(q.kind)) f.kind = q.kind;
  if (q.status === 'new' || q.status === 'open' || q.status === 'closed' || q.status === 'active') f.status = q.status;
  if (q.level === 'minor' || q.level === 'moderate' || q.level === 'serious' || q.level === 'none') f.level = q.level;
  if (q.overdue === 'yes') f.overdue = true;
  if (q.owner && /^[0-9a-f-]{36}$/i.test(q.owner)) f.ownerId = q.owner;
  if (q.ref && /^C-\d{4}-\d{4,}$/.test(q.ref)) f.reference = q.ref;
  return f;
}

function present(rows: (CaseListRow & { overdue: boolean })[]) {
  return rows.map((r) => ({
    ...r,
    kindText: kindShort(r.kind),
    statusText: STATUS_TEXT[r.status],
    levelText: r.level ? LEVEL_TEXT[r.level as keyof typeof LEVEL_TEXT] : 'Not assessed',
    owner: r.owner_given ? `${r.owner_given} ${r.owner_family}` : 'Nobody',
  }));
}

function filterItems(f: CaseFilters) {
  return {
    kindItems: [
      { value: '', text: 'All kinds' },
      ...KIND_KEYS.map((k) => ({ value: k, text: KIND_SHORT[k], selected: f.kind === k })),
    ],
    statusItems: [
      { value: '', text: 'Any status' },
      ...(['active', 'new', 'open', 'closed'] as const).map((s) => ({
        value: s,
        text: s === 'active' ? 'New or open' : STATUS_TEXT[s],
        selected: f.status === s,
      })),
    ],
    levelItems: [
      { value: '', text: 'Any level' },
      ...(['serious', 'moderate', 'minor', 'none'] as const).map((l) => ({
        value: l,
        text: l === 'none' ? 'Not assessed' : LEVEL_TEXT[l],
        selected: f.level === l,
      })),
    ],
  };
}

/** My cases, the school's cases with filters, the trust's cases, and a case by its reference (INC-7). */
export function registerCaseListRoutes(app: FastifyInstance, { db, clock, render }: ModuleContext): void {
  app.get('/cases/mine', { config: { access: 'cases.report' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const rows = await myCases(db, tenantOf(ctx), viewerOf(ctx), clock.now());
    return render(request, reply, 'incidents/cases/views/mine.njk', {
      pageTitle: 'Your cases',
      cases: present(rows).map((r, i) => ({ ...r, mine: rows[i]!.mine })),
    });
  });

  app.get('/cases', { config: { access: 'cases.view' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const school = tenantOf(ctx);
    const q = request.query as Record<string, string | undefined>;
    const filters = readFilters(q);
    const now = clock.now();
    const { rows, total, owners } = await schoolCases(db, school, viewerOf(ctx), filters, now);
    return render(request, reply, 'incidents/cases/views/list.njk', {
      pageTitle: 'Cases',
      cases: present(rows),
      total,
      shown: rows.length,
      filters,
      overdue: filters.overdue === true,
      ...filterItems(filters),
      ownerItems: [
        { value: '', text: 'Anyone' },
        ...owners.map((o) => ({
          value: o.id,
          text: `${o.given_name} ${o.family_name}`,
          selected: filters.ownerId === o.id,
        })),
      ],
    });
  });

  app.get('/trust/cases', { config: { access: 'cases.trust.view', scope: 'trust' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const filters = readFilters(request.query as Record<string, string | undefined>);
    const { rows, total } = await trustCases(db, ctx.trust.id, ctx.person.id, filters, clock.now());
    return render(request, reply, 'incidents/cases/views/trust.njk', {
      pageTitle: 'Cases across the trust',
      cases: present(rows).map((r, i) => ({ ...r, schoolName: rows[i]!.school_name })),
      caseBase: '/trust/cases/',
      total,
      shown: rows.length,
      overdue: filters.overdue === true,
      ...filterItems(filters),
    });
  });

  // Read-only, from the trust view: no forms, no files, nothing written (a restricted case is never found here).
  app.get('/trust/cases/:id', { config: { access: 'cases.trust.view', scope: 'trust' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const c = await findTrustVisibleCase(db, ctx.trust.id, ctx.person.id, (request.params as { id: string }).id);
    if (!c) throw new NotFoundError();
    const school = await db
      .selectFrom('school')
      .select('name')
      .where('id', '=', c.school_id)
      .where('trust_id', '=', ctx.trust.id)
      .executeTakeFirstOrThrow();
    return render(request, reply, 'incidents/cases/views/show.njk', {
      ...(await casePage(db, c, false, clock.now())),
      trustView: true,
      schoolName: school.name,
    });
  });
}
