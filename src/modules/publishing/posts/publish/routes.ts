import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../../../platform/http/module-context.ts';
import { NotFoundError, ValidationError, type FieldError } from '../../../../platform/http/errors.ts';
import { actorOf, formFields, requireCtx, tenantOf } from '../../../../platform/http/forms.ts';
import type { RequestContext } from '../../../../platform/http/types.ts';
import { postPage, visiblePost } from '../page.ts';
import { cancelSchedule, recordHandOff, startPublishing, takeDownPost, takenDownThroughPlatform } from './service.ts';
import { readWhen } from './rules.ts';

const personActor = (ctx: RequestContext) => ({ ...actorOf(ctx), id: ctx.person.id });

/** Publishing (now, at a time, or by hand) and taking down (PUB-5, PUB-6). */
export function registerPublishRoutes(
  app: FastifyInstance,
  { db, clock, render, masterKey, connectors, jobs }: ModuleContext,
): void {
  const deps = { masterKey, connectors };

  async function showWithErrors(request: FastifyRequest, errors: FieldError[], extra: Record<string, unknown> = {}) {
    const ctx = requireCtx(request);
    const school = tenantOf(ctx);
    const now = clock.now();
    const { post, viewer } = await visiblePost(db, ctx, school, (request.params as { id: string }).id, now);
    return { ...(await postPage(db, deps, ctx, school, post, viewer, now)), errors, ...extra };
  }

  app.post('/posts/:id/publish', { config: { access: 'posts.write' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const school = tenantOf(ctx);
    const now = clock.now();
    const { post } = await visiblePost(db, ctx, school, (request.params as { id: string }).id, now);
    const f = formFields(request);
    const whenForm = {
      when: f.when ?? '',
      day: f['at-day'] ?? '',
      month: f['at-month'] ?? '',
      year: f['at-year'] ?? '',
      time: f.time ?? '',
    };
    try {
      const when = readWhen(whenForm, now);
      if (when.errors.length) throw new ValidationError(when.errors);
      const result = await startPublishing(db, now, deps, school, personActor(ctx), post.id, { at: when.at });
      if (result === 'not-found') throw new NotFoundError();
      jobs.kick();
      request.session.flash =
        result === 'scheduled'
          ? 'The post is scheduled. Postwarden will publish it at the time you chose.'
          : 'Publishing has started. This page shows when it is done.';
      return reply.redirect(`/posts/${post.id}`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(
        request,
        reply,
        'publishing/posts/views/show.njk',
        await showWithErrors(request, error.errors, { whenValues: whenForm }),
        400,
      );
    }
  });

  app.post('/posts/:id/cancel-schedule', { config: { access: 'posts.write' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const school = tenantOf(ctx);
    const result = await cancelSchedule(
      db,
      clock.now(),
      school,
      personActor(ctx),
      (request.params as { id: string }).id,
    );
    if (result === 'not-found') throw new NotFoundError();
    request.session.flash =
      result === 'cancelled'
        ? 'The schedule has been cancelled. The post is still approved.'
        : 'This post is not scheduled.';
    return reply.redirect(`/posts/${(request.params as { id: string }).id}`);
  });

  async function handOffPage(request: FastifyRequest, values: { link: string }, errors?: FieldError[]) {
    const page = await showWithErrors(request, errors ?? []);
    const mayRevealCredentials = requireCtx(request).permissions.has('accounts.secrets.reveal');
    return {
      ...page,
      pageTitle: 'Post it by hand',
      values,
      mayRevealCredentials,
      ...(errors ? { errors } : { errors: undefined }),
    };
  }

  app.get('/posts/:id/hand-off', { config: { access: 'posts.write' } }, async (request, reply) => {
    const page = await handOffPage(request, { link: '' });
    if (!page.mayPublish) return reply.redirect(`/posts/${page.post.id}`);
    return render(request, reply, 'publishing/posts/publish/views/hand-off.njk', page);
  });

  app.post('/posts/:id/hand-off', { config: { access: 'posts.write' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const school = tenantOf(ctx);
    const link = formFields(request).link ?? '';
    const { post } = await visiblePost(db, ctx, school, (request.params as { id: string }).id, clock.now());
    try {
      const result = await recordHandOff(db, clock.now(), deps, school, personActor(ctx), post.id, link);
      if (result === 'not-found') throw new NotFoundError();
      request.session.flash = 'The post is recorded as published, with its link.';
      return reply.redirect(`/posts/${post.id}`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(
        request,
        reply,
        'publishing/posts/publish/views/hand-off.njk',
        await handOffPage(request, { link }, error.errors),
        400,
      );
    }
  });

  async function takeDownPage(
    request: FastifyRequest,
    values: { reason: string; deletedByHand: boolean },
    errors?: FieldError[],
  ) {
    const page = await showWithErrors(request, errors ?? []);
    const platform = page.account ? connectors(page.account.platform) : null;
    const throughPlatform = takenDownThroughPlatform(page.post, platform);
    return {
      ...page,
      pageTitle: 'Take this post down',
      values,
      throughPlatform,
      ...(errors ? { errors } : { errors: undefined }),
    };
  }

  app.get('/posts/:id/take-down', { config: { access: 'posts.view' } }, async (request, reply) => {
    const page = await takeDownPage(request, { reason: '', deletedByHand: false });
    if (!page.mayTakeDown) return reply.redirect(`/posts/${page.post.id}`);
    return render(request, reply, 'publishing/posts/publish/views/take-down.njk', page);
  });

  app.post('/posts/:id/take-down', { config: { access: 'posts.view' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const school = tenantOf(ctx);
    const f = formFields(request);
    const values = { reason: f.reason ?? '', deletedByHand: f.deletedByHand === 'yes' };
    const { post } = await visiblePost(db, ctx, school, (request.params as { id: string }).id, clock.now());
    try {
      const result = await takeDownPost(
        db,
        clock.now(),
        deps,
        school,
        { ...personActor(ctx), mayManageAccounts: ctx.permissions.has('accounts.manage') },
        post.id,
        values,
      );
      if (result.outcome === 'not-found') throw new NotFoundError();
      request.session.flash =
        result.outcome === 'removed'
          ? 'The post has been taken down from the platform. Its record is kept here.'
          : 'The takedown is recorded. The post’s record is kept here.';
      return reply.redirect(`/posts/${post.id}`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(
        request,
        reply,
        'publishing/posts/publish/views/take-down.njk',
        await takeDownPage(request, values, error.errors),
        400,
      );
    }
  });
}
