import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../platform/http/module-context.ts';
import { addNavigation } from '../../platform/http/render.ts';
import { registerStaffRoutes } from './staff/routes.ts';
import { registerPupilRoutes } from './pupils/routes.ts';
import { registerImportRoutes } from './import/routes.ts';
import { registerSchoolRoutes } from './school/routes.ts';

let navigationAdded = false;

/** Schools, people, pupils, consent and MIS import (ORG-1..5). */
export async function registerDirectory(app: FastifyInstance, deps: ModuleContext): Promise<void> {
  if (!navigationAdded) {
    addNavigation({ href: '/staff', text: 'Staff', permission: 'staff.view', scope: 'school' });
    addNavigation({ href: '/pupils', text: 'Pupils', permission: 'pupils.view', scope: 'school' });
    addNavigation({ href: '/imports', text: 'Imports', permission: 'directory.import', scope: 'school' });
    addNavigation({
      href: '/settings/school',
      text: 'Settings',
      permission: 'school.settings.manage',
      scope: 'school',
    });
    navigationAdded = true;
  }
  registerStaffRoutes(app, deps);
  registerPupilRoutes(app, deps);
  registerImportRoutes(app, deps);
  registerSchoolRoutes(app, deps);
}

export { registerImportJob } from './import/service.ts';
export { workingCalendarFor } from './school/service.ts';
