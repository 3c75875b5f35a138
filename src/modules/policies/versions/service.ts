import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { canonicalJson, recordAudit, type Actor } from '../../../platform/audit/audit.ts';
import { ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { ukDate } from '../../../platform/clock.ts';
import { enqueueJob } from '../../../platform/jobs/jobs.ts';
import { transact } from '../../../platform/db/transact.ts';
import { MODEL_POLICY } from '../model/model-policy.ts';
import { defaultSettings, type PolicySettings } from '../model/settings.ts';
import type { PolicyDocument } from '../model/types.ts';
import { citation, validateDocument } from '../rules/render.ts';
import { validateSettings, type TrustFloors } from '../rules/settings.ts';
import { removeClause, updateClause } from '../rules/edit.ts';
import { citedBy } from '../citations.ts';
import { readDateInput } from '../../directory/dates.ts';
import {
  effectiveVersionOf,
  findOrCreatePolicy,
  findPolicy,
  findVersion,
  localSettings,
  type Owner,
  type VersionRow,
} from './repo.ts';

export const SIGNING_REMINDER_JOB = 'policies.signing-reminders';
export const REVIEW_REMINDER_JOB = 'policies.review-reminder';

/** Settings a school of a trust sets for itself when it adopts the trust's policy. */
export const LOCAL_SETTING_KEYS = ['headTitle', 'ladoContact', 'safeguardingPartnershipContact'] as const;

export function contentHash(document: unknown, settings: unknown): string {
  return createHash('sha256').update(canonicalJson({ document, settings })).digest('hex');
}

export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/** A trust's effective settings are the floor for its schools' own policies (e.g. at least 2 operators). */
export async function trustFloors(db: Kysely<Database>, owner: Owner, today: string): Promise<TrustFloors> {
  if (!owner.schoolId) return {};
  const trustVersion = await effectiveVersionOf(db, { trustId: owner.trustId, schoolId: null }, today);
  if (!trustVersion) return {};
  const s = trustVersion.settings as Record<string, unknown>;
  return typeof s.minimumOperators === 'number' ? { minimumOperators: s.minimumOperators } : {};
}

/** Starts the owner's policy from Postwarden's model, as a first draft. */
export async function startFromModel(db: Kysely<Database>, now: Date, owner: Owner, actor: Actor): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const policy = await findOrCreatePolicy(trx, owner, MODEL_POLICY.title, now);
    const existing = await trx
      .selectFrom('policy_version')
      .select(['id', 'status'])
      .where('policy_id', '=', policy.id)
      .execute();
    if (existing.some((v) => v.status === 'draft'))
      throw new ValidationError([{ href: '#start', text: 'There is already a draft. Finish or change that one' }]);
    if (existing.length)
      throw new ValidationError([
        {
          href: '#start',
          text: 'This policy already has versions. Start a new draft from the current version instead',
        },
      ]);
    const version = await trx
      .insertInto('policy_version')
      .values({
        policy_id: policy.id,
        trust_id: owner.trustId,
        school_id: owner.schoolId,
        number: 1,
        status: 'draft',
        document: JSON.stringify(MODEL_POLICY),
        settings: JSON.stringify(defaultSettings()),
        created_at: now,
        created_by: actor.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, now, {
      actor,
      action: 'policy.draft-started',
      entityType: 'policy_version',
      entityId: version.id,
      trustId: owner.trustId,
      schoolId: owner.schoolId,
      summary: { from: 'model', number: 1 },
    });
    return version.id;
  });
}

/** A new draft copied from the latest version, for changes or a review. */
export async function startNewDraft(db: Kysely<Database>, now: Date, owner: Owner, actor: Actor): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const policy = await findPolicy(trx, owner);
    if (!policy)
      throw new ValidationError([{ href: '#start', text: 'There is no policy yet. Start from the model policy' }]);
    const latest = await trx
      .selectFrom('policy_version')
      .selectAll()
      .where('policy_id', '=', policy.id)
      .orderBy('number', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    if (latest.status === 'draft')
      throw new ValidationError([{ href: '#start', text: 'There is already a draft. Finish or change that one' }]);
    const version = await trx
      .insertInto('policy_version')
      .values({
        policy_id: policy.id,
        trust_id: owner.trustId,
        school_id: owner.schoolId,
        number: latest.number + 1,
        status: 'draft',
        document: JSON.stringify(latest.document),
        settings: JSON.stringify(latest.settings),
        created_at: now,
        created_by: actor.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, now, {
      actor,
      action: 'policy.draft-started',
      entityType: 'policy_version',
      entityId: version.id,
      trustId: owner.trustId,
      schoolId: owner.schoolId,
      summary: { from: latest.number, number: latest.number + 1 },
    });
    return version.id;
  });
}

