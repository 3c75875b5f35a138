import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import { ukDate } from '../../../platform/clock.ts';
import { ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { actorOf, formFields, requireCtx, tenantOf } from '../../../platform/http/forms.ts';
import { addHomeTasks } from '../../../platform/http/home-tasks.ts';
import { settingsFor } from '../../policies/index.ts';
import type { AccountRow } from '../repo.ts';
import { accountOr404, heading, renderNotLive } from '../handover/load.ts';
import { isLive } from '../handover/rules/live.ts';
import { reviewsOf } from './repo.ts';
import { recordReview } from './service.ts';
import { isOverdue, longDate, nextReviewDue } from './rules/dates.ts';
import { OUTCOMES, QUESTIONS, outcomeText, type ReviewForm } from './rules/review-form.ts';
import { reviewOversight, reviewTasks } from './tasks.ts';
import { registerCloseRoutes } from './close-routes.ts';
import { registerMonitoringRoutes } from './monitoring-routes.ts';

const EMPTY: ReviewForm = { stillNeeded: '', operatorsRight: '', settingsSafe: '', notes: '', outcome: '' };
const yesNo = (b: boolean) => (b ? 'Yes' : 'No');

/** Routes for official accounts: review, closing, and operators' monitoring checks. */
export function registerReviewRoutes(app: FastifyInstance, deps: ModuleContext): void {
  const { db, clock, render } = deps;
  addHomeTasks(reviewTasks);
  addHomeTasks(reviewOversight);
  registerCloseRoutes(app, deps);
  registerMonitoringRoutes(app, deps);

  async function reviewPage(
    request: FastifyRequest,
    account: AccountRow,
    values: ReviewForm = EMPTY,
    errors?: FieldError[],
  ) {
    const school = tenantOf(requireCtx(request));
    const now = clock.now();
    const today = ukDate(now);
    const [settings, reviews] = await Promise.all([settingsFor(db, school, now), reviewsOf(db, account.id)]);
    return {
      pageTitle: `Review ${account.name}`,
      ...heading(account),
      reviewDue: account.review_due,
      overdue: isOverdue(account.review_due, today),
      lastReviewedOn: account.last_reviewed_on,
      cycleMonths: settings.reviewCycleMonths,
      nextDue: nextReviewDue(today, settings.reviewCycleMonths),
      questions: QUESTIONS.map((q) => ({
        ...q,
        items: [
          { value: 'yes', text: 'Yes', checked: values[q.name] === 'yes' },
          { value: 'no', text: 'No', checked: values[q.name] === 'no' },
        ],
      })),
      outcomeItems: OUTCOMES.map((o) => ({
        value: o.value,
        text: o.text,
        hint: { text: o.hint },
        checked: values.outcome === o.value,
      })),
      reviews: reviews.map((r) => ({
        ...r,
        by: `${r.given_name} ${r.family_name}`,
        outcomeText: outcomeText(r.outcome),
        answers: `Still needed: ${yesNo(r.still_needed)}. Right people: ${yesNo(r.operators_right)}. Settings safe: ${yesNo(r.settings_safe)}.`,
      })),
      values,
      ...(errors ? { errors } : {}),
    };
  }

  app.get('/accounts/:id/review', { config: { access: 'accounts.manage' } }, async (request, reply) => {
    const account = await accountOr404(db, request);
    if (!isLive(account.status)) return renderNotLive(render, request, reply, account, 'review', false);
    return render(request, reply, 'accounts/review/views/review.njk', await reviewPage(request, account));
  });

  app.post('/accounts/:id/review', { config: { access: 'accounts.manage' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const account = await accountOr404(db, request);
    if (!isLive(account.status)) return renderNotLive(render, request, reply, account, 'review', true);
    const f = formFields(request);
    const form: ReviewForm = {
      stillNeeded: f.stillNeeded ?? '',
      operatorsRight: f.operatorsRight ?? '',
      settingsSafe: f.settingsSafe ?? '',
      notes: f.notes ?? '',
      outcome: f.outcome ?? '',
    };
    try {
      const { outcome, nextDue } = await recordReview(
        db,
        clock.now(),
        tenantOf(ctx),
        { ...actorOf(ctx), id: ctx.person.id },
        account,
        form,
      );
      if (outcome === 'close') {
        request.session.flash = 'Your review has been recorded. Now record why and when the account closed.';
        return reply.redirect(`/accounts/${account.id}/close`);
      }
      request.session.flash = `Your review of ‘${account.name}’ has been recorded. The next review is due on ${longDate(nextDue!)}.`;
      return reply.redirect(`/accounts/${account.id}`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(
        request,
        reply,
        'accounts/review/views/review.njk',
        await reviewPage(request, account, form, error.errors),
        400,
      );
    }
  });
}
