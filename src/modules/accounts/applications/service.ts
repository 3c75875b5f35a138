// Applications for official accounts: apply with a business case (ACC-1), SLT's decision and the
// head's approval (ACC-2), every operator eligible before approval (ACC-3), and no approval at all
// when the policy forbids business use (ACC-7). Each change is one transaction with its timeline
// event and audit entry; a refusal writes nothing. Whoever must act next is mailed in the same
// transaction (notify.ts).
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { Actor } from '../../../platform/audit/audit.ts';
import { ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { ukDate } from '../../../platform/clock.ts';
import { queueMail } from '../../../platform/mail/mail.ts';
import { settingsFor } from '../../policies/index.ts';
import { recordAccountEvent } from '../events.ts';
import { platformName } from '../model.ts';
import { timelineOf, type AccountRow } from '../repo.ts';
import { timelineItems } from '../timeline.ts';
import { lockAccount, operatorIds, peopleOfSchoolAmong, personContact } from './repo.ts';
import { checkBusinessCase, type BusinessCase, type BusinessCaseForm } from './rules/business-case.ts';
import {
  approvesBothSteps,
  checkDecisionForm,
  stepRefusal,
  STEPS,
  type DecisionForm,
  type Step,
} from './rules/decision.ts';
import { decisionMail } from './rules/mail.ts';
import { checkOperators, type OperatorChoice, type PersonFact } from './rules/operators.ts';
import { tellAccountAdministrators, tellDeciders } from './notify.ts';
import { applicationPolicy, blockersFor, operatorStandings } from './standing.ts';

export { applicationPolicy, operatorStandings, type ApplicationPolicy } from './standing.ts';

export interface School {
  trustId: string;
  schoolId: string;
  schoolName: string;
}

export interface ApplicationForm extends BusinessCaseForm {
  /** The person chosen in each operator list, in order ('' when empty); the first is the lead operator. */
  operators: string[];
}

/**
 * Saving an application: as a draft (only a name and a platform needed), or complete and ready for
 * the applicant to check their answers before sending (everything needed, still stored as a draft).
 */
export type Mode = 'draft' | 'check';

interface CheckedApplication {
  value: BusinessCase;
  operators: OperatorChoice[];
  names: Map<string, string>;
}

async function checkApplication(
  db: Kysely<Database>,
  school: School,
  now: Date,
  form: ApplicationForm,
  mode: 'draft' | 'send',
): Promise<CheckedApplication> {
  const policy = await applicationPolicy(db, school, now);
  if (policy.notPermitted) throw new ValidationError([{ href: '#business-use', text: policy.notPermitted }]);
  const { value, errors } = checkBusinessCase(form, mode);
  const found = await peopleOfSchoolAmong(db, school.trustId, school.schoolId, form.operators);
  const people = new Map<string, PersonFact>(
    found.map((p) => [p.id, { id: p.id, name: `${p.given_name} ${p.family_name}`, leavingDate: p.leaving_date }]),
  );
  const checked = checkOperators({
    slots: form.operators,
    mode,
    minimum: policy.settings.minimumOperators,
    today: ukDate(now),
    schoolName: school.schoolName,
    citation: policy.operatorsCitation,
    people,
  });
  const all: FieldError[] = [...errors, ...checked.errors];
  if (all.length) throw new ValidationError(all);
  return { value, operators: checked.operators, names: new Map([...people].map(([id, p]) => [id, p.name])) };
}

const checkMode = (mode: Mode): 'draft' | 'send' => (mode === 'check' ? 'send' : 'draft');

function operatorDetail(checked: CheckedApplication) {
  const lead = checked.operators.find((o) => o.isLead);
  return {
    operators: checked.operators.map((o) => checked.names.get(o.personId) ?? o.personId),
    lead: lead ? (checked.names.get(lead.personId) ?? null) : null,
  };
}

/** The stored application as its form: the business case, and the operators with the lead first. */
export function formOf(
  account: AccountRow,
  operators: readonly { person_id: string; is_lead: boolean }[],
): ApplicationForm {
  const ordered = [...operators.filter((o) => o.is_lead), ...operators.filter((o) => !o.is_lead)].map(
    (o) => o.person_id,
  );
  return {
    name: account.name,
    platform: account.platform,
    aim: account.aim,
    audience: account.audience,
    promotion: account.promotion,
    visibility: account.visibility,
    operators: operators.some((o) => o.is_lead) ? ordered : ['', ...ordered],
  };
}

/** Starts an application, always as a draft: it is sent only from the check-your-answers page. Returns the account's id. */
export async function startApplication(
  db: Kysely<Database>,
  now: Date,
  school: School,
  actor: Actor & { id: string },
  form: ApplicationForm,
  mode: Mode,
): Promise<string> {
  const checked = await checkApplication(db, school, now, form, checkMode(mode));
  const { value } = checked;
  return db.transaction().execute(async (trx) => {
    const account = await trx
      .insertInto('official_account')
      .values({
        trust_id: school.trustId,
        school_id: school.schoolId,
        name: value.name,
        platform: value.platform,
        status: 'draft',
        applicant_id: actor.id,
        aim: value.aim,
        audience: value.audience,
        promotion: value.promotion,
        visibility: value.visibility,
        submitted_at: null,
        created_at: now,
        updated_at: now,
      })
      .returning(['id', 'trust_id', 'school_id'])
      .executeTakeFirstOrThrow();
    if (checked.operators.length) {
      await trx
        .insertInto('account_operator')
        .values(
          checked.operators.map((o) => ({
            account_id: account.id,
            person_id: o.personId,
            trust_id: school.trustId,
            school_id: school.schoolId,
            is_lead: o.isLead,
            added_at: now,
            added_by: actor.id,
          })),
        )
        .execute();
    }
    await recordAccountEvent(trx, now, account, actor, 'application.started', {
      detail: { name: value.name, platform: platformName(value.platform), ...operatorDetail(checked) },
    });
    return account.id;
  });
}

/**
 * The applicant changes their draft. 'not-found' when it is not theirs (or not the school's);
 * 'not-draft' when it has already been sent.
 */
export async function updateApplication(
  db: Kysely<Database>,
  now: Date,
  school: School,
  actor: Actor & { id: string },
  accountId: string,
  form: ApplicationForm,
  mode: Mode,
): Promise<'saved' | 'not-found' | 'not-draft'> {
  const checked = await checkApplication(db, school, now, form, checkMode(mode));
  const { value } = checked;
  return db.transaction().execute(async (trx) => {
    const account = await lockAccount(trx, school, accountId);
    if (!account || account.applicant_id !== actor.id) return 'not-found' as const;
    if (account.status !== 'draft') return 'not-draft' as const;
    const changed = (['name', 'platform', 'aim', 'audience', 'promotion', 'visibility'] as const).filter(
      (k) => account[k] !== value[k],
    );
    await trx
      .updateTable('official_account')
      .set({
        name: value.name,
        platform: value.platform,
        aim: value.aim,
        audience: value.audience,
        promotion: value.promotion,
        visibility: value.visibility,
        updated_at: now,
      })
      .where('id', '=', account.id)
      .execute();
    const operatorsChanged = await replaceOperators(trx, now, account, actor, checked.operators);
    if (changed.length || operatorsChanged) {
      await recordAccountEvent(trx, now, account, actor, 'application.updated', {
        detail: { changed: [...changed, ...(operatorsChanged ? ['operators'] : [])], ...operatorDetail(checked) },
      });
    }
    return 'saved' as const;
  });
}

/** What must be put right in a draft before it can be sent; empty when it is complete. */
export async function draftProblems(
  db: Kysely<Database>,
  now: Date,
  school: School,
  account: AccountRow,
): Promise<FieldError[]> {
  try {
    await checkApplication(db, school, now, formOf(account, await operatorIds(db, account.id)), 'send');
    return [];
  } catch (error) {
    if (error instanceof ValidationError) return error.errors;
    throw error;
  }
}

/**
 * Sends the applicant's draft for a decision, after they have checked their answers: everything is
 * checked again as it is stored now, and every member of SLT who may decide it is mailed.
 */
export async function sendApplication(
  db: Kysely<Database>,
  now: Date,
  school: School,
  actor: Actor & { id: string },
  accountId: string,
  baseUrl: string,
): Promise<{ result: 'sent'; told: number } | { result: 'not-found' | 'not-draft' }> {
  return db.transaction().execute(async (trx) => {
    const account = await lockAccount(trx, school, accountId);
    if (!account || account.applicant_id !== actor.id) return { result: 'not-found' as const };
    if (account.status !== 'draft') return { result: 'not-draft' as const };
    await checkApplication(trx, school, now, formOf(account, await operatorIds(trx, account.id)), 'send');
    const sent = await trx
      .updateTable('official_account')
      .set({ status: 'proposed', submitted_at: now, updated_at: now })
      .where('id', '=', account.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAccountEvent(trx, now, account, actor, 'application.submitted');
    const told = await tellDeciders(trx, now, sent, 'slt', baseUrl);
    return { result: 'sent' as const, told };
  });
}

/** Makes a draft's operators the chosen ones; true when anything changed. People taken off keep their row, marked removed. */
async function replaceOperators(
  trx: Kysely<Database>,
  now: Date,
  account: AccountRow,
  actor: Actor & { id: string },
  wanted: OperatorChoice[],
): Promise<boolean> {
  const current = await operatorIds(trx, account.id);
  const same =
    current.length === wanted.length &&
    wanted.every((w) => current.some((c) => c.person_id === w.personId && c.is_lead === w.isLead));
  if (same) return false;
  const keep = new Set(wanted.map((w) => w.personId));
  const gone = current.filter((c) => !keep.has(c.person_id)).map((c) => c.person_id);
  if (gone.length) {
    await trx
      .updateTable('account_operator')
      .set({ removed_at: now, removed_reason: 'Taken off the application before it was sent' })
      .where('account_id', '=', account.id)
      .where('removed_at', 'is', null)
      .where('person_id', 'in', gone)
      .execute();
  }
  await trx
    .updateTable('account_operator')
    .set({ is_lead: false })
    .where('account_id', '=', account.id)
    .where('removed_at', 'is', null)
    .execute();
  const existing = new Set(current.map((c) => c.person_id));
  const added = wanted.filter((w) => !existing.has(w.personId));
  if (added.length) {
    await trx
      .insertInto('account_operator')
      .values(
        added.map((o) => ({
          account_id: account.id,
          person_id: o.personId,
          trust_id: account.trust_id,
          school_id: account.school_id,
          is_lead: false,
          added_at: now,
          added_by: actor.id,
        })),
      )
      .execute();
  }
  const lead = wanted.find((w) => w.isLead);
  if (lead)
    await trx
      .updateTable('account_operator')
      .set({ is_lead: true })
      .where('account_id', '=', account.id)
      .where('removed_at', 'is', null)
      .where('person_id', '=', lead.personId)
      .execute();
  return true;
}

/** Everything the application and decision pages show: operators with eligibility, what stops approval, the timeline. */
export async function describeApplication(db: Kysely<Database>, account: AccountRow, now: Date) {
  const school = { trustId: account.trust_id, schoolId: account.school_id };
  const [operators, events, settings, applicant] = await Promise.all([
    operatorStandings(db, school, account.id, now),
    timelineOf(db, account.id),
    settingsFor(db, school, now),
    personContact(db, account.applicant_id),
  ]);
  const blockers = await blockersFor(db, school, now, operators);
  return {
    operators,
    blockers,
    timeline: timelineItems(events),
    headTitle: settings.headTitle,
    minimumOperators: settings.minimumOperators,
    applicantName: applicant ? `${applicant.given_name} ${applicant.family_name}` : '',
  };
}

/**
 * Records SLT's decision or the head's approval. Refused, with nothing written, when the application
 * is not at that step, the person may not decide it, the form is incomplete, or (to approve) the
 * policy forbids accounts, too few operators are named or any of them is not yet eligible.
 * When the head decides for SLT (`actorMayApprove`), approving records both steps at once. Then
 * whoever acts next is mailed: the head after SLT's approval, the account administrators after the final one.
 */
export async function decide(
  db: Kysely<Database>,
  now: Date,
  school: { trustId: string; schoolId: string },
  actor: Actor & { id: string; mayApprove: boolean },
  accountId: string,
  step: Step,
  form: DecisionForm,
  baseUrl: string,
): Promise<
  | { outcome: 'approve' | 'reject'; final: boolean; account: AccountRow; headTitle: string; applicantName: string }
  | 'not-found'
> {
  return db.transaction().execute(async (trx) => {
    const account = await lockAccount(trx, school, accountId);
    if (!account) return 'not-found' as const;
    const settings = await settingsFor(trx, school, now);
    const operators = await operatorIds(trx, account.id);
    const refusal = stepRefusal({
      step,
      status: account.status,
      viewerId: actor.id,
      applicantId: account.applicant_id,
      operatorIds: operators.map((o) => o.person_id),
      headTitle: settings.headTitle,
    });
    if (refusal) throw new ValidationError([{ href: '#decision', text: refusal }]);
    const { value, errors } = checkDecisionForm(form);
    if (!value) throw new ValidationError(errors);
    if (value.outcome === 'approve') {
      const blockers = await blockersFor(trx, school, now, await operatorStandings(trx, school, account.id, now));
      if (blockers.length) throw new ValidationError(blockers.map((text) => ({ href: '#operators', text })));
    }
    const both = value.outcome === 'approve' && approvesBothSteps(step, actor.mayApprove);
    const to = value.outcome === 'reject' ? 'rejected' : both ? STEPS.head.approved : STEPS[step].approved;
    const updated = await trx
      .updateTable('official_account')
      .set({ status: to, decided_at: now, updated_at: now })
      .where('id', '=', account.id)
      .where('status', '=', STEPS[step].awaiting)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (both) {
      await recordAccountEvent(trx, now, account, actor, STEPS.slt.approvedEvent, { detail: { asHead: true } });
      await recordAccountEvent(trx, now, account, actor, STEPS.head.approvedEvent, { comment: value.reason });
    } else {
      await recordAccountEvent(
        trx,
        now,
        account,
        actor,
        value.outcome === 'approve' ? STEPS[step].approvedEvent : STEPS[step].rejectedEvent,
        { comment: value.reason },
      );
    }
    const applicant = await personContact(trx, account.applicant_id);
    if (applicant?.email) {
      const mail = decisionMail({
        step: both ? 'head' : step,
        outcome: value.outcome,
        applicantGivenName: applicant.given_name,
        accountName: account.name,
        platform: platformName(account.platform),
        headTitle: settings.headTitle,
        reason: value.reason,
        link: `${baseUrl}/accounts/${account.id}/application`,
      });
      await queueMail(trx, now, {
        to: applicant.email,
        subject: mail.subject,
        text: mail.text,
        trustId: account.trust_id,
        schoolId: account.school_id,
      });
    }
    if (updated.status === STEPS.slt.approved) await tellDeciders(trx, now, updated, 'head', baseUrl);
    if (updated.status === STEPS.head.approved)
      await tellAccountAdministrators(trx, now, updated, settings.headTitle, baseUrl);
    return {
      outcome: value.outcome,
      final: updated.status === STEPS.head.approved,
      account: updated,
      headTitle: settings.headTitle,
      applicantName: applicant ? `${applicant.given_name} ${applicant.family_name}` : 'The applicant',
    };
  });
}
