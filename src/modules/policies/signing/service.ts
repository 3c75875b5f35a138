// Read and sign (POL-4): each person in scope signs the version in force for them; the system
// tracks who has not, chases them by mail, and reports coverage.
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { recordAudit, type Actor } from '../../../platform/audit/audit.ts';
import { ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { isUuid } from '../../../platform/http/forms.ts';
import { ukDate } from '../../../platform/clock.ts';
import { formatDate, formatDateTime } from '../../../platform/views/nunjucks.ts';
import { enqueueJob } from '../../../platform/jobs/jobs.ts';
import { queueMail } from '../../../platform/mail/mail.ts';
import { ROLES, isRole } from '../../../platform/auth/permissions.ts';
import { hasLeft } from '../../../platform/auth/context.ts';
import { employmentTypeLabel, isEmploymentType } from '../../directory/people.ts';
import { defaultSettings, type PolicySettings } from '../model/settings.ts';
import type { PolicyDocument } from '../model/types.ts';
import { numberPolicy, type NumberedSection } from '../rules/render.ts';
import { effectiveVersionOf, localSettings } from '../versions/repo.ts';
import {
  LOCAL_SETTING_KEYS,
  SIGNING_REMINDER_JOB,
  contentHash,
  effectiveVersionForSchool,
} from '../versions/service.ts';
import {
  coverageSnapshot,
  coveragePeople,
  findApprovedVersion,
  findSignature,
  findSigner,
  findVersionForSigner,
  futureStarterCount,
  unsignedPeople,
  type CoverageFilter,
  type CoveragePerson,
  type CountRow,
  type SignedFilter,
  type Signer,
  type VersionScope,
} from './repo.ts';

export const REMINDER_INTERVAL_DAYS = 7;

/** Who is signing: a person of a trust (the request context gives both). */
export interface SignerRef {
  id: string;
  trustId: string;
}

type InForceVersion = NonNullable<Awaited<ReturnType<typeof effectiveVersionOf>>>;

/** The version in force for someone whose home school is `homeSchoolId` (null: central trust staff). */
async function versionInForceFor(
  db: Kysely<Database>,
  trustId: string,
  homeSchoolId: string | null,
  today: string,
): Promise<InForceVersion | undefined> {
  return homeSchoolId
    ? effectiveVersionForSchool(db, { trustId, schoolId: homeSchoolId }, today)
    : effectiveVersionOf(db, { trustId, schoolId: null }, today);
}

/** New starters sign from their start date; until then they have nothing to sign. */
function notStartedYet(signer: Signer, today: string): boolean {
  return signer.start_date !== null && signer.start_date > today;
}

export type SigningStatus =
  | { kind: 'unknown' }
  | { kind: 'left'; leavingDate: string }
  | { kind: 'no-policy' }
  | { kind: 'not-started'; startDate: string }
  | { kind: 'to-sign'; signer: Signer; version: InForceVersion }
  | {
      kind: 'signed';
      signer: Signer;
      version: InForceVersion;
      signature: NonNullable<Awaited<ReturnType<typeof findSignature>>>;
    };

/** Where a person stands with the version in force for them today. */
export async function signingStatusFor(db: Kysely<Database>, person: SignerRef, today: string): Promise<SigningStatus> {
  const signer = await findSigner(db, person.trustId, person.id);
  if (!signer) return { kind: 'unknown' };
  if (hasLeft(signer.leaving_date, today)) return { kind: 'left', leavingDate: signer.leaving_date! };
  if (notStartedYet(signer, today)) return { kind: 'not-started', startDate: signer.start_date! };
  const version = await versionInForceFor(db, signer.trust_id, signer.school_id, today);
  if (!version) return { kind: 'no-policy' };
  const signature = await findSignature(db, version.id, signer.id);
  return signature ? { kind: 'signed', signer, version, signature } : { kind: 'to-sign', signer, version };
}

/** The person's signing task: the version in force for their home school, if they have not signed it yet. */
export async function signingTaskFor(
  db: Kysely<Database>,
  person: SignerRef,
  today: string,
): Promise<InForceVersion | undefined> {
  const status = await signingStatusFor(db, person, today);
  return status.kind === 'to-sign' ? status.version : undefined;
}

/** The settings a version is read with: its own, with the school's local ones where it is the trust's policy. */
export async function readingSettings(
  db: Kysely<Database>,
  version: { settings: unknown; school_id: string | null },
  homeSchoolId: string | null,
): Promise<PolicySettings> {
  const settings = { ...defaultSettings(), ...((version.settings as Partial<PolicySettings> | null) ?? {}) };
  if (version.school_id === null && homeSchoolId) {
    const local = await localSettings(db, homeSchoolId);
    for (const key of LOCAL_SETTING_KEYS)
      if (typeof local[key] === 'string' && local[key]) (settings as Record<string, unknown>)[key] = local[key];
  }
  return settings;
}

export interface PolicyToRead {
  title: string;
  sections: NumberedSection[];
  statement: string;
}

/** The policy as this person reads it: numbered, placeholders filled, with the statement they sign. */
export async function policyToRead(
  db: Kysely<Database>,
  version: { document: unknown; settings: unknown; school_id: string | null },
  homeSchoolId: string | null,
): Promise<PolicyToRead> {
  const settings = await readingSettings(db, version, homeSchoolId);
  const document = version.document as PolicyDocument;
  return { title: document.title, sections: numberPolicy(document, settings), statement: settings.signingStatement };
}

/** Names compared as a person would: ignoring case, spacing and the kind of apostrophe. */
export function sameName(typed: string, actual: string): boolean {
  const norm = (s: string) =>
    s
      .normalize('NFKC')
      .toLocaleLowerCase('en-GB')
      .replace(/[\u2018\u2019\u02bc`]/g, "'")
      .replace(/[\u2010-\u2015]/g, '-')
      .replace(/\s+/g, '');
  return norm(typed) !== '' && norm(typed) === norm(actual);
}

export interface SignForm {
  versionId: string;
  /** The confirmation checkbox was ticked. */
  confirmed: boolean;
  typedName: string;
}

/**
 * Records a signature (POL-4): the person confirms the statement and types their name. Refused for a
 * version that is not the one in force for them, and for a version they have already signed.
 * Stores what they typed, the statement, the time and the version's content hash, with an audit
 * event in the same transaction.
 */
export async function sign(
  db: Kysely<Database>,
  now: Date,
  person: SignerRef,
  actor: Actor,
  form: SignForm,
): Promise<{ signatureId: string; versionId: string }> {
  const today = ukDate(now);
  return db.transaction().execute(async (trx) => {
    const signer = await findSigner(trx, person.trustId, person.id);
    if (!signer || hasLeft(signer.leaving_date, today))
      throw new ValidationError([{ href: '#main-content', text: 'There is no policy for you to sign' }]);
    if (notStartedYet(signer, today)) {
      throw new ValidationError([
        {
          href: '#main-content',
          text: `You can sign the policy from your start date, ${formatDate(signer.start_date)}`,
        },
      ]);
    }
    const inForce = await versionInForceFor(trx, signer.trust_id, signer.school_id, today);
    if (!inForce)
      throw new ValidationError([{ href: '#main-content', text: 'There is no policy for you to sign at the moment' }]);
    if (form.versionId !== inForce.id) {
      const posted = isUuid(form.versionId)
        ? await findVersionForSigner(trx, signer.trust_id, signer.school_id, form.versionId)
        : undefined;
      const notYet = posted && (posted.status !== 'approved' || (posted.effective_from ?? '') > today);
      throw new ValidationError([
        {
          href: '#main-content',
          text: notYet
            ? `Version ${posted.number} is not in force yet. Sign version ${inForce.number}, which is in force now`
            : `This version has been replaced by version ${inForce.number}, in force from ${formatDate(inForce.effective_from)}. Read version ${inForce.number} below and sign that instead`,
        },
      ]);
    }
    const already = await findSignature(trx, inForce.id, signer.id);
    if (already)
      throw new ValidationError([
        {
          href: '#main-content',
          text: `You signed this version on ${formatDateTime(already.signed_at)}. You do not need to sign it again`,
        },
      ]);

    const fullName = `${signer.given_name} ${signer.family_name}`;
    const typed = form.typedName.trim();
    const errors: FieldError[] = [];
    if (!form.confirmed)
      errors.push({
        href: '#confirm',
        text: 'Select the box to confirm you have read and understood the policy and agree to follow it',
      });
    if (!typed) errors.push({ href: '#typedName', text: 'Type your full name to sign the policy' });
    else if (typed.length > 200) errors.push({ href: '#typedName', text: 'Your name must be 200 characters or fewer' });
    else if (!sameName(typed, fullName))
      errors.push({
        href: '#typedName',
        text: `The name you typed does not match the name the school has for you (${fullName}). Type your full name as shown`,
      });
    if (errors.length) throw new ValidationError(errors);

    const settings = await readingSettings(trx, inForce, signer.school_id);
    const hash = inForce.content_hash ?? contentHash(inForce.document, inForce.settings);
    const row = await trx
      .insertInto('signature')
      .values({
        version_id: inForce.id,
        person_id: signer.id,
        trust_id: signer.trust_id,
        signed_at: now,
        typed_name: typed,
        statement: settings.signingStatement,
        content_hash: hash,
      })
      .onConflict((oc) => oc.columns(['version_id', 'person_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    // Two tabs submitting at once: the second finds the first's signature.
    if (!row)
      throw new ValidationError([
        { href: '#main-content', text: 'You have already signed this version. You do not need to sign it again' },
      ]);
    await recordAudit(trx, now, {
      actor,
      action: 'policy.signed',
      entityType: 'signature',
      entityId: row.id,
      trustId: signer.trust_id,
      schoolId: signer.school_id,
      summary: { personId: signer.id, versionId: inForce.id, number: inForce.number, contentHash: hash },
    });
    return { signatureId: row.id, versionId: inForce.id };
  });
}

// ---------------------------------------------------------------- coverage

export interface CoverageFilters extends CoverageFilter {
  signed?: SignedFilter;
  page?: number;
}

export interface CoverageGroup {
  key: string | null;
  label: string;
  total: number;
  signed: number;
  notSigned: number;
  /** Whole per cent signed, rounded down so that 100% means everyone. */
  percent: number;
}

export interface Coverage {
  total: number;
  signed: number;
  notSigned: number;
  percent: number;
  bySchool: CoverageGroup[];
  byRole: CoverageGroup[];
  byEmploymentType: CoverageGroup[];
  people: (CoveragePerson & { name: string; schoolName: string; employment: string; roleLabels: string })[];
  /** How many people match the filters, including the signed/not signed one (for paging). */
  matching: number;
  page: number;
  pageCount: number;
}

export const COVERAGE_PAGE_SIZE = 50;

const percentOf = (signed: number, total: number): number => (total === 0 ? 0 : Math.floor((signed * 100) / total));
const roleLabel = (role: string): string => (isRole(role) ? ROLES[role].label : role);

export async function schoolNames(db: Kysely<Database>, trustId: string): Promise<Map<string | null, string>> {
  const rows = await db
    .selectFrom('school')
    .select(['id', 'name'])
    .where('trust_id', '=', trustId)
    .orderBy('name')
    .execute();
  return new Map<string | null, string>([
    ...rows.map((r) => [r.id, r.name] as [string, string]),
    [null, 'Trust central team'],
  ]);
}

/** Filters as they arrive from a query string, with anything unknown dropped. */
export function readCoverageFilters(query: Record<string, unknown>): CoverageFilters {
  const text = (name: string): string => (typeof query[name] === 'string' ? (query[name] as string).trim() : '');
  const school = text('school');
  const role = text('role');
  const type = text('type');
  const signed = text('signed');
  const page = Number.parseInt(text('page'), 10);
  return {
    ...(school === 'trust' || isUuid(school) ? { school } : {}),
    ...(isRole(role) ? { role } : {}),
    ...(isEmploymentType(type) ? { employmentType: type } : {}),
    ...(signed === 'signed' || signed === 'not-signed' ? { signed } : {}),
    page: Number.isFinite(page) && page > 0 ? Math.min(page, 100_000) : 1,
  };
}

/**
 * Who has and has not signed `version` (POL-4), by school, role and employment type, with one page
 * of the people themselves. Two queries whatever the size of the trust: the counts (one pass with
 * GROUP BY) and the page.
 */
export async function coverage(
  db: Kysely<Database>,
  version: VersionScope,
  today: string,
  filters: CoverageFilters,
  names?: Map<string | null, string>,
): Promise<Coverage> {
  const { signed: signedFilter, page: wantedPage = 1, ...scope } = filters;
  const snapshot = (page: number) =>
    coverageSnapshot(db, version, today, scope, signedFilter, {
      limit: COVERAGE_PAGE_SIZE,
      offset: (page - 1) * COVERAGE_PAGE_SIZE,
    });
  const [first, schools] = await Promise.all([snapshot(wantedPage), names ?? schoolNames(db, version.trust_id)]);
  const rows = first.counts;
  const all = rows.find((r) => r.dimension === 'all') ?? { total: 0, signed: 0 };
  const group = (dimension: CountRow['dimension'], label: (key: string | null) => string): CoverageGroup[] =>
    rows
      .filter((r) => r.dimension === dimension)
      .map((r) => ({
        key: r.key,
        label: label(r.key),
        total: r.total,
        signed: r.signed,
        notSigned: r.total - r.signed,
        percent: percentOf(r.signed, r.total),
      }))
      .sort((a, b) => a.label.localeCompare(b.label, 'en-GB'));
  const matching =
    signedFilter === 'signed' ? all.signed : signedFilter === 'not-signed' ? all.total - all.signed : all.total;
  const pageCount = Math.max(1, Math.ceil(matching / COVERAGE_PAGE_SIZE));
  const page = Math.min(wantedPage, pageCount);
  // Asked for a page beyond the last (the list shrank): show the last one instead.
  const people = page === wantedPage ? first.people : (await snapshot(page)).people;
  return {
    total: all.total,
    signed: all.signed,
    notSigned: all.total - all.signed,
    percent: percentOf(all.signed, all.total),
    bySchool: group('school', (key) => schools.get(key) ?? 'Another school'),
    byRole: group('role', (key) => roleLabel(key ?? '')),
    byEmploymentType: group('type', (key) => employmentTypeLabel(key ?? '')),
    people: people.map((p) => decorate(p, schools)),
    matching,
    page,
    pageCount,
  };
}

/** Just how many must sign and how many have (the home page's line), without listing anyone. */
export async function coverageTotals(
  db: Kysely<Database>,
  version: VersionScope,
  today: string,
  filter: CoverageFilter,
): Promise<{ total: number; signed: number; notSigned: number; percent: number }> {
  const { counts } = await coverageSnapshot(db, version, today, filter, undefined, { limit: 0, offset: 0 });
  const all = counts.find((r) => r.dimension === 'all') ?? { total: 0, signed: 0 };
  return {
    total: all.total,
    signed: all.signed,
    notSigned: all.total - all.signed,
    percent: percentOf(all.signed, all.total),
  };
}

function decorate(p: CoveragePerson, schools: Map<string | null, string>) {
  return {
    ...p,
    name: `${p.given_name} ${p.family_name}`,
    schoolName: schools.get(p.school_id) ?? '',
    employment: employmentTypeLabel(p.employment_type),
    roleLabels: p.roles.map(roleLabel).join(', '),
  };
}

/** Every person matching the filters, for the CSV export. */
export async function coverageRows(
  db: Kysely<Database>,
  version: VersionScope,
  today: string,
  filters: CoverageFilters,
) {
  const { signed, page: _page, ...scope } = filters;
  const [people, schools] = await Promise.all([
    coveragePeople(db, version, today, scope, signed),
    schoolNames(db, version.trust_id),
  ]);
  return people.map((p) => decorate(p, schools));
}

// ---------------------------------------------------------------- reminders

export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Schedules a signing round's mail for a date (once per version and date, however often it is asked). */
export async function scheduleSigningReminders(trx: Kysely<Database>, versionId: string, date: string): Promise<void> {
  await enqueueJob(
    trx,
    SIGNING_REMINDER_JOB,
    { versionId },
    { runAt: new Date(`${date}T08:00:00Z`), dedupeKey: `signing:${versionId}:${date}` },
  );
}

export interface ReminderResult {
  /** 'superseded': the version is no longer in force (or never was approved), so nothing is sent. */
  outcome: 'sent' | 'superseded';
  mailed: number;
  unsigned: number;
  nextRun: string | null;
}

/**
 * The signing round's mail (POL-4): one message to each person in scope with an email address who
 * has not signed, unless the version is no longer in force. The next round follows a week later
 * while anyone is left unsigned or is yet to start.
 */
export async function sendSigningReminders(
  db: Kysely<Database>,
  now: Date,
  versionId: string,
  baseUrl: string,
): Promise<ReminderResult> {
  const today = ukDate(now);
  const version = isUuid(versionId) ? await findApprovedVersion(db, versionId) : undefined;
  if (!version) return { outcome: 'superseded', mailed: 0, unsigned: 0, nextRun: null };
  const inForce = await effectiveVersionOf(db, { trustId: version.trust_id, schoolId: version.school_id }, today);
  if (inForce?.id !== version.id) return { outcome: 'superseded', mailed: 0, unsigned: 0, nextRun: null };

  const [unsigned, schools, waiting] = await Promise.all([
    unsignedPeople(db, version, today),
    schoolNames(db, version.trust_id),
    futureStarterCount(db, version, today),
  ]);
  const title = (version.document as PolicyDocument).title;
  const opening = version.effective_from === today;
  const link = `${baseUrl}/policy/sign`;
  const nextRun = unsigned.length > 0 || waiting > 0 ? addDays(today, REMINDER_INTERVAL_DAYS) : null;
  let mailed = 0;
  await db.transaction().execute(async (trx) => {
    for (const person of unsigned) {
      if (!person.email) continue;
      const where = person.school_id ? (schools.get(person.school_id) ?? 'your school') : 'the trust';
      await queueMail(trx, now, {
        to: person.email,
        trustId: version.trust_id,
        schoolId: person.school_id,
        subject: opening
          ? `Please read and sign the ${title.toLowerCase()}`
          : `Reminder: please read and sign the ${title.toLowerCase()}`,
        text: [
          `Dear ${person.given_name},`,
          '',
          opening
            ? `Version ${version.number} of the ${title.toLowerCase()} for ${where} is in force from today. Everyone who works at or for ${where} must read it and sign to say they will follow it.`
            : `You have not yet signed version ${version.number} of the ${title.toLowerCase()} for ${where}, in force since ${formatDate(version.effective_from)}.`,
          '',
          `Read and sign it here: ${link}`,
          '',
          'It takes a few minutes. We will remind you each week until you have signed.',
        ].join('\n'),
      });
      mailed++;
    }
    if (nextRun) await scheduleSigningReminders(trx, version.id, nextRun);
  });
  return { outcome: 'sent', mailed, unsigned: unsigned.length, nextRun };
}
