import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../../../platform/http/module-context.ts';
import { ValidationError } from '../../../../platform/http/errors.ts';
import { actorOf, formFields, requireCtx, tenantOf } from '../../../../platform/http/forms.ts';
import { confidentialWordsOf, saveConfidentialWords } from './service.ts';

/** The school adds its own words to the confidential-matters check (PUB-2). */
export function registerPostSettingsRoutes(app: FastifyInstance, { db, clock, render }: ModuleContext): void {
  const page = 'publishing/posts/settings/views/confidential-words.njk';
  app.get('/posts/confidential-words', { config: { access: 'school.settings.manage' } }, async (request, reply) => {
    const terms = await confidentialWordsOf(db, tenantOf(requireCtx(request)));
    return render(request, reply, page, {
      pageTitle: 'Words the checks treat as confidential',
      values: { words: terms.join('\n') },
    });
  });

  app.post('/posts/confidential-words', { config: { access: 'school.settings.manage' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const words = formFields(request).words ?? '';
    try {
      const n = await saveConfidentialWords(db, clock.now(), tenantOf(ctx), actorOf(ctx), words);
      request.session.flash = n
        ? `The checks now look for ${n === 1 ? '1 word or phrase' : `${n} words and phrases`} of the school’s own as well as Postwarden’s list.`
        : 'The school has no words of its own: the checks use Postwarden’s list.';
      return reply.redirect('/posts/confidential-words');
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(
        request,
        reply,
        page,
        { pageTitle: 'Words the checks treat as confidential', values: { words }, errors: error.errors },
        400,
      );
    }
  });
}
