/**
 * Working a case (INC-3, INC-4, INC-5): the assessment with its seriousness, actions added by hand
 * with their clocks, and each action done with what it needs (consent for the police, the staff
 * member's response to support, whether the content came down).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { Actor } from '../../../platform/audit/audit.ts';
import { ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { transact } from '../../../platform/db/transact.ts';
import { londonTimeToInstant } from '../../../platform/calendar/calendar.ts';
import { readDateInput } from '../../directory/dates.ts';
import { workingCalendarFor } from '../../directory/index.ts';
import { settingsFor } from '../../policies/index.ts';
import { recordCaseEvent } from '../chronology/events.ts';
import { lockVisibleCase, type School } from '../cases/repo.ts';
import type { Viewer } from '../rules/visibility.ts';
import { isScale, SCALE_NAMES, SCALES, seriousnessLevel, type Scale } from '../rules/seriousness.ts';
import { dueRefusal, policeReportRefusal } from '../rules/gates.ts';
import { removalCheckDue, takedownDue, supportDue, endOfWorkingDay, policeReportDue } from '../rules/clocks.ts';
import { ADDABLE_ACTIONS, ACTION_TEXT, isActionKind, type ActionKind } from '../model.ts';
import { openAction } from './open.ts';

type PersonActor = Actor & { id: string };

export interface AssessmentForm {
  summary: string;
  nature: string;
  natureNote: string;
  visibility: string;
  visibilityNote: string;
  recirculation: string;
  recirculationNote: string;
  impact: string;
  impactNote: string;
  unlawful: string;
  significant: string;
}

export async function recordAssessment(
  db: Kysely<Database>,
  now: Date,
  school: School,
  viewer: Viewer,
  actor: PersonActor,
  caseId: string,
  form: AssessmentForm,
) {
  const errors: FieldError[] = [];
  const summary = form.summary.trim();
  if (!summary) errors.push({ href: '#summary', text: 'Write your initial assessment' });
  else if (summary.length > 5000)
    errors.push({ href: '#summary', text: 'The assessment must be 5,000 characters or fewer' });
  const values: Partial<Record<(typeof SCALE_NAMES)[number], Scale>> = {};
  for (const name of SCALE_NAMES) {
    const n = Number((form as unknown as Record<string, string>)[name]);
    if (!isScale(n)) errors.push({ href: `#${name}`, text: `Answer “${SCALES[name].question}”` });
    else values[name] = n;
    if (((form as unknown as Record<string, string>)[`${name}Note`] ?? '').length > 1000)
      errors.push({ href: `#${name}Note`, text: 'Each note must be 1,000 characters or fewer' });
  }
  if (form.unlawful !== 'yes' && form.unlawful !== 'no')
    errors.push({ href: '#unlawful', text: 'Select whether the material may be unlawful' });
  if (errors.length) throw new ValidationError(errors);
  const unlawful = form.unlawful === 'yes';
  const scales = values as Record<(typeof SCALE_NAMES)[number], Scale>;
  const { level, reason } = seriousnessLevel(scales);
  return transact(db, async (trx) => {
    const c = await lockVisibleCase(trx, school, viewer, caseId);
    if (!c) return 'not-found' as const;
    if (c.status === 'closed') throw new ValidationError([{ href: '#summary', text: 'This case is closed' }]);
    const note = (k: string) => ((form as unknown as Record<string, string>)[`${k}Note`] ?? '').trim() || null;
    await trx
      .insertInto('case_assessment')
      .values({
        case_id: c.id,
        trust_id: c.trust_id,
        school_id: c.school_id,
        summary,
        nature: scales.nature,
        nature_note: note('nature'),
        visibility: scales.visibility,
        visibility_note: note('visibility'),
        recirculation: scales.recirculation,
        recirculation_note: note('recirculation'),
        impact: scales.impact,
        impact_note: note('impact'),
        level,
        may_be_unlawful: unlawful,
        assessed_by: actor.id,
        assessed_at: now,
      })
      .execute();
    const significant = level === 'serious' || form.significant === 'yes';
    await trx
      .updateTable('concern_case')
      .set({ level, level_reason: reason, significant, may_be_unlawful: unlawful, status: 'open', updated_at: now })
      .where('id', '=', c.id)
      .execute();
    await recordCaseEvent(trx, now, c, actor, 'case.assessed', {
      text: summary,
      detail: { level, reason, significant, unlawful },
    });
    // The initial assessment is the triage the receiver owed.
    const triage = await trx
      .selectFrom('case_action')
      .select('id')
      .where('case_id', '=', c.id)
      .where('kind', '=', 'triage')
      .where('status', '=', 'open')
      .execute();
    for (const t of triage) {
      await trx
        .updateTable('case_action')
        .set({ status: 'done', done_at: now, done_by: actor.id, result: 'Initial assessment recorded' })
        .where('id', '=', t.id)
        .execute();
      await recordCaseEvent(trx, now, c, actor, 'action.done', { text: ACTION_TEXT.triage, audit: false });
    }
    // Material that may be unlawful goes to the police, consent or not (003 §10.5): the action opens itself, with its clock.
    if (unlawful) {
      const police = await trx
        .selectFrom('case_action')
        .select('id')
        .where('case_id', '=', c.id)
        .where('kind', '=', 'police-report')
        .executeTakeFirst();
      if (!police) {
        const cal = await workingCalendarFor(trx, c.school_id);
        await openAction(trx, now, c, actor, {
          kind: 'police-report',
          ownerId: c.owner_id ?? actor.id,
          dueAt: policeReportDue(cal, now),
          clock: 'working-days',
          detail: { unlawful: true, from: 'assessment' },
        });
      }
    }
    return 'recorded' as const;
  });
}

export interface AddActionForm {
  kind: string;
  title: string;
  ownerId: string;
  day: string;
  month: string;
  year: string;
  time: string;
  /** For a police report: whether the member of staff agrees ('given', 'refused' or 'not-asked'). */
  consent: string;
}

