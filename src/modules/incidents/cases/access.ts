/** The case a request names, if this person may see it; otherwise the same 404 as a case that does not exist (INC-7). */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { NotFoundError } from '../../../platform/http/errors.ts';
import { requireCtx, tenantOf } from '../../../platform/http/forms.ts';
import { mayActOnCase, type Viewer } from '../rules/visibility.ts';
import { findVisibleCase, type CaseRow } from './repo.ts';
import { viewerOf } from './viewer.ts';

export async function caseOf(db: Kysely<Database>, request: FastifyRequest) {
  const ctx = requireCtx(request);
  const school = tenantOf(ctx);
  const viewer = viewerOf(ctx);
  const found = await findVisibleCase(db, school, viewer, (request.params as { id: string }).id);
  if (!found) throw new NotFoundError();
  return { ctx, school, viewer, c: found, mayAct: await mayAct(db, found, viewer) };
}

/** The SQL has already said the viewer may see it; acting needs the leader's or owner's part of the rule. */
export async function mayAct(db: Kysely<Database>, c: CaseRow, viewer: Viewer): Promise<boolean> {
  const subjects = await db.selectFrom('case_person').select('person_id').where('case_id', '=', c.id).where('is_subject', '=', true).execute();
  return mayActOnCase({ restricted: c.restricted, aboutHead: c.about_head, reporterId: c.reporter_id, ownerId: c.owner_id, actionOwnerIds: [], subjectIds: subjects.map((s) => s.person_id!).filter(Boolean) }, viewer);
}

/** Refuses (404) a change by someone who may see but not act (a reporter, an action owner). */
export async function caseToActOn(db: Kysely<Database>, request: FastifyRequest) {
  const found = await caseOf(db, request);
  if (!found.mayAct) throw new NotFoundError();
  return found;
}
