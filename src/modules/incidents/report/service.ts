/**
 * Reporting a concern (INC-1, INC-2): validate the one form, find the people named, keep the
 * evidence, route it, open its clocks and tell whoever must act, all in one transaction, so a
 * report with any problem writes nothing.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { Actor } from '../../../platform/audit/audit.ts';
import { ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { queueMail } from '../../../platform/mail/mail.ts';
import { ukDate } from '../../../platform/clock.ts';
import { transact } from '../../../platform/db/transact.ts';
import { readDateInput } from '../../directory/dates.ts';
import { workingCalendarFor } from '../../directory/index.ts';
import { settingsFor } from '../../policies/index.ts';
import { recordCaseEvent } from '../chronology/events.ts';
import { openAction } from '../actions/open.ts';
import { prepareFile, type PreparedFile, type UploadedFile } from '../evidence/files.ts';
import { GROUP_LABELS, isConcernKind, KINDS, type ConcernKind } from '../rules/kinds.ts';
import { routeConcern, type Route } from '../rules/routing.ts';
import { breachDecisionDue, ladoReferralDue, supportDue, takedownDue, triageDue } from '../rules/clocks.ts';
import type { School } from '../cases/repo.ts';
import { resolveName, type PersonChoice } from './people.ts';
import { groupHolders } from './holders.ts';

export const MAX_NAMED = 3;

export interface ReportForm {
  kind: string;
  description: string;
  disclosure: string;
  atRisk: string;
  where: string;
  whereSite: string;
  day: string;
  month: string;
  year: string;
  time: string;
  involved: string[];
  picks: string[];
  outside: string;
  postId: string;
}

export interface ReportResult {
  caseId: string;
  reference: string;
  route: Route;
  atRisk: boolean;
  urgent: boolean;
  triageDueAt: Date;
  restricted: boolean;
}

export class AmbiguousPeople extends ValidationError {
  constructor(
    errors: FieldError[],
    readonly choices: Record<number, PersonChoice[]>,
  ) {
    super(errors);
  }
}

export function readUrl(text: string): URL | null {
  try {
    const url = new URL(text.trim());
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.') ? url : null;
  } catch {
    return null;
  }
}

export async function reportConcern(
  db: Kysely<Database>,
  now: Date,
  school: School,
  reporter: Actor & { id: string },
  form: ReportForm,
  uploads: UploadedFile[],
  options: { uploadLimitMb: number; baseUrl: string; post?: { id: string; summary: string } | null },
): Promise<ReportResult> {
  const errors: FieldError[] = [];
  const today = ukDate(now);
  const kind = form.kind;
  if (form.atRisk !== 'yes' && form.atRisk !== 'no')
    errors.push({ href: '#atRisk', text: 'Select yes if someone is at risk of harm right now' });
  if (!isConcernKind(kind)) errors.push({ href: '#kind', text: 'Select what kind of concern it is' });
  const description = form.description.trim();
  if (!description) errors.push({ href: '#description', text: 'Describe what happened' });
  else if (description.length > 5000)
    errors.push({ href: '#description', text: 'What happened must be 5,000 characters or fewer' });
  if (form.disclosure.trim().length > 5000)
    errors.push({ href: '#disclosure', text: 'What you were told must be 5,000 characters or fewer' });
  let where: URL | null = null;
  if (form.where.trim()) {
    where = readUrl(form.where);
    if (!where)
      errors.push({ href: '#where', text: 'Enter the link as a web address, like https://www.example.com/post/123' });
  }
  if (form.whereSite.trim().length > 200)
    errors.push({ href: '#whereSite', text: 'The site’s description must be 200 characters or fewer' });
  const date = readDateInput(form.day, form.month, form.year, 'When it happened');
  if (!date.ok) errors.push({ href: '#when-day', text: date.message });
  else if (date.value && date.value > today)
    errors.push({ href: '#when-day', text: 'When it happened must be today or in the past' });
  const time = form.time.trim();
  if (time && !/^([01]?\d|2[0-3]):[0-5]\d$/.test(time))
    errors.push({ href: '#time', text: 'Enter the time like 14:30, or leave it blank' });
  if (form.outside.trim().length > 500)
    errors.push({ href: '#outside', text: 'People outside the school must be 500 characters or fewer' });

  // The people named, each found in the school's own lists.
  const named: PersonChoice[] = [];
  const choices: Record<number, PersonChoice[]> = {};
  for (const [index, text] of form.involved.slice(0, MAX_NAMED).entries()) {
    if (!text.trim()) continue;
    const found = await resolveName(db, school, text, today, form.picks[index] || undefined);
    if (found.state === 'found') named.push(found.person);
    else if (found.state === 'several') {
      choices[index] = found.choices;
      errors.push({
        href: `#pick-${index}`,
        text: `More than one person matches “${text.trim()}”. Choose who you mean`,
      });
    } else {
      errors.push({
        href: `#involved-${index}`,
        text: `Nobody at the school is called “${text.trim()}”. Check the spelling, or put them in the box for people outside the school`,
      });
    }
  }

  const prepared: PreparedFile[] = [];
  for (const upload of uploads) {
    const result = await prepareFile(upload, options.uploadLimitMb);
    if (result.ok) prepared.push(result.file);
    else errors.push({ href: '#evidence', text: result.message });
  }
  if (errors.length)
    throw Object.keys(choices).length ? new AmbiguousPeople(errors, choices) : new ValidationError(errors);

  const concernKind = kind as ConcernKind;
  const def = KINDS[concernKind];
  const subjects = new Set(def.staffNamedAreSubjects ? named.filter((p) => p.kind === 'staff').map((p) => p.id) : []);
  const [holders, cal, settings] = await Promise.all([
    groupHolders(db, school, today),
    workingCalendarFor(db, school.schoolId),
    settingsFor(db, school, now),
  ]);
  const route = routeConcern(concernKind, holders, subjects);
  const owner = route.people[0] ?? null;
  const atRisk = form.atRisk === 'yes';
  const urgent = route.urgent || atRisk;
  const triageDueAt = triageDue(cal, now, urgent);

  return transact(db, async (trx) => {
    const year = Number(today.slice(0, 4));
    const counter = await sql<{ last: number }>`
      INSERT INTO case_counter (school_id, year, last) VALUES (${school.schoolId}, ${year}, 1)
      ON CONFLICT (school_id, year) DO UPDATE SET last = case_counter.last + 1 RETURNING last`.execute(trx);
    const reference = `C-${year}-${String(counter.rows[0]!.last).padStart(4, '0')}`;
    const row = await trx
      .insertInto('concern_case')
      .values({
        trust_id: school.trustId,
        school_id: school.schoolId,
        reference,
        kind: concernKind,
        status: 'new',
        restricted: route.restricted,
        about_head: route.aboutHead,
        urgent,
        reporter_id: reporter.id,
        description,
        disclosure: form.disclosure.trim() || null,
        location_url: where?.href ?? null,
        happened_on: date.ok ? date.value : null,
        happened_time: time || null,
        at_risk: atRisk,
        post_id: options.post?.id ?? null,
        routed_to: route.group ?? 'nobody',
        routed_fallback: route.fallback,
        owner_id: owner?.id ?? null,
        reported_at: now,
        breach: concernKind === 'personal-data-posted',
        breach_aware_at: concernKind === 'personal-data-posted' ? now : null,
        created_at: now,
        updated_at: now,
      })
      .returning(['id', 'trust_id', 'school_id', 'restricted'])
      .executeTakeFirstOrThrow();
    const c = { ...row };

    for (const p of named) {
      await trx
        .insertInto('case_person')
        .values({
          case_id: c.id,
          trust_id: school.trustId,
          school_id: school.schoolId,
          kind: p.kind,
          pupil_id: p.kind === 'pupil' ? p.id : null,
          person_id: p.kind === 'staff' ? p.id : null,
          name: p.name,
          is_subject: subjects.has(p.id),
        })
        .execute();
    }
    if (form.outside.trim()) {
      await trx
        .insertInto('case_person')
        .values({
          case_id: c.id,
          trust_id: school.trustId,
          school_id: school.schoolId,
          kind: 'outside',
          pupil_id: null,
          person_id: null,
          name: form.outside.trim(),
          is_subject: false,
        })
        .execute();
    }
    await recordCaseEvent(trx, now, c, reporter, 'case.reported', {
      text: description,
      detail: {
        reference,
        kind: concernKind,
        atRisk,
        ...(options.post ? { post: options.post.summary } : {}),
        ...(form.disclosure.trim() ? { disclosure: 'recorded in the discloser’s words' } : {}),
      },
    });
    await recordCaseEvent(trx, now, c, { id: null, label: 'Postwarden' }, 'case.routed', {
      text: route.group
        ? `${GROUP_LABELS[route.group]}${route.fallback ? ' (the first choice was not available)' : ''}: ${route.people.map((p) => p.name).join(', ')}`
        : 'Nobody holds the roles this concern goes to',
      audit: false,
    });
    for (const file of prepared) await addFileEvidence(trx, now, c, reporter, file);
    if (where)
      await addLinkEvidence(trx, now, c, reporter, {
        url: where.href,
        seenAt: now,
        site: form.whereSite.trim() || null,
      });

    await openAction(trx, now, c, reporter, {
      kind: 'triage',
      ownerId: owner?.id ?? null,
      dueAt: triageDueAt,
      clock: urgent ? 'calendar-hours' : 'working-days',
    });
    for (const opening of def.opensWith) {
      if (opening === 'takedown-request')
        await openAction(trx, now, c, reporter, {
          kind: 'takedown-request',
          ownerId: owner?.id ?? null,
          dueAt: takedownDue(cal, now, settings.takedownTargetHours),
          clock: 'calendar-hours',
        });
      if (opening === 'support-offer')
        await openAction(trx, now, c, reporter, {
          kind: 'support-offer',
          ownerId: owner?.id ?? null,
          dueAt: supportDue(cal, now),
          clock: 'working-days',
        });
      if (opening === 'lado-referral')
        await openAction(trx, now, c, reporter, {
          kind: 'lado-referral',
          ownerId: owner?.id ?? null,
          dueAt: ladoReferralDue(cal, now),
          clock: 'working-days',
          detail: { ladoContact: settings.ladoContact },
        });
      if (opening === 'breach-decision')
        await openAction(trx, now, c, reporter, {
          kind: 'breach-decision',
          ownerId: owner?.id ?? null,
          dueAt: breachDecisionDue(now),
          clock: 'calendar-hours',
        });
    }

    for (const person of route.people) {
      if (!person.email) continue;
      await queueCaseMail(
        trx,
        now,
        c,
        person.email,
        urgent
          ? {
              subject: `Urgent: a concern needs you now (${reference})`,
              text: `A concern has been reported to you and is urgent. Open it now:\n\n${options.baseUrl}/cases/${c.id}\n\nIt must be looked at within the hour.`,
            }
          : {
              subject: `A concern has been reported to you (${reference})`,
              text: `A concern has been reported to you. Open it here:\n\n${options.baseUrl}/cases/${c.id}\n\nIt needs an initial assessment by the end of the next working day.`,
            },
      );
    }
    return { caseId: c.id, reference, route, atRisk, urgent, triageDueAt, restricted: c.restricted };
  });
}

/**
 * Queues an email about a case and links it to the case, so the case's page lists it for those
 * who may open the case, whether or not it could be sent (a restricted case's email is in no outbox).
 */