/** The due time for an action added by hand: the one given, or the kind's own clock. */
async function dueFor(
  db: Kysely<Database>,
  school: School,
  now: Date,
  kind: ActionKind,
  form: AddActionForm,
  errors: FieldError[],
): Promise<{ dueAt: Date; clock: 'working-days' | 'calendar-hours' } | null> {
  const date = readDateInput(form.day, form.month, form.year, 'The due date');
  const time = form.time.trim();
  if (!date.ok) {
    errors.push({ href: '#due-day', text: date.message });
    return null;
  }
  if (time && !/^([01]?\d|2[0-3]):[0-5]\d$/.test(time)) {
    errors.push({ href: '#time', text: 'Enter the time like 14:30, or leave it blank' });
    return null;
  }
  if (date.value) {
    const dueAt = londonTimeToInstant(date.value, `${(time || '17:00').padStart(5, '0')}:00.000`);
    const refusal = dueRefusal(dueAt, now);
    if (refusal) {
      errors.push({ href: '#due-day', text: refusal });
      return null;
    }
    return { dueAt, clock: 'working-days' };
  }
  const cal = await workingCalendarFor(db, school.schoolId);
  if (kind === 'takedown-request')
    return {
      dueAt: takedownDue(cal, now, (await settingsFor(db, school, now)).takedownTargetHours),
      clock: 'calendar-hours',
    };
  if (kind === 'support-offer') return { dueAt: supportDue(cal, now), clock: 'working-days' };
  return { dueAt: endOfWorkingDay(cal, now, 1), clock: 'working-days' };
}

export async function addAction(
  db: Kysely<Database>,
  now: Date,
  school: School,
  viewer: Viewer,
  actor: PersonActor,
  caseId: string,
  form: AddActionForm,
  allowedOwners: ReadonlySet<string>,
) {
  const errors: FieldError[] = [];
  const kind = form.kind;
  if (!isActionKind(kind) || !ADDABLE_ACTIONS.includes(kind))
    errors.push({ href: '#kind', text: 'Select what needs doing' });
  if (kind === 'other' && !form.title.trim()) errors.push({ href: '#title', text: 'Say what needs doing' });
  if (form.title.length > 200)
    errors.push({ href: '#title', text: 'What needs doing must be 200 characters or fewer' });
  if (!allowedOwners.has(form.ownerId)) errors.push({ href: '#ownerId', text: 'Select who will do it' });
  const due = isActionKind(kind) ? await dueFor(db, school, now, kind, form, errors) : null;
  if (errors.length || !due) throw new ValidationError(errors);
  return transact(db, async (trx) => {
    const c = await lockVisibleCase(trx, school, viewer, caseId);
    if (!c) return 'not-found' as const;
    if (c.status === 'closed')
      throw new ValidationError([{ href: '#kind', text: 'This case is closed, so no actions can be added' }]);
    let detail: Record<string, unknown> | undefined;
    if (kind === 'police-report') {
      // Unlawful material has its police action already; anything else needs the member of staff's consent first (003 §9.5).
      const consent = form.consent === 'given' || form.consent === 'refused' ? form.consent : 'not-asked';
      const refusal = policeReportRefusal({ unlawful: c.may_be_unlawful, consent });
      if (refusal) throw new ValidationError([{ href: '#consent', text: refusal }]);
      detail = c.may_be_unlawful ? { unlawful: true } : { unlawful: false, consent };
    }
    await openAction(trx, now, c, actor, {
      kind: kind as ActionKind,
      title: kind === 'other' ? form.title : form.title || undefined,
      ownerId: form.ownerId,
      dueAt: due.dueAt,
      clock: due.clock,
      ...(detail ? { detail } : {}),
    });
    if (c.status === 'new')
      await trx.updateTable('concern_case').set({ status: 'open', updated_at: now }).where('id', '=', c.id).execute();
    return 'added' as const;
  });
}

export interface CompleteForm {
  result: string;
  removed: string;
  unlawful: string;
  consent: string;
  response: string;
  sentTo: string;
}

