// Telling people when an application waits on them (ACC-2, ACC-6): every member of SLT who may decide
// it when it is sent, the head when SLT has approved it, and the account administrators once it is
// approved. Mail goes through the outbox in the caller's transaction, so it is sent only if the step commits.
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { ROLE_NAMES, ROLE_PERMISSIONS, type Permission, type Role } from '../../../platform/auth/permissions.ts';
import { ukDate } from '../../../platform/clock.ts';
import { queueMail } from '../../../platform/mail/mail.ts';
import { settingsFor } from '../../policies/index.ts';
import { platformName } from '../model.ts';
import type { AccountRow } from '../repo.ts';
import { operatorIds, peopleInRoles, personContact } from './repo.ts';
import { approvesBothSteps, whoMayDecide, type Step } from './rules/decision.ts';
import { awaitingDecisionMail, setUpMail } from './rules/mail.ts';
import { blockersOf } from './standing.ts';

/** The roles that carry a permission, from the one table of roles (permissions.ts). */
export function rolesWith(permission: Permission): Role[] {
  return ROLE_NAMES.filter((role) => ROLE_PERMISSIONS[role].includes(permission));
}

export const STEP_PERMISSION: Record<Step, Permission> = { slt: 'accounts.decide', head: 'accounts.approve' };
export const STEP_PATH: Record<Step, string> = { slt: 'decision', head: 'head-approval' };

/** Mails everyone who may now take `step` on the application; returns how many were told. */
export async function tellDeciders(
  trx: Kysely<Database>,
  now: Date,
  account: AccountRow,
  step: Step,
  baseUrl: string,
): Promise<number> {
  const school = { trustId: account.trust_id, schoolId: account.school_id };
  const today = ukDate(now);
  const [settings, candidates, heads, operators, applicant, blockers] = await Promise.all([
    settingsFor(trx, school, now),
    peopleInRoles(trx, school, rolesWith(STEP_PERMISSION[step]), today),
    peopleInRoles(trx, school, rolesWith('accounts.approve'), today),
    operatorIds(trx, account.id),
    personContact(trx, account.applicant_id),
    blockersOf(trx, school, account.id, now),
  ]);
  const deciders = whoMayDecide(candidates, {
    step,
    applicantId: account.applicant_id,
    operatorIds: operators.map((o) => o.person_id),
    headTitle: settings.headTitle,
  });
  const headIds = new Set(heads.map((h) => h.id));
  for (const person of deciders) {
    const mail = awaitingDecisionMail({
      step,
      bothSteps: approvesBothSteps(step, headIds.has(person.id)),
      deciderGivenName: person.given_name,
      applicantName: applicant ? `${applicant.given_name} ${applicant.family_name}` : 'A member of staff',
      accountName: account.name,
      platform: platformName(account.platform),
      headTitle: settings.headTitle,
      blockers,
      link: `${baseUrl}/accounts/${account.id}/${STEP_PATH[step]}`,
    });
    await queueMail(trx, now, {
      to: person.email,
      subject: mail.subject,
      text: mail.text,
      trustId: account.trust_id,
      schoolId: account.school_id,
    });
  }
  return deciders.length;
}

/** Mails the school's account administrators that an approved account waits for them to set it up. */
export async function tellAccountAdministrators(
  trx: Kysely<Database>,
  now: Date,
  account: AccountRow,
  headTitle: string,
  baseUrl: string,
): Promise<number> {
  const admins = await peopleInRoles(
    trx,
    { trustId: account.trust_id, schoolId: account.school_id },
    rolesWith('accounts.manage'),
    ukDate(now),
  );
  for (const admin of admins) {
    const mail = setUpMail({
      adminGivenName: admin.given_name,
      accountName: account.name,
      platform: platformName(account.platform),
      headTitle,
      link: `${baseUrl}/accounts/${account.id}/setup`,
    });
    await queueMail(trx, now, {
      to: admin.email,
      subject: mail.subject,
      text: mail.text,
      trustId: account.trust_id,
      schoolId: account.school_id,
    });
  }
  return admins.length;
}
