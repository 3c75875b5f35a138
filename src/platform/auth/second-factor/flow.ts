/**
 * What happens between "the password (or the provider) was right" and "signed in" (AUTH-2), and the
 * one guard that asks for the second factor again before the most sensitive pages.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { UserFacingError } from '../../http/errors.ts';
import { hasSecondFactor, needsSecondFactor } from './service.ts';
import { isRecent } from './rules.ts';

declare module 'fastify' {
  interface Session {
    /** The password or provider was right; the second factor is awaited before personId is set. */
    pending?: { personId: string; schoolId: string | null; next: string };
    /** Signed in, but a second factor is required and none is set up yet: set-up comes first. */
    mustEnrol?: boolean;
    /** When the second factor was last checked (ms since 1970). */
    checkedAt?: number;
    /** The authenticator-app key being set up, until a code from it is typed. */
    enrolSecret?: string;
    /** Shown on "your sessions" (AUTH-3). */
    signedIn?: { at: number; device: string; address: string; via: string };
  }
}

/** A short, readable description of the browser and system, from the User-Agent header. */
export function describeDevice(userAgent: string | undefined): string {
  const ua = userAgent ?? '';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Chrome\//.test(ua)
      ? 'Chrome'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /Safari\//.test(ua)
          ? 'Safari'
          : undefined;
  const system = /iPhone|iPad/.test(ua)
    ? 'iPhone or iPad'
    : /Android/.test(ua)
      ? 'Android'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X/.test(ua)
          ? 'Mac'
          : /CrOS/.test(ua)
            ? 'Chromebook'
            : /Linux/.test(ua)
              ? 'Linux'
              : undefined;
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? (ua.slice(0, 60) || 'Unknown device');
}

export interface SignedInAs {
  personId: string;
  schoolId: string | null;
  next: string;
  via: 'password' | 'provider';
  /** The provider's `amr` showed it asked for a second factor itself. */
  providerSecondFactor?: boolean;
}

/** Starts the new session and sends the person on: to the code page, to set-up, or where they were going. */
export async function finishSignIn(
  db: Kysely<Database>,
  now: Date,
  request: FastifyRequest,
  reply: FastifyReply,
  who: SignedInAs,
) {
  const [has, needs] = await Promise.all([hasSecondFactor(db, who.personId), needsSecondFactor(db, who.personId)]);
  await request.session.regenerate();
  request.session.signedIn = {
    at: now.getTime(),
    device: describeDevice(request.headers['user-agent']),
    address: request.ip,
    via: who.via,
  };
  if (who.providerSecondFactor) {
    request.session.personId = who.personId;
    request.session.schoolId = who.schoolId;
    request.session.checkedAt = now.getTime();
    return reply.redirect(who.next);
  }
  if (has) {
    request.session.pending = { personId: who.personId, schoolId: who.schoolId, next: who.next };
    return reply.redirect('/second-factor');
  }
  request.session.personId = who.personId;
  request.session.schoolId = who.schoolId;
  if (needs) {
    request.session.mustEnrol = true;
    return reply.redirect(`/second-factor/set-up?next=${encodeURIComponent(who.next)}`);
  }
  return reply.redirect(who.next);
}

const ENROL_OPEN = ['/second-factor', '/sign-out', '/assets/', '/accessibility'];

/** Someone who must set up a second factor sees only set-up (and can sign out) until it is done. */
export function enrolmentGate(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
  if (!request.session?.mustEnrol || !request.ctx) return undefined;
  const path = request.url.split('?')[0] ?? '/';
  if (ENROL_OPEN.some((p) => path === p || path.startsWith(p.endsWith('/') ? p : `${p}/`))) return undefined;
  const next = request.method === 'GET' ? request.url : '/';
  return reply.redirect(`/second-factor/set-up?next=${encodeURIComponent(next)}`);
}

/** Thrown by the guard; the app's error handler sends the person to the code page and back. */
export class SecondFactorCheckNeeded extends UserFacingError {
  constructor(readonly next: string) {
    super(403, 'Enter a code from your authenticator app to carry on.', 'Confirm it is you');
  }
}

/**
 * The one guard for the most sensitive pages (AUTH-2): revealing an account's sign-in details and
 * opening a restricted record. Passes when the second factor was checked in the last 15 minutes, or
 * when the person has none and needs none (the trust turned the requirement off).
 */
export async function requireRecentSecondFactor(db: Kysely<Database>, now: Date, request: FastifyRequest) {
  const personId = request.session?.personId;
  if (!personId || request.ctx?.via !== 'session') return;
  if (isRecent(request.session.checkedAt, now)) return;
  if (!(await hasSecondFactor(db, personId)) && !(await needsSecondFactor(db, personId))) return;
  const back = request.method === 'GET' ? request.url : (refererPath(request) ?? '/');
  throw new SecondFactorCheckNeeded(back);
}

function refererPath(request: FastifyRequest): string | undefined {
  const referer = request.headers.referer;
  if (!referer) return undefined;
  try {
    const url = new URL(referer);
    return url.host === request.headers.host ? url.pathname + url.search : undefined;
  } catch {
    return undefined;
  }
}
