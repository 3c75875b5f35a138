import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../platform/http/module-context.ts';
import type { Config } from '../../config.ts';
import type { JobRunner } from '../../platform/jobs/jobs.ts';
import { addNavigation } from '../../platform/http/render.ts';
import { addHomeTasks } from '../../platform/http/home-tasks.ts';
import { registerMonitoringRoutes } from './routes.ts';
import { registerMonitoringJobs } from './jobs.ts';
import { monitoringTasks } from './tasks.ts';
import './schema.ts';

let navigationAdded = false;

/** The monitoring rota: who checks each official account each day, and alerts when nobody has (MON-1). */
export async function registerMonitoring(app: FastifyInstance, deps: ModuleContext): Promise<void> {
  if (!navigationAdded) {
    addNavigation({ href: '/monitoring', text: 'Rota', permission: 'accounts.view', scope: 'school' });
    navigationAdded = true;
  }
  addHomeTasks(monitoringTasks);
  registerMonitoringRoutes(app, deps);
}

export function registerMonitoringJobsFor(jobs: JobRunner, config: Config): void {
  registerMonitoringJobs(jobs, config);
}

export { scheduleMonitoringChecks } from './jobs.ts';
export { runMonitoringChecks } from './service.ts';
