import type { Permission, Role } from '../auth/permissions.ts';

export interface TenantSchool {
  id: string;
  name: string;
  slug: string;
  region: string;
}

/** Who is asking and where: resolved once per request from the session (or an API token). */
export interface RequestContext {
  person: { id: string; name: string; email: string | null; homeSchoolId: string | null };
  trust: { id: string; name: string; slug: string };
  /** The school being worked in; null in the trust view. */
  school: TenantSchool | null;
  roles: Role[];
  permissions: Set<Permission>;
  /** Schools this person may switch to. */
  schools: TenantSchool[];
  canViewTrust: boolean;
  switchable: boolean;
  tenantName: string;
  via: 'session' | 'api-token';
}

/**
 * Every route says who may reach it. 'public' is for sign-in, set-up and assets; 'signed-in' for
 * pages any signed-in person may see; otherwise the permission needed. A route without this fails
 * at start-up (deny by default).
 */
export type Access = 'public' | 'signed-in' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Where the route works: in a school (default), in the trust view, or either. */
    scope?: 'school' | 'trust' | 'any';
    /** JSON API route: signed in with a bearer token, errors as problem+json. */
    api?: boolean;
    /** Query parameters this route reads as lists (`?tag=a&tag=b`); any other repeated parameter is refused. */
    queryLists?: readonly string[];
  }
  interface FastifyRequest {
    ctx?: RequestContext;
  }
  interface Session {
    personId?: string;
    schoolId?: string | null;
    flash?: string;
  }
}
