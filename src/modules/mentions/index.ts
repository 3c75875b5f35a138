import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../platform/http/module-context.ts';
import type { Config } from '../../config.ts';
import type { JobRunner } from '../../platform/jobs/jobs.ts';
import { addNavigation } from '../../platform/http/render.ts';
import { addHomeTasks } from '../../platform/http/home-tasks.ts';
import { registerMentionRoutes } from './routes.ts';
import { registerMentionJobs } from './jobs.ts';
import { mentionTasks } from './tasks.ts';
import './schema.ts';

let navigationAdded = false;

/** Mentions elsewhere: sources, the school's names, and triage of what is found (MON-5). */
export async function registerMentions(app: FastifyInstance, deps: ModuleContext): Promise<void> {
  if (!navigationAdded) {
    addNavigation({ href: '/mentions', text: 'Mentions', permission: 'mentions.view', scope: 'school' });
    navigationAdded = true;
  }
  addHomeTasks(mentionTasks);
  registerMentionRoutes(app, deps);
}

export function registerMentionJobsFor(jobs: JobRunner, config: Config): void {
  registerMentionJobs(jobs, config);
}

export { scheduleMentionCollection } from './jobs.ts';
