import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../http/module-context.ts';
import { NotFoundError, UserFacingError } from '../../http/errors.ts';
import { formFields, isUuid, requireCtx } from '../../http/forms.ts';
import { findPerson } from '../repo.ts';
import { requireRecentSecondFactor } from './flow.ts';
import { KIND_LABEL, removeOwnFactor, renewRecoveryCodes } from './manage.ts';
import { factorsOf, unusedRecoveryCodes } from './repo.ts';
import { needsSecondFactor } from './service.ts';

const HOME = '/account/second-factor';
const ADD = `/second-factor/set-up?next=${encodeURIComponent(HOME)}`;
const LAST_ONE =
  'You cannot remove your only second factor: your role needs one. Set up another one first, then remove this one';

/** "Your second factor" (AUTH-2): what you have, adding another, removing one, and new recovery codes. */
export function registerManageSecondFactorRoutes(app: FastifyInstance, deps: ModuleContext): void {
  const { db, clock, render } = deps;
  const signedIn = { config: { access: 'signed-in', scope: 'any' } } as const;

  const personOf = async (personId: string) => {
    const p = await findPerson(db, personId);
    if (!p) throw new NotFoundError();
    return { id: p.id, label: `${p.given_name} ${p.family_name}`, trustId: p.trust_id, schoolId: p.school_id };
  };
  const ownFactor = async (personId: string, value: unknown) => {
    if (typeof value !== 'string' || !isUuid(value)) throw new NotFoundError();
    const factor = (await factorsOf(db, personId)).find((f) => f.id === value);
    if (!factor) throw new NotFoundError();
    return factor;
  };

  const confirmPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    factor: { id: string; kind: string; created_at: Date },
    only: boolean,
    status = 200,
  ) => {
    const needs = await needsSecondFactor(db, requireCtx(request).person.id);
    return render(
      request,
      reply,
      'auth/second-factor-remove.njk',
      {
        pageTitle: `Remove ${KIND_LABEL[factor.kind]?.toLowerCase() ?? 'second factor'}`,
        factor: { ...factor, name: KIND_LABEL[factor.kind] ?? factor.kind },
        blocked: only && needs,
        lastOptional: only && !needs,
        add: ADD,
        errors: only && needs ? [{ href: '#add-another', text: LAST_ONE }] : undefined,
      },
      status,
    );
  };

  app.get(HOME, signedIn, async (request, reply) => {
    const ctx = requireCtx(request);
    const [factors, codesLeft, needs] = await Promise.all([
      factorsOf(db, ctx.person.id),
      unusedRecoveryCodes(db, ctx.person.id),
      needsSecondFactor(db, ctx.person.id),
    ]);
    return render(request, reply, 'auth/second-factor-manage.njk', {
      pageTitle: 'Your second factor',
      factors: factors.map((f) => ({
        id: f.id,
        name: KIND_LABEL[f.kind] ?? f.kind,
        createdAt: f.created_at,
        lastUsedAt: f.last_used_at,
      })),
      codesLeft,
      needs,
      add: ADD,
    });
  });

  app.get(`${HOME}/remove`, signedIn, async (request, reply) => {
    const ctx = requireCtx(request);
    const factor = await ownFactor(ctx.person.id, (request.query as Record<string, unknown>).factor);
    await requireRecentSecondFactor(db, clock.now(), request);
    const only = (await factorsOf(db, ctx.person.id)).length === 1;
    return confirmPage(request, reply, factor, only);
  });

  app.post(`${HOME}/remove`, signedIn, async (request, reply) => {
    const ctx = requireCtx(request);
    const factor = await ownFactor(ctx.person.id, formFields(request).factor);
    await requireRecentSecondFactor(db, clock.now(), request);
    const result = await removeOwnFactor(db, clock.now(), await personOf(ctx.person.id), factor.id);
    if (!result.ok) {
      if (result.reason === 'not-found') throw new NotFoundError();
      return confirmPage(request, reply, factor, true, 400);
    }
    request.session.flash = `Your ${(KIND_LABEL[result.kind] ?? 'second factor').toLowerCase()} is removed. We have emailed you to confirm it.`;
    return reply.redirect(HOME);
  });

  app.post(`${HOME}/recovery-codes`, signedIn, async (request, reply) => {
    const ctx = requireCtx(request);
    await requireRecentSecondFactor(db, clock.now(), request);
    const codes = await renewRecoveryCodes(db, clock.now(), await personOf(ctx.person.id));
    if (!codes)
      throw new UserFacingError(400, 'Set up a second factor first: recovery codes come with it.', 'No second factor');
    return render(request, reply, 'auth/recovery-codes.njk', {
      pageTitle: 'Your new recovery codes',
      panelTitle: 'You have new recovery codes',
      renewed: true,
      codes,
      next: HOME,
    });
  });
}
