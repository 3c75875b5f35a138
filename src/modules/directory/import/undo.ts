import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { recordAudit } from '../../../platform/audit/audit.ts';
import { ukDate } from '../../../platform/clock.ts';
import { changeTargetOf, mayChangePerson, tellOldAddress } from '../person-changes/service.ts';
import { ukLongDate } from '../dates.ts';
import { UNDO_DAYS, undoDeadline } from './rules/index.ts';
import type { Importer } from './service.ts';

interface Tenant {
  trustId: string;
  schoolId: string;
}
interface Batch {
  id: string;
  kind: 'pupils' | 'staff';
  status: string;
  created_at: Date;
  finished_at: Date | null;
  changes_recorded: boolean;
  school_id: string;
}

export type UndoStatus =
  | { kind: 'undoable'; deadline: Date; added: number; leavers: number }
  | { kind: 'not-undoable'; reason: string };

const isForeignKeyViolation = (error: unknown) => (error as { code?: string } | null)?.code === '23503';

async function countChanges(
  db: Kysely<Database>,
  batchId: string,
  change: 'added' | 'marked-leaver',
  entityType: 'pupil' | 'person',
): Promise<number> {
  const row = await db
    .selectFrom('import_change')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('batch_id', '=', batchId)
    .where('change', '=', change)
    .where('entity_type', '=', entityType)
    .executeTakeFirstOrThrow();
  return row.n;
}

/**
 * Whether an administrator may undo this import now: only the school's last import of its kind,
 * finished, recorded by this version, and within UNDO_DAYS of finishing.
 */
export async function undoStatus(db: Kysely<Database>, now: Date, batch: Batch): Promise<UndoStatus> {
  if (batch.status === 'undone') return { kind: 'not-undoable', reason: 'This import has already been undone.' };
  if (batch.status !== 'done' || !batch.finished_at)
    return { kind: 'not-undoable', reason: 'Only a finished import can be undone.' };
  if (!batch.changes_recorded)
    return {
      kind: 'not-undoable',
      reason: 'This import was made before Postwarden recorded what imports change, so it cannot be undone.',
    };
  const deadline = undoDeadline(batch.finished_at);
  if (now > deadline)
    return {
      kind: 'not-undoable',
      reason: `An import can be undone for ${UNDO_DAYS} days after it finishes. This one finished on ${ukLongDate(ukDate(batch.finished_at))}.`,
    };
  const later = await db
    .selectFrom('import_batch')
    .select('id')
    .where('school_id', '=', batch.school_id)
    .where('kind', '=', batch.kind)
    .where('id', '<>', batch.id)
    // At the same moment counts as later: when the order cannot be told, neither is undone.
    .where('created_at', '>=', batch.created_at)
    .where('status', 'in', ['queued', 'running', 'done'])
    .executeTakeFirst();
  if (later)
    return {
      kind: 'not-undoable',
      reason: `A later import of ${batch.kind} has been made since. Only the last import can be undone.`,
    };
  const entity = batch.kind === 'pupils' ? 'pupil' : 'person';
  return {
    kind: 'undoable',
    deadline,
    added: await countChanges(db, batch.id, 'added', entity),
    leavers: await countChanges(db, batch.id, 'marked-leaver', entity),
  };
}

export type UndoOutcome =
  | { kind: 'undone'; removed: number; restored: number; notRestored: number }
  | { kind: 'refused'; reasons: string[] }
  | { kind: 'not-found' };

class Refused extends Error {
  constructor(readonly reasons: string[]) {
    super(reasons.join(' '));
  }
}

/** Everyone the import marked as leaving, with the leaving date they had before. */
async function markedLeavers(db: Kysely<Database>, batch: Batch) {
  const query =
    batch.kind === 'pupils'
      ? db
          .selectFrom('import_change as c')
          .innerJoin('pupil as p', 'p.id', 'c.entity_id')
          .where('c.entity_type', '=', 'pupil')
          .select([
            'p.id',
            'p.given_name',
            'p.family_name',
            'p.leaving_date',
            'c.previous_leaving_date',
            'p.updated_at',
          ])
      : db
          .selectFrom('import_change as c')
          .innerJoin('person as p', 'p.id', 'c.entity_id')
          .where('c.entity_type', '=', 'person')
          .select([
            'p.id',
            'p.given_name',
            'p.family_name',
            'p.leaving_date',
            'c.previous_leaving_date',
            'p.updated_at',
          ]);
  return query.where('c.batch_id', '=', batch.id).where('c.change', '=', 'marked-leaver').execute();
}

const names = (rows: { given_name: string; family_name: string }[]) =>
  rows.map((r) => `${r.given_name} ${r.family_name}`).join(', ');

/**
 * Undoes the school's last import: everyone it marked as leaving is back on roll with the leaving
 * date they had before, and everyone it added is removed (pupils with the parents and carers the
 * import added). Details it updated stay as the file had them. One transaction: if anything added
 * has since been changed or is referred to by another record, nothing changes and the reason is given.
 */
