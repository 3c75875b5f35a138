/**
 * Deciding a case (INC-4, INC-6, INC-9): the LADO's advice, the decision on telling the ICO,
 * outcomes (refused on an allegation until the LADO has advised), and closing, which refuses while
 * actions are open and, for a significant case, proposes an early review of the policy (POL-3).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { Actor } from '../../../platform/audit/audit.ts';
import { ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { transact } from '../../../platform/db/transact.ts';
import { ukDate } from '../../../platform/clock.ts';
import { londonTimeToInstant } from '../../../platform/calendar/calendar.ts';
import { readDateInput } from '../../directory/dates.ts';
import { proposeEarlyReview } from '../../policies/index.ts';
import { recordCaseEvent } from '../chronology/events.ts';
import { lockVisibleCase, type CaseRow, type School } from '../cases/repo.ts';
import type { Viewer } from '../rules/visibility.ts';
import { closeRefusal, outcomeRefusal, type GateFacts } from '../rules/gates.ts';
import { breachDecisionDue } from '../rules/clocks.ts';
import { isOutcomeKind, OUTCOME_TEXT } from '../model.ts';
import { openAction } from '../actions/open.ts';

type PersonActor = Actor & { id: string };

async function gateFacts(trx: Kysely<Database>, c: CaseRow): Promise<GateFacts> {
  const open = await trx
    .selectFrom('case_action')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('case_id', '=', c.id)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return {
    kind: c.kind,
    status: c.status,
    ladoAdviceRecorded: c.lado_advice_at !== null,
    openActions: Number(open.n),
    breach: c.breach,
    breachDecided: c.breach_decision !== null,
  };
}

export async function recordLadoAdvice(
  db: Kysely<Database>,
  now: Date,
  school: School,
  viewer: Viewer,
  actor: PersonActor,
  caseId: string,
  form: { advice: string; suspension: string },
) {
  const errors: FieldError[] = [];
  if (!form.advice.trim()) errors.push({ href: '#advice', text: 'Record the LADO’s advice' });
  if (!form.suspension.trim())
    errors.push({
      href: '#suspension',
      text: 'Record what the LADO advised about suspension, even if it was not needed',
    });
  if (form.advice.length > 5000 || form.suspension.length > 2000)
    errors.push({ href: '#advice', text: 'The advice is too long: keep it under 5,000 characters' });
  if (errors.length) throw new ValidationError(errors);
  return transact(db, async (trx) => {
    const c = await lockVisibleCase(trx, school, viewer, caseId);
    if (!c) return 'not-found' as const;
    if (c.kind !== 'allegation-adult') return 'not-found' as const;
    if (c.status === 'closed') throw new ValidationError([{ href: '#advice', text: 'This case is closed' }]);
    await trx
      .updateTable('concern_case')
      .set({
        lado_advice_at: now,
        lado_advice: form.advice.trim(),
        lado_suspension_advice: form.suspension.trim(),
        updated_at: now,
      })
      .where('id', '=', c.id)
      .execute();
    await recordCaseEvent(trx, now, c, actor, 'case.lado-advice', {
      text: `${form.advice.trim()}\nOn suspension: ${form.suspension.trim()}`,
    });
    return 'recorded' as const;
  });
}

/** Marks a case as a possible personal data breach (INC-9): the 72-hour clock runs from when the school became aware. */
export async function markBreach(
  db: Kysely<Database>,
  now: Date,
  school: School,
  viewer: Viewer,
  actor: PersonActor,
  caseId: string,
  form: { day: string; month: string; year: string; time: string },
) {
  const errors: FieldError[] = [];
  const date = readDateInput(form.day, form.month, form.year, 'When the school became aware');
  const time = form.time.trim();
  if (!date.ok) errors.push({ href: '#aware-day', text: date.message });
  if (time && !/^([01]?\d|2[0-3]):[0-5]\d$/.test(time))
    errors.push({ href: '#time', text: 'Enter the time like 14:30' });
  if (errors.length) throw new ValidationError(errors);
  return transact(db, async (trx) => {
    const c = await lockVisibleCase(trx, school, viewer, caseId);
    if (!c) return 'not-found' as const;
    if (c.breach)
      throw new ValidationError([
        { href: '#aware-day', text: 'This case is already marked as a possible personal data breach' },
      ]);
    if (c.status === 'closed') throw new ValidationError([{ href: '#aware-day', text: 'This case is closed' }]);
    const awareAt =
      date.ok && date.value
        ? londonTimeToInstant(date.value, `${(time || '00:00').padStart(5, '0')}:00.000`)
        : new Date(c.reported_at);
    if (awareAt.getTime() > now.getTime())
      throw new ValidationError([{ href: '#aware-day', text: 'When the school became aware must be in the past' }]);
    await trx
      .updateTable('concern_case')
      .set({ breach: true, breach_aware_at: awareAt, updated_at: now })
      .where('id', '=', c.id)
      .execute();
    await recordCaseEvent(trx, now, c, actor, 'case.breach-marked', {
      detail: { aware: awareAt.toISOString(), due: breachDecisionDue(awareAt).toISOString() },
    });
    // The clock counts from awareness, so it may already be short or past: that is shown, not hidden.
    await openAction(trx, now, c, actor, {
      kind: 'breach-decision',
      ownerId: c.owner_id ?? actor.id,
      dueAt: breachDecisionDue(awareAt),
      clock: 'calendar-hours',
    });
    return 'marked' as const;
  });
}

