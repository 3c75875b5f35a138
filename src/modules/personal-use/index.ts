import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../platform/http/module-context.ts';
import type { Config } from '../../config.ts';
import type { JobRunner } from '../../platform/jobs/jobs.ts';
import { addNavigation } from '../../platform/http/render.ts';
import { addHomeTasks } from '../../platform/http/home-tasks.ts';
import { registerBeforeYouPostAssets } from './before-you-post/assets.ts';
import { registerBeforeYouPostRoutes } from './before-you-post/routes.ts';
import { registerCheckInRoutes } from './check-ins/routes.ts';
import { registerSchoolNameRoutes } from './school-names/routes.ts';
import { registerCheckInJobs } from './check-ins/jobs.ts';
import { checkInTasks } from './check-ins/tasks.ts';

let navigationAdded = false;

/** Staff's own use of social media: "before you post" (STF-1) and privacy check-ins (STF-2). */
export async function registerPersonalUse(app: FastifyInstance, deps: ModuleContext): Promise<void> {
  if (!navigationAdded) {
    addNavigation({
      href: '/privacy-check-ins',
      text: 'Privacy check-ins',
      permission: 'privacy.coverage.view',
      scope: 'school',
      area: 'admin',
      description: 'Who has confirmed their privacy check-in this period, by team and by person.',
    });
    addNavigation({
      href: '/settings/school-names',
      text: 'Other names for the school',
      permission: 'school.settings.manage',
      scope: 'school',
      area: 'admin',
      description: 'Short names and nicknames that “before you post” looks for besides the school’s name.',
    });
    addNavigation({
      href: '/trust/privacy-check-ins',
      text: 'Privacy check-ins',
      permission: 'privacy.coverage.view',
      scope: 'trust',
      area: 'admin',
      description: 'How many staff at each school have confirmed their privacy check-in this period.',
    });
    navigationAdded = true;
  }
  addHomeTasks(checkInTasks);
  registerBeforeYouPostAssets(app);
  registerBeforeYouPostRoutes(app, deps);
  registerCheckInRoutes(app, deps);
  registerSchoolNameRoutes(app, deps);
}

export function registerPersonalUseJobs(jobs: JobRunner, config: Config): void {
  registerCheckInJobs(jobs, config);
}

export { scheduleCheckInSweep } from './check-ins/jobs.ts';
