import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import { NotFoundError } from '../../../platform/http/errors.ts';
import { actorOf, isUuid, requireCtx, tenantOf } from '../../../platform/http/forms.ts';
import { requireRecentSecondFactor } from '../../../platform/auth/second-factor/flow.ts';
import { resetCandidate, resetRefusal, resetSecondFactor } from './service.ts';

/** An administrator resets someone's second factor from their staff record (a lost phone and lost codes). */
export function registerFactorResetRoutes(app: FastifyInstance, { db, clock, render }: ModuleContext): void {
  const load = async (request: FastifyRequest) => {
    const ctx = requireCtx(request);
    const tenant = tenantOf(ctx);
    const { id } = request.params as { id: string };
    const found = isUuid(id) ? await resetCandidate(db, tenant, id) : undefined;
    if (!found) throw new NotFoundError();
    // Only someone who has just confirmed it is them may take away another person's factor.
    await requireRecentSecondFactor(db, clock.now(), request);
    const by = { actor: actorOf(ctx), roles: ctx.roles };
    const refusal = await resetRefusal(db, clock.now(), tenant, by, found.person.id);
    return { ...found, tenant, by, refusal };
  };

  const page = (request: FastifyRequest, reply: FastifyReply, found: Awaited<ReturnType<typeof load>>, status = 200) =>
    render(
      request,
      reply,
      'directory/factor-reset/views/reset.njk',
      {
        pageTitle: `Reset ${found.person.given_name} ${found.person.family_name}’s second factor`,
        person: found.person,
        factors: found.factors,
        codes: found.codes,
        refusal: found.refusal,
        errors: status === 200 || !found.refusal ? undefined : [{ href: '#reset', text: found.refusal }],
      },
      status,
    );

  app.get('/staff/:id/second-factor', { config: { access: 'staff.manage' } }, async (request, reply) => {
    return page(request, reply, await load(request));
  });

  app.post('/staff/:id/second-factor/reset', { config: { access: 'staff.manage' } }, async (request, reply) => {
    const found = await load(request);
    if (found.refusal) return page(request, reply, found, 403);
    const done = await resetSecondFactor(db, clock.now(), found.tenant, found.by, found.person.id);
    const name = `${found.person.given_name} ${found.person.family_name}`;
    request.session.flash = `${name}’s second factor is reset and they are signed out everywhere (${done.sessions} ${done.sessions === 1 ? 'session' : 'sessions'} ended). We have emailed them. At their next sign-in they set up a new one if their role needs it.`;
    return reply.redirect(`/staff/${found.person.id}`);
  });
}
