import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../platform/http/module-context.ts';
import type { Config } from '../../config.ts';
import type { JobRunner } from '../../platform/jobs/jobs.ts';
import { addNavigation } from '../../platform/http/render.ts';
import { registerVersionRoutes } from './versions/routes.ts';
import { registerSigningRoutes } from './signing/routes.ts';
import { registerTrainingRoutes } from './training/routes.ts';
import { registerReviewRoutes } from './review/routes.ts';
import { registerPublishRoutes } from './publish/routes.ts';
import { registerGuidanceRoutes } from './guidance/routes.ts';
import { registerImportRoutes } from './bring-your-own/routes.ts';
import { registerSigningJobs } from './signing/jobs.ts';
import { addHomeTasks } from '../../platform/http/home-tasks.ts';
import { registerReviewJobs } from './review/jobs.ts';
import { policyOversight, signingTask } from './home-tasks.ts';

let navigationAdded = false;

/** The school's social media policy: versions, approval, publishing, read-and-sign, training, review (POL-1..6, STF-3). */
export async function registerPolicies(app: FastifyInstance, deps: ModuleContext): Promise<void> {
  if (!navigationAdded) {
    addNavigation({ href: '/policy', text: 'Policy', permission: 'signed-in', scope: 'any' });
    navigationAdded = true;
  }
  addHomeTasks(signingTask);
  addHomeTasks(policyOversight);
  registerVersionRoutes(app, deps);
  registerSigningRoutes(app, deps);
  registerTrainingRoutes(app, deps);
  registerReviewRoutes(app, deps);
  registerPublishRoutes(app, deps);
  registerGuidanceRoutes(app, deps);
  registerImportRoutes(app, deps);
}

export function registerPolicyJobs(jobs: JobRunner, config: Config): void {
  registerSigningJobs(jobs, config);
  registerReviewJobs(jobs, config);
}

/** What other modules may ask of the policy (they never read its tables). */
export {
  settingsFor,
  settingsAndCitations,
  effectiveVersionForSchool,
  proposeEarlyReview,
  clauseCitation,
  clauseCitations,
  EARLY_REVIEW_REASONS,
} from './versions/service.ts';
export { operatorEligibility, operatorsEligibility, trainingStatusFor, type Eligibility } from './training/service.ts';
export { signingStatusFor, signingTaskFor } from './signing/service.ts';
export type { PolicySettings } from './model/settings.ts';
