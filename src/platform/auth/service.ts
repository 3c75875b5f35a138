import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { recordAudit } from '../audit/audit.ts';
import { queueMail } from '../mail/mail.ts';
import { enqueueJob, type JobRunner } from '../jobs/jobs.ts';
import { attemptFailed, attemptSucceeded, beginAttempt, clearAccountLimit, type Pause } from './limits/service.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { findPersonForSignIn } from './repo.ts';
import { hasLeft } from './context.ts';
import { ukDate } from '../clock.ts';
import { ValidationError, type FieldError } from '../http/errors.ts';
import { EMAIL_PATTERN, slugify } from '../http/forms.ts';
import { REGIONS, type Region } from '../calendar/calendar.ts';

export const SIGN_IN_FAILED = 'Enter a correct email address and password';

export type SignInResult =
  | { ok: true; personId: string; schoolId: string | null }
  | { ok: false; reason: 'wrong' }
  | { ok: false; reason: 'left'; leavingDate: string }
  | { ok: false; reason: 'paused'; pause: Pause };

/**
 * Checks an email address and password. Failed attempts are limited per account and per client
 * address (see limits/rules.ts); while either is paused the password is not checked at all.
 */
export async function signIn(
  db: Kysely<Database>,
  now: Date,
  today: string,
  email: string,
  password: string,
  clientAddress: string,
): Promise<SignInResult> {
  const gate = await beginAttempt(db, now, email, clientAddress);
  if ('pause' in gate) return { ok: false, reason: 'paused', pause: gate.pause };
  const person = email.trim() ? await findPersonForSignIn(db, email) : undefined;
  // The hash is checked even when the email is unknown, so a wrong email and a wrong password look alike.
  const passwordOk = await verifyPassword(password, person?.password_hash);
  if (!person || !passwordOk) {
    const pause = await attemptFailed(db, now, gate.attempt);
    return pause ? { ok: false, reason: 'paused', pause } : { ok: false, reason: 'wrong' };
  }
  await attemptSucceeded(db, gate.attempt);
  if (hasLeft(person.leaving_date, today)) return { ok: false, reason: 'left', leavingDate: person.leaving_date! };
  await db.transaction().execute((trx) =>
    recordAudit(trx, now, {
      actor: { id: person.id, label: `${person.given_name} ${person.family_name}` },
      action: 'person.signed-in',
      entityType: 'person',
      entityId: person.id,
      trustId: person.trust_id,
      schoolId: person.school_id,
    }),
  );
  return { ok: true, personId: person.id, schoolId: person.school_id };
}

const RESET_LIFETIME_MS = 60 * 60_000;
const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export const PASSWORD_RESET_JOB = 'auth.password-reset-request';

/**
 * Books the look-up for a job, so the page answers in the same time and the same way whether or not
 * the email belongs to anyone: the request writes the same one row either way.
 */
export async function askForPasswordReset(db: Kysely<Database>, now: Date, email: string): Promise<void> {
  await enqueueJob(db, PASSWORD_RESET_JOB, { email: email.trim() }, { runAt: now, maxAttempts: 3 });
}

export function registerPasswordResetJob(jobs: JobRunner, baseUrl: string): void {
  jobs.register(PASSWORD_RESET_JOB, async (payload, { db, now }) => {
    if (typeof payload.email === 'string') await requestPasswordReset(db, now, baseUrl, payload.email);
  });
}

/** Sends a reset link if the email belongs to someone who may sign in; says nothing either way. */
export async function requestPasswordReset(
  db: Kysely<Database>,
  now: Date,
  baseUrl: string,
  email: string,
): Promise<void> {
  const person = await findPersonForSignIn(db, email);
  if (!person || hasLeft(person.leaving_date, ukDate(now))) return;
  const token = randomBytes(32).toString('base64url');
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('password_reset')
      .values({
        token_hash: hash(token),
        person_id: person.id,
        created_at: now,
        expires_at: new Date(now.getTime() + RESET_LIFETIME_MS),
      })
      .execute();
    await queueMail(trx, now, {
      to: person.email!,
      trustId: person.trust_id,
      schoolId: person.school_id,
      subject: 'Reset your Postwarden password',
      sensitive: true,
      text: [
        `Dear ${person.given_name},`,
        '',
        'Someone asked to reset the password for your Postwarden account. To choose a new password, open this link within 1 hour:',
        '',
        `${baseUrl}/reset-password/${token}`,
        '',
        'The link works once. If you did not ask for this, you can ignore this email: your password has not changed.',
      ].join('\n'),
    });
    await recordAudit(trx, now, {
      actor: { id: person.id, label: `${person.given_name} ${person.family_name}` },
      action: 'person.password-reset-requested',
      entityType: 'person',
      entityId: person.id,
      trustId: person.trust_id,
      schoolId: person.school_id,
    });
  });
}

