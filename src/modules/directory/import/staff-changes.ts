import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { changeTargetOf, mayChangePerson, type Changer, type PersonChange } from '../person-changes/service.ts';
import type { ImportError } from './rules/index.ts';
import type { StaffPlan } from './diff.ts';
import type { ExistingStaff } from './repo.ts';

/** A change an import may make that the person must be told about at their current address. */
export interface AnnouncedChange {
  personId: string;
  givenName: string;
  oldEmail: string | null;
  change: PersonChange;
}

/**
 * Asks the change rule about every email and leaving date a staff import would change, including
 * the people it would mark as leaving. A refusal is an error on that row (or, for a leaver, on
 * nobody's row), so the file cannot be confirmed and nothing is written.
 */
export async function judgeStaffPlan(
  db: Kysely<Database>,
  trustId: string,
  changer: Changer,
  plan: StaffPlan,
  existing: ExistingStaff[],
  today: string,
): Promise<{ errors: ImportError[]; announce: Map<string, AnnouncedChange> }> {
  const byId = new Map(existing.map((p) => [p.id, p]));
  const errors: ImportError[] = [];
  const announce = new Map<string, AnnouncedChange>();
  const judge = async (personId: string, change: PersonChange) => {
    const decision = mayChangePerson({
      actor: changer,
      target: await changeTargetOf(db, trustId, personId),
      change,
      today,
    });
    const current = byId.get(personId)!;
    if (decision.allowed && decision.tellOldAddress)
      announce.set(personId, { personId, givenName: current.given_name, oldEmail: current.email, change });
    return decision;
  };
  for (const record of plan.update) {
    const current = byId.get(record.id)!;
    const change: PersonChange = {};
    if ((current.email?.toLowerCase() ?? null) !== record.email)
      change.email = { from: current.email, to: record.email };
    if ((current.leaving_date ?? null) !== record.leaving_date)
      change.leavingDate = { from: current.leaving_date, to: record.leaving_date };
    if (!change.email && !change.leavingDate) continue;
    const decision = await judge(record.id, change);
    if (!decision.allowed) {
      for (const refusal of decision.refusals)
        errors.push({
          line: record.line,
          column: refusal.field === 'email' ? 'email' : 'leaving date',
          message: refusal.reason,
        });
    }
  }
  for (const leaver of plan.leavers) {
    const decision = await judge(leaver.id, { leavingDate: { from: leaver.previousLeavingDate, to: today } });
    if (!decision.allowed) {
      errors.push({
        line: 0,
        message: `${leaver.name} is not in the file, so this import would mark them as leaving today. ${decision.refusals[0]!.reason}. If the file holds only new and changed staff, upload it again and say so`,
      });
    }
  }
  return { errors, announce };
}
