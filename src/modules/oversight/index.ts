import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../platform/http/module-context.ts';
import type { Config } from '../../config.ts';
import type { JobRunner } from '../../platform/jobs/jobs.ts';
import { addNavigation } from '../../platform/http/render.ts';
import { addHomeTasks } from '../../platform/http/home-tasks.ts';
import { registerMonitoringRoutes } from './monitoring/routes.ts';
import { registerMonitoringJobs } from './monitoring/jobs.ts';
import { monitoringTasks } from './monitoring/tasks.ts';

let navigationAdded = false;

/** Oversight the policy asks of leaders: the record of monitoring one person's use of school systems (GOV-2). */
export async function registerOversight(app: FastifyInstance, deps: ModuleContext): Promise<void> {
  if (!navigationAdded) {
    addNavigation({
      href: '/monitoring-records',
      text: 'Monitoring records',
      permission: 'monitoring.manage',
      scope: 'school',
      area: 'admin',
      description:
        'The restricted record of monitoring one person’s use of school systems. Only the head and HR see it.',
    });
    navigationAdded = true;
  }
  addHomeTasks(monitoringTasks);
  registerMonitoringRoutes(app, deps);
}

export function registerOversightJobs(jobs: JobRunner, config: Config): void {
  registerMonitoringJobs(jobs, config);
}

export { scheduleMonitoringSweep } from './monitoring/jobs.ts';
