import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../platform/http/module-context.ts';
import { addNavigation } from '../../platform/http/render.ts';
import { registerStaffRoutes } from './staff/routes.ts';
import { registerPupilRoutes } from './pupils/routes.ts';
import { registerImportRoutes } from './import/routes.ts';
import { registerSchoolRoutes } from './school/routes.ts';
import { registerFactorResetRoutes } from './factor-reset/routes.ts';

let navigationAdded = false;

/** Schools, people, pupils, consent and MIS import (ORG-1..5). */
export async function registerDirectory(app: FastifyInstance, deps: ModuleContext): Promise<void> {
  if (!navigationAdded) {
    addNavigation({
      href: '/staff',
      text: 'Staff',
      permission: 'staff.view',
      scope: 'school',
      area: 'admin',
      description: 'Everyone who works at the school: roles, leaving dates, who has signed the policy.',
    });
    addNavigation({
      href: '/pupils',
      text: 'Pupils',
      permission: 'pupils.view',
      scope: 'school',
      area: 'admin',
      description: 'The roll, consent for photos and the never-publish list.',
    });
    addNavigation({
      href: '/imports',
      text: 'Imports',
      permission: 'directory.import',
      scope: 'school',
      area: 'admin',
      description: 'Bring staff and pupils in from your MIS, and undo an import.',
    });
    addNavigation({
      href: '/settings/school',
      text: 'Settings',
      permission: 'school.settings.manage',
      scope: 'school',
      area: 'admin',
      description: 'The school’s details, email domains and its own confidential words.',
    });
    navigationAdded = true;
  }
  registerStaffRoutes(app, deps);
  registerPupilRoutes(app, deps);
  registerImportRoutes(app, deps);
  registerSchoolRoutes(app, deps);
  registerFactorResetRoutes(app, deps);
}

export { registerImportJob } from './import/service.ts';
export { workingCalendarFor } from './school/service.ts';
