import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { queueMail } from '../../../platform/mail/mail.ts';
import { rolesIn } from '../../../platform/auth/context.ts';
import { roleGrants } from '../../../platform/auth/repo.ts';
import { accountsOperatedBy } from '../../accounts/index.ts';
import { ukLongDate } from '../dates.ts';
import type { ChangeTarget, Changer, PersonChange } from './rules.ts';

export {
  mayChangePerson,
  type ChangeDecision,
  type ChangeTarget,
  type Changer,
  type PersonChange,
  type Refusal,
} from './rules.ts';

/**
 * The facts the change rule needs about a person: every role they hold in the trust, and whether
 * they run an official account of any of their schools (asked of the accounts module, never its tables).
 */
export async function changeTargetOf(db: Kysely<Database>, trustId: string, personId: string): Promise<ChangeTarget> {
  const [person, roles] = await Promise.all([
    db
      .selectFrom('person')
      .select('school_id')
      .where('id', '=', personId)
      .where('trust_id', '=', trustId)
      .executeTakeFirst(),
    db
      .selectFrom('role_assignment')
      .select(['role', 'school_id'])
      .where('person_id', '=', personId)
      .where('trust_id', '=', trustId)
      .execute(),
  ]);
  const schools = new Set(
    [person?.school_id ?? null, ...roles.map((r) => r.school_id)].filter((s): s is string => s !== null),
  );
  let operatesOfficialAccount = false;
  for (const schoolId of schools) {
    if ((await accountsOperatedBy(db, { trustId, schoolId }, personId)).length) {
      operatesOfficialAccount = true;
      break;
    }
  }
  return { id: personId, roles: roles.map((r) => r.role), operatesOfficialAccount };
}

/** A signed-in person as the rule sees them, from their roles in the school where they act now (for work done later, such as an import's apply job). */
export async function changerFromRecords(db: Kysely<Database>, personId: string, schoolId: string): Promise<Changer> {
  const person = await db.selectFrom('person').select('school_id').where('id', '=', personId).executeTakeFirst();
  if (!person) return { kind: 'person', id: personId, roles: [] };
  return { kind: 'person', id: personId, roles: rolesIn(await roleGrants(db, personId), schoolId, person.school_id) };
}

export interface ChangeNotice {
  person: { givenName: string; oldEmail: string | null };
  school: { trustId: string; schoolId: string };
  changedBy: string;
  change: PersonChange;
  when: Date;
  today: string;
}

/**
 * Tells a person at their current (old) address that their sign-in email or leaving date was
 * changed, in the caller's transaction, so the change and the message commit together. If they did
 * not expect it, they can raise it before anyone uses the new address.
 */
export async function tellOldAddress(trx: Kysely<Database>, notice: ChangeNotice): Promise<void> {
  const to = notice.person.oldEmail;
  if (!to) return;
  const school = await trx
    .selectFrom('school')
    .select('name')
    .where('id', '=', notice.school.schoolId)
    .executeTakeFirst();
  const where = school ? ` at ${school.name}` : '';
  const lines: string[] = [];
  const { email, leavingDate } = notice.change;
  const emailChanged = email !== undefined && (email.from ?? '').toLowerCase() !== (email.to ?? '').toLowerCase();
  const leavingChanged = leavingDate !== undefined && (leavingDate.from ?? null) !== (leavingDate.to ?? null);
  if (email && emailChanged) {
    lines.push(
      email.to
        ? `${notice.changedBy} changed the email address you sign in to Postwarden with${where} from ${email.from ?? 'none'} to ${email.to}. Password reset links now go to the new address.`
        : `${notice.changedBy} removed the email address you sign in to Postwarden with${where}. You can no longer sign in with it.`,
    );
  }
  if (leavingDate && leavingChanged) {
    if (leavingDate.to === null)
      lines.push(
        `${notice.changedBy} removed your leaving date${where}. Your access to Postwarden no longer has an end date.`,
      );
    else if (leavingDate.to <= notice.today)
      lines.push(
        `${notice.changedBy} set your leaving date${where} to ${ukLongDate(leavingDate.to)}. Your access to Postwarden has ended.`,
      );
    else
      lines.push(
        `${notice.changedBy} set your leaving date${where} to ${ukLongDate(leavingDate.to)}. Your access to Postwarden ends on that date.`,
      );
  }
  if (!lines.length) return;
  const subject =
    emailChanged && leavingChanged
      ? 'Your Postwarden sign-in details were changed'
      : emailChanged
        ? 'Your Postwarden sign-in email address was changed'
        : 'Your leaving date in Postwarden was changed';
  await queueMail(trx, notice.when, {
    to,
    subject,
    trustId: notice.school.trustId,
    schoolId: notice.school.schoolId,
    text: `Hello ${notice.person.givenName},\n\n${lines.join('\n\n')}\n\nIf you did not expect this, tell your headteacher or trust administrator today.\n\nPostwarden`,
  });
}
