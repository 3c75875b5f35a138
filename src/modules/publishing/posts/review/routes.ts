import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../../../platform/http/module-context.ts';
import { NotFoundError, ValidationError, type FieldError } from '../../../../platform/http/errors.ts';
import { actorOf, formFields, formList, requireCtx, tenantOf } from '../../../../platform/http/forms.ts';
import type { RequestContext } from '../../../../platform/http/types.ts';
import { humanChecksFor } from '../model.ts';
import { postPage, visiblePost } from '../page.ts';
import { decidePost, submitPost } from './service.ts';
import { decisionRefusal, MIN_OVERRIDE_REASON } from './rules.ts';

const personActor = (ctx: RequestContext) => ({ ...actorOf(ctx), id: ctx.person.id });

/** Sending a post for approval, and the approver's decision (PUB-1, PUB-3, PUB-4). */
export function registerReviewRoutes(
  app: FastifyInstance,
  { db, clock, render, config, masterKey, connectors }: ModuleContext,
): void {
  const baseUrl = config.baseUrl;

  app.post('/posts/:id/submit', { config: { access: 'posts.write' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const school = tenantOf(ctx);
    const now = clock.now();
    const { post, viewer } = await visiblePost(db, ctx, school, (request.params as { id: string }).id, now);
    try {
      const result = await submitPost(db, now, { ...school, baseUrl }, personActor(ctx), post.id);
      if (result === 'not-found') throw new NotFoundError();
      request.session.flash =
        result === 'submitted'
          ? 'Your post has been sent for approval. You will get an email when it has been decided.'
          : 'This post has already been sent.';
      return reply.redirect(`/posts/${post.id}`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const fresh = (await visiblePost(db, ctx, school, post.id, now)).post;
      return render(
        request,
        reply,
        'publishing/posts/views/show.njk',
        { ...(await postPage(db, { masterKey, connectors }, ctx, school, fresh, viewer, now)), errors: error.errors },
        400,
      );
    }
  });

  async function decisionPage(
    request: FastifyRequest,
    values: {
      decision: string;
      comment: string;
      checks: string[];
      overrides: Record<string, string>;
      confirmed: string[];
    },
    errors?: FieldError[],
  ) {
    const ctx = requireCtx(request);
    const school = tenantOf(ctx);
    const now = clock.now();
    const { post, viewer, approvers } = await visiblePost(db, ctx, school, (request.params as { id: string }).id, now);
    const refusal = decisionRefusal({
      status: post.status,
      viewerId: ctx.person.id,
      authorId: post.author_id,
      approvers: approvers.ids,
      headTitle: approvers.headTitle,
    });
    if (refusal && !viewer.isApprover) return null;
    const page = await postPage(db, { masterKey, connectors }, ctx, school, post, viewer, now);
    return {
      ...page,
      pageTitle: 'Decide on this post',
      refusal,
      values,
      minReason: MIN_OVERRIDE_REASON,
      checkItems: humanChecksFor(page.images.length > 0).map((c) => ({
        value: c.value,
        text: c.text,
        checked: values.checks.includes(c.value),
      })),
      decisionItems: [
        {
          value: 'approve',
          text: 'Approve it',
          checked: values.decision === 'approve',
          disabled: page.blockingCount > 0,
        },
        { value: 'changes', text: 'Ask for changes', checked: values.decision === 'changes' },
        { value: 'reject', text: 'Reject it', checked: values.decision === 'reject' },
      ],
      ...(errors ? { errors } : {}),
    };
  }

  app.get('/posts/:id/decision', { config: { access: 'posts.write' } }, async (request, reply) => {
    const page = await decisionPage(request, { decision: '', comment: '', checks: [], overrides: {}, confirmed: [] });
    if (!page) return reply.redirect(`/posts/${(request.params as { id: string }).id}`);
    return render(request, reply, 'publishing/posts/review/views/decision.njk', page);
  });

  app.post('/posts/:id/decision', { config: { access: 'posts.write' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const school = tenantOf(ctx);
    const f = formFields(request);
    const overrides = Object.fromEntries(
      Object.entries(f)
        .filter(([k]) => k.startsWith('override-'))
        .map(([k, v]) => [k.slice('override-'.length), v]),
    );
    const confirmed = Object.entries(f)
      .filter(([k, v]) => k.startsWith('confirm-') && v === 'yes')
      .map(([k]) => k.slice('confirm-'.length));
    const values = {
      decision: f.decision ?? '',
      comment: f.comment ?? '',
      checks: formList(request, 'checks'),
      overrides,
      confirmed,
    };
    const { post } = await visiblePost(db, ctx, school, (request.params as { id: string }).id, clock.now());
    try {
      const result = await decidePost(db, clock.now(), { ...school, baseUrl }, personActor(ctx), post.id, values);
      if (result.outcome === 'not-found') throw new NotFoundError();
      if (result.outcome === 'refused') throw new ValidationError([{ href: '#decision', text: result.message }]);
      request.session.flash =
        result.outcome === 'approved'
          ? 'The post is approved. Its author can publish it now.'
          : result.outcome === 'changes'
            ? 'The author has been asked to make changes.'
            : 'The post has been rejected, and the author told why.';
      return reply.redirect(`/posts/${post.id}`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const page = await decisionPage(request, values, error.errors);
      if (!page) throw new NotFoundError();
      return render(request, reply, 'publishing/posts/review/views/decision.njk', page, 400);
    }
  });
}
