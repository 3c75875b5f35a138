import type { RequestContext } from '../../../platform/http/types.ts';
import type { Viewer } from '../rules/visibility.ts';

/** The signed-in person as the visibility rule sees them, in the school they are working in. */
export function viewerOf(ctx: RequestContext): Viewer {
  return {
    id: ctx.person.id,
    seesSchoolCases: ctx.permissions.has('cases.view'),
    dslTeam: ctx.roles.includes('dsl') || ctx.roles.includes('deputy_dsl'),
    head: ctx.roles.includes('headteacher'),
    chair: ctx.roles.includes('chair_of_governors'),
  };
}
