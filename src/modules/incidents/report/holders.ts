/** The people who hold each receiving group's roles in a school today (INC-1), for routing. */
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { GROUP_ROLES, type RouteGroup } from '../rules/kinds.ts';
import type { GroupHolders, Holder } from '../rules/routing.ts';
import type { School } from '../cases/repo.ts';

export async function groupHolders(db: Kysely<Database>, school: School, today: string): Promise<GroupHolders> {
  const rows = await db
    .selectFrom('role_assignment as r')
    .innerJoin('person as p', 'p.id', 'r.person_id')
    .select(['p.id', 'p.given_name', 'p.family_name', 'p.email', 'r.role'])
    .where('r.school_id', '=', school.schoolId)
    .where('r.trust_id', '=', school.trustId)
    .where('r.role', 'in', ['dsl', 'deputy_dsl', 'headteacher', 'slt', 'chair_of_governors'])
    .where((eb) => eb.or([eb('p.leaving_date', 'is', null), eb('p.leaving_date', '>', today)]))
    .orderBy('p.family_name')
    .orderBy('p.given_name')
    .execute();
  const out = {} as Record<RouteGroup, Holder[]>;
  for (const [group, roles] of Object.entries(GROUP_ROLES) as [RouteGroup, readonly string[]][]) {
    // Within a group, the first role listed comes first (the DSL before the deputies).
    out[group] = roles.flatMap((role) =>
      rows
        .filter((r) => r.role === role)
        .map((r) => ({ id: r.id, name: `${r.given_name} ${r.family_name}`, email: r.email })),
    );
  }
  return out;
}
