import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../platform/http/module-context.ts';
import type { Config } from '../../config.ts';
import type { JobRunner } from '../../platform/jobs/jobs.ts';
import { addNavigation } from '../../platform/http/render.ts';
import { registerApplicationsRoutes } from './applications/routes.ts';
import { registerRegisterRoutes } from './register/routes.ts';
import { registerCredentialsRoutes } from './credentials/routes.ts';
import { registerHandoverRoutes } from './handover/routes.ts';
import { registerReviewRoutes } from './review/routes.ts';
import { registerHandoverJobs } from './handover/jobs.ts';

let navigationAdded = false;

/** Official accounts: apply, decide, set up, keep credentials, hand over and review (ACC-1..7). */
export async function registerAccounts(app: FastifyInstance, deps: ModuleContext): Promise<void> {
  if (!navigationAdded) {
    addNavigation({
      href: '/accounts',
      text: 'Accounts',
      permission: ['accounts.apply', 'accounts.view'],
      scope: 'any',
    });
    navigationAdded = true;
  }
  registerApplicationsRoutes(app, deps);
  registerRegisterRoutes(app, deps);
  registerCredentialsRoutes(app, deps);
  registerHandoverRoutes(app, deps);
  registerReviewRoutes(app, deps);
}

export function registerAccountJobs(jobs: JobRunner, config: Config): void {
  registerHandoverJobs(jobs, config);
}

/** What the posting module may ask of official accounts (it never reads their tables). */
export {
  accountsOperatedBy,
  credentialsForPublishing,
  operatesAccount,
  postingAccount,
  type PostingAccount,
} from './posting.ts';
