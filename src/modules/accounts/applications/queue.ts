// The applications waiting for one person's decision or approval (ACC-2), split into those they can
// act on now and those that cannot be approved yet, with why (an operator not trained, say).
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { awaitingDecisionBy, type ApplicationListRow } from './repo.ts';
import { STEPS, type Step } from './rules/decision.ts';
import { applicationPolicy, blockersWith, standingsOf, type ApplicationPolicy } from './standing.ts';

export interface BlockedRow extends ApplicationListRow {
  blockers: string[];
}

/** `policy`: what the policy says (applicationPolicy(…, 'approve')), when the caller has read it already. */
export async function decisionQueue(
  db: Kysely<Database>,
  school: { trustId: string; schoolId: string },
  personId: string,
  step: Step,
  now: Date,
  policy?: ApplicationPolicy,
): Promise<{ ready: ApplicationListRow[]; blocked: BlockedRow[] }> {
  const rows = await awaitingDecisionBy(db, school.schoolId, STEPS[step].awaiting, personId, step === 'slt');
  if (!rows.length) return { ready: [], blocked: [] };
  const [rules, standings] = await Promise.all([
    policy ?? applicationPolicy(db, school, now, 'approve'),
    standingsOf(
      db,
      school,
      rows.map((r) => r.id),
      now,
    ),
  ]);
  const checked = rows.map((row) => ({ ...row, blockers: blockersWith(rules, standings.get(row.id)!) }));
  return {
    ready: checked.filter((r) => r.blockers.length === 0).map(({ blockers: _b, ...row }) => row),
    blocked: checked.filter((r) => r.blockers.length > 0),
  };
}
