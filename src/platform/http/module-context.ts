import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Backend } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import type { JobRunner } from '../jobs/jobs.ts';
import type { DatabaseSessionStore } from '../auth/session-store.ts';
import type { Render } from './render.ts';

/**
 * What a module adds to the app's dependencies. Modules extend this interface (declaration merging,
 * as Fastify's own types are extended), so the platform never imports a module to name what it holds.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the modules that need it (publishing adds `connectors`).
export interface ModuleServices {}

/** Everything the app is built from: settings, the database, the clock, jobs and the master key. */
export interface AppDeps extends ModuleServices {
  config: Config;
  db: Kysely<Database>;
  backend: Backend;
  clock: Clock;
  jobs: JobRunner;
  masterKey: Buffer;
  logger?: boolean;
  /** Where the log goes instead of standard output (the tests read it back). */
  logStream?: { write(line: string): void };
}

/** What a module gets when it registers its routes. */
export interface ModuleContext extends AppDeps {
  render: Render;
  sessions: DatabaseSessionStore;
}
