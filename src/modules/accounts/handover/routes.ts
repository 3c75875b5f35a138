import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../../app.ts';

/** Routes for official accounts: handover. */
export function registerHandoverRoutes(_app: FastifyInstance, _deps: ModuleContext): void {
  // Built in this folder.
}
