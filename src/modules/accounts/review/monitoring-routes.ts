import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import { NotFoundError } from '../../../platform/http/errors.ts';
import { actorOf, requireCtx } from '../../../platform/http/forms.ts';
import { currentOperators, type AccountRow } from '../repo.ts';
import { accountOr404, heading, renderNotLive } from '../handover/load.ts';
import { isLive } from '../handover/rules/live.ts';
import { recordMonitoringCheck } from './service.ts';

/**
 * An operator records that they have checked the account today (comments, messages, tags): the
 * register shows the last check (ACC-6). Only the people running it, or whoever manages the school's
 * accounts, may say so; anyone else is told the page is not found.
 */
export function registerMonitoringRoutes(app: FastifyInstance, { db, clock, render }: ModuleContext): void {
  async function accountForChecker(
    request: FastifyRequest,
    reply: FastifyReply,
    sent: boolean,
  ): Promise<AccountRow | undefined> {
    const ctx = requireCtx(request);
    const account = await accountOr404(db, request);
    const runsIt = (await currentOperators(db, account.id)).some((o) => o.person_id === ctx.person.id);
    if (!runsIt && !ctx.permissions.has('accounts.manage')) throw new NotFoundError();
    if (isLive(account.status)) return account;
    await renderNotLive(render, request, reply, account, 'monitoring', sent);
    return undefined;
  }

  app.get('/accounts/:id/monitoring-check', { config: { access: 'accounts.apply' } }, async (request, reply) => {
    const account = await accountForChecker(request, reply, false);
    if (!account) return reply;
    return render(request, reply, 'accounts/review/views/monitoring.njk', {
      pageTitle: `Check ${account.name}`,
      ...heading(account),
      lastMonitoredAt: account.last_monitored_at,
    });
  });

  app.post('/accounts/:id/monitoring-check', { config: { access: 'accounts.apply' } }, async (request, reply) => {
    const account = await accountForChecker(request, reply, true);
    if (!account) return reply;
    await recordMonitoringCheck(db, clock.now(), actorOf(requireCtx(request)), account);
    request.session.flash = `Recorded that you checked ‘${account.name}’ today.`;
    return reply.redirect(`/accounts/${account.id}`);
  });
}
