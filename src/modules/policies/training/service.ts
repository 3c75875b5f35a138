import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { recordAudit, type Actor } from '../../../platform/audit/audit.ts';
import { isUniqueViolation } from '../../../platform/db/errors.ts';
import { ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { ukDate } from '../../../platform/clock.ts';
import { ROLES, ROLE_NAMES, isRole } from '../../../platform/auth/permissions.ts';
import { isUuid } from '../../../platform/http/forms.ts';
import { readDateInput } from '../../directory/dates.ts';
import { addMonths, effectiveVersionForSchool, settingsFor, settingsOfVersion } from '../versions/service.ts';
import {
  completionsOfPeople,
  completionsOfPerson,
  courseTitleInUse,
  coursesRequiredFor,
  findCourse,
  findPersonOfSchool,
  hasSigned,
  peopleOfSchoolAmong,
  rolesAt,
  signersAmong,
} from './repo.ts';
import {
  OPERATOR_REQUIREMENT,
  courseState,
  eligibilityReasons,
  roleOfRequirement,
  roleRequirement,
  ukLongDate,
  type CompletionFact,
} from './rules/eligibility.ts';

export { OPERATOR_REQUIREMENT } from './rules/eligibility.ts';

export interface School {
  trustId: string;
  schoolId: string;
}

/**
 * Where a course is created or changed: a school (its own courses) or, with a null school, the
 * trust view (the trust's courses, which apply in every school). A trust's course is changed only
 * there, so one school can never change what another school's staff must complete.
 */
export interface CourseOwner {
  trustId: string;
  schoolId: string | null;
}

/** Every requirement a course can carry, as a checkbox list: account operators, then each role. */
export const REQUIREMENT_OPTIONS: readonly { value: string; text: string }[] = [
  { value: OPERATOR_REQUIREMENT, text: 'Everyone who runs an official school account' },
  ...ROLE_NAMES.map((role) => ({
    value: roleRequirement(role),
    text: role === 'staff' ? 'All staff' : ROLES[role].label,
  })),
];

export function isRequirement(value: string): boolean {
  if (value === OPERATOR_REQUIREMENT) return true;
  const role = roleOfRequirement(value);
  return role !== undefined && isRole(role);
}

/** "Everyone who runs an official school account", "Headteacher"… */
export function requirementLabel(requirement: string): string {
  return REQUIREMENT_OPTIONS.find((o) => o.value === requirement)?.text ?? requirement;
}

export interface CourseForm {
  title: string;
  description: string;
  /** Months a completion stays valid; blank when it never expires. */
  validMonths: string;
}

/** A course of the trust (created in the trust view) is used by every school; a school's own course only there (POL-5). */
export async function createCourse(
  db: Kysely<Database>,
  now: Date,
  owner: CourseOwner,
  actor: Actor,
  form: CourseForm,
): Promise<string> {
  const errors: FieldError[] = [];
  const title = form.title.trim().replace(/\s+/g, ' ');
  const description = form.description.trim();
  const months = form.validMonths.trim();
  let validMonths: number | null = null;
  if (!title) errors.push({ href: '#title', text: 'Enter the name of the course' });
  else if (title.length > 200)
    errors.push({ href: '#title', text: 'The name of the course must be 200 characters or fewer' });
  else if (await courseTitleInUse(db, owner, title))
    errors.push({ href: '#title', text: 'There is already a course with this name' });
  if (description.length > 2000)
    errors.push({ href: '#description', text: 'The description must be 2,000 characters or fewer' });
  if (months) {
    if (!/^\d+$/.test(months))
      errors.push({
        href: '#validMonths',
        text: 'How long the training lasts must be a whole number of months, like 12',
      });
    else if (Number(months) < 1 || Number(months) > 120)
      errors.push({ href: '#validMonths', text: 'How long the training lasts must be between 1 and 120 months' });
    else validMonths = Number(months);
  }
  if (errors.length) throw new ValidationError(errors);
  try {
    return await db.transaction().execute(async (trx) => {
      const course = await trx
        .insertInto('training_course')
        .values({
          trust_id: owner.trustId,
          school_id: owner.schoolId,
          title,
          description: description || null,
          valid_months: validMonths,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, now, {
        actor,
        action: 'training.course-created',
        entityType: 'training_course',
        entityId: course.id,
        trustId: owner.trustId,
        schoolId: owner.schoolId,
        summary: { title, validMonths, owner: owner.schoolId === null ? 'trust' : 'school' },
      });
      return course.id;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ValidationError([{ href: '#title', text: 'There is already a course with this name' }]);
    throw error;
  }
}

/**
 * Replaces which roles (and whether account operators) need a course. Only the course's owner
 * changes it: a school its own courses, the trust view the trust's. Anyone else finds nothing.
 */
export async function setRequirements(
  db: Kysely<Database>,
  now: Date,
  owner: CourseOwner,
  actor: Actor,
  courseId: string,
  requirements: string[],
): Promise<'saved' | 'not-found'> {
  const course = await findCourse(db, owner, courseId);
  if (!course || course.school_id !== owner.schoolId) return 'not-found';
  const wanted = [...new Set(requirements)];
  if (!wanted.every(isRequirement))
    throw new ValidationError([{ href: '#requirements', text: 'Select who needs this course from the list' }]);
  await db.transaction().execute(async (trx) => {
    const before = (
      await trx.selectFrom('training_requirement').select('requirement').where('course_id', '=', course.id).execute()
    )
      .map((r) => r.requirement)
      .sort();
    await trx.deleteFrom('training_requirement').where('course_id', '=', course.id).execute();
    if (wanted.length)
      await trx
        .insertInto('training_requirement')
        .values(wanted.map((requirement) => ({ course_id: course.id, trust_id: owner.trustId, requirement })))
        .execute();
    // The trust's course: the trust's log (no school), since the change applies in every school.
    await recordAudit(trx, now, {
      actor,
      action: 'training.requirements-changed',
      entityType: 'training_course',
      entityId: course.id,
      trustId: owner.trustId,
      schoolId: course.school_id,
      summary: { from: before, to: [...wanted].sort() },
    });
  });
  return 'saved';
}

export interface CompletionForm {
  personId: string;
  completedDay?: string;
  completedMonth?: string;
  completedYear?: string;
  evidence: string;
}

/** Records that a person of the school completed a course; it expires after the course's validity (POL-5). */
export async function recordCompletion(
  db: Kysely<Database>,
  now: Date,
  school: School,
  actor: Actor,
  courseId: string,
  form: CompletionForm,
): Promise<'recorded' | 'not-found'> {
  const course = await findCourse(db, school, courseId);
  if (!course) return 'not-found';
  const today = ukDate(now);
  const errors: FieldError[] = [];
  const person = isUuid(form.personId)
    ? await findPersonOfSchool(db, school.trustId, school.schoolId, form.personId)
    : undefined;
  if (!form.personId) errors.push({ href: '#personId', text: 'Select who completed the course' });
  else if (!person) errors.push({ href: '#personId', text: 'Select a person from the list' });
  const date = readDateInput(form.completedDay, form.completedMonth, form.completedYear, 'Date completed');
  if (!date.ok) errors.push({ href: '#completedOn', text: date.message });
  else if (!date.value) errors.push({ href: '#completedOn', text: 'Enter the date the course was completed' });
  else if (date.value > today)
    errors.push({ href: '#completedOn', text: 'The date completed cannot be in the future' });
  const evidence = form.evidence.trim();
  if (!evidence)
    errors.push({
      href: '#evidence',
      text: 'Enter the evidence of completion, like a certificate number or who ran the session',
    });
  else if (evidence.length > 2000)
    errors.push({ href: '#evidence', text: 'The evidence must be 2,000 characters or fewer' });
  if (errors.length || !person || !date.ok || !date.value) throw new ValidationError(errors);
  const completedOn = date.value;
  const expiresOn = course.valid_months ? addMonths(completedOn, course.valid_months) : null;
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('training_completion')
      .values({
        course_id: course.id,
        person_id: person.id,
        trust_id: school.trustId,
        completed_on: completedOn,
        expires_on: expiresOn,
        evidence,
        recorded_by: actor.id,
        recorded_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, now, {
      actor,
      action: 'training.completion-recorded',
      entityType: 'training_completion',
      entityId: row.id,
      trustId: school.trustId,
      schoolId: school.schoolId,
      summary: { courseId: course.id, course: course.title, personId: person.id, completedOn, expiresOn },
    });
  });
  return 'recorded';
}

export type Eligibility = { eligible: true } | { eligible: false; reasons: string[] };

/**
 * May this person run an official account of the school (ACC-3)? They must be one of the school's
 * people and not have left, have signed the policy version in force for the school, and — when the
 * policy requires operators to be trained — hold a completion that has not expired of every course
 * required for account operators. A no comes with every reason, in plain English.
 */
export async function operatorEligibility(
  db: Kysely<Database>,
  school: School,
  personId: string,
  at: Date,
): Promise<Eligibility> {
  const today = ukDate(at);
  const person = isUuid(personId) ? await findPersonOfSchool(db, school.trustId, school.schoolId, personId) : undefined;
  if (!person) return { eligible: false, reasons: ['Is not one of this school’s people'] };
  const version = await effectiveVersionForSchool(db, school, today);
  const settings = await settingsFor(db, school, at);
  const operatorCourses = settings.operatorTrainingRequired
    ? await coursesRequiredFor(db, school, [OPERATOR_REQUIREMENT])
    : [];
  const completions: CompletionFact[] = settings.operatorTrainingRequired
    ? (await completionsOfPerson(db, school.trustId, person.id)).map((c) => ({
        courseId: c.course_id,
        completedOn: c.completed_on,
        expiresOn: c.expires_on,
      }))
    : [];
  const reasons = eligibilityReasons({
    today,
    leavingDate: person.leaving_date,
    policyVersion: version ? { number: version.number } : null,
    signedPolicyVersion: version ? await hasSigned(db, version.id, person.id) : false,
    trainingRequired: settings.operatorTrainingRequired,
    operatorCourses,
    completions,
  });
  return reasons.length ? { eligible: false, reasons } : { eligible: true };
}

/**
 * operatorEligibility for several people at once (a queue of applications, every operator of the
 * school's live accounts): the policy, settings and courses are read once, and each person's facts
 * in one query for all, so a home page does not cost a handful of queries per operator.
 */
export async function operatorsEligibility(
  db: Kysely<Database>,
  school: School,
  personIds: readonly string[],
  at: Date,
): Promise<Map<string, Eligibility>> {
  const today = ukDate(at);
  const ids = [...new Set(personIds.filter(isUuid))];
  const [people, version] = await Promise.all([
    peopleOfSchoolAmong(db, school.trustId, school.schoolId, ids),
    effectiveVersionForSchool(db, school, today),
  ]);
  const settings = await settingsOfVersion(db, school, version);
  const [operatorCourses, completions, signers] = await Promise.all([
    settings.operatorTrainingRequired ? coursesRequiredFor(db, school, [OPERATOR_REQUIREMENT]) : Promise.resolve([]),
    settings.operatorTrainingRequired ? completionsOfPeople(db, school.trustId, ids) : Promise.resolve([]),
    version ? signersAmong(db, version.id, ids) : Promise.resolve(new Set<string>()),
  ]);
  const found = new Map(people.map((p) => [p.id, p]));
  const result = new Map<string, Eligibility>();
  for (const id of new Set(personIds)) {
    const person = found.get(id);
    if (!person) {
      result.set(id, { eligible: false, reasons: ['Is not one of this school’s people'] });
      continue;
    }
    const reasons = eligibilityReasons({
      today,
      leavingDate: person.leaving_date,
      policyVersion: version ? { number: version.number } : null,
      signedPolicyVersion: signers.has(id),
      trainingRequired: settings.operatorTrainingRequired,
      operatorCourses,
      completions: completions
        .filter((c) => c.person_id === id)
        .map((c): CompletionFact => ({ courseId: c.course_id, completedOn: c.completed_on, expiresOn: c.expires_on })),
    });
    result.set(id, reasons.length ? { eligible: false, reasons } : { eligible: true });
  }
  return result;
}

export interface CourseStatus {
  courseId: string;
  title: string;
  /** Why the person needs it: their roles ("Headteacher"), or "Everyone who runs an official school account". Empty when they took it anyway. */
  requiredBecause: string[];
  /** Needed because of one of their roles (an operator course is needed only if they run an account). */
  requiredByRole: boolean;
  forOperators: boolean;
  state: 'current' | 'expired' | 'missing';
  completedOn: string | null;
  expiresOn: string | null;
  /** "Completed 3 March 2025, expires 3 March 2026", "Expired on 3 March 2026", "Not completed". */
  text: string;
}

export interface TrainingStatus {
  person: { id: string; name: string };
  /** Courses their roles need, courses for account operators, and any other course they have completed. */
  courses: CourseStatus[];
  /** True when a course one of their roles needs is missing or expired. */
  missingRequired: boolean;
}

/** A person's training for their page (POL-5): undefined when they are not one of the school's people. */
export async function trainingStatusFor(
  db: Kysely<Database>,
  school: School,
  personId: string,
  at: Date,
): Promise<TrainingStatus | undefined> {
  const today = ukDate(at);
  const person = isUuid(personId) ? await findPersonOfSchool(db, school.trustId, school.schoolId, personId) : undefined;
  if (!person) return undefined;
  const roles = await rolesAt(db, person, school.schoolId);
  const required = await coursesRequiredFor(db, school, [OPERATOR_REQUIREMENT, ...roles.map(roleRequirement)]);
  const completed = await completionsOfPerson(db, school.trustId, person.id);
  const facts = completed.map((c) => ({ courseId: c.course_id, completedOn: c.completed_on, expiresOn: c.expires_on }));
  const byCourse = new Map<string, { title: string; because: string[]; byRole: boolean; forOperators: boolean }>();
  for (const r of required) {
    const entry = byCourse.get(r.id) ?? { title: r.title, because: [], byRole: false, forOperators: false };
    entry.because.push(requirementLabel(r.requirement));
    if (r.requirement === OPERATOR_REQUIREMENT) entry.forOperators = true;
    else entry.byRole = true;
    byCourse.set(r.id, entry);
  }
  for (const c of completed)
    if (!byCourse.has(c.course_id))
      byCourse.set(c.course_id, { title: c.title, because: [], byRole: false, forOperators: false });
  const courses: CourseStatus[] = [...byCourse]
    .map(([courseId, entry]) => {
      const state = courseState(facts, courseId, today);
      const completedOn = state.state === 'missing' ? null : state.completion.completedOn;
      const expiresOn = state.state === 'missing' ? null : state.completion.expiresOn;
      const text =
        state.state === 'missing'
          ? 'Not completed'
          : state.state === 'expired'
            ? `Expired on ${ukLongDate(expiresOn!)}`
            : `Completed ${ukLongDate(completedOn!)}${expiresOn ? `, expires ${ukLongDate(expiresOn)}` : ', does not expire'}`;
      return {
        courseId,
        title: entry.title,
        requiredBecause: entry.because.sort(),
        requiredByRole: entry.byRole,
        forOperators: entry.forOperators,
        state: state.state,
        completedOn,
        expiresOn,
        text,
      };
    })
    .sort((a, b) => a.title.localeCompare(b.title, 'en-GB'));
  return {
    person: { id: person.id, name: `${person.given_name} ${person.family_name}` },
    courses,
    missingRequired: courses.some((c) => c.requiredByRole && c.state !== 'current'),
  };
}
