import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import { ValidationError } from '../../../platform/http/errors.ts';
import { actorOf, formList, requireCtx, tenantOf } from '../../../platform/http/forms.ts';
import { ukDate } from '../../../platform/clock.ts';
import { BadInputError } from '../../../platform/http/errors.ts';
import { clauseCitations } from '../../policies/index.ts';
import { coverageByPerson, coverageByTeam } from './repo.ts';
import { confirmCheckIn, myCheckIn, periodFor } from './service.ts';
import { PLATFORM_GUIDANCE } from './statements.ts';

const STATES = ['done', 'due', 'overdue'] as const;

/** STF-2: each person's privacy check-in, and coverage for the leaders who follow it. */
export function registerCheckInRoutes(app: FastifyInstance, { db, clock, render }: ModuleContext): void {
  const page = async (request: Parameters<typeof requireCtx>[0], extra: Record<string, unknown> = {}) => {
    const ctx = requireCtx(request);
    const now = clock.now();
    const mine = await myCheckIn(db, tenantOf(ctx), ctx.person.id, now);
    return {
      pageTitle: 'Privacy check-in',
      ...mine,
      guidance: PLATFORM_GUIDANCE,
      ticked: [] as string[],
      ...extra,
    };
  };

  app.get('/privacy-check-in', { config: { access: 'privacy.checkin' } }, async (request, reply) =>
    render(request, reply, 'personal-use/check-ins/views/check-in.njk', await page(request)),
  );

  app.post('/privacy-check-in', { config: { access: 'privacy.checkin' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const ticked = formList(request, 'statements');
    try {
      const { period, already } = await confirmCheckIn(
        db,
        clock.now(),
        tenantOf(ctx),
        { ...actorOf(ctx), id: ctx.person.id },
        ticked,
      );
      request.session.flash = already
        ? `You had already done your check-in for the ${period.label.toLowerCase()}.`
        : `Thank you: your privacy check-in for the ${period.label.toLowerCase()} is done. Postwarden will ask again next time.`;
      return reply.redirect('/privacy-check-in');
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(
        request,
        reply,
        'personal-use/check-ins/views/check-in.njk',
        await page(request, { errors: error.errors, ticked }),
        400,
      );
    }
  });

  app.get('/privacy-check-ins', { config: { access: 'privacy.coverage.view' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const school = tenantOf(ctx);
    const now = clock.now();
    const today = ukDate(now);
    const raw = (request.query as Record<string, unknown>).state;
    if (raw !== undefined && !(typeof raw === 'string' && (raw === '' || (STATES as readonly string[]).includes(raw))))
      throw new BadInputError('state', 'Choose done, due or overdue');
    const state = raw ? (raw as (typeof STATES)[number]) : undefined;
    const { period, everyText } = await periodFor(db, school, now);
    const [teams, people, citations] = await Promise.all([
      coverageByTeam(db, school, period, today),
      coverageByPerson(db, school, period, today, state ? { state } : {}),
      clauseCitations(db, school, ['privacy.check-in'], now),
    ]);
    const totals = teams.reduce(
      (t, r) => ({
        total: t.total + r.total,
        done: t.done + r.done,
        due: t.due + r.due,
        overdue: t.overdue + r.overdue,
      }),
      { total: 0, done: 0, due: 0, overdue: 0 },
    );
    return render(request, reply, 'personal-use/check-ins/views/coverage.njk', {
      pageTitle: 'Privacy check-ins',
      period,
      everyText,
      teams,
      totals,
      people,
      state: state ?? '',
      citation: citations.get('privacy.check-in'),
    });
  });

  /** Coverage by school, for the trust's leaders in the trust view. */
  app.get(
    '/trust/privacy-check-ins',
    { config: { access: 'privacy.coverage.view', scope: 'trust' } },
    async (request, reply) => {
      const ctx = requireCtx(request);
      const now = clock.now();
      const today = ukDate(now);
      const schools = await db
        .selectFrom('school')
        .select(['id', 'name'])
        .where('trust_id', '=', ctx.trust.id)
        .orderBy('name')
        .execute();
      const rows = [];
      for (const s of schools) {
        const school = { trustId: ctx.trust.id, schoolId: s.id };
        const { period } = await periodFor(db, school, now);
        const teams = await coverageByTeam(db, school, period, today);
        const sum = (k: 'total' | 'done' | 'due' | 'overdue') => teams.reduce((n, t) => n + t[k], 0);
        rows.push({
          name: s.name,
          period: period.label,
          total: sum('total'),
          done: sum('done'),
          due: sum('due'),
          overdue: sum('overdue'),
        });
      }
      return render(request, reply, 'personal-use/check-ins/views/trust-coverage.njk', {
        pageTitle: 'Privacy check-ins across the trust',
        rows,
      });
    },
  );
}
