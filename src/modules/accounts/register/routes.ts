import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../../app.ts';

/** Routes for official accounts: register. */
export function registerRegisterRoutes(_app: FastifyInstance, _deps: ModuleContext): void {
  // Built in this folder.
}