export async function findUsableReset(db: Kysely<Database>, now: Date, token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  return db
    .selectFrom('password_reset')
    .select(['token_hash', 'person_id'])
    .where('token_hash', '=', hash(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function completePasswordReset(
  db: Kysely<Database>,
  now: Date,
  token: string,
  password: string,
  confirm: string,
): Promise<'done' | 'invalid-link'> {
  const problem = passwordProblem(password);
  const errors: FieldError[] = [];
  if (problem) errors.push({ href: '#password', text: problem });
  else if (password !== confirm)
    errors.push({ href: '#confirm', text: 'The passwords do not match. Type the same password in both boxes' });
  if (errors.length) throw new ValidationError(errors);
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable('password_reset')
      .set({ used_at: now })
      .where('token_hash', '=', hash(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('person_id')
      .executeTakeFirst();
    if (!used) return 'invalid-link';
    // Any other link sent to this person stops working too.
    await trx
      .updateTable('password_reset')
      .set({ used_at: now })
      .where('person_id', '=', used.person_id)
      .where('used_at', 'is', null)
      .execute();
    const person = await trx
      .updateTable('person')
      .set({ password_hash: passwordHash, updated_at: now })
      .where('id', '=', used.person_id)
      .returning(['id', 'trust_id', 'school_id', 'given_name', 'family_name', 'email'])
      .executeTakeFirstOrThrow();
    // Holding the mailbox proves enough: a pause on signing in to this account ends.
    if (person.email) await clearAccountLimit(trx, person.email);
    // Every other session of this person ends: whoever knew the old password is signed out.
    await trx.deleteFrom('web_session').where(sql<boolean>`data->>'personId' = ${person.id}`).execute();
    await recordAudit(trx, now, {
      actor: { id: person.id, label: `${person.given_name} ${person.family_name}` },
      action: 'person.password-reset',
      entityType: 'person',
      entityId: person.id,
      trustId: person.trust_id,
      schoolId: person.school_id,
    });
    return 'done';
  });
}

export interface SetupInput {
  kind: string;
  trustName: string;
  schoolName: string;
  phase: string;
  region: string;
  givenName: string;
  familyName: string;
  email: string;
  password: string;
  confirm: string;
}

export const PHASES = [
  { value: 'primary', text: 'Primary' },
  { value: 'secondary', text: 'Secondary' },
  { value: 'all-through', text: 'All-through' },
  { value: 'special', text: 'Special school' },
  { value: 'other', text: 'Other (for example a pupil referral unit)' },
];

export function validateSetup(input: SetupInput): FieldError[] {
  const errors: FieldError[] = [];
  if (input.kind !== 'school' && input.kind !== 'trust')
    errors.push({ href: '#kind', text: 'Select whether you are setting up a single school or a trust' });
  if (input.kind === 'trust' && !input.trustName.trim())
    errors.push({ href: '#trustName', text: 'Enter the name of the trust' });
  if (!input.schoolName.trim())
    errors.push({
      href: '#schoolName',
      text: input.kind === 'trust' ? 'Enter the name of the first school in the trust' : 'Enter the name of the school',
    });
  if (input.schoolName.length > 150 || input.trustName.length > 150)
    errors.push({ href: '#schoolName', text: 'Names must be 150 characters or fewer' });
  if (!PHASES.some((p) => p.value === input.phase))
    errors.push({ href: '#phase', text: 'Select the phase of the school' });
  if (!REGIONS.some((r) => r.id === input.region))
    errors.push({ href: '#region', text: 'Select where the school is, so bank holidays are right' });
  if (!input.givenName.trim()) errors.push({ href: '#givenName', text: 'Enter your first name' });
  if (!input.familyName.trim()) errors.push({ href: '#familyName', text: 'Enter your last name' });
  if (!EMAIL_PATTERN.test(input.email.trim()))
    errors.push({ href: '#email', text: 'Enter an email address in the correct format, like name@school.sch.uk' });
  const problem = passwordProblem(input.password);
  if (problem) errors.push({ href: '#password', text: problem });
  else if (input.password !== input.confirm)
    errors.push({ href: '#confirm', text: 'The passwords do not match. Type the same password in both boxes' });
  return errors;
}

/** First run: the trust (or a school as a trust of one), its first school and the first administrator. */
export async function completeSetup(
  db: Kysely<Database>,
  now: Date,
  input: SetupInput,
  options: { secondFactorRequired?: boolean } = {},
): Promise<{ personId: string; schoolId: string } | 'already-done'> {
  const errors = validateSetup(input);
  if (errors.length) throw new ValidationError(errors);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(7001)`.execute(trx);
    if (await trx.selectFrom('trust').select('id').limit(1).executeTakeFirst()) return 'already-done' as const;
    const schoolName = input.schoolName.trim();
    const trustName = input.kind === 'trust' ? input.trustName.trim() : schoolName;
    const trust = await trx
      .insertInto('trust')
      .values({
        name: trustName,
        slug: slugify(trustName),
        created_at: now,
        second_factor_required: options.secondFactorRequired ?? true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const school = await trx
      .insertInto('school')
      .values({
        trust_id: trust.id,
        name: schoolName,
        slug: slugify(schoolName),
        phase: input.phase,
        region: input.region as Region,
        urn: null,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const person = await trx
      .insertInto('person')
      .values({
        trust_id: trust.id,
        school_id: school.id,
        mis_id: null,
        given_name: input.givenName.trim(),
        family_name: input.familyName.trim(),
        email: input.email.trim().toLowerCase(),
        employment_type: 'full-time',
        job_title: 'Postwarden administrator',
        start_date: null,
        leaving_date: null,
        password_hash: passwordHash,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('role_assignment')
      .values({ person_id: person.id, trust_id: trust.id, school_id: null, role: 'trust_admin' })
      .execute();
    const actor = { id: person.id, label: `${input.givenName.trim()} ${input.familyName.trim()}` };
    await recordAudit(trx, now, {
      actor,
      action: 'trust.created',
      entityType: 'trust',
      entityId: trust.id,
      trustId: trust.id,
      summary: { name: trustName, kind: input.kind },
    });
    await recordAudit(trx, now, {
      actor,
      action: 'school.created',
      entityType: 'school',
      entityId: school.id,
      trustId: trust.id,
      schoolId: school.id,
      summary: { name: schoolName, phase: input.phase, region: input.region },
    });
    await recordAudit(trx, now, {
      actor,
      action: 'person.created',
      entityType: 'person',
      entityId: person.id,
      trustId: trust.id,
      schoolId: school.id,
      summary: { role: 'trust_admin' },
    });
    return { personId: person.id, schoolId: school.id };
  });
}
