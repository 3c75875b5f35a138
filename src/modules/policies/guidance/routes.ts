import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import { ukDate } from '../../../platform/clock.ts';
import { requireCtx, tenantOf } from '../../../platform/http/forms.ts';
import { addNavigation } from '../../../platform/http/render.ts';
import type { PolicyDocument } from '../model/types.ts';
import { citation, type Citation } from '../rules/render.ts';
import { effectiveVersionForSchool, settingsFor } from '../versions/service.ts';
import { TOPICS } from './topics.ts';

let navigationAdded = false;

/** Guidance pages for staff (STF-3), drawing in the school's own policy settings and clause numbers. */
export function registerGuidanceRoutes(app: FastifyInstance, { db, clock, render }: ModuleContext): void {
  if (!navigationAdded) {
    addNavigation({ href: '/guidance', text: 'Guidance', permission: 'signed-in', scope: 'school' });
    navigationAdded = true;
  }

  /** The school's settings and, when a policy is in force, the clauses as the school numbers them. */
  async function schoolPolicy(school: { trustId: string; schoolId: string }) {
    const now = clock.now();
    const [version, settings] = await Promise.all([
      effectiveVersionForSchool(db, school, ukDate(now)),
      settingsFor(db, school, now),
    ]);
    const cite = (key: string): (Citation & { key: string }) | undefined => {
      if (!version) return undefined;
      const found = citation(version.document as PolicyDocument, settings, key);
      return found ? { ...found, key } : undefined;
    };
    return { inForce: Boolean(version), settings, cite };
  }

  app.get('/guidance', { config: { access: 'signed-in' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const school = tenantOf(ctx);
    const { inForce, settings, cite } = await schoolPolicy(school);
    const facts = { schoolName: ctx.school!.name, settings };
    const topics = TOPICS.map((t) => ({
      slug: t.slug,
      title: t.title,
      summary: t.summary(facts),
      citation: cite(t.clauses[0]!),
    }));
    return render(request, reply, 'policies/guidance/views/index.njk', {
      pageTitle: 'Guidance for staff',
      topics,
      inForce,
    });
  });

  // One route per topic rather than /guidance/:topic: the topics are fixed pages, not records of a
  // school, and an unknown topic falls through to the ordinary 404 page.
  for (const topic of TOPICS) {
    app.get(`/guidance/${topic.slug}`, { config: { access: 'signed-in' } }, async (request, reply) => {
      const ctx = requireCtx(request);
      const school = tenantOf(ctx);
      const { inForce, settings, cite } = await schoolPolicy(school);
      const facts = { schoolName: ctx.school!.name, settings };
      const [main, ...others] = topic.clauses.map(cite);
      return render(request, reply, 'policies/guidance/views/topic.njk', {
        pageTitle: topic.title,
        topic: { slug: topic.slug, title: topic.title, summary: topic.summary(facts) },
        blocks: topic.body(facts),
        main,
        related: others.filter((c) => c !== undefined),
        inForce,
        otherTopics: TOPICS.filter((t) => t.slug !== topic.slug).map((t) => ({ slug: t.slug, title: t.title })),
      });
    });
  }
}
