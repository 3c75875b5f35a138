import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../../app.ts';

/** Routes for official accounts: review. */
export function registerReviewRoutes(_app: FastifyInstance, _deps: ModuleContext): void {
  // Built in this folder.
}
