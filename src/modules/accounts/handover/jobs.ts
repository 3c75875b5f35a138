import type { Config } from '../../../config.ts';
import type { JobRunner } from '../../../platform/jobs/jobs.ts';

/** Background work for handovers and reviews (built in this folder). */
export function registerHandoverJobs(_jobs: JobRunner, _config: Config): void {
  // Built in this folder.
}
