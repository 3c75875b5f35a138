import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { recordAudit, type Actor } from '../../../platform/audit/audit.ts';
import { isUniqueViolation } from '../../../platform/db/errors.ts';
import { ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { EMAIL_PATTERN } from '../../../platform/http/forms.ts';
import { SCHOOL_ROLES, isRole, type Role } from '../../../platform/auth/permissions.ts';
import { ukDate } from '../../../platform/clock.ts';
import { isEmploymentType } from '../people.ts';
import { readDateInput } from '../dates.ts';
import { emailInUse, findStaffMember, rolesAtSchool } from './repo.ts';
import {
  changeTargetOf,
  mayChangePerson,
  tellOldAddress,
  type ChangeDecision,
  type Changer,
  type PersonChange,
} from '../person-changes/service.ts';
import type { ChangeField } from '../person-changes/rules.ts';

export interface StaffForm {
  givenName: string;
  familyName: string;
  email: string;
  employmentType: string;
  jobTitle: string;
  startDay?: string;
  startMonth?: string;
  startYear?: string;
  leaveDay?: string;
  leaveMonth?: string;
  leaveYear?: string;
  roles: string[];
}

interface Tenant {
  trustId: string;
  schoolId: string;
}
/** Who is saving the form: their audit identity and their roles where they work now. */
export interface Editor {
  actor: Actor;
  roles: readonly Role[];
}

function validate(form: StaffForm): {
  errors: FieldError[];
  startDate: string | null;
  leavingDate: string | null;
  roles: Role[];
} {
  const errors: FieldError[] = [];
  if (!form.givenName.trim()) errors.push({ href: '#givenName', text: 'Enter a first name' });
  if (!form.familyName.trim()) errors.push({ href: '#familyName', text: 'Enter a last name' });
  if (form.email.trim() && !EMAIL_PATTERN.test(form.email.trim()))
    errors.push({ href: '#email', text: 'Enter an email address in the correct format, like name@school.sch.uk' });
  if (!isEmploymentType(form.employmentType))
    errors.push({ href: '#employmentType', text: 'Select how this person works with the school' });
  const start = readDateInput(form.startDay, form.startMonth, form.startYear, 'Start date');
  const leave = readDateInput(form.leaveDay, form.leaveMonth, form.leaveYear, 'Leaving date');
  if (!start.ok) errors.push({ href: '#startDate', text: start.message });
  if (!leave.ok) errors.push({ href: '#leavingDate', text: leave.message });
  const startDate = start.ok ? start.value : null;
  const leavingDate = leave.ok ? leave.value : null;
  if (startDate && leavingDate && leavingDate < startDate)
    errors.push({ href: '#leavingDate', text: 'Leaving date must be the same as or after the start date' });
  const roles = [...new Set(form.roles.filter(isRole).filter((r) => SCHOOL_ROLES.includes(r)))];
  if (!form.roles.every((r) => (roles as string[]).includes(r)))
    errors.push({ href: '#roles', text: 'Select roles from the list' });
  return { errors, startDate, leavingDate, roles };
}

const FIELD_HREF: Record<ChangeField, string> = {
  email: '#email',
  leavingDate: '#leavingDate',
  roles: '#roles',
  secondFactor: '#reset',
};

/** The change rule's refusals as error-summary entries, skipping fields that already have an error. */
function refusalsOf(decision: ChangeDecision, errors: FieldError[]): FieldError[] {
  if (decision.allowed) return [];
  return decision.refusals
    .filter((r) => !errors.some((e) => e.href === FIELD_HREF[r.field]))
    .map((r) => ({ href: FIELD_HREF[r.field], text: r.reason }));
}

const changerOf = (editor: Editor): Changer => ({ kind: 'person', id: editor.actor.id ?? '', roles: editor.roles });

export async function createStaff(
  db: Kysely<Database>,
  now: Date,
  tenant: Tenant,
  editor: Editor,
  form: StaffForm,
): Promise<string> {
  const { errors, startDate, leavingDate, roles } = validate(form);
  const decision = mayChangePerson({
    actor: changerOf(editor),
    target: { id: null, roles: [], operatesOfficialAccount: false },
    change: { roles: { from: [], to: roles } },
    today: ukDate(now),
  });
  errors.push(...refusalsOf(decision, errors));
  const email = form.email.trim().toLowerCase() || null;
  if (email && !errors.some((e) => e.href === '#email') && (await emailInUse(db, email)))
    errors.push({ href: '#email', text: 'Another person already uses this email address' });
  if (errors.length) throw new ValidationError(errors);
  return withEmailCheck(() =>
    db.transaction().execute(async (trx) => {
      const person = await trx
        .insertInto('person')
        .values({
          trust_id: tenant.trustId,
          school_id: tenant.schoolId,
          mis_id: null,
          given_name: form.givenName.trim(),
          family_name: form.familyName.trim(),
          email,
          employment_type: form.employmentType,
          job_title: form.jobTitle.trim() || null,
          start_date: startDate,
          leaving_date: leavingDate,
          password_hash: null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (roles.length)
        await trx
          .insertInto('role_assignment')
          .values(
            roles.map((role) => ({ person_id: person.id, trust_id: tenant.trustId, school_id: tenant.schoolId, role })),
          )
          .execute();
      await recordAudit(trx, now, {
        actor: editor.actor,
        action: 'person.created',
        entityType: 'person',
        entityId: person.id,
        ...tenant,
        summary: { employmentType: form.employmentType, roles, startDate, leavingDate },
      });
      return person.id;
    }),
  );
}

/** Two people saved at once with one email: the database's unique index decides, and the loser is told plainly. */
async function withEmailCheck<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error, 'person_email_unique'))
      throw new ValidationError([{ href: '#email', text: 'Another person already uses this email address' }]);
    throw error;
  }
}

