import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { recordAudit, type Actor } from '../../../platform/audit/audit.ts';
import { enqueueJob, type JobRunner } from '../../../platform/jobs/jobs.ts';
import { ukDate } from '../../../platform/clock.ts';
import {
  ACCEPTED_HEADERS,
  confirmationMatches,
  decodeCsvText,
  detectNonCsv,
  needsTypedConfirmation,
  parseImport,
  rowsWithErrors,
  type ImportError,
  type ImportKind,
} from './rules/index.ts';
import { planPupilImport, planStaffImport, type ImportScope, type PupilPlan, type StaffPlan } from './diff.ts';
import { recordImportChanges, upsertContacts, upsertPupils } from './bulk.ts';
import { emailOwners, existingContacts, existingPupils, existingStaff, findBatch } from './repo.ts';
import { judgeStaffPlan, type AnnouncedChange } from './staff-changes.ts';
import { changerFromRecords, tellOldAddress, type Changer } from '../person-changes/service.ts';

export const APPLY_IMPORT_JOB = 'directory.import.apply';
const CHUNK = 10_000;
const SAMPLE = 50;

interface Tenant {
  trustId: string;
  schoolId: string;
}

/**
 * Who runs an import: the audit's actor, and the changer the person-change rule judges (a signed-in
 * person with their roles where they work, or the installation's operator at the command line).
 */
export interface Importer {
  actor: Actor;
  changer: Changer;
}

export interface ImportPreview {
  totalRows: number;
  scope: ImportScope;
  create: number;
  update: number;
  unchanged: number;
  leavers: number;
  /** On roll before the import: more than half leaving needs the number typed to confirm. */
  onRoll: number;
  needsTypedConfirmation: boolean;
  contacts: number;
  errors: ImportError[];
  /** Every problem found (several can be on one row). */
  errorCount: number;
  /** Rows of the file with at least one problem. */
  errorRows: number;
  samples: { create: string[]; update: string[]; leavers: string[] };
}

export type PreviewOutcome =
  | { kind: 'not-csv'; message: string }
  | {
      kind: 'header-problem';
      message: string;
      missingFields: string[];
      acceptedHeaders: (typeof ACCEPTED_HEADERS)[ImportKind];
    }
  | { kind: 'empty' }
  | { kind: 'previewed'; batchId: string; preview: ImportPreview };

async function plan(
  db: Kysely<Database>,
  kind: ImportKind,
  tenant: Tenant,
  changer: Changer,
  text: string,
  today: string,
  scope: ImportScope,
) {
  if (kind === 'pupils') {
    const parsed = parseImport('pupils', text, today);
    if (parsed.headerProblem) return { parsed, plan: undefined };
    const [pupils, contacts] = await Promise.all([
      existingPupils(db, tenant.schoolId),
      existingContacts(db, tenant.schoolId),
    ]);
    return { parsed, plan: { kind, plan: planPupilImport(parsed.rows, pupils, contacts, today, scope) } as const };
  }
  const parsed = parseImport('staff', text, today);
  if (parsed.headerProblem) return { parsed, plan: undefined };
  const [staff, owners] = await Promise.all([existingStaff(db, tenant.schoolId), emailOwners(db)]);
  const staffPlan = planStaffImport(parsed.rows, staff, owners, today, scope);
  // Every email and leaving date the file would change goes through the one person-change rule.
  const judged = await judgeStaffPlan(db, tenant.trustId, changer, staffPlan, staff, today);
  staffPlan.errors.push(...judged.errors);
  return { parsed, plan: { kind, plan: staffPlan, announce: judged.announce } as const };
}

type Planned =
  | { kind: 'pupils'; plan: PupilPlan }
  | { kind: 'staff'; plan: StaffPlan; announce: Map<string, AnnouncedChange> };

