import { createHash, createHmac } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { currentAuditKey, type AuditKey } from './keys.ts';
import type { Checkpoint } from './checkpoint.ts';

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

export interface HashedFields {
  at: Date;
  trust_id: string | null;
  school_id: string | null;
  actor_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  summary: unknown;
}

/**
 * An event's hash over the fields that make it up, in a fixed order, and the hash before it.
 * With a key (every event since migration 0005): HMAC-SHA256 with the audit key, which the database
 * does not hold, so nobody with only database access can recompute the chain. Without a key: the
 * plain SHA-256 that events written before then carry.
 */
export function eventHash(prevHash: string, e: HashedFields, key?: AuditKey | null): string {
  const fields = [
    prevHash,
    e.at.toISOString(),
    e.trust_id,
    e.school_id,
    e.actor_id,
    e.actor_label,
    e.action,
    e.entity_type,
    e.entity_id,
    canonicalJson(e.summary),
  ];
  if (!key) return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
  return createHmac('sha256', key.secret)
    .update(JSON.stringify(['keyed', key.id, ...fields]))
    .digest('hex');
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
  const key = currentAuditKey();
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
    .values({
      ...row,
      summary: JSON.stringify(row.summary),
      prev_hash: prevHash,
      hash: eventHash(prevHash, row, key),
      key_id: key.id,
    })
    .execute();
}

export interface VerifyResult {
  ok: boolean;
  /** Events checked and found intact (before the first broken one, if any). */
  checked: number;
  /** Of those, events from before the chain was keyed: anyone with database access could recompute them. */
  unkeyed: number;
  /** The last intact event: where a new checkpoint can be taken. */
  last?: { seq: number; hash: string; at: Date };
  /** The first keyed event, so a later rewrite in the old unkeyed form can be told apart. */
  keyedFrom: number | null;
  firstBroken?: { seq: number; reason: string };
}

export interface VerifyOptions {
  /** The keys that may have sealed events (the current one, and any older ones after a key rotation). */
  keys?: AuditKey[];
  /** A checkpoint kept outside the database: the chain must still hold that event with that hash. */
  checkpoint?: Checkpoint;
  /** Start at the checkpoint instead of the first event (checks only what was added since). */
  fromCheckpoint?: boolean;
  batchSize?: number;
}

const BROKEN = {
  link: 'it does not link to the event before it (an event was removed or reordered)',
  content: 'its content no longer matches its hash (the event was edited, or the chain was recomputed without the key)',
  downgraded: 'it carries an old unkeyed hash after keyed events (the chain was rewritten in the old form)',
};

/**
 * Walks the chain in order and reports the first event whose hash or link does not hold, and,
 * given a checkpoint, whether the chain still reaches the checkpoint's event with the same hash.
 */
export async function verifyAuditChain(db: Kysely<Database>, options: VerifyOptions = {}): Promise<VerifyResult> {
  const keys = new Map((options.keys ?? defaultKeys()).map((k) => [k.id, k]));
  const checkpoint = options.checkpoint;
  const batchSize = options.batchSize ?? 5000;
  const start = options.fromCheckpoint && checkpoint ? checkpoint : undefined;
  let prevHash = start ? start.hash : GENESIS_HASH;
  let afterSeq = start ? start.seq : 0;
  let keyedFrom: number | null = start ? checkpoint!.keyedFrom : null;
  let checked = 0;
  let unkeyed = 0;
  let last: VerifyResult['last'];
  let reachedCheckpoint = !checkpoint || !!start;
  const result = (firstBroken?: VerifyResult['firstBroken']): VerifyResult => ({
    ok: !firstBroken,
    checked,
    unkeyed,
    keyedFrom,
    ...(last ? { last } : {}),
    ...(firstBroken ? { firstBroken } : {}),
  });

  if (start) {
    const row = await db
      .selectFrom('audit_event')
      .select(['seq', 'hash'])
      .where('seq', '=', start.seq)
      .executeTakeFirst();
    if (!row) return result({ seq: start.seq, reason: missingReason(checkpoint!, await lastSeq(db)) });
    if (row.hash !== start.hash) return result({ seq: start.seq, reason: rewrittenReason(checkpoint!) });
  }
  for (;;) {
    const rows = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      if (checkpoint && !reachedCheckpoint && row.seq > checkpoint.seq)
        return result({ seq: checkpoint.seq, reason: missingReason(checkpoint, null) });
      if (row.prev_hash !== prevHash) return result({ seq: row.seq, reason: BROKEN.link });
      const mustBeKeyed = keyedFrom !== null || (checkpoint?.keyedFrom != null && row.seq >= checkpoint.keyedFrom);
      let key: AuditKey | undefined;
      if (row.key_id === null) {
        if (mustBeKeyed) return result({ seq: row.seq, reason: BROKEN.downgraded });
      } else {
        key = keys.get(row.key_id);
        if (!key)
          return result({
            seq: row.seq,
            reason: `it was sealed with a key this check was not given (key ${row.key_id}); if the secret key was changed, give the old one too`,
          });
      }
      if (eventHash(prevHash, { ...row, at: new Date(row.at) }, key) !== row.hash)
        return result({ seq: row.seq, reason: BROKEN.content });
      if (checkpoint && row.seq === checkpoint.seq) {
        if (row.hash !== checkpoint.hash) return result({ seq: row.seq, reason: rewrittenReason(checkpoint) });
        reachedCheckpoint = true;
      }
      if (key && keyedFrom === null) keyedFrom = row.seq;
      if (!key) unkeyed++;
      prevHash = row.hash;
      afterSeq = row.seq;
      last = { seq: row.seq, hash: row.hash, at: new Date(row.at) };
      checked++;
    }
  }
  if (!reachedCheckpoint) return result({ seq: checkpoint!.seq, reason: missingReason(checkpoint!, last?.seq ?? 0) });
  return result();
}

function defaultKeys(): AuditKey[] {
  try {
    return [currentAuditKey()];
  } catch {
    return [];
  }
}

async function lastSeq(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('audit_event').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return row?.seq ?? 0;
}

function missingReason(checkpoint: Checkpoint, endsAt: number | null): string {
  const where =
    endsAt === null
      ? 'it is no longer there'
      : endsAt === 0
        ? 'the log is now empty'
        : `the log now ends at event ${endsAt}`;
  return `it is missing: the checkpoint written at ${checkpoint.writtenAt} recorded it, but ${where} (events were removed${endsAt === null ? '' : ' from the end'})`;
}

function rewrittenReason(checkpoint: Checkpoint): string {
  return `its hash is not the one the checkpoint written at ${checkpoint.writtenAt} recorded (the log was rewritten at or before this event)`;
}