export async function completeAction(
  db: Kysely<Database>,
  now: Date,
  school: School,
  viewer: Viewer,
  actor: PersonActor,
  caseId: string,
  actionId: string,
  form: CompleteForm,
) {
  return transact(db, async (trx) => {
    const c = await lockVisibleCase(trx, school, viewer, caseId);
    if (!c) return 'not-found' as const;
    const action = await trx
      .selectFrom('case_action')
      .selectAll()
      .where('id', '=', actionId)
      .where('case_id', '=', c.id)
      .forUpdate()
      .executeTakeFirst();
    if (!action) return 'not-found' as const;
    if (action.status === 'done') throw new ValidationError([{ href: '#result', text: 'This action is already done' }]);
    const errors: FieldError[] = [];
    const result = form.result.trim();
    if (result.length > 5000) errors.push({ href: '#result', text: 'What was done must be 5,000 characters or fewer' });
    const detail: Record<string, unknown> = { ...(action.detail as Record<string, unknown>) };
    let summary = result;
    switch (action.kind) {
      case 'triage':
        errors.push({ href: '#result', text: 'Record the initial assessment to finish this action' });
        break;
      case 'breach-decision':
        errors.push({ href: '#result', text: 'Record the decision about telling the ICO to finish this action' });
        break;
      case 'lado-referral':
        if (!result)
          errors.push({ href: '#result', text: 'Say how and when the LADO was contacted, and who you spoke to' });
        break;
      case 'takedown-request':
        if (!form.sentTo.trim())
          errors.push({ href: '#sentTo', text: 'Say where the request was sent (the site’s report form or address)' });
        detail.sentTo = form.sentTo.trim();
        summary = `Request sent to ${form.sentTo.trim()}${result ? `. ${result}` : ''}`;
        break;
      case 'removal-check':
      case 'compliance-check':
        if (form.removed !== 'yes' && form.removed !== 'no')
          errors.push({ href: '#removed', text: 'Select whether the content has gone' });
        detail.removed = form.removed === 'yes';
        summary = `${form.removed === 'yes' ? 'The content has gone' : 'The content is still there'}${result ? `. ${result}` : ''}`;
        break;
      case 'police-report': {
        // Settled when the action opened: by the assessment (may be unlawful) or by the consent recorded when it was added.
        const settled = detail.unlawful === true || detail.consent === 'given';
        const unlawful = settled ? detail.unlawful === true : form.unlawful === 'yes';
        const consent = settled
          ? detail.consent === 'given'
            ? 'given'
            : 'not-asked'
          : form.consent === 'given' || form.consent === 'refused'
            ? form.consent
            : 'not-asked';
        if (!settled && form.unlawful !== 'yes' && form.unlawful !== 'no')
          errors.push({ href: '#unlawful', text: 'Select whether the conduct may be unlawful' });
        else if (!settled) {
          const refusal = policeReportRefusal({ unlawful, consent });
          if (refusal) errors.push({ href: '#consent', text: refusal });
        }
        if (!result) errors.push({ href: '#result', text: 'Give the police reference, or say who you spoke to' });
        Object.assign(detail, { unlawful, consent });
        summary = `Reported to the police${unlawful ? ' (possibly unlawful)' : ' with the member of staff’s consent'}. ${result}`;
        break;
      }
      case 'support-offer':
        if (!form.response.trim())
          errors.push({ href: '#response', text: 'Record what the member of staff said about the support offered' });
        detail.response = form.response.trim();
        summary = `Support offered. Their response: ${form.response.trim()}${result ? `. ${result}` : ''}`;
        break;
      default:
        if (!result) errors.push({ href: '#result', text: 'Say what was done' });
    }
    if (errors.length) throw new ValidationError(errors);
    await trx
      .updateTable('case_action')
      .set({ status: 'done', done_at: now, done_by: actor.id, result: summary, detail: JSON.stringify(detail) })
      .where('id', '=', action.id)
      .execute();
    await recordCaseEvent(trx, now, c, actor, 'action.done', { text: `${action.title}: ${summary}` });
    if (action.kind === 'lado-referral')
      await trx
        .updateTable('concern_case')
        .set({ lado_referred_at: now, updated_at: now })
        .where('id', '=', c.id)
        .execute();
    const cal = await workingCalendarFor(trx, c.school_id);
    // The next step opens itself: a sent request is checked; content still up is escalated (003 §9.4).
    if (action.kind === 'takedown-request') {
      await openAction(trx, now, c, actor, {
        kind: 'removal-check',
        ownerId: action.owner_id,
        dueAt: removalCheckDue(cal, now),
        clock: 'working-days',
      });
    }
    if (action.kind === 'removal-check' && form.removed === 'no') {
      await openAction(trx, now, c, actor, {
        kind: 'escalate-isp',
        ownerId: action.owner_id,
        dueAt: endOfWorkingDay(cal, now, 1),
        clock: 'working-days',
      });
      await openAction(trx, now, c, actor, {
        kind: 'escalate-helpline',
        ownerId: action.owner_id,
        dueAt: endOfWorkingDay(cal, now, 1),
        clock: 'working-days',
      });
    }
    await trx.updateTable('concern_case').set({ updated_at: now }).where('id', '=', c.id).execute();
    return 'done' as const;
  });
}