export async function decideBreach(
  db: Kysely<Database>,
  now: Date,
  school: School,
  viewer: Viewer,
  actor: PersonActor,
  caseId: string,
  form: { decision: string; reason: string },
) {
  const errors: FieldError[] = [];
  if (form.decision !== 'report' && form.decision !== 'not-report')
    errors.push({ href: '#decision', text: 'Select whether the breach will be reported to the ICO' });
  if (!form.reason.trim()) errors.push({ href: '#reason', text: 'Give the reason for the decision' });
  if (form.reason.length > 5000) errors.push({ href: '#reason', text: 'The reason must be 5,000 characters or fewer' });
  if (errors.length) throw new ValidationError(errors);
  return transact(db, async (trx) => {
    const c = await lockVisibleCase(trx, school, viewer, caseId);
    if (!c?.breach) return 'not-found' as const;
    if (c.breach_decision)
      throw new ValidationError([{ href: '#decision', text: 'The decision has already been recorded' }]);
    await trx
      .updateTable('concern_case')
      .set({
        breach_decision: form.decision as 'report' | 'not-report',
        breach_reason: form.reason.trim(),
        breach_decided_at: now,
        updated_at: now,
      })
      .where('id', '=', c.id)
      .execute();
    const open = await trx
      .selectFrom('case_action')
      .select('id')
      .where('case_id', '=', c.id)
      .where('kind', '=', 'breach-decision')
      .where('status', '=', 'open')
      .execute();
    for (const a of open)
      await trx
        .updateTable('case_action')
        .set({
          status: 'done',
          done_at: now,
          done_by: actor.id,
          result: form.decision === 'report' ? 'To be reported to the ICO' : 'Not reported to the ICO',
        })
        .where('id', '=', a.id)
        .execute();
    await recordCaseEvent(trx, now, c, actor, 'case.breach-decided', {
      text: `${form.decision === 'report' ? 'The breach will be reported to the ICO' : 'The breach will not be reported to the ICO'}. Reason: ${form.reason.trim()}`,
    });
    return 'recorded' as const;
  });
}