export async function queueCaseMail(
  trx: Kysely<Database>,
  now: Date,
  c: { id: string; trust_id: string; school_id: string; restricted: boolean },
  to: string,
  message: { subject: string; text: string },
): Promise<void> {
  const messageId = await queueMail(trx, now, caseMail(c, to, message));
  await trx
    .insertInto('case_mail')
    .values({ case_id: c.id, message_id: messageId, trust_id: c.trust_id, school_id: c.school_id })
    .execute();
}

/**
 * Mail about a case says only its reference and link. A restricted case's mail belongs to no
 * tenant, so it appears in no school's outbox (INC-7); it is delivered over SMTP as usual, and
 * listed on the case's page (queueCaseMail) for those who may open the case.
 */
export function caseMail(
  c: { trust_id: string; school_id: string; restricted: boolean },
  to: string,
  message: { subject: string; text: string },
) {
  return c.restricted
    ? { to, subject: message.subject, text: message.text, trustId: null, schoolId: null, sensitive: true }
    : { to, subject: message.subject, text: message.text, trustId: c.trust_id, schoolId: c.school_id };
}

export async function addFileEvidence(
  trx: Kysely<Database>,
  now: Date,
  c: { id: string; trust_id: string; school_id: string; restricted: boolean },
  actor: Actor & { id: string },
  file: PreparedFile,
): Promise<void> {
  const row = await trx
    .insertInto('case_evidence')
    .values({
      case_id: c.id,
      trust_id: c.trust_id,
      school_id: c.school_id,
      kind: 'file',
      file_name: file.fileName,
      mime_type: file.mimeType,
      size_bytes: file.sizeBytes,
      sha256: file.sha256,
      bytes: file.bytes,
      preview: file.preview,
      url: null,
      seen_at: null,
      site_description: null,
      added_by: actor.id,
      added_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // The hash also goes into the chronology and the audit chain, so a change to both the bytes and the stored hash is still found.
  await recordCaseEvent(trx, now, c, actor, 'evidence.added', {
    text: file.fileName,
    detail: { evidenceId: row.id, sha256: file.sha256, bytes: file.sizeBytes, type: file.mimeType },
  });
}

export async function addLinkEvidence(
  trx: Kysely<Database>,
  now: Date,
  c: { id: string; trust_id: string; school_id: string; restricted: boolean },
  actor: Actor & { id: string },
  link: { url: string; seenAt: Date; site: string | null },
): Promise<void> {
  const row = await trx
    .insertInto('case_evidence')
    .values({
      case_id: c.id,
      trust_id: c.trust_id,
      school_id: c.school_id,
      kind: 'link',
      file_name: null,
      mime_type: null,
      size_bytes: null,
      sha256: null,
      bytes: null,
      preview: null,
      url: link.url,
      seen_at: link.seenAt,
      site_description: link.site,
      added_by: actor.id,
      added_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordCaseEvent(trx, now, c, actor, 'evidence.added', {
    text: link.url,
    detail: { evidenceId: row.id, seen: link.seenAt.toISOString(), site: link.site },
  });
}
