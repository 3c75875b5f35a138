import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import { formFields, requireCtx, tenantOf } from '../../../platform/http/forms.ts';
import { settingsAndCitations } from '../../policies/index.ts';
import { personalCheckContext } from './context.ts';
import { checkPersonalPost, forgetLastText, PERSONAL_CLAUSE_OF } from './rules/check.ts';
import { draftErrors, MAX_DRAFT } from './rules/draft.ts';
import { highlight, presentFindings } from './present.ts';

const PAGE = 'personal-use/before-you-post/views/check.njk';
const FRAGMENT = 'personal-use/before-you-post/views/_findings.njk';
const CLAUSES = [...new Set(Object.values(PERSONAL_CLAUSE_OF))];

/**
 * STF-1 "Before you post". The draft lives only in this request: it is not stored, logged, audited,
 * mailed or cached (pino logs no bodies, and the error handler logs only 5xx errors, without the body);
 * the page that shows it is sent with Cache-Control: no-store like every signed-in page.
 */
export function registerBeforeYouPostRoutes(app: FastifyInstance, { db, clock, render }: ModuleContext): void {
  const base = async (request: FastifyRequest) => {
    const ctx = requireCtx(request);
    const { citations } = await settingsAndCitations(db, tenantOf(ctx), CLAUSES, clock.now());
    return { ctx, citations };
  };

  app.get('/before-you-post', { config: { access: 'personal-use.check' } }, async (request, reply) => {
    const { citations } = await base(request);
    return render(request, reply, PAGE, {
      pageTitle: 'Before you post',
      maxDraft: MAX_DRAFT,
      disclaimerCitation: citations.get('personal-use.own-behalf'),
    });
  });

  app.post('/before-you-post', { config: { access: 'personal-use.check' } }, async (request, reply) => {
    const { ctx, citations } = await base(request);
    const draft = formFields(request).draft ?? '';
    const live = request.headers['x-live-check'] === '1';
    const show = (data: Record<string, unknown>, status = 200) =>
      render(
        request,
        reply as FastifyReply,
        live ? FRAGMENT : PAGE,
        {
          pageTitle: 'Before you post',
          maxDraft: MAX_DRAFT,
          disclaimerCitation: citations.get('personal-use.own-behalf'),
          ...data,
        },
        status,
      );
    const errors = draftErrors(draft);
    if (errors.length > 0) return show({ errors, draft, checked: false }, 400);
    const now = clock.now();
    const checkCtx = await personalCheckContext(
      db,
      tenantOf(ctx),
      { id: ctx.person.id, familyName: ctx.person.name.split(' ').at(-1) ?? '' },
      now,
    );
    const findings = checkPersonalPost(draft, checkCtx);
    forgetLastText(checkCtx);
    return show({
      draft,
      checked: true,
      findings: presentFindings(findings, citations),
      segments: highlight(draft, findings),
    });
  });
}
