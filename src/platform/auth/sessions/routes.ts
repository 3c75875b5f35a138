import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../http/module-context.ts';
import { recordAudit } from '../../audit/audit.ts';
import { NotFoundError } from '../../http/errors.ts';
import { actorOf, isUuid, requireCtx, tenantOf } from '../../http/forms.ts';
import { endAllSessions, endSession, personOfSchool, sessionsOf } from './repo.ts';

/** "Your sessions" (AUTH-3): where you are signed in, and ending any of them; an administrator ends all of a person's. */
export async function registerSessionRoutes(app: FastifyInstance, deps: ModuleContext): Promise<void> {
  const { db, clock, render } = deps;

  app.get('/account/sessions', { config: { access: 'signed-in', scope: 'any' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const rows = await sessionsOf(db, ctx.person.id, clock.now());
    return render(request, reply, 'auth/sessions.njk', {
      pageTitle: 'Where you are signed in',
      sessions: rows.map((r) => ({ ...r, current: r.sid === request.session.sessionId, sid: undefined })),
    });
  });
  app.post(
    '/account/sessions/:sessionId/end',
    { config: { access: 'signed-in', scope: 'any' } },
    async (request, reply) => {
      const ctx = requireCtx(request);
      const { sessionId } = request.params as { sessionId: string };
      if (!isUuid(sessionId)) throw new NotFoundError();
      const now = clock.now();
      const ended = await db.transaction().execute(async (trx) => {
        if (!(await endSession(trx, ctx.person.id, sessionId))) return false;
        await recordAudit(trx, now, {
          actor: actorOf(ctx),
          action: 'person.session-ended',
          entityType: 'person',
          entityId: ctx.person.id,
          trustId: ctx.trust.id,
          schoolId: ctx.person.homeSchoolId,
        });
        return true;
      });
      if (!ended) throw new NotFoundError();
      request.session.flash = 'That session has ended. Whoever was using it is signed out.';
      return reply.redirect('/account/sessions');
    },
  );

  app.get('/staff/:id/sessions', { config: { access: 'staff.manage' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const { trustId, schoolId } = tenantOf(ctx);
    const { id } = request.params as { id: string };
    const person = isUuid(id) ? await personOfSchool(db, trustId, schoolId, id) : undefined;
    if (!person) throw new NotFoundError();
    const rows = await sessionsOf(db, person.id, clock.now());
    return render(request, reply, 'auth/end-sessions.njk', {
      pageTitle: `Sign ${person.given_name} ${person.family_name} out everywhere`,
      person,
      count: rows.length,
    });
  });
  app.post('/staff/:id/sessions/end', { config: { access: 'staff.manage' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const { trustId, schoolId } = tenantOf(ctx);
    const { id } = request.params as { id: string };
    const person = isUuid(id) ? await personOfSchool(db, trustId, schoolId, id) : undefined;
    if (!person) throw new NotFoundError();
    const now = clock.now();
    const count = await db.transaction().execute(async (trx) => {
      const n = await endAllSessions(trx, person.id);
      await recordAudit(trx, now, {
        actor: actorOf(ctx),
        action: 'person.all-sessions-ended',
        entityType: 'person',
        entityId: person.id,
        trustId,
        schoolId,
        summary: { sessions: n },
      });
      return n;
    });
    request.session.flash = `${person.given_name} ${person.family_name} is signed out everywhere (${count} ${count === 1 ? 'session' : 'sessions'} ended). They can sign in again with their usual account.`;
    return reply.redirect(`/staff/${person.id}`);
  });
}
