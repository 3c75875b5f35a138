import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../platform/http/module-context.ts';
import type { JobRunner } from '../../platform/jobs/jobs.ts';
import { addNavigation } from '../../platform/http/render.ts';
import { addHomeTasks } from '../../platform/http/home-tasks.ts';
import { registerPostPages } from './posts/routes.ts';
import { registerDraftRoutes } from './posts/drafts/routes.ts';
import { registerReviewRoutes } from './posts/review/routes.ts';
import { registerPublishRoutes } from './posts/publish/routes.ts';
import { registerPostSettingsRoutes } from './posts/settings/routes.ts';
import { registerPostApi } from './posts/api.ts';
import { registerPostingAssets } from './posts/assets.ts';
import { PUBLISH_JOB, runPublishJob, type PublishDeps } from './posts/publish/service.ts';
import { neverPublishTasks, postTasks } from './posts/tasks.ts';

let navigationAdded = false;

/** Posting on official accounts: drafts, checks, approval, publishing and the record (PUB-1..6). */
export async function registerPublishing(app: FastifyInstance, deps: ModuleContext): Promise<void> {
  if (!navigationAdded) {
    addNavigation({ href: '/posts', text: 'Posts', permission: 'posts.write', scope: 'school' });
    navigationAdded = true;
  }
  addHomeTasks(postTasks);
  addHomeTasks(neverPublishTasks);
  registerPostingAssets(app);
  registerPostPages(app, deps);
  registerDraftRoutes(app, deps);
  registerReviewRoutes(app, deps);
  registerPublishRoutes(app, deps);
  registerPostSettingsRoutes(app, deps);
  registerPostApi(app, deps);
}

export function registerPublishingJobs(jobs: JobRunner, deps: PublishDeps & { baseUrl: string }): void {
  jobs.register(PUBLISH_JOB, (payload, ctx) =>
    runPublishJob(ctx.db, ctx.now, deps, payload as { postId: string; key: string }),
  );
}
export { schoolRoster } from './posts/roster.ts';