export async function addOutcome(
  db: Kysely<Database>,
  now: Date,
  school: School,
  viewer: Viewer,
  actor: PersonActor,
  caseId: string,
  form: { kind: string; note: string; day: string; month: string; year: string },
) {
  const errors: FieldError[] = [];
  if (!isOutcomeKind(form.kind)) errors.push({ href: '#kind', text: 'Select the outcome' });
  if (form.note.length > 5000) errors.push({ href: '#note', text: 'The note must be 5,000 characters or fewer' });
  let checkOn: string | null = null;
  if (form.kind === 'remove-content') {
    const date = readDateInput(form.day, form.month, form.year, 'The date to check');
    if (!date.ok) errors.push({ href: '#check-day', text: date.message });
    else if (!date.value)
      errors.push({ href: '#check-day', text: 'Enter the date to check the content has been removed' });
    else if (date.value <= ukDate(now))
      errors.push({ href: '#check-day', text: 'The date to check must be in the future' });
    else checkOn = date.value;
  }
  return transact(db, async (trx) => {
    const c = await lockVisibleCase(trx, school, viewer, caseId);
    if (!c) return 'not-found' as const;
    const refusal = outcomeRefusal(await gateFacts(trx, c));
    if (refusal) errors.unshift({ href: '#kind', text: refusal });
    if (errors.length) throw new ValidationError(errors);
    await trx
      .insertInto('case_outcome')
      .values({
        case_id: c.id,
        trust_id: c.trust_id,
        school_id: c.school_id,
        kind: form.kind,
        note: form.note.trim() || null,
        check_on: checkOn,
        recorded_by: actor.id,
        recorded_at: now,
      })
      .execute();
    await recordCaseEvent(trx, now, c, actor, 'case.outcome', {
      text: `${OUTCOME_TEXT[form.kind as keyof typeof OUTCOME_TEXT]}${form.note.trim() ? `: ${form.note.trim()}` : ''}`,
      detail: { outcome: form.kind, ...(checkOn ? { checkOn } : {}) },
    });
    if (checkOn)
      await openAction(trx, now, c, actor, {
        kind: 'compliance-check',
        ownerId: c.owner_id ?? actor.id,
        dueAt: londonTimeToInstant(checkOn, '17:00:00.000'),
        clock: 'working-days',
      });
    return 'added' as const;
  });
}

export async function closeCase(
  db: Kysely<Database>,
  now: Date,
  school: School,
  viewer: Viewer,
  actor: PersonActor,
  caseId: string,
  form: { note: string },
) {
  if (form.note.length > 5000)
    throw new ValidationError([{ href: '#note', text: 'The closing note must be 5,000 characters or fewer' }]);
  // One transaction: a significant case is closed and its early policy review proposed together, or neither (POL-3).
  return transact(db, async (trx) => {
    const c = await lockVisibleCase(trx, school, viewer, caseId);
    if (!c) return { result: 'not-found' as const };
    const outcomes = await trx
      .selectFrom('case_outcome')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('case_id', '=', c.id)
      .executeTakeFirstOrThrow();
    const refusal = closeRefusal(await gateFacts(trx, c), Number(outcomes.n));
    if (refusal) throw new ValidationError([{ href: '#note', text: refusal }]);
    await trx
      .updateTable('concern_case')
      .set({
        status: 'closed',
        closed_at: now,
        closed_by: actor.id,
        closing_note: form.note.trim() || null,
        updated_at: now,
      })
      .where('id', '=', c.id)
      .execute();
    await recordCaseEvent(trx, now, c, actor, 'case.closed', { text: form.note.trim() || null });
    if (!c.significant) return { result: 'closed' as const, review: null };
    // A significant incident proposes an early review of the policy. The review names the case by its reference only.
    const detail = `Case ${c.reference}`;
    let review = await proposeEarlyReview(
      trx,
      now,
      { trustId: school.trustId, schoolId: school.schoolId },
      actor,
      'significant-incident',
      detail,
    );
    if (review === 'no-policy')
      review = await proposeEarlyReview(
        trx,
        now,
        { trustId: school.trustId, schoolId: null },
        actor,
        'significant-incident',
        detail,
      );
    await recordCaseEvent(trx, now, c, actor, 'case.review-proposed', {
      text:
        review === 'opened'
          ? 'An early review of the social media policy has been opened'
          : review === 'already-open'
            ? 'An early review of the policy was already open'
            : 'There is no policy to review',
    });
    return { result: 'closed' as const, review };
  });
}
