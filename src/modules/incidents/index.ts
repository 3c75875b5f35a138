import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../platform/http/module-context.ts';
import type { Config } from '../../config.ts';
import type { JobRunner } from '../../platform/jobs/jobs.ts';
import { addNavigation } from '../../platform/http/render.ts';
import { addHomeTasks } from '../../platform/http/home-tasks.ts';
import { registerReportRoutes } from './report/routes.ts';
import { registerPeopleSearch } from './report/people-search.ts';
import { registerCaseRoutes } from './cases/routes.ts';
import { registerCaseListRoutes } from './cases/list-routes.ts';
import { registerWorkRoutes } from './actions/routes.ts';
import { registerOutcomeRoutes } from './outcomes/routes.ts';
import { caseTasks } from './tasks.ts';
import { registerCaseJobs } from './jobs.ts';

let navigationAdded = false;

/** Concerns and cases: report, route, assess, act, decide, close, with every clock kept (INC-1..9). */
export async function registerIncidents(app: FastifyInstance, deps: ModuleContext): Promise<void> {
  if (!navigationAdded) {
    addNavigation({ href: '/cases', text: 'Cases', permission: 'cases.view', scope: 'school' });
    addNavigation({ href: '/trust/cases', text: 'Cases', permission: 'cases.trust.view', scope: 'trust' });
    navigationAdded = true;
  }
  addHomeTasks(caseTasks);
  registerReportRoutes(app, deps);
  registerPeopleSearch(app, deps);
  registerCaseRoutes(app, deps);
  registerCaseListRoutes(app, deps);
  registerWorkRoutes(app, deps);
  registerOutcomeRoutes(app, deps);
}

export function registerIncidentJobs(jobs: JobRunner, config: Config): void {
  registerCaseJobs(jobs, config);
}