function requireDraft(version: VersionRow): void {
  if (version.status !== 'draft')
    throw new ValidationError([
      { href: '#main-content', text: 'An approved version cannot be changed. Start a new draft to change the policy' },
    ]);
}

export async function saveSettings(
  db: Kysely<Database>,
  now: Date,
  viewer: { trustId: string; schoolId: string | null },
  actor: Actor,
  versionId: string,
  input: Record<string, unknown>,
): Promise<'saved' | 'not-found'> {
  const version = await findVersion(db, viewer.trustId, viewer.schoolId, versionId);
  if (!version) return 'not-found';
  requireDraft(version);
  const result = validateSettings(
    input,
    await trustFloors(db, { trustId: version.trust_id, schoolId: version.school_id }, ukDate(now)),
  );
  if (!result.ok) throw new ValidationError(result.errors.map((e) => ({ href: `#${e.key}`, text: e.message })));
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('policy_version')
      .set({ settings: JSON.stringify(result.settings) })
      .where('id', '=', versionId)
      .where('status', '=', 'draft')
      .execute();
    const before = version.settings as Record<string, unknown>;
    const changed = Object.fromEntries(
      Object.entries(result.settings)
        .filter(([k, v]) => JSON.stringify(before[k]) !== JSON.stringify(v))
        .map(([k, v]) => [k, { from: before[k], to: v }]),
    );
    await recordAudit(trx, now, {
      actor,
      action: 'policy.settings-changed',
      entityType: 'policy_version',
      entityId: versionId,
      trustId: version.trust_id,
      schoolId: version.school_id,
      summary: changed,
    });
  });
  return 'saved';
}

export async function saveClause(
  db: Kysely<Database>,
  now: Date,
  viewer: { trustId: string; schoolId: string | null },
  actor: Actor,
  versionId: string,
  key: string,
  change: { title: string; text: string },
): Promise<'saved' | 'not-found'> {
  const version = await findVersion(db, viewer.trustId, viewer.schoolId, versionId);
  const document = version?.document as PolicyDocument | undefined;
  if (!version || !document?.sections.some((s) => s.clauses.some((c) => c.key === key))) return 'not-found';
  requireDraft(version);
  const errors: FieldError[] = [];
  if (!change.title.trim()) errors.push({ href: '#title', text: 'Enter a heading for the clause' });
  if (!change.text.trim()) errors.push({ href: '#text', text: 'Enter the text of the clause' });
  if (change.text.length > 5000) errors.push({ href: '#text', text: 'A clause must be 5,000 characters or fewer' });
  if (errors.length) throw new ValidationError(errors);
  const updated = updateClause(document, key, { title: change.title.trim(), text: change.text.trim() });
  const problems = validateDocument(updated);
  if (problems.length) throw new ValidationError(problems.map((p) => ({ href: '#text', text: p })));
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('policy_version')
      .set({ document: JSON.stringify(updated) })
      .where('id', '=', versionId)
      .where('status', '=', 'draft')
      .execute();
    await recordAudit(trx, now, {
      actor,
      action: 'policy.clause-changed',
      entityType: 'policy_version',
      entityId: versionId,
      trustId: version.trust_id,
      schoolId: version.school_id,
      summary: { clause: key },
    });
  });
  return 'saved';
}

export async function deleteClause(
  db: Kysely<Database>,
  now: Date,
  viewer: { trustId: string; schoolId: string | null },
  actor: Actor,
  versionId: string,
  key: string,
): Promise<'deleted' | 'not-found'> {
  const version = await findVersion(db, viewer.trustId, viewer.schoolId, versionId);
  const document = version?.document as PolicyDocument | undefined;
  if (!version || !document?.sections.some((s) => s.clauses.some((c) => c.key === key))) return 'not-found';
  requireDraft(version);
  const citers = citedBy(key);
  if (citers.length)
    throw new ValidationError([
      {
        href: '#main-content',
        text: `This clause cannot be deleted because ${citers.join(' and ')} ${citers.length === 1 ? 'cites' : 'cite'} it. Change its wording instead`,
      },
    ]);
  const updated = removeClause(document, key);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('policy_version')
      .set({ document: JSON.stringify(updated) })
      .where('id', '=', versionId)
      .where('status', '=', 'draft')
      .execute();
    await recordAudit(trx, now, {
      actor,
      action: 'policy.clause-deleted',
      entityType: 'policy_version',
      entityId: versionId,
      trustId: version.trust_id,
      schoolId: version.school_id,
      summary: { clause: key },
    });
  });
  return 'deleted';
}

export interface ApprovalForm {
  body: string;
  approvedDay?: string;
  approvedMonth?: string;
  approvedYear?: string;
  effectiveDay?: string;
  effectiveMonth?: string;
  effectiveYear?: string;
  consultation: string;
  changeSummary: string;
}

