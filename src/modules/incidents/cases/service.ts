/** Opening and viewing a case: the first look by someone who acts on it opens it; every look at a restricted case is written down (INC-7, INC-8). */
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { Actor } from '../../../platform/audit/audit.ts';
import { transact } from '../../../platform/db/transact.ts';
import { recordCaseEvent } from '../chronology/events.ts';
import type { CaseRow } from './repo.ts';

export async function noteOpening(db: Kysely<Database>, now: Date, c: CaseRow, actor: Actor, mayAct: boolean, what = 'the case page'): Promise<void> {
  if (!c.restricted && !(mayAct && c.status === 'new')) return;
  await transact(db, async (trx) => {
    if (mayAct && c.status === 'new') {
      const updated = await trx.updateTable('concern_case').set({ status: 'open', updated_at: now }).where('id', '=', c.id).where('status', '=', 'new').returning('id').executeTakeFirst();
      if (updated) await recordCaseEvent(trx, now, c, actor, 'case.opened');
    }
    if (c.restricted) await recordCaseEvent(trx, now, c, actor, 'case.viewed', { text: what });
  });
}