export async function updateStaff(
  db: Kysely<Database>,
  now: Date,
  tenant: Tenant,
  editor: Editor,
  personId: string,
  form: StaffForm,
): Promise<'updated' | 'not-found'> {
  const existing = await findStaffMember(db, tenant.schoolId, personId);
  if (!existing) return 'not-found';
  const today = ukDate(now);
  const { errors, startDate, leavingDate, roles } = validate(form);
  const before = await rolesAtSchool(db, personId, tenant.schoolId);
  const email = form.email.trim().toLowerCase() || null;
  if (email && !errors.some((e) => e.href === '#email') && (await emailInUse(db, email, personId)))
    errors.push({ href: '#email', text: 'Another person already uses this email address' });
  const changes = {
    given_name: form.givenName.trim(),
    family_name: form.familyName.trim(),
    email,
    employment_type: form.employmentType,
    job_title: form.jobTitle.trim() || null,
    start_date: startDate,
    leaving_date: leavingDate,
  };
  // Someone who works here but belongs to another school (ORG-1): that school keeps their details.
  const stored = { ...existing, email: existing.email?.toLowerCase() ?? null } as unknown as Record<string, unknown>;
  if (existing.school_id !== tenant.schoolId && Object.entries(changes).some(([key, value]) => stored[key] !== value)) {
    errors.push({
      href: '#givenName',
      text: 'This person belongs to another school, which keeps their details. Here you can change only their roles',
    });
  }
  const change: PersonChange = {
    email: { from: existing.email, to: email },
    leavingDate: { from: existing.leaving_date, to: leavingDate },
    roles: { from: before.here, to: roles },
  };
  const decision = mayChangePerson({
    actor: changerOf(editor),
    target: await changeTargetOf(db, tenant.trustId, personId),
    change,
    today,
  });
  errors.push(...refusalsOf(decision, errors));
  if (errors.length) throw new ValidationError(errors);
  await withEmailCheck(() =>
    db.transaction().execute(async (trx) => {
      await trx
        .updateTable('person')
        .set({ ...changes, updated_at: now })
        .where('id', '=', personId)
        .execute();
      await trx
        .deleteFrom('role_assignment')
        .where('person_id', '=', personId)
        .where('school_id', '=', tenant.schoolId)
        .execute();
      if (roles.length)
        await trx
          .insertInto('role_assignment')
          .values(
            roles.map((role) => ({ person_id: personId, trust_id: tenant.trustId, school_id: tenant.schoolId, role })),
          )
          .execute();
      const changed: Record<string, unknown> = {};
      const old = existing as unknown as Record<string, unknown>;
      for (const [key, value] of Object.entries(changes))
        if (old[key] !== value) changed[key] = { from: old[key], to: value };
      if ([...before.here].sort().join() !== [...roles].sort().join()) changed.roles = { from: before.here, to: roles };
      const told = decision.allowed && decision.tellOldAddress && existing.email !== null;
      if (told) changed.toldOldAddress = existing.email;
      await recordAudit(trx, now, {
        actor: editor.actor,
        action: 'person.updated',
        entityType: 'person',
        entityId: personId,
        ...tenant,
        summary: changed,
      });
      if (told)
        await tellOldAddress(trx, {
          person: { givenName: existing.given_name, oldEmail: existing.email },
          school: tenant,
          changedBy: editor.actor.label,
          change,
          when: now,
          today,
        });
    }),
  );
  return 'updated';
}
