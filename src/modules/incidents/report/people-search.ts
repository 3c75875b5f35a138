/**
 * The report form's people search as you type (INC-1): a JSON list of the school's pupils and staff
 * whose names contain what was typed, for the form's script (assets/people-search.js). It says only
 * what the form itself shows when it offers a choice (a name, "Pupil, Year 5" or a job title):
 * never a date of birth, a UPN, consent or anything from the never-publish list. Scoped to the
 * reporter's school in the query; bad input is refused with a problem+json body.
 */
import fs from 'node:fs';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import { problem } from '../../../platform/api/problem.ts';
import { requireCtx, tenantOf } from '../../../platform/http/forms.ts';
import { ukDate } from '../../../platform/clock.ts';
import { searchPeople } from './people.ts';

const PEOPLE_SEARCH_JS = fs.readFileSync(new URL('./assets/people-search.js', import.meta.url));

const Query = Type.Object({ q: Type.String({ minLength: 2, maxLength: 100 }) });

export function registerPeopleSearch(app: FastifyInstance, { db, clock }: ModuleContext): void {
  app.get(
    '/concerns/people',
    { config: { access: 'cases.report' }, schema: { querystring: Query }, attachValidation: true },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const q = (request.query as { q?: unknown }).q;
      if (request.validationError || typeof q !== 'string' || q.trim().length < 2)
        return reply
          .code(400)
          .type('application/problem+json')
          .send(problem(400, 'Send q: at least 2 and at most 100 characters of a name.'));
      const today = ukDate(clock.now());
      const people = await searchPeople(db, tenantOf(requireCtx(request)), q, today);
      return reply.send({ people: people.map(({ value, name, hint }) => ({ value, name, hint })) });
    },
  );

  app.get('/assets/people-search.js', { config: { access: 'public' } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(PEOPLE_SEARCH_JS),
  );
}