/**
 * Records the approval (POL-2): by whom (e.g. the full governing body) and when, effective from a
 * date that is not in the past. Schedules the signing reminders and the review reminders.
 */
export async function approveVersion(
  db: Kysely<Database>,
  now: Date,
  viewer: { trustId: string; schoolId: string | null },
  actor: Actor,
  versionId: string,
  form: ApprovalForm,
): Promise<'approved' | 'not-found'> {
  const version = await findVersion(db, viewer.trustId, viewer.schoolId, versionId);
  if (!version) return 'not-found';
  requireDraft(version);
  const today = ukDate(now);
  const errors: FieldError[] = [];
  if (!form.body.trim())
    errors.push({ href: '#body', text: 'Enter who approved the policy, like “Full Governing Body”' });
  const approved = readDateInput(form.approvedDay, form.approvedMonth, form.approvedYear, 'Date approved');
  const effective = readDateInput(form.effectiveDay, form.effectiveMonth, form.effectiveYear, 'Effective date');
  const draftedOn = ukDate(new Date(version.created_at));
  if (!approved.ok) errors.push({ href: '#approvedOn', text: approved.message });
  else if (!approved.value) errors.push({ href: '#approvedOn', text: 'Enter the date the policy was approved' });
  else if (approved.value < draftedOn)
    errors.push({
      href: '#approvedOn',
      text: `The approval date cannot be before this draft was started (${draftedOn.split('-').reverse().join('/')})`,
    });
  else if (approved.value > today)
    errors.push({ href: '#approvedOn', text: 'The approval date cannot be in the future' });
  if (!effective.ok) errors.push({ href: '#effectiveFrom', text: effective.message });
  else if (!effective.value) errors.push({ href: '#effectiveFrom', text: 'Enter the date the policy takes effect' });
  else if (effective.value < today)
    errors.push({
      href: '#effectiveFrom',
      text: 'A new version cannot take effect in the past. Choose today or a later date',
    });
  const document = version.document as PolicyDocument;
  for (const problem of validateDocument(document)) errors.push({ href: '#main-content', text: problem });
  if (errors.length || !approved.ok || !effective.ok || !approved.value || !effective.value)
    throw new ValidationError(errors);
  const settings = version.settings as unknown as PolicySettings;
  const reviewDue = addMonths(effective.value, settings.reviewCycleMonths);
  const effectiveFrom = effective.value;
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('policy_version')
      .set({
        status: 'approved',
        approved_by_body: form.body.trim(),
        approved_on: approved.value,
        approved_recorded_by: actor.id,
        effective_from: effectiveFrom,
        review_due: reviewDue,
        consultation: form.consultation.trim() || null,
        change_summary: form.changeSummary.trim() || null,
        content_hash: contentHash(document, settings),
      })
      .where('id', '=', versionId)
      .where('status', '=', 'draft')
      .returning('id')
      .executeTakeFirst();
    if (!updated)
      throw new ValidationError([{ href: '#main-content', text: 'This version has already been approved' }]);
    await trx
      .updateTable('policy_review')
      .set({ closed_at: now, closed_by_version: versionId })
      .where('policy_id', '=', version.policy_id)
      .where('closed_at', 'is', null)
      .execute();
    await enqueueJob(
      trx,
      SIGNING_REMINDER_JOB,
      { versionId },
      { runAt: new Date(`${effectiveFrom}T08:00:00Z`), dedupeKey: `signing:${versionId}:${effectiveFrom}` },
    );
    for (const [stage, date] of [
      ['before', addMonths(reviewDue, -1)],
      ['due', reviewDue],
      ['overdue', addMonths(reviewDue, 1)],
    ] as const) {
      await enqueueJob(
        trx,
        REVIEW_REMINDER_JOB,
        { versionId, stage },
        { runAt: new Date(`${date}T08:00:00Z`), dedupeKey: `review:${versionId}:${stage}` },
      );
    }
    await recordAudit(trx, now, {
      actor,
      action: 'policy.approved',
      entityType: 'policy_version',
      entityId: versionId,
      trustId: version.trust_id,
      schoolId: version.school_id,
      summary: { number: version.number, by: form.body.trim(), approvedOn: approved.value, effectiveFrom, reviewDue },
    });
  });
  return 'approved';
}

/** The version in force for a school on a date: its own policy, or else its trust's. */
export async function effectiveVersionForSchool(
  db: Kysely<Database>,
  school: { trustId: string; schoolId: string },
  today: string,
) {
  return (
    (await effectiveVersionOf(db, school, today)) ??
    (await effectiveVersionOf(db, { trustId: school.trustId, schoolId: null }, today))
  );
}