function summarise(totalRows: number, scope: ImportScope, parseErrors: ImportError[], planned: Planned): ImportPreview {
  const p = planned.plan;
  const errors = [...parseErrors, ...(planned.kind === 'staff' ? planned.plan.errors : [])].sort(
    (a, b) => a.line - b.line,
  );
  const name = (r: { given_name: string; family_name: string; line: number }) =>
    `Line ${r.line}: ${r.given_name} ${r.family_name}`;
  return {
    totalRows,
    scope,
    create: p.create.length,
    update: p.update.length,
    unchanged: p.unchanged,
    leavers: p.leavers.length,
    onRoll: p.onRoll,
    needsTypedConfirmation: needsTypedConfirmation(p.leavers.length, p.onRoll),
    contacts: planned.kind === 'pupils' ? planned.plan.contacts.length : 0,
    errors: errors.slice(0, 500),
    errorCount: errors.length,
    errorRows: rowsWithErrors(errors),
    samples: {
      create: p.create.slice(0, SAMPLE).map(name),
      update: p.update.slice(0, SAMPLE).map((r) => `${name(r)} (${r.changes?.join(', ')})`),
      leavers: p.leavers.slice(0, SAMPLE).map((l) => l.name),
    },
  };
}

/** Reads an upload and records what it would change; nothing in the roster changes until it is confirmed. */
export async function previewImport(
  db: Kysely<Database>,
  now: Date,
  tenant: Tenant,
  importer: Importer,
  kind: ImportKind,
  scope: ImportScope,
  filename: string,
  bytes: Uint8Array,
): Promise<PreviewOutcome> {
  const { actor } = importer;
  const notCsv = detectNonCsv(bytes);
  if (notCsv) return { kind: 'not-csv', message: notCsv };
  const text = decodeCsvText(bytes);
  const { parsed, plan: planned } = await plan(db, kind, tenant, importer.changer, text, ukDate(now), scope);
  if (parsed.headerProblem) {
    return {
      kind: 'header-problem',
      message: parsed.headerProblem.message,
      missingFields: parsed.headerProblem.missingFields,
      acceptedHeaders: ACCEPTED_HEADERS[kind],
    };
  }
  if (parsed.totalRows === 0) return { kind: 'empty' };
  const preview = summarise(parsed.totalRows, scope, parsed.errors, planned!);
  const batch = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('import_batch')
      .values({
        trust_id: tenant.trustId,
        school_id: tenant.schoolId,
        kind,
        scope,
        filename: filename.slice(0, 200),
        uploaded_by: actor.id,
        created_at: now,
        status: 'previewed',
        csv_text: text,
        preview: JSON.stringify(preview),
        total: parsed.totalRows,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, now, {
      actor,
      action: 'import.previewed',
      entityType: 'import_batch',
      entityId: row.id,
      ...tenant,
      summary: { kind, scope, filename, rows: parsed.totalRows, errors: preview.errorCount, leavers: preview.leavers },
    });
    return row;
  });
  return { kind: 'previewed', batchId: batch.id, preview };
}

export type ConfirmOutcome = 'queued' | 'not-found' | 'has-errors' | 'already-confirmed' | 'confirmation-needed';

/**
 * Queues a previewed import. When more than half the roll would leave, `typedLeavers` must be the
 * number of leavers, typed by the person confirming.
 */