export async function undoImport(
  db: Kysely<Database>,
  now: Date,
  tenant: Tenant,
  importer: Importer,
  batchId: string,
): Promise<UndoOutcome> {
  try {
    return await db.transaction().execute(async (trx) => {
      const batch = await trx
        .selectFrom('import_batch')
        .select(['id', 'kind', 'status', 'created_at', 'finished_at', 'changes_recorded', 'school_id'])
        .where('id', '=', batchId)
        .where('school_id', '=', tenant.schoolId)
        .forUpdate()
        .executeTakeFirst();
      if (!batch) return { kind: 'not-found' } as const;
      const status = await undoStatus(trx, now, batch);
      if (status.kind !== 'undoable') throw new Refused([status.reason]);
      const finishedAt = batch.finished_at!;
      const today = ukDate(now);
      const changed = (entityType: 'pupil' | 'parent' | 'person', change: 'added' | 'marked-leaver') =>
        trx
          .selectFrom('import_change')
          .select('entity_id')
          .where('batch_id', '=', batch.id)
          .where('entity_type', '=', entityType)
          .where('change', '=', change);

      const table = batch.kind === 'pupils' ? 'pupil' : 'person';
      const entity = batch.kind === 'pupils' ? 'pupil' : 'person';
      const editedSince = await trx
        .selectFrom(table)
        .select(['given_name', 'family_name'])
        .where('id', 'in', changed(entity, 'added'))
        .where('updated_at', '>', finishedAt)
        .orderBy('family_name')
        .limit(5)
        .execute();
      if (editedSince.length) {
        throw new Refused([
          `Some of the ${batch.kind} this import added have been changed since (${names(editedSince)}), so removing them would lose that work. Nothing has been changed.`,
        ]);
      }
      if (batch.kind === 'staff') {
        const signedUp = await trx
          .selectFrom('person')
          .select(['given_name', 'family_name'])
          .where('id', 'in', changed('person', 'added'))
          .where('password_hash', 'is not', null)
          .limit(5)
          .execute();
        if (signedUp.length)
          throw new Refused([
            `Some of the staff this import added have since set a password and can sign in (${names(signedUp)}), so they cannot be removed. Nothing has been changed.`,
          ]);
      }

      // Back on roll: only people whose record has not changed since the import marked them.
      const leavers = await markedLeavers(trx, batch);
      const restorable = leavers.filter((l) => l.updated_at <= finishedAt);
      if (batch.kind === 'staff') {
        // Giving someone their access back is a leaving-date change like any other.
        const refusals: string[] = [];
        for (const leaver of restorable) {
          const decision = mayChangePerson({
            actor: importer.changer,
            target: await changeTargetOf(trx, tenant.trustId, leaver.id),
            change: { leavingDate: { from: leaver.leaving_date, to: leaver.previous_leaving_date } },
            today,
          });
          if (!decision.allowed)
            refusals.push(`${leaver.given_name} ${leaver.family_name}: ${decision.refusals[0]!.reason}.`);
          else if (decision.tellOldAddress) {
            const person = await trx
              .selectFrom('person')
              .select(['given_name', 'email'])
              .where('id', '=', leaver.id)
              .executeTakeFirstOrThrow();
            const change = { leavingDate: { from: leaver.leaving_date, to: leaver.previous_leaving_date } };
            await recordAudit(trx, now, {
              actor: importer.actor,
              action: 'person.updated',
              entityType: 'person',
              entityId: leaver.id,
              ...tenant,
              summary: {
                via: 'import-undone',
                batchId: batch.id,
                leaving_date: change.leavingDate,
                toldOldAddress: person.email,
              },
            });
            await tellOldAddress(trx, {
              person: { givenName: person.given_name, oldEmail: person.email },
              school: tenant,
              changedBy: importer.actor.label,
              change,
              when: now,
              today,
            });
          }
        }
        if (refusals.length)
          throw new Refused([
            'This import marked people as leaving whose access you cannot give back.',
            ...refusals,
            'Nothing has been changed.',
          ]);
      }
      for (const leaver of restorable) {
        await trx
          .updateTable(table)
          .set({ leaving_date: leaver.previous_leaving_date, updated_at: now })
          .where('id', '=', leaver.id)
          .where('school_id', '=', tenant.schoolId)
          .execute();
      }

      let removed = 0;
      if (batch.kind === 'pupils') {
        await trx.deleteFrom('pupil_parent').where('parent_id', 'in', changed('parent', 'added')).execute();
        await trx
          .deleteFrom('parent')
          .where('id', 'in', changed('parent', 'added'))
          .where('school_id', '=', tenant.schoolId)
          .execute();
        removed = Number(
          (
            await trx
              .deleteFrom('pupil')
              .where('id', 'in', changed('pupil', 'added'))
              .where('school_id', '=', tenant.schoolId)
              .executeTakeFirst()
          ).numDeletedRows,
        );
      } else {
        removed = Number(
          (
            await trx
              .deleteFrom('person')
              .where('id', 'in', changed('person', 'added'))
              .where('school_id', '=', tenant.schoolId)
              .executeTakeFirst()
          ).numDeletedRows,
        );
      }
      await trx
        .updateTable('import_batch')
        .set({ status: 'undone', undone_at: now, undone_by: importer.actor.id })
        .where('id', '=', batch.id)
        .execute();
      const notRestored = leavers.length - restorable.length;
      await recordAudit(trx, now, {
        actor: importer.actor,
        action: 'import.undone',
        entityType: 'import_batch',
        entityId: batch.id,
        ...tenant,
        summary: { kind: batch.kind, removed, restored: restorable.length, notRestored },
      });
      return { kind: 'undone', removed, restored: restorable.length, notRestored } as const;
    });
  } catch (error) {
    if (error instanceof Refused) return { kind: 'refused', reasons: error.reasons };
    if (isForeignKeyViolation(error)) {
      return {
        kind: 'refused',
        reasons: [
          'Some of the people this import added are now linked to other records (such as a parent or carer added by hand, a role, a signature or an official account), so they cannot be removed. Nothing has been changed.',
        ],
      };
    }
    throw error;
  }
}
