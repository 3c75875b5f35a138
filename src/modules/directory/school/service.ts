import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { recordAudit, type Actor } from '../../../platform/audit/audit.ts';
import { ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { REGIONS, type Region, type WorkingCalendar } from '../../../platform/calendar/calendar.ts';
import { readDateInput } from '../dates.ts';

interface Tenant {
  trustId: string;
  schoolId: string;
}

export async function schoolSettings(db: Kysely<Database>, schoolId: string) {
  const school = await db
    .selectFrom('school')
    .select(['id', 'name', 'phase', 'urn', 'region', 'email_domains'])
    .where('id', '=', schoolId)
    .executeTakeFirstOrThrow();
  const closures = await db
    .selectFrom('school_closure_day')
    .select(['day', 'reason'])
    .where('school_id', '=', schoolId)
    .orderBy('day')
    .execute();
  return { school, closures };
}

/** The working-day calendar deadlines use for one school: its bank-holiday region and closure days. */
export async function workingCalendarFor(db: Kysely<Database>, schoolId: string): Promise<WorkingCalendar> {
  const { school, closures } = await schoolSettings(db, schoolId);
  return { region: school.region as Region, closureDays: closures.map((c) => c.day) };
}

export async function updateSchool(
  db: Kysely<Database>,
  now: Date,
  tenant: Tenant,
  actor: Actor,
  form: { name: string; urn: string; region: string; emailDomains: string },
): Promise<void> {
  const errors: FieldError[] = [];
  const name = form.name.trim();
  if (!name) errors.push({ href: '#name', text: 'Enter the school’s name' });
  if (form.urn.trim() && !/^\d{6,7}$/.test(form.urn.trim()))
    errors.push({ href: '#urn', text: 'A URN is 6 or 7 digits, like 100000' });
  if (!REGIONS.some((r) => r.id === form.region)) errors.push({ href: '#region', text: 'Select where the school is' });
  const domains = form.emailDomains
    .split(/[\s,]+/)
    .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
    .filter(Boolean);
  const badDomain = domains.find((d) => !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(d));
  if (badDomain)
    errors.push({
      href: '#emailDomains',
      text: `‘${badDomain}’ is not an email domain. Enter domains like larkfield.sch.uk`,
    });
  if (errors.length) throw new ValidationError(errors);
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('school')
      .select(['name', 'urn', 'region', 'email_domains'])
      .where('id', '=', tenant.schoolId)
      .executeTakeFirstOrThrow();
    const clash = await trx
      .selectFrom('school')
      .select('id')
      .where('trust_id', '=', tenant.trustId)
      .where('name', '=', name)
      .where('id', '<>', tenant.schoolId)
      .executeTakeFirst();
    if (clash) throw new ValidationError([{ href: '#name', text: 'Another school in the trust has this name' }]);
    await trx
      .updateTable('school')
      .set({ name, urn: form.urn.trim() || null, region: form.region, email_domains: JSON.stringify(domains) })
      .where('id', '=', tenant.schoolId)
      .execute();
    await recordAudit(trx, now, {
      actor,
      action: 'school.updated',
      entityType: 'school',
      entityId: tenant.schoolId,
      ...tenant,
      summary: { before, after: { name, urn: form.urn.trim() || null, region: form.region, email_domains: domains } },
    });
  });
}

export async function addClosureDay(
  db: Kysely<Database>,
  now: Date,
  tenant: Tenant,
  actor: Actor,
  form: { day?: string; month?: string; year?: string; reason: string },
): Promise<void> {
  const date = readDateInput(form.day, form.month, form.year, 'The date');
  const errors: FieldError[] = [];
  if (!date.ok) errors.push({ href: '#closureDate', text: date.message });
  else if (!date.value) errors.push({ href: '#closureDate', text: 'Enter the date the school is closed' });
  else if (date.value < '2020-01-01' || date.value > '2030-12-31')
    errors.push({ href: '#closureDate', text: 'The date must be between 2020 and 2030' });
  if (!form.reason.trim()) errors.push({ href: '#reason', text: 'Enter why the school is closed, like “INSET day”' });
  if (errors.length || !date.ok || !date.value) throw new ValidationError(errors);
  const day = date.value;
  await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('school_closure_day')
      .values({ school_id: tenant.schoolId, day, reason: form.reason.trim() })
      .onConflict((oc) => oc.doNothing())
      .returning('day')
      .executeTakeFirst();
    if (!inserted) throw new ValidationError([{ href: '#closureDate', text: 'That day is already a closure day' }]);
    await recordAudit(trx, now, {
      actor,
      action: 'school.closure-day-added',
      entityType: 'school',
      entityId: tenant.schoolId,
      ...tenant,
      summary: { day, reason: form.reason.trim() },
    });
  });
}

export async function removeClosureDay(
  db: Kysely<Database>,
  now: Date,
  tenant: Tenant,
  actor: Actor,
  day: string,
): Promise<boolean> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('school_closure_day')
      .where('school_id', '=', tenant.schoolId)
      .where('day', '=', day)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) return false;
    await recordAudit(trx, now, {
      actor,
      action: 'school.closure-day-removed',
      entityType: 'school',
      entityId: tenant.schoolId,
      ...tenant,
      summary: { day },
    });
    return true;
  });
}