export async function confirmImport(
  db: Kysely<Database>,
  now: Date,
  tenant: Tenant,
  importer: Importer,
  batchId: string,
  typedLeavers?: string,
): Promise<ConfirmOutcome> {
  const { actor } = importer;
  return db.transaction().execute(async (trx) => {
    const batch = await trx
      .selectFrom('import_batch')
      .select(['id', 'status', 'preview', 'kind'])
      .where('id', '=', batchId)
      .where('school_id', '=', tenant.schoolId)
      .forUpdate()
      .executeTakeFirst();
    if (!batch) return 'not-found';
    if (batch.status !== 'previewed') return 'already-confirmed';
    const preview = batch.preview as unknown as ImportPreview;
    if (preview.errorCount > 0) return 'has-errors';
    // A preview stored before the roll was counted (onRoll missing) asks for the number whenever anyone would leave.
    if (
      needsTypedConfirmation(preview.leavers, preview.onRoll ?? 0) &&
      !confirmationMatches(typedLeavers, preview.leavers)
    )
      return 'confirmation-needed';
    await trx.updateTable('import_batch').set({ status: 'queued' }).where('id', '=', batchId).execute();
    const payload = {
      batchId,
      schoolId: tenant.schoolId,
      actorId: actor.id,
      actorLabel: actor.label,
      installation: importer.changer.kind === 'installation',
    };
    await enqueueJob(trx, APPLY_IMPORT_JOB, payload, { runAt: now, dedupeKey: `import:${batchId}`, maxAttempts: 3 });
    await recordAudit(trx, now, {
      actor,
      action: 'import.confirmed',
      entityType: 'import_batch',
      entityId: batchId,
      ...tenant,
      summary: {
        kind: batch.kind,
        leavers: preview.leavers,
        typedConfirmation: preview.needsTypedConfirmation ?? false,
      },
    });
    return 'queued';
  });
}

export type CancelOutcome = 'cancelled' | 'not-found' | 'not-pending';

/** Discards a previewed import: nothing in it is written, and its copy of the file is deleted. */
export async function cancelImport(
  db: Kysely<Database>,
  now: Date,
  tenant: Tenant,
  actor: Actor,
  batchId: string,
): Promise<CancelOutcome> {
  return db.transaction().execute(async (trx) => {
    const batch = await trx
      .selectFrom('import_batch')
      .select(['id', 'status', 'kind'])
      .where('id', '=', batchId)
      .where('school_id', '=', tenant.schoolId)
      .forUpdate()
      .executeTakeFirst();
    if (!batch) return 'not-found';
    if (batch.status !== 'previewed') return 'not-pending';
    await trx
      .updateTable('import_batch')
      .set({ status: 'cancelled', csv_text: '', finished_at: now })
      .where('id', '=', batchId)
      .execute();
    await recordAudit(trx, now, {
      actor,
      action: 'import.cancelled',
      entityType: 'import_batch',
      entityId: batchId,
      ...tenant,
      summary: { kind: batch.kind },
    });
    return 'cancelled';
  });
}

export async function importProgress(db: Kysely<Database>, schoolId: string, batchId: string) {
  const batch = await findBatch(db, schoolId, batchId);
  if (!batch) return undefined;
  return {
    status: batch.status,
    processed: batch.processed,
    total: batch.total,
    finished: batch.status === 'done' || batch.status === 'failed',
    error: batch.error,
  };
}

/**
 * Applies a confirmed import in chunks, each its own transaction with its own audit event, so a
 * large file does not hold the database and progress shows as it goes. Every write is an upsert
 * keyed on the MIS identifier, so a retry after a crash finishes the job without duplicates.
 */
export function registerImportJob(jobs: JobRunner): void {
  jobs.register(APPLY_IMPORT_JOB, (payload, { db, now }) => applyImport(db, now, payload));
}

