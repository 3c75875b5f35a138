import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface Actor {
  id: string | null;
  label: string;
}

export interface AuditInput {
  actor: Actor;
  action: string;
  entityType: string;
  entityId?: string | null;
  trustId?: string | null;
  schoolId?: string | null;
  /** What changed, in plain terms: before/after of the fields that matter. Never secrets. */
  summary?: Record<string, unknown>;
}

export const GENESIS_HASH = '0'.repeat(64);
const CHAIN_LOCK = 0x706f7374; // any fixed number: serialises appends to the one chain

/** The fields that make up an event's hash, in a fixed order. */
export function eventHash(prevHash: string, e: {
  at: Date; trust_id: string | null; school_id: string | null; actor_id: string | null; actor_label: string;
  action: string; entity_type: string; entity_id: string | null; summary: unknown;
}): string {
  const canonical = JSON.stringify([
    prevHash, e.at.toISOString(), e.trust_id, e.school_id, e.actor_id, e.actor_label, e.action, e.entity_type, e.entity_id,
    canonicalJson(e.summary),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** JSON with sorted keys, so a summary hashes the same after a round trip through jsonb. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * Appends an event to the hash chain. Call it with the transaction that makes the change, so the
 * change and its record commit or roll back together.
 */
export async function recordAudit(trx: Kysely<Database>, at: Date, input: AuditInput): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(trx);
  const last = await trx.selectFrom('audit_event').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const row = {
    at,
    trust_id: input.trustId ?? null,
    school_id: input.schoolId ?? null,
    actor_id: input.actor.id,
    actor_label: input.actor.label,
    action: input.action,
    entity_type: input.entityType,
    entity_id: input.entityId ?? null,
    summary: input.summary ?? {},
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  await trx
    .insertInto('audit_event')
    .values({ ...row, summary: JSON.stringify(row.summary), prev_hash: prevHash, hash: eventHash(prevHash, row) })
    .execute();
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBroken?: { seq: number; reason: string };
}

/** Walks the whole chain in order and reports the first event whose hash or link does not hold. */
export async function verifyAuditChain(db: Kysely<Database>, batchSize = 5000): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let afterSeq = 0;
  let checked = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_event').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(batchSize).execute();
    if (rows.length === 0) return { ok: true, checked };
    for (const row of rows) {
      if (row.prev_hash !== prevHash) {
        return { ok: false, checked, firstBroken: { seq: row.seq, reason: 'it does not link to the event before it (an event was removed or reordered)' } };
      }
      if (eventHash(prevHash, { ...row, at: new Date(row.at) }) !== row.hash) {
        return { ok: false, checked, firstBroken: { seq: row.seq, reason: 'its content no longer matches its hash (the event was edited)' } };
      }
      prevHash = row.hash;
      afterSeq = row.seq;
      checked++;
    }
  }
}
