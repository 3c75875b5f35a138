import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { recordAudit, type Actor } from '../../../platform/audit/audit.ts';
import { ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { EMAIL_PATTERN } from '../../../platform/http/forms.ts';
import type { Permission } from '../../../platform/auth/permissions.ts';
import { parseUpn } from '../import/rules/values.ts';
import { readDateInput } from '../dates.ts';
import { findNeverPublishReason, findPupil, upnInUse } from './repo.ts';

export interface PupilForm {
  upn: string;
  givenName: string;
  familyName: string;
  preferredName: string;
  dobDay?: string;
  dobMonth?: string;
  dobYear?: string;
  yearGroup: string;
  formGroup: string;
  consents: string[];
  neverPublish: boolean;
  neverPublishReason?: string;
  leaveDay?: string;
  leaveMonth?: string;
  leaveYear?: string;
}

interface Tenant {
  trustId: string;
  schoolId: string;
}
interface Editor {
  actor: Actor;
  permissions: Set<Permission>;
}

function validate(form: PupilForm, today: string) {
  const errors: FieldError[] = [];
  const upn = parseUpn(form.upn);
  if (!upn.ok) errors.push({ href: '#upn', text: upn.message });
  if (!form.givenName.trim()) errors.push({ href: '#givenName', text: 'Enter the pupil’s first name' });
  if (!form.familyName.trim()) errors.push({ href: '#familyName', text: 'Enter the pupil’s last name' });
  const dob = readDateInput(form.dobDay, form.dobMonth, form.dobYear, 'Date of birth');
  if (!dob.ok) errors.push({ href: '#dateOfBirth', text: dob.message });
  else if (!dob.value) errors.push({ href: '#dateOfBirth', text: 'Enter the pupil’s date of birth' });
  else if (dob.value > today) errors.push({ href: '#dateOfBirth', text: 'Date of birth must be in the past' });
  const year = Number(form.yearGroup);
  if (form.yearGroup === '' || !Number.isInteger(year) || year < -2 || year > 14)
    errors.push({ href: '#yearGroup', text: 'Select the year group' });
  const leave = readDateInput(form.leaveDay, form.leaveMonth, form.leaveYear, 'Leaving date');
  if (!leave.ok) errors.push({ href: '#leavingDate', text: leave.message });
  return {
    errors,
    values: {
      upn: upn.ok ? upn.value : '',
      given_name: form.givenName.trim(),
      family_name: form.familyName.trim(),
      preferred_name: form.preferredName.trim() || null,
      date_of_birth: dob.ok && dob.value ? dob.value : '',
      year_group: year,
      form_group: form.formGroup.trim() || null,
      consent_social: form.consents.includes('social'),
      consent_website: form.consents.includes('website'),
      consent_press: form.consents.includes('press'),
      leaving_date: leave.ok ? leave.value : null,
    },
  };
}

export async function createPupil(
  db: Kysely<Database>,
  now: Date,
  today: string,
  tenant: Tenant,
  editor: Editor,
  form: PupilForm,
): Promise<string> {
  const { errors, values } = validate(form, today);
  if (values.upn && (await upnInUse(db, tenant.schoolId, values.upn)))
    errors.push({ href: '#upn', text: 'A pupil with this UPN is already on the roll' });
  if (errors.length) throw new ValidationError(errors);
  const mayRestrict = editor.permissions.has('pupils.restricted.view');
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('pupil')
      .values({
        ...values,
        trust_id: tenant.trustId,
        school_id: tenant.schoolId,
        mis_id: null,
        never_publish: form.neverPublish,
        never_publish_reason: mayRestrict && form.neverPublish ? form.neverPublishReason?.trim() || null : null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, now, {
      actor: editor.actor,
      action: 'pupil.created',
      entityType: 'pupil',
      entityId: row.id,
      ...tenant,
      summary: { yearGroup: values.year_group, neverPublish: form.neverPublish, consents: form.consents },
    });
    return row.id;
  });
}

