import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import { ukDate } from '../../../platform/clock.ts';
import { ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { actorOf, formFields, requireCtx } from '../../../platform/http/forms.ts';
import { currentOperators, type AccountRow } from '../repo.ts';
import { accountOr404, heading, renderNotLive } from '../handover/load.ts';
import { openHandoversOf } from '../handover/repo.ts';
import { nameOf } from '../handover/service.ts';
import { isLive } from '../handover/rules/live.ts';
import { reviewsOf } from './repo.ts';
import { closeAccount } from './service.ts';
import { REASON_MAX, type CloseForm } from './rules/close-form.ts';
import { longDate } from './rules/dates.ts';

/** Closing an account: why and when (ACC-6); its operators stay as history and open handovers are resolved. */
export function registerCloseRoutes(app: FastifyInstance, { db, clock, render }: ModuleContext): void {
  async function closePage(account: AccountRow, values: CloseForm | undefined, errors?: FieldError[]) {
    const today = ukDate(clock.now());
    const [operators, open, reviews] = await Promise.all([
      currentOperators(db, account.id),
      openHandoversOf(db, account.id),
      values ? [] : reviewsOf(db, account.id),
    ]);
    // A review that has just decided to close the account gives the reason, which can be changed.
    const fromReview = reviews.find((r) => r.reviewed_on === today && r.outcome === 'close');
    const form = values ?? { reason: fromReview?.notes ?? '', closedDay: '', closedMonth: '', closedYear: '' };
    return {
      pageTitle: `Close ${account.name}`,
      ...heading(account),
      operators: operators.map(nameOf),
      openHandovers: open.length,
      todayText: longDate(today),
      reasonMax: REASON_MAX,
      values: {
        ...form,
        closedOn: { day: form.closedDay ?? '', month: form.closedMonth ?? '', year: form.closedYear ?? '' },
      },
      ...(errors ? { errors } : {}),
    };
  }

  app.get('/accounts/:id/close', { config: { access: 'accounts.manage' } }, async (request, reply) => {
    const account = await accountOr404(db, request);
    if (!isLive(account.status)) return renderNotLive(render, request, reply, account, 'close', false);
    return render(request, reply, 'accounts/review/views/close.njk', await closePage(account, undefined));
  });

  app.post('/accounts/:id/close', { config: { access: 'accounts.manage' } }, async (request: FastifyRequest, reply) => {
    const ctx = requireCtx(request);
    const account = await accountOr404(db, request);
    if (!isLive(account.status)) return renderNotLive(render, request, reply, account, 'close', true);
    const f = formFields(request);
    const form: CloseForm = {
      reason: f.reason ?? '',
      closedDay: f['closedOn-day'] ?? '',
      closedMonth: f['closedOn-month'] ?? '',
      closedYear: f['closedOn-year'] ?? '',
    };
    try {
      const closedOn = await closeAccount(db, clock.now(), actorOf(ctx), account, form);
      request.session.flash = `‘${account.name}’ has been recorded as closed on ${longDate(closedOn)}.`;
      return reply.redirect(`/accounts/${account.id}`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(
        request,
        reply,
        'accounts/review/views/close.njk',
        await closePage(account, form, error.errors),
        400,
      );
    }
  });
}
