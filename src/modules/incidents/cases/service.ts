/** Opening and viewing a case: the first look by someone who acts on it opens it; every look at a restricted case is written down (INC-7, INC-8). */
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { Actor } from '../../../platform/audit/audit.ts';
import { transact } from '../../../platform/db/transact.ts';
import { recordCaseEvent } from '../chronology/events.ts';
import type { CaseRow } from './repo.ts';

/** What the chronology says was looked at, for each page under /cases/:id (an unknown page still says which). */
const PAGE_TEXT: Record<string, string> = {
  '/cases/:id': 'the case page',
  '/cases/:id/evidence/new': 'the page to add evidence',
  '/cases/:id/evidence/:evidenceId': 'an evidence file (the original)',
  '/cases/:id/evidence/:evidenceId/preview': 'an evidence file (the preview)',
  '/cases/:id/assess': 'the assessment form',
  '/cases/:id/actions/new': 'the form to add an action',
  '/cases/:id/actions/:actionId': 'an action',
  '/cases/:id/lado-advice': 'the form for the LADO’s advice',
  '/cases/:id/breach': 'the form to mark a possible personal data breach',
  '/cases/:id/breach/decision': 'the form to decide on telling the ICO',
  '/cases/:id/outcomes/new': 'the form to record an outcome',
  '/cases/:id/close': 'the form to close the case',
};

export function viewedPageText(routeUrl: string): string {
  return PAGE_TEXT[routeUrl] ?? `the page ${routeUrl}`;
}

export async function noteOpening(
  db: Kysely<Database>,
  now: Date,
  c: CaseRow,
  actor: Actor,
  opens: boolean,
  what: string,
  params: Record<string, string> = {},
): Promise<void> {
  const opening = opens && c.status === 'new';
  if (!c.restricted && !opening) return;
  await transact(db, async (trx) => {
    if (opening) {
      const updated = await trx
        .updateTable('concern_case')
        .set({ status: 'open', updated_at: now })
        .where('id', '=', c.id)
        .where('status', '=', 'new')
        .returning('id')
        .executeTakeFirst();
      if (updated) await recordCaseEvent(trx, now, c, actor, 'case.opened');
    }
    const { id: _case, ...which } = params;
    if (c.restricted) await recordCaseEvent(trx, now, c, actor, 'case.viewed', { text: what, detail: which });
  });
}
