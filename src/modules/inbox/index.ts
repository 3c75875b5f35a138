import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../platform/http/module-context.ts';
import type { JobRunner } from '../../platform/jobs/jobs.ts';
import { addNavigation } from '../../platform/http/render.ts';
import { addHomeTasks } from '../../platform/http/home-tasks.ts';
import { notificationReaders, type ReaderRegistry } from '../publishing/connectors/notifications.ts';
import { registerInboxRoutes } from './routes.ts';
import { inboxTasks } from './tasks.ts';
import { registerInboxJobs, scheduleInboxReads } from './jobs.ts';
import type { InboxDeps } from './service.ts';
import './schema.ts';

declare module '../../platform/http/module-context.ts' {
  interface ModuleServices {
    /** Reads each account's notifications (tests point them at servers on loopback). */
    inboxReaders?: ReaderRegistry;
  }
}

let navigationAdded = false;

/** The inbox: every comment answered in time, handled the way the policy says (MON-2..4). */
export async function registerInbox(app: FastifyInstance, deps: ModuleContext): Promise<void> {
  if (!navigationAdded) {
    addNavigation({ href: '/inbox', text: 'Inbox', permission: 'inbox.view', scope: 'school' });
    addNavigation({ href: '/trust/inbox', text: 'Inbox', permission: 'inbox.trust.view', scope: 'trust' });
    navigationAdded = true;
  }
  addHomeTasks(inboxTasks);
  registerInboxRoutes(app, deps, deps.inboxReaders ?? notificationReaders);
}

export function registerInboxJobs_(
  jobs: JobRunner,
  deps: Omit<InboxDeps, 'readers'> & { readers?: ReaderRegistry },
): void {
  registerInboxJobs(jobs, { ...deps, readers: deps.readers ?? notificationReaders });
}

export { registerInboxJobs_ as registerInboxJobs, scheduleInboxReads };
export { seedInboxDemo } from './demo.ts';
