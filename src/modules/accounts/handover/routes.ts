import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import { ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { actorOf, formFields, requireCtx, tenantOf } from '../../../platform/http/forms.ts';
import { addHomeTasks } from '../../../platform/http/home-tasks.ts';
import { settingsFor } from '../../policies/index.ts';
import { currentOperators, type AccountRow } from '../repo.ts';
import { accountOr404, heading, renderNotLive } from './load.ts';
import { openHandoversOf, resolvedHandoversOf, secretStateOf } from './repo.ts';
import { completeHandover, nameOf, type CompleteForm } from './service.ts';
import { HANDOVER_REASONS, stillMissing } from './rules/handovers.ts';
import { isLive } from './rules/live.ts';
import { handoverTasks } from './tasks.ts';
import { readinessTasks } from './readiness.ts';
import { registerOperatorRoutes } from './operator-routes.ts';

const RESOLUTIONS: Record<string, string> = { 'handed-over': 'Handed over', closed: 'Account closed' };

/** Routes for official accounts: operators and handover (ACC-5). */
export function registerHandoverRoutes(app: FastifyInstance, deps: ModuleContext): void {
  const { db, clock, render } = deps;
  addHomeTasks(handoverTasks);
  addHomeTasks(readinessTasks);
  registerOperatorRoutes(app, deps);

  async function handoverPage(
    request: FastifyRequest,
    account: AccountRow,
    values: Partial<CompleteForm> = {},
    errors?: FieldError[],
  ) {
    const school = tenantOf(requireCtx(request));
    const [settings, operators, open, resolved, secret] = await Promise.all([
      settingsFor(db, school, clock.now()),
      currentOperators(db, account.id),
      openHandoversOf(db, account.id),
      resolvedHandoversOf(db, account.id),
      secretStateOf(db, account.id),
    ]);
    return {
      pageTitle: `Handover: ${account.name}`,
      ...heading(account),
      open: open.map((h) => ({ ...h, text: HANDOVER_REASONS[h.reason].text, todo: HANDOVER_REASONS[h.reason].todo })),
      missing: stillMissing({
        minimumOperators: settings.minimumOperators,
        operators: operators.map((o) => ({ isLead: o.is_lead })),
      }),
      minimumOperators: settings.minimumOperators,
      operators: operators.map((o) => ({ name: nameOf(o), isLead: o.is_lead })),
      secret: secret
        ? { flagged: secret.rotate_required, reason: secret.rotate_reason, updatedAt: secret.updated_at }
        : null,
      resolved: resolved.map((h) => ({
        ...h,
        text: HANDOVER_REASONS[h.reason].text,
        resolutionText: RESOLUTIONS[h.resolution ?? ''] ?? h.resolution,
        by: h.given_name ? `${h.given_name} ${h.family_name}` : null,
      })),
      values,
      ...(errors ? { errors } : {}),
    };
  }

  app.get('/accounts/:id/handover', { config: { access: 'accounts.manage' } }, async (request, reply) => {
    const account = await accountOr404(db, request);
    if (!isLive(account.status)) return renderNotLive(render, request, reply, account, 'handover', false);
    return render(request, reply, 'accounts/handover/views/handover.njk', await handoverPage(request, account));
  });

  app.post('/accounts/:id/handover', { config: { access: 'accounts.manage' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const account = await accountOr404(db, request);
    if (!isLive(account.status)) return renderNotLive(render, request, reply, account, 'handover', true);
    const f = formFields(request);
    const form: CompleteForm = { confirmed: f.confirmed === 'yes', notes: f.notes ?? '' };
    try {
      await completeHandover(db, clock.now(), tenantOf(ctx), { ...actorOf(ctx), id: ctx.person.id }, account, form);
      request.session.flash = `The handover of ‘${account.name}’ has been recorded as done.`;
      return reply.redirect(`/accounts/${account.id}`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(
        request,
        reply,
        'accounts/handover/views/handover.njk',
        await handoverPage(request, account, form, error.errors),
        400,
      );
    }
  });
}