/** The apply job's work, also run directly by the command-line import (which has no other job handlers). */
export async function applyImport(db: Kysely<Database>, now: Date, payload: Record<string, unknown>): Promise<void> {
  const batchId = String(payload.batchId);
  const batch = await db.selectFrom('import_batch').selectAll().where('id', '=', batchId).executeTakeFirst();
  if (!batch || batch.status === 'done') return;
  const tenant = { trustId: batch.trust_id, schoolId: batch.school_id };
  const actor: Actor = {
    id: (payload.actorId as string | null) ?? null,
    label: String(payload.actorLabel ?? 'Import'),
  };
  // The rule is asked again with the importer's roles as they are now: a role lost since the preview counts.
  const changer: Changer =
    payload.installation === true || !actor.id
      ? { kind: 'installation' }
      : await changerFromRecords(db, actor.id, batch.school_id);
  await db
    .updateTable('import_batch')
    .set({ status: 'running', processed: 0, changes_recorded: true })
    .where('id', '=', batchId)
    .execute();
  const today = ukDate(now);
  const scope: ImportScope = batch.scope ?? 'whole';
  try {
    const { parsed, plan: planned } = await plan(db, batch.kind, tenant, changer, batch.csv_text, today, scope);
    const previewed = batch.preview as unknown as ImportPreview;
    if (!planned || parsed.errors.length || (planned.kind === 'staff' && planned.plan.errors.length)) {
      const refusal = planned?.kind === 'staff' ? planned.plan.errors[0]?.message : undefined;
      throw new Error(
        `The file no longer matches the records it was checked against${refusal ? ` (${refusal})` : ''}. Upload it again to see a new preview.`,
      );
    }
    // More leavers than the person confirmed (another import ran in between) is not what they agreed to.
    if (planned.plan.leavers.length > (previewed.leavers ?? 0)) {
      throw new Error(
        `The file would now mark ${planned.plan.leavers.length} as leaving, not the ${previewed.leavers ?? 0} that were confirmed. Upload it again to see a new preview.`,
      );
    }
    const record = { batchId, schoolId: tenant.schoolId };
    const work =
      planned.kind === 'pupils'
        ? pupilSteps(planned.plan, tenant, now, today, record)
        : staffSteps(planned.plan, tenant, now, today, record, { actor, announce: planned.announce });
    const total = work.reduce((n, step) => n + step.size, 0);
    let processed = 0;
    for (const step of work) {
      await db.transaction().execute(async (trx) => {
        await step.apply(trx);
        processed += step.size;
        await trx.updateTable('import_batch').set({ processed, total }).where('id', '=', batchId).execute();
        await recordAudit(trx, now, {
          actor,
          action: `import.${step.action}`,
          entityType: 'import_batch',
          entityId: batchId,
          ...tenant,
          summary: { kind: batch.kind, count: step.size },
        });
      });
    }
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('import_batch')
        .set({ status: 'done', finished_at: now, processed: total, total, csv_text: '' })
        .where('id', '=', batchId)
        .execute();
      const p = planned.plan;
      await recordAudit(trx, now, {
        actor,
        action: 'import.completed',
        entityType: 'import_batch',
        entityId: batchId,
        ...tenant,
        summary: { kind: batch.kind, created: p.create.length, updated: p.update.length, leavers: p.leavers.length },
      });
    });
  } catch (error) {
    await db
      .updateTable('import_batch')
      .set({ status: 'failed', error: (error as Error).message.slice(0, 500), finished_at: now })
      .where('id', '=', batchId)
      .execute();
    throw error;
  }
}

interface Step {
  action: string;
  size: number;
  apply(trx: Kysely<Database>): Promise<void>;
}

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

interface ChangeRecord {
  batchId: string;
  schoolId: string;
}

function pupilSteps(plan: PupilPlan, tenant: Tenant, now: Date, today: string, record: ChangeRecord): Step[] {
  const rows = [...plan.create, ...plan.update];
  const created = new Set(plan.create.map((r) => r.id));
  const steps: Step[] = chunks(rows).map((chunk) => ({
    action: 'pupils-written',
    size: chunk.length,
    apply: async (trx) => {
      await upsertPupils(
        trx,
        tenant,
        now,
        chunk.map(({ line: _l, changes: _c, ...r }) => r),
      );
      await recordImportChanges(
        trx,
        record,
        'pupil',
        'added',
        chunk.filter((r) => created.has(r.id)).map((r) => ({ id: r.id })),
      );
    },
  }));
  for (const chunk of chunks(plan.contacts)) {
    steps.push({
      action: 'contacts-written',
      size: chunk.length,
      apply: async (trx) => {
        await upsertContacts(trx, tenant, now, chunk);
        await recordImportChanges(
          trx,
          record,
          'parent',
          'added',
          [...new Set(chunk.filter((c) => c.isNew).map((c) => c.parentId))].map((id) => ({ id })),
        );
      },
    });
  }
  for (const chunk of chunks(plan.leavers)) {
    steps.push({
      action: 'pupils-marked-as-leavers',
      size: chunk.length,
      apply: async (trx) => {
        await trx
          .updateTable('pupil')
          .set({ leaving_date: today, updated_at: now })
          .where('school_id', '=', tenant.schoolId)
          .where(
            'id',
            'in',
            chunk.map((l) => l.id),
          )
          .execute();
        await recordImportChanges(
          trx,
          record,
          'pupil',
          'marked-leaver',
          chunk.map((l) => ({ id: l.id, previousLeavingDate: l.previousLeavingDate })),
        );
      },
    });
  }
  return steps;
}

