// Applications for official accounts: apply with a business case (ACC-1), SLT's decision and the
// head's approval (ACC-2), every operator eligible before approval (ACC-3), and no approval at all
// when the policy forbids business use (ACC-7). Each change is one transaction with its timeline
// event and audit entry; a refusal writes nothing.
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { Actor } from '../../../platform/audit/audit.ts';
import { ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { ukDate } from '../../../platform/clock.ts';
import { queueMail } from '../../../platform/mail/mail.ts';
import { clauseCitation, operatorEligibility, settingsFor, type PolicySettings } from '../../policies/index.ts';
import { recordAccountEvent } from '../events.ts';
import { platformName } from '../model.ts';
import { currentOperators, timelineOf, type AccountRow } from '../repo.ts';
import { timelineItems } from '../timeline.ts';
import { lockAccount, operatorIds, peopleOfSchoolAmong, personContact } from './repo.ts';
import { checkBusinessCase, type BusinessCase, type BusinessCaseForm } from './rules/business-case.ts';
import { approvalBlockers, checkDecisionForm, stepRefusal, STEPS, type DecisionForm, type OperatorStanding, type Step } from './rules/decision.ts';
import { decisionMail } from './rules/mail.ts';
import { checkOperators, type OperatorChoice, type PersonFact } from './rules/operators.ts';
import { businessUseRefusal, reasonSentence } from './rules/words.ts';

export interface School { trustId: string; schoolId: string; schoolName: string }

export interface ApplicationForm extends BusinessCaseForm {
  /** The person chosen in each operator slot, in order ('' when empty). */
  operators: string[];
  /** The slot number of the lead operator, or ''. */
  lead: string;
}

export type Mode = 'draft' | 'send';

/** What the policy in force says that applications need, with the clauses to cite. */
export interface ApplicationPolicy {
  settings: PolicySettings;
  /** Set when the policy does not permit official accounts (ACC-7): the refusal, citing the clause. */
  notPermitted?: string;
  operatorsCitation?: string | undefined;
}

export async function applicationPolicy(db: Kysely<Database>, school: { trustId: string; schoolId: string }, now: Date, doing: 'apply' | 'approve' = 'apply'): Promise<ApplicationPolicy> {
  const settings = await settingsFor(db, school, now);
  const operatorsCitation = await clauseCitation(db, school, 'accounts.operators', now);
  if (settings.businessUse !== 'not-permitted') return { settings, operatorsCitation };
  const citation = await clauseCitation(db, school, 'business-use.not-permitted', now);
  return { settings, operatorsCitation, notPermitted: businessUseRefusal(citation, doing) };
}

interface CheckedApplication {
  value: BusinessCase;
  operators: OperatorChoice[];
  names: Map<string, string>;
}

async function checkApplication(db: Kysely<Database>, school: School, now: Date, form: ApplicationForm, mode: Mode): Promise<CheckedApplication> {
  const policy = await applicationPolicy(db, school, now);
  if (policy.notPermitted) throw new ValidationError([{ href: '#business-use', text: policy.notPermitted }]);
  const { value, errors } = checkBusinessCase(form, mode);
  const found = await peopleOfSchoolAmong(db, school.trustId, school.schoolId, form.operators);
  const people = new Map<string, PersonFact>(found.map((p) => [p.id, { id: p.id, name: `${p.given_name} ${p.family_name}`, leavingDate: p.leaving_date }]));
  const checked = checkOperators({
    slots: form.operators, lead: form.lead, mode, minimum: policy.settings.minimumOperators, today: ukDate(now),
    schoolName: school.schoolName, citation: policy.operatorsCitation, people,
  });
  const all: FieldError[] = [...errors, ...checked.errors];
  if (all.length) throw new ValidationError(all);
  return { value, operators: checked.operators, names: new Map([...people].map(([id, p]) => [id, p.name])) };
}

function operatorDetail(checked: CheckedApplication) {
  const lead = checked.operators.find((o) => o.isLead);
  return {
    operators: checked.operators.map((o) => checked.names.get(o.personId) ?? o.personId),
    lead: lead ? checked.names.get(lead.personId) ?? null : null,
  };
}

/** Starts an application, as a draft or sent for a decision at once. Returns the account's id. */
export async function startApplication(db: Kysely<Database>, now: Date, school: School, actor: Actor & { id: string }, form: ApplicationForm, mode: Mode): Promise<string> {
  const checked = await checkApplication(db, school, now, form, mode);
  const { value } = checked;
  return db.transaction().execute(async (trx) => {
    const account = await trx.insertInto('official_account').values({
      trust_id: school.trustId, school_id: school.schoolId, name: value.name, platform: value.platform, status: mode === 'send' ? 'proposed' : 'draft',
      applicant_id: actor.id, aim: value.aim, audience: value.audience, promotion: value.promotion, visibility: value.visibility,
      submitted_at: mode === 'send' ? now : null, created_at: now, updated_at: now,
    }).returning(['id', 'trust_id', 'school_id']).executeTakeFirstOrThrow();
    if (checked.operators.length) {
      await trx.insertInto('account_operator').values(checked.operators.map((o) => ({
        account_id: account.id, person_id: o.personId, trust_id: school.trustId, school_id: school.schoolId, is_lead: o.isLead, added_at: now, added_by: actor.id,
      }))).execute();
    }
    await recordAccountEvent(trx, now, account, actor, 'application.started', { detail: { name: value.name, platform: platformName(value.platform), ...operatorDetail(checked) } });
    if (mode === 'send') await recordAccountEvent(trx, now, account, actor, 'application.submitted');
    return account.id;
  });
}

/**
 * The applicant changes their draft, and may send it. 'not-found' when it is not theirs (or not the
 * school's); 'not-draft' when it has already been sent.
 */
export async function updateApplication(
  db: Kysely<Database>, now: Date, school: School, actor: Actor & { id: string }, accountId: string, form: ApplicationForm, mode: Mode,
): Promise<'saved' | 'sent' | 'not-found' | 'not-draft'> {
  const checked = await checkApplication(db, school, now, form, mode);
  const { value } = checked;
  return db.transaction().execute(async (trx) => {
    const account = await lockAccount(trx, school, accountId);
    if (!account || account.applicant_id !== actor.id) return 'not-found' as const;
    if (account.status !== 'draft') return 'not-draft' as const;
    const changed = (['name', 'platform', 'aim', 'audience', 'promotion', 'visibility'] as const).filter((k) => account[k] !== value[k]);
    await trx.updateTable('official_account').set({
      name: value.name, platform: value.platform, aim: value.aim, audience: value.audience, promotion: value.promotion, visibility: value.visibility,
      status: mode === 'send' ? 'proposed' : 'draft', submitted_at: mode === 'send' ? now : null, updated_at: now,
    }).where('id', '=', account.id).execute();
    const operatorsChanged = await replaceOperators(trx, now, account, actor, checked.operators);
    if (changed.length || operatorsChanged) {
      await recordAccountEvent(trx, now, account, actor, 'application.updated', { detail: { changed: [...changed, ...(operatorsChanged ? ['operators'] : [])], ...operatorDetail(checked) } });
    }
    if (mode === 'send') await recordAccountEvent(trx, now, account, actor, 'application.submitted');
    return mode === 'send' ? 'sent' as const : 'saved' as const;
  });
}

/** Makes a draft's operators the chosen ones; true when anything changed. People taken off keep their row, marked removed. */
async function replaceOperators(trx: Kysely<Database>, now: Date, account: AccountRow, actor: Actor & { id: string }, wanted: OperatorChoice[]): Promise<boolean> {
  const current = await operatorIds(trx, account.id);
  const same = current.length === wanted.length && wanted.every((w) => current.some((c) => c.person_id === w.personId && c.is_lead === w.isLead));
  if (same) return false;
  const keep = new Set(wanted.map((w) => w.personId));
  const gone = current.filter((c) => !keep.has(c.person_id)).map((c) => c.person_id);
  if (gone.length) {
    await trx.updateTable('account_operator').set({ removed_at: now, removed_reason: 'Taken off the application before it was sent' })
      .where('account_id', '=', account.id).where('removed_at', 'is', null).where('person_id', 'in', gone).execute();
  }
  await trx.updateTable('account_operator').set({ is_lead: false }).where('account_id', '=', account.id).where('removed_at', 'is', null).execute();
  const existing = new Set(current.map((c) => c.person_id));
  const added = wanted.filter((w) => !existing.has(w.personId));
  if (added.length) {
    await trx.insertInto('account_operator').values(added.map((o) => ({
      account_id: account.id, person_id: o.personId, trust_id: account.trust_id, school_id: account.school_id, is_lead: false, added_at: now, added_by: actor.id,
    }))).execute();
  }
  const lead = wanted.find((w) => w.isLead);
  if (lead) await trx.updateTable('account_operator').set({ is_lead: true }).where('account_id', '=', account.id).where('removed_at', 'is', null).where('person_id', '=', lead.personId).execute();
  return true;
}

/** Each named operator with whether they may run the account, and why not (ACC-3). */
export async function operatorStandings(db: Kysely<Database>, school: { trustId: string; schoolId: string }, accountId: string, now: Date) {
  const operators = await currentOperators(db, accountId);
  return Promise.all(operators.map(async (o) => {
    const name = `${o.given_name} ${o.family_name}`;
    const eligibility = await operatorEligibility(db, school, o.person_id, now);
    const reasons = eligibility.eligible ? [] : eligibility.reasons;
    return { personId: o.person_id, name, jobTitle: o.job_title, isLead: o.is_lead, reasons, sentences: reasons.map((r) => reasonSentence(name, r)) };
  }));
}

async function blockersFor(db: Kysely<Database>, school: { trustId: string; schoolId: string }, now: Date, operators: OperatorStanding[]): Promise<string[]> {
  const policy = await applicationPolicy(db, school, now, 'approve');
  const blockers = approvalBlockers({ businessUseNotPermitted: false, minimum: policy.settings.minimumOperators, operatorsCitation: policy.operatorsCitation, operators });
  return policy.notPermitted ? [policy.notPermitted, ...blockers] : blockers;
}

/** Everything the application and decision pages show: operators with eligibility, what stops approval, the timeline. */
export async function describeApplication(db: Kysely<Database>, account: AccountRow, now: Date) {
  const school = { trustId: account.trust_id, schoolId: account.school_id };
  const [operators, events, settings, applicant] = await Promise.all([
    operatorStandings(db, school, account.id, now), timelineOf(db, account.id), settingsFor(db, school, now), personContact(db, account.applicant_id),
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
 */
export async function decide(
  db: Kysely<Database>, now: Date, school: { trustId: string; schoolId: string }, actor: Actor & { id: string }, accountId: string, step: Step, form: DecisionForm, baseUrl: string,
): Promise<{ outcome: 'approve' | 'reject'; account: AccountRow; headTitle: string; applicantName: string } | 'not-found'> {
  return db.transaction().execute(async (trx) => {
    const account = await lockAccount(trx, school, accountId);
    if (!account) return 'not-found' as const;
    const settings = await settingsFor(trx, school, now);
    const operators = await operatorIds(trx, account.id);
    const refusal = stepRefusal({ step, status: account.status, viewerId: actor.id, applicantId: account.applicant_id, operatorIds: operators.map((o) => o.person_id), headTitle: settings.headTitle });
    if (refusal) throw new ValidationError([{ href: '#decision', text: refusal }]);
    const { value, errors } = checkDecisionForm(form);
    if (!value) throw new ValidationError(errors);
    if (value.outcome === 'approve') {
      const blockers = await blockersFor(trx, school, now, await operatorStandings(trx, school, account.id, now));
      if (blockers.length) throw new ValidationError(blockers.map((text) => ({ href: '#operators', text })));
    }
    const to = value.outcome === 'approve' ? STEPS[step].approved : 'rejected';
    const updated = await trx.updateTable('official_account').set({ status: to, decided_at: now, updated_at: now })
      .where('id', '=', account.id).where('status', '=', STEPS[step].awaiting).returningAll().executeTakeFirstOrThrow();
    const kind = value.outcome === 'approve' ? STEPS[step].approvedEvent : STEPS[step].rejectedEvent;
    await recordAccountEvent(trx, now, account, actor, kind, { comment: value.reason });
    const applicant = await personContact(trx, account.applicant_id);
    if (applicant?.email) {
      const mail = decisionMail({
        step, outcome: value.outcome, applicantGivenName: applicant.given_name, accountName: account.name, platform: platformName(account.platform),
        headTitle: settings.headTitle, reason: value.reason, link: `${baseUrl}/accounts/${account.id}/application`,
      });
      await queueMail(trx, now, { to: applicant.email, subject: mail.subject, text: mail.text, trustId: account.trust_id, schoolId: account.school_id });
    }
    return { outcome: value.outcome, account: updated, headTitle: settings.headTitle, applicantName: applicant ? `${applicant.given_name} ${applicant.family_name}` : 'The applicant' };
  });
}
