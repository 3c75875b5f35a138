import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { ModuleContext } from '../../platform/http/module-context.ts';
import type { JobRunner } from '../../platform/jobs/jobs.ts';
import type { Database } from '../../platform/db/schema.ts';
import { addNavigation } from '../../platform/http/render.ts';
import { addHomeTasks } from '../../platform/http/home-tasks.ts';
import { reportTasks } from './tasks.ts';
import { registerReportRoutes } from './reports/routes.ts';
import { registerRecordRoutes } from './records/routes.ts';
import { registerRetentionJob, scheduleRetention } from './records/retention.ts';

let navigationAdded = false;

/** Oversight: the governors' report and dashboards (GOV-1), and records kept right (GOV-3). */
export async function registerGovernance(app: FastifyInstance, deps: ModuleContext): Promise<void> {
  if (!navigationAdded) {
    addNavigation({ href: '/reports', text: 'Reports', permission: 'reports.view', scope: 'school' });
    addNavigation({ href: '/trust/reports', text: 'Reports', permission: 'reports.view', scope: 'trust' });
    navigationAdded = true;
  }
  addHomeTasks(reportTasks);
  registerReportRoutes(app, deps);
  registerRecordRoutes(app, deps);
}

export function registerGovernanceJobs(jobs: JobRunner): void {
  registerRetentionJob(jobs);
}

export async function scheduleGovernanceJobs(db: Kysely<Database>, now: Date): Promise<void> {
  await scheduleRetention(db, now);
}
