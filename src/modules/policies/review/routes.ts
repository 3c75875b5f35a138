import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import { ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { actorOf, formFields, requireCtx } from '../../../platform/http/forms.ts';
import type { RequestContext } from '../../../platform/http/types.ts';
import { EARLY_REVIEW_REASONS, proposeEarlyReview } from '../versions/service.ts';
import { findPolicy, type Owner } from '../versions/repo.ts';
import { reviewStatus } from './service.ts';

/**
 * Whose policy the page is about: in a school, the school's own policy if it has one; otherwise
 * (a school that follows its trust's policy) the trust's, shown but reviewed by the trust; in the
 * trust view, the trust's.
 */
async function ownerFor(
  db: ModuleContext['db'],
  ctx: RequestContext,
): Promise<{ owner: Owner; followsTrust: boolean }> {
  const trustPolicy: Owner = { trustId: ctx.trust.id, schoolId: null };
  if (!ctx.school) return { owner: trustPolicy, followsTrust: false };
  const own: Owner = { trustId: ctx.trust.id, schoolId: ctx.school.id };
  if (await findPolicy(db, own)) return { owner: own, followsTrust: false };
  if (await findPolicy(db, trustPolicy)) return { owner: trustPolicy, followsTrust: true };
  return { owner: own, followsTrust: false };
}

/** When the policy is next reviewed, and early reviews (POL-3). */
export function registerReviewRoutes(app: FastifyInstance, { db, clock, render }: ModuleContext): void {
  async function page(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { values?: { reason?: string; detail?: string }; errors?: FieldError[] } = {},
    status = 200,
  ) {
    const ctx = requireCtx(request);
    const { owner, followsTrust } = await ownerFor(db, ctx);
    const review = await reviewStatus(db, owner, clock.now());
    return render(
      request,
      reply,
      'policies/review/views/review.njk',
      {
        pageTitle: 'Policy review',
        review,
        followsTrust,
        canOpen: !!review && !followsTrust && review.open.length === 0,
        reasonItems: EARLY_REVIEW_REASONS.map((r) => ({
          value: r.value,
          text: r.text,
          checked: r.value === extra.values?.reason,
        })),
        values: extra.values ?? {},
        ...(extra.errors ? { errors: extra.errors } : {}),
      },
      status,
    );
  }

  app.get('/policy/review', { config: { access: 'policy.manage', scope: 'any' } }, async (request, reply) =>
    page(request, reply),
  );

  app.post('/policy/review', { config: { access: 'policy.manage', scope: 'any' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const f = formFields(request);
    const values = { reason: f.reason ?? '', detail: f.detail ?? '' };
    const refuse = (text: string, href = '#reason') => page(request, reply, { values, errors: [{ href, text }] }, 400);
    const { owner, followsTrust } = await ownerFor(db, ctx);
    if (followsTrust)
      return refuse(
        'Your school follows the trust’s policy, so the trust opens its reviews. Ask a trust administrator to open one',
      );
    try {
      const result = await proposeEarlyReview(db, clock.now(), owner, actorOf(ctx), values.reason, values.detail);
      if (result === 'no-policy')
        return refuse('There is no policy to review yet. Start one from the model policy first');
      if (result === 'already-open')
        return refuse('An early review is already open. It closes when the next version of the policy is approved');
      request.session.flash =
        'An early review has been opened. It closes when the next version of the policy is approved.';
      return reply.redirect('/policy/review');
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return page(request, reply, { values, errors: error.errors }, 400);
    }
  });
}