interface Announcements {
  actor: Actor;
  announce: Map<string, AnnouncedChange>;
}

/** Audits each protected person's change by name and tells their old address, in the transaction that makes the change. */
async function announceChanges(
  trx: Kysely<Database>,
  tenant: Tenant,
  now: Date,
  today: string,
  batchId: string,
  { actor, announce }: Announcements,
  ids: string[],
): Promise<void> {
  for (const id of ids) {
    const notice = announce.get(id);
    if (!notice) continue;
    const summary: Record<string, unknown> = { via: 'import', batchId, toldOldAddress: notice.oldEmail };
    if (notice.change.email) summary.email = notice.change.email;
    if (notice.change.leavingDate) summary.leaving_date = notice.change.leavingDate;
    await recordAudit(trx, now, {
      actor,
      action: 'person.updated',
      entityType: 'person',
      entityId: id,
      ...tenant,
      summary,
    });
    await tellOldAddress(trx, {
      person: { givenName: notice.givenName, oldEmail: notice.oldEmail },
      school: tenant,
      changedBy: actor.label,
      change: notice.change,
      when: now,
      today,
    });
  }
}

function staffSteps(
  plan: StaffPlan,
  tenant: Tenant,
  now: Date,
  today: string,
  record: ChangeRecord,
  announcements: Announcements,
): Step[] {
  const rows = [...plan.create, ...plan.update];
  const steps: Step[] = chunks(rows).map((chunk) => ({
    action: 'staff-written',
    size: chunk.length,
    apply: async (trx) => {
      for (const part of [chunk.filter((r) => !r.changes), chunk.filter((r) => r.changes)]) {
        if (!part.length) continue;
        await trx
          .insertInto('person')
          .values(
            part.map(({ line: _l, changes: _c, ...r }) => ({
              ...r,
              trust_id: tenant.trustId,
              school_id: tenant.schoolId,
              password_hash: null,
              created_at: now,
              updated_at: now,
            })),
          )
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({
              given_name: eb.ref('excluded.given_name'),
              family_name: eb.ref('excluded.family_name'),
              email: eb.ref('excluded.email'),
              employment_type: eb.ref('excluded.employment_type'),
              job_title: eb.ref('excluded.job_title'),
              start_date: eb.ref('excluded.start_date'),
              leaving_date: eb.ref('excluded.leaving_date'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      }
      await recordImportChanges(
        trx,
        record,
        'person',
        'added',
        chunk.filter((r) => !r.changes).map((r) => ({ id: r.id })),
      );
      await announceChanges(
        trx,
        tenant,
        now,
        today,
        record.batchId,
        announcements,
        chunk.filter((r) => r.changes).map((r) => r.id),
      );
    },
  }));
  for (const chunk of chunks(plan.leavers)) {
    steps.push({
      action: 'staff-marked-as-leavers',
      size: chunk.length,
      apply: async (trx) => {
        await trx
          .updateTable('person')
          .set({ leaving_date: today, updated_at: now })
          .where('school_id', '=', tenant.schoolId)
          .where(
            'id',
            'in',
            chunk.map((l) => l.id),
          )
          .execute();
        await recordImportChanges(
          trx,
          record,
          'person',
          'marked-leaver',
          chunk.map((l) => ({ id: l.id, previousLeavingDate: l.previousLeavingDate })),
        );
        await announceChanges(
          trx,
          tenant,
          now,
          today,
          record.batchId,
          announcements,
          chunk.map((l) => l.id),
        );
      },
    });
  }
  return steps;
}
