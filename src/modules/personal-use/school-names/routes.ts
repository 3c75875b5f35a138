import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import { ValidationError } from '../../../platform/http/errors.ts';
import { actorOf, formFields, requireCtx, tenantOf } from '../../../platform/http/forms.ts';
import { nicknamesOf, saveNicknames } from './service.ts';

const PAGE = 'personal-use/school-names/views/nicknames.njk';
const TITLE = 'Other names for the school';

/** STF-1: the school's nicknames, which "before you post" looks for besides its name. */
export function registerSchoolNameRoutes(app: FastifyInstance, { db, clock, render }: ModuleContext): void {
  app.get('/settings/school-names', { config: { access: 'school.settings.manage' } }, async (request, reply) => {
    const names = await nicknamesOf(db, tenantOf(requireCtx(request)));
    return render(request, reply, PAGE, { pageTitle: TITLE, values: { nicknames: names.join('\n') } });
  });

  app.post('/settings/school-names', { config: { access: 'school.settings.manage' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const text = formFields(request).nicknames ?? '';
    try {
      const names = await saveNicknames(db, clock.now(), tenantOf(ctx), actorOf(ctx), text);
      request.session.flash = names.length
        ? `“Before you post” now looks for ${names.length === 1 ? '1 other name' : `${names.length} other names`} for the school as well as its own.`
        : '“Before you post” looks for the school’s own name only.';
      return reply.redirect('/settings/school-names');
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(request, reply, PAGE, { pageTitle: TITLE, values: { nicknames: text }, errors: error.errors }, 400);
    }
  });
}
