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
const CHAIN_LOCK = 0x706f7374; // any fixed number: with the chain's name, serialises appends to one chain
/** The chain of events that belong to no trust (set-up, installation-wide housekeeping). */
export const INSTALLATION_CHAIN = 'installation';

/** Which chain an event is on (since migration 0020): its trust's, or the installation's. */
export function chainOf(trustId: string | null | undefined): string {
  return trustId ?? INSTALLATION_CHAIN;
}

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
  const trustId = input.trustId ?? null;
  // One chain per trust (migration 0020): appends to one trust's chain wait for each other, never for
  // another trust's. The lock is held to the end of the transaction, so within a chain the order of
  // seq is the order of commits, and the last event read here is the one to link to.
  await sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK}, hashtext(${chainOf(trustId)}))`.execute(trx);
  const last = await sql<{ hash: string }>`
    SELECT COALESCE(
      (SELECT e.hash FROM audit_event e
        WHERE ${trustId === null ? sql`e.trust_id IS NULL` : sql`e.trust_id = ${trustId}`}
          AND e.seq > (SELECT cutover_seq FROM audit_chain_anchor)
        ORDER BY e.seq DESC LIMIT 1),
      (SELECT anchor_hash FROM audit_chain_anchor),
      ${GENESIS_HASH}) AS hash`.execute(trx);
  const row = {
    at,
    trust_id: trustId,
    school_id: input.schoolId ?? null,
    actor_id: input.actor.id,
    actor_label: input.actor.label,
    action: input.action,
    entity_type: input.entityType,
    entity_id: input.entityId ?? null,
    summary: input.summary ?? {},
  };
  const prevHash = last.rows[0]?.hash ?? GENESIS_HASH;
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

export interface ChainHead {
  seq: number;
  hash: string;
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
  /**
   * The last intact event of each chain, by chain: a trust's id, 'installation', and 'legacy' (the one
   * chain of every event written before migration 0020). Kept in the checkpoint.
   */
  heads?: Record<string, ChainHead>;
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
  cutover:
    'the events written before the audit log became one chain per trust no longer end where they did (events were removed or the anchor was changed)',
};

/** The chain of every event written before migration 0020. */
export const LEGACY_CHAIN = 'legacy';

/** Where the one old chain ends and the per-trust chains begin (migration 0020). */
async function readAnchor(db: Kysely<Database>): Promise<{ cutoverSeq: number; hash: string }> {
  const row = await sql<{ cutover_seq: number | string; anchor_hash: string }>`
    SELECT cutover_seq, anchor_hash FROM audit_chain_anchor WHERE id = 1`.execute(db);
  const anchor = row.rows[0];
  return anchor
    ? { cutoverSeq: Number(anchor.cutover_seq), hash: anchor.anchor_hash }
    : { cutoverSeq: 0, hash: GENESIS_HASH };
}

/**
 * Walks every event in order of seq and reports the first whose hash or link does not hold, and,
 * given a checkpoint, whether the log still reaches the checkpoint's events with the same hashes.
 * Events up to migration 0020 form one chain; after it, each trust's events (and those of no trust)
 * form their own chain, whose first event links to the end of the old chain.
 */
export async function verifyAuditChain(db: Kysely<Database>, options: VerifyOptions = {}): Promise<VerifyResult> {
  const keys = new Map((options.keys ?? defaultKeys()).map((k) => [k.id, k]));
  const checkpoint = options.checkpoint;
  const batchSize = options.batchSize ?? 5000;
  const anchor = await readAnchor(db);
  const chainFor = (row: { seq: number; trust_id: string | null }) =>
    row.seq <= anchor.cutoverSeq ? LEGACY_CHAIN : chainOf(row.trust_id);
  const firstPrev = (chain: string) => (chain === LEGACY_CHAIN ? GENESIS_HASH : anchor.hash);
  // An incremental check starts from the checkpoint's chain heads. A checkpoint from before the
  // per-trust chains (no heads) stands for the old chain's head.
  const startHeads: Record<string, ChainHead> | undefined =
    options.fromCheckpoint && checkpoint
      ? (checkpoint.chains ??
        (checkpoint.seq <= anchor.cutoverSeq
          ? { [LEGACY_CHAIN]: { seq: checkpoint.seq, hash: checkpoint.hash } }
          : undefined))
      : undefined;
  const heads: Record<string, ChainHead> = { ...startHeads };
  let afterSeq = startHeads ? Math.min(checkpoint!.seq, ...Object.values(startHeads).map((h) => h.seq)) : 0;
  let keyedFrom: number | null = startHeads ? checkpoint!.keyedFrom : null;
  let checked = 0;
  let unkeyed = 0;
  let last: VerifyResult['last'];
  let reachedCheckpoint = !checkpoint || !!startHeads;
  // In a full check, each chain head the checkpoint recorded must be met on the way.
  const headsToReach = new Map(startHeads ? [] : Object.entries(checkpoint?.chains ?? {}));
  let cutoverChecked = anchor.cutoverSeq === 0 || (startHeads !== undefined && !startHeads[LEGACY_CHAIN]);
  const result = (firstBroken?: VerifyResult['firstBroken']): VerifyResult => ({
    ok: !firstBroken,
    checked,
    unkeyed,
    keyedFrom,
    ...(last ? { last } : {}),
    ...(Object.keys(heads).length ? { heads } : {}),
    ...(firstBroken ? { firstBroken } : {}),
  });
  const legacyEndsAtAnchor = () => {
    const legacy = heads[LEGACY_CHAIN];
    return legacy?.seq === anchor.cutoverSeq && legacy.hash === anchor.hash;
  };

  if (startHeads) {
    const row = await db
      .selectFrom('audit_event')
      .select(['seq', 'hash'])
      .where('seq', '=', checkpoint!.seq)
      .executeTakeFirst();
    if (!row) return result({ seq: checkpoint!.seq, reason: missingReason(checkpoint!, await lastSeq(db)) });
    if (row.hash !== checkpoint!.hash) return result({ seq: checkpoint!.seq, reason: rewrittenReason(checkpoint!) });
  }
  if (startHeads) {
    for (const [chain, head] of Object.entries(startHeads)) {
      const row = await db
        .selectFrom('audit_event')
        .select(['seq', 'hash'])
        .where('seq', '=', head.seq)
        .executeTakeFirst();
      if (!row) return result({ seq: head.seq, reason: missingReason(checkpoint!, await lastSeq(db)) });
      if (row.hash !== head.hash) return result({ seq: head.seq, reason: rewrittenReason(checkpoint!) });
      heads[chain] = head;
    }
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
      afterSeq = row.seq;
      if (!cutoverChecked && row.seq > anchor.cutoverSeq) {
        if (!legacyEndsAtAnchor()) return result({ seq: anchor.cutoverSeq, reason: BROKEN.cutover });
        cutoverChecked = true;
      }
      const chain = chainFor(row);
      const head = heads[chain];
      if (startHeads && head && row.seq <= head.seq) continue; // checked before the checkpoint
      if (checkpoint && !reachedCheckpoint && row.seq > checkpoint.seq)
        return result({ seq: checkpoint.seq, reason: missingReason(checkpoint, null) });
      const wanted = headsToReach.get(chain);
      if (wanted && row.seq > wanted.seq) return result({ seq: wanted.seq, reason: missingReason(checkpoint!, null) });
      const prevHash = head?.hash ?? firstPrev(chain);
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
      if (wanted && row.seq === wanted.seq) {
        if (row.hash !== wanted.hash) return result({ seq: row.seq, reason: rewrittenReason(checkpoint!) });
        headsToReach.delete(chain);
      }
      if (key && keyedFrom === null) keyedFrom = row.seq;
      if (!key) unkeyed++;
      heads[chain] = { seq: row.seq, hash: row.hash };
      last = { seq: row.seq, hash: row.hash, at: new Date(row.at) };
      checked++;
    }
  }
  if (!cutoverChecked && !legacyEndsAtAnchor()) return result({ seq: anchor.cutoverSeq, reason: BROKEN.cutover });
  if (!reachedCheckpoint) return result({ seq: checkpoint!.seq, reason: missingReason(checkpoint!, last?.seq ?? 0) });
  const unreached = [...headsToReach.values()][0];
  if (unreached) return result({ seq: unreached.seq, reason: missingReason(checkpoint!, last?.seq ?? 0) });
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