/**
 * The policy settings in force for a school at an instant (POL-1). Every other module reads
 * settings through this call: the school's own policy, else the trust's with the school's local
 * settings, else Postwarden's defaults.
 */
export async function settingsFor(
  db: Kysely<Database>,
  school: { trustId: string; schoolId: string },
  at: Date,
): Promise<PolicySettings> {
  return settingsOfVersion(db, school, await effectiveVersionForSchool(db, school, ukDate(at)));
}

type InForceVersion = Awaited<ReturnType<typeof effectiveVersionForSchool>>;

/** The settings of a version already looked up as the one in force for the school (with the school's local settings on a trust policy). */
export async function settingsOfVersion(
  db: Kysely<Database>,
  school: { trustId: string; schoolId: string },
  version: InForceVersion,
): Promise<PolicySettings> {
  const base = { ...defaultSettings(), ...((version?.settings as Partial<PolicySettings> | undefined) ?? {}) };
  if (version && version.school_id === null) {
    const local = await localSettings(db, school.schoolId);
    for (const key of LOCAL_SETTING_KEYS)
      if (typeof local[key] === 'string' && local[key]) (base as Record<string, unknown>)[key] = local[key];
  }
  return base;
}

/**
 * How the school's policy in force cites a clause, by its stable key: "§5.2 Official accounts".
 * Undefined when no policy is in force or the clause is not in it as chosen. Other modules cite
 * clauses through this call so the numbering is always the school's own.
 */
export async function clauseCitation(
  db: Kysely<Database>,
  school: { trustId: string; schoolId: string },
  key: string,
  at: Date,
): Promise<string | undefined> {
  return (await clauseCitations(db, school, [key], at)).get(key);
}

/** Several citations at once, keyed by clause key (one look-up of the policy in force). */
export async function clauseCitations(
  db: Kysely<Database>,
  school: { trustId: string; schoolId: string },
  keys: readonly string[],
  at: Date,
): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  return (await settingsAndCitations(db, school, keys, at)).citations;
}

/** The settings in force and how the policy cites some clauses, from one look-up of the version in force. */
export async function settingsAndCitations(
  db: Kysely<Database>,
  school: { trustId: string; schoolId: string },
  keys: readonly string[],
  at: Date,
): Promise<{ settings: PolicySettings; citations: Map<string, string> }> {
  const version = await effectiveVersionForSchool(db, school, ukDate(at));
  const settings = await settingsOfVersion(db, school, version);
  const citations = new Map<string, string>();
  if (!version) return { settings, citations };
  for (const key of new Set(keys)) {
    const label = citation(version.document as PolicyDocument, settings, key)?.label;
    if (label) citations.set(key, label);
  }
  return { settings, citations };
}

/** Any module can ask for an early review (POL-3): legislative change, new guidance, case law or a significant incident. */
export const EARLY_REVIEW_REASONS = [
  { value: 'legislative-change', text: 'A change in the law' },
  { value: 'new-guidance', text: 'New guidance (for example from the DfE)' },
  { value: 'case-law', text: 'A court decision (case law)' },
  { value: 'significant-incident', text: 'A significant incident' },
] as const;

export async function proposeEarlyReview(
  db: Kysely<Database>,
  now: Date,
  owner: Owner,
  actor: Actor,
  reason: string,
  detail: string,
): Promise<'opened' | 'already-open' | 'no-policy'> {
  if (!EARLY_REVIEW_REASONS.some((r) => r.value === reason))
    throw new ValidationError([{ href: '#reason', text: 'Select why the policy needs an early review' }]);
  if (detail.length > 2000)
    throw new ValidationError([{ href: '#detail', text: 'Details must be 2,000 characters or fewer' }]);
  // In the caller's transaction when there is one: closing a significant case and proposing the review commit together (POL-3).
  return transact(db, async (trx) => {
    const policy = await findPolicy(trx, owner);
    if (!policy) return 'no-policy' as const;
    const open = await trx
      .selectFrom('policy_review')
      .select('id')
      .where('policy_id', '=', policy.id)
      .where('closed_at', 'is', null)
      .executeTakeFirst();
    if (open) return 'already-open' as const;
    const review = await trx
      .insertInto('policy_review')
      .values({
        policy_id: policy.id,
        trust_id: owner.trustId,
        kind: 'early',
        reason,
        detail: detail.trim() || null,
        opened_at: now,
        opened_by: actor.label,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, now, {
      actor,
      action: 'policy.early-review-opened',
      entityType: 'policy',
      entityId: policy.id,
      trustId: owner.trustId,
      schoolId: owner.schoolId,
      summary: { reviewId: review.id, reason },
    });
    return 'opened' as const;
  });
}
