import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../../app.ts';

/** Routes for official accounts: credentials. */
export function registerCredentialsRoutes(_app: FastifyInstance, _deps: ModuleContext): void {
  // Built in this folder.
}
