/**
 * Where a concern goes (INC-1): the kind names groups in order; the first group with someone in it
 * who is not the subject of the concern receives it. A concern is never routed to the person it is
 * about, and one about the head goes to the chair of governors. Pure: the people are passed in.
 */
import { KINDS, type ConcernKind, type RouteGroup } from './kinds.ts';

export interface Holder {
  id: string;
  name: string;
  email: string | null;
}

export type GroupHolders = Record<RouteGroup, readonly Holder[]>;

export interface Route {
  /** The group that receives it, or null when every group is vacant (the report is still kept). */
  group: RouteGroup | null;
  /** Everyone in the group who is told; the first is the case's owner. */
  people: Holder[];
  /** True when the first choice was vacant (or was the subject) and a named fallback was used. */
  fallback: boolean;
  /** The head is the subject: the chair of governors stands in for the head everywhere (INC-7). */
  aboutHead: boolean;
  urgent: boolean;
  restricted: boolean;
}

export function routeConcern(kind: ConcernKind, holders: GroupHolders, subjects: ReadonlySet<string>): Route {
  const def = KINDS[kind];
  const aboutHead = def.staffNamedAreSubjects && holders.head.some((h) => subjects.has(h.id));
  // About the head: the head's own line of command (the head, then SLT) steps aside for the chair.
  const order: RouteGroup[] = aboutHead
    ? [
        ...def.route.filter((g) => g !== 'head' && g !== 'slt'),
        ...(def.route.includes('chair') ? [] : ['chair' as const]),
      ]
    : def.route;
  for (const [index, group] of order.entries()) {
    const people = holders[group].filter((h) => !subjects.has(h.id));
    if (people.length) {
      return {
        group,
        people: dedupe(people),
        fallback: index > 0 || order[0] !== def.route[0],
        aboutHead,
        urgent: def.urgent,
        restricted: def.restricted,
      };
    }
  }
  return { group: null, people: [], fallback: true, aboutHead, urgent: def.urgent, restricted: def.restricted };
}

function dedupe(people: Holder[]): Holder[] {
  const seen = new Set<string>();
  return people.filter((p) => {
    if (seen.has(p.id)) return false;
    seen.add(p.id);
    return true;
  });
}
