import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { Actor } from '../../../platform/audit/audit.ts';
import { recordAudit } from '../../../platform/audit/audit.ts';
import { ukDate } from '../../../platform/clock.ts';
import { clearSecondFactor } from '../../../platform/auth/second-factor/manage.ts';
import { factorsOf, unusedRecoveryCodes } from '../../../platform/auth/second-factor/repo.ts';
import { tellPersonAboutFactor } from '../../../platform/auth/second-factor/tell.ts';
import { changeTargetOf, mayChangePerson, type Changer } from '../person-changes/service.ts';
import { findStaffMember } from '../staff/repo.ts';

interface Tenant {
  trustId: string;
  schoolId: string;
}

export interface ResetBy {
  actor: Actor;
  roles: readonly string[];
}

/** The person as the reset page shows them, or undefined when they are not this school's (404). */
export async function resetCandidate(db: Kysely<Database>, tenant: Tenant, personId: string) {
  const person = await findStaffMember(db, tenant.schoolId, personId);
  if (!person || person.trust_id !== tenant.trustId) return undefined;
  const [factors, codes] = await Promise.all([factorsOf(db, person.id), unusedRecoveryCodes(db, person.id)]);
  return { person, factors: factors.length, codes };
}

/** What the one change rule (person-changes) says about this administrator resetting this person's factor. */
export async function resetRefusal(
  db: Kysely<Database>,
  now: Date,
  tenant: Tenant,
  by: ResetBy,
  personId: string,
): Promise<string | undefined> {
  const actor: Changer = { kind: 'person', id: by.actor.id ?? '', roles: by.roles };
  const decision = mayChangePerson({
    actor,
    target: await changeTargetOf(db, tenant.trustId, personId),
    change: { secondFactorReset: true },
    today: ukDate(now),
  });
  return decision.allowed ? undefined : decision.refusals.map((r) => r.reason).join('. ');
}

/**
 * Removes all of the person's second factors and recovery codes and ends their sessions (AUTH-2,
 * AUTH-3), audited and emailed to them in one transaction. The caller has checked the rule.
 */
export async function resetSecondFactor(
  db: Kysely<Database>,
  now: Date,
  tenant: Tenant,
  by: ResetBy,
  personId: string,
): Promise<{ factors: number; sessions: number }> {
  return db.transaction().execute(async (trx) => {
    const cleared = await clearSecondFactor(trx, personId);
    await recordAudit(trx, now, {
      actor: by.actor,
      action: 'person.second-factor-reset',
      entityType: 'person',
      entityId: personId,
      ...tenant,
      summary: cleared,
    });
    await tellPersonAboutFactor(
      trx,
      now,
      personId,
      'Your Postwarden second factor was reset',
      `${by.actor.label} reset your second factor in Postwarden: your passkeys, authenticator apps and recovery codes no longer work, and you have been signed out everywhere. When you next sign in with your password or your school account, you will be asked to set up a new second factor if your role needs one.`,
    );
    return cleared;
  });
}
