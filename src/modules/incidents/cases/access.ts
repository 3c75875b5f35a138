/**
 * The case a request names, if this person may see it; otherwise the same 404 as a case that does
 * not exist (INC-7). Every page under /cases/:id loads its case here, so this is also where each
 * opening of a restricted case is written to its chronology: one place, for every page there is or
 * will be (INC-7, INC-8).
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { Clock } from '../../../platform/clock.ts';
import { NotFoundError } from '../../../platform/http/errors.ts';
import { actorOf, requireCtx, tenantOf } from '../../../platform/http/forms.ts';
import { mayActOnCase, type Viewer } from '../rules/visibility.ts';
import { findVisibleCase, type CaseRow } from './repo.ts';
import { noteOpening, viewedPageText } from './service.ts';
import { viewerOf } from './viewer.ts';
import { requireRecentSecondFactor } from '../../../platform/auth/second-factor/flow.ts';

export interface CaseDeps {
  db: Kysely<Database>;
  clock: Clock;
}

/** Only reading a page is an opening; a form sent back (POST) is recorded by what it changes. */
const isOpening = (request: FastifyRequest) => request.method === 'GET' || request.method === 'HEAD';

export async function caseOf({ db, clock }: CaseDeps, request: FastifyRequest) {
  const ctx = requireCtx(request);
  const school = tenantOf(ctx);
  const viewer = viewerOf(ctx);
  const found = await findVisibleCase(db, school, viewer, (request.params as { id: string }).id);
  if (!found) throw new NotFoundError();
  // A restricted case asks for the second factor again when the last check is old (AUTH-2).
  if (found.restricted) await requireRecentSecondFactor(db, clock.now(), request);
  const act = mayAct(found, viewer);
  if (isOpening(request)) {
    const page = request.routeOptions.url ?? '';
    // The case page itself is the one that moves a new case to open for the person who acts on it.
    await noteOpening(
      db,
      clock.now(),
      found,
      actorOf(ctx),
      act && page === '/cases/:id',
      viewedPageText(page),
      request.params as Record<string, string>,
    );
  }
  return { ctx, school, viewer, c: found, mayAct: act };
}

/**
 * The SQL has already said the viewer may see it (so they are not the person it is about); acting
 * needs the leader's or owner's part of the rule.
 */
export function mayAct(c: CaseRow, viewer: Viewer): boolean {
  return mayActOnCase(
    {
      restricted: c.restricted,
      aboutHead: c.about_head,
      reporterId: c.reporter_id,
      ownerId: c.owner_id,
      actionOwnerIds: [],
      subjectIds: [],
    },
    viewer,
  );
}

/** Refuses (404) a change by someone who may see but not act (a reporter, an action owner). */
export async function caseToActOn(deps: CaseDeps, request: FastifyRequest) {
  const found = await caseOf(deps, request);
  if (!found.mayAct) throw new NotFoundError();
  return found;
}