export async function updatePupil(
  db: Kysely<Database>,
  now: Date,
  today: string,
  tenant: Tenant,
  editor: Editor,
  pupilId: string,
  form: PupilForm,
): Promise<'updated' | 'not-found'> {
  const existing = await findPupil(db, tenant.schoolId, pupilId);
  if (!existing) return 'not-found';
  const { errors, values } = validate(form, today);
  if (values.upn && (await upnInUse(db, tenant.schoolId, values.upn, pupilId)))
    errors.push({ href: '#upn', text: 'A pupil with this UPN is already on the roll' });
  const mayRestrict = editor.permissions.has('pupils.restricted.view');
  // Taking a pupil off the never-publish list is a safeguarding decision.
  if (existing.never_publish && !form.neverPublish && !mayRestrict)
    errors.push({
      href: '#neverPublish',
      text: 'Only the headteacher or the safeguarding lead can take a pupil off the never-publish list',
    });
  if (errors.length) throw new ValidationError(errors);
  const oldReason = mayRestrict ? await findNeverPublishReason(db, tenant.schoolId, pupilId) : null;
  // A form without the reason field (an API call, an older page) keeps the reason; clearing the flag clears it.
  const newReason = !form.neverPublish
    ? null
    : form.neverPublishReason === undefined
      ? oldReason
      : form.neverPublishReason.trim() || null;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('pupil')
      .set({
        ...values,
        never_publish: form.neverPublish,
        updated_at: now,
        ...(mayRestrict ? { never_publish_reason: newReason } : {}),
      })
      .where('id', '=', pupilId)
      .where('school_id', '=', tenant.schoolId)
      .execute();
    const changed: Record<string, unknown> = {};
    const old = existing as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries({ ...values, never_publish: form.neverPublish }))
      if (old[key] !== value) changed[key] = { from: old[key], to: value };
    // The reason itself is restricted, so the audit says only that it changed (including when it is removed).
    if (mayRestrict && oldReason !== newReason) changed.never_publish_reason = 'updated';
    await recordAudit(trx, now, {
      actor: editor.actor,
      action: 'pupil.updated',
      entityType: 'pupil',
      entityId: pupilId,
      ...tenant,
      summary: changed,
    });
  });
  return 'updated';
}

export interface ParentForm {
  givenName: string;
  familyName: string;
  email: string;
  phone: string;
  relationship: string;
}

export async function addParent(
  db: Kysely<Database>,
  now: Date,
  tenant: Tenant,
  actor: Actor,
  pupilId: string,
  form: ParentForm,
): Promise<'added' | 'not-found'> {
  if (!(await findPupil(db, tenant.schoolId, pupilId))) return 'not-found';
  const errors: FieldError[] = [];
  if (!form.givenName.trim()) errors.push({ href: '#givenName', text: 'Enter the parent or carer’s first name' });
  if (!form.familyName.trim()) errors.push({ href: '#familyName', text: 'Enter the parent or carer’s last name' });
  if (form.email.trim() && !EMAIL_PATTERN.test(form.email.trim()))
    errors.push({ href: '#email', text: 'Enter an email address in the correct format, like name@example.com' });
  if (form.phone.trim() && !/^[+\d][\d\s()-]{6,20}$/.test(form.phone.trim()))
    errors.push({ href: '#phone', text: 'Enter a phone number, like 01632 960 001 or 07700 900 982' });
  if (errors.length) throw new ValidationError(errors);
  await db.transaction().execute(async (trx) => {
    const parent = await trx
      .insertInto('parent')
      .values({
        trust_id: tenant.trustId,
        school_id: tenant.schoolId,
        given_name: form.givenName.trim(),
        family_name: form.familyName.trim(),
        email: form.email.trim().toLowerCase() || null,
        phone: form.phone.trim() || null,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('pupil_parent')
      .values({ pupil_id: pupilId, parent_id: parent.id, relationship: form.relationship.trim() || null })
      .execute();
    await recordAudit(trx, now, {
      actor,
      action: 'parent.linked',
      entityType: 'pupil',
      entityId: pupilId,
      ...tenant,
      summary: { parentId: parent.id, relationship: form.relationship.trim() || null },
    });
  });
  return 'added';
}

export async function unlinkParent(
  db: Kysely<Database>,
  now: Date,
  tenant: Tenant,
  actor: Actor,
  pupilId: string,
  parentId: string,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .deleteFrom('pupil_parent')
      .where('pupil_id', '=', pupilId)
      .where('parent_id', '=', parentId)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('pupil')
            .select('pupil.id')
            .where('pupil.id', '=', pupilId)
            .where('pupil.school_id', '=', tenant.schoolId),
        ),
      )
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) return false;
    await recordAudit(trx, now, {
      actor,
      action: 'parent.unlinked',
      entityType: 'pupil',
      entityId: pupilId,
      ...tenant,
      summary: { parentId },
    });
    return true;
  });
}
