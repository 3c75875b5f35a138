// A checkpoint of the audit chain kept outside the database (issue 8.7): the last event checked and
// its hash, in a file under DATA_DIR. Someone who can change the database but not that file cannot
// cut events off the end, or rewrite the chain, without `verify-audit` noticing.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { canonicalJson, verifyAuditChain, type ChainHead, type VerifyResult } from './audit.ts';
import type { AuditKey } from './keys.ts';

export const CHECKPOINT_FILE = 'audit-checkpoint.json';

export interface Checkpoint {
  /** The last event checked, and its hash. */
  seq: number;
  hash: string;
  /** When that event happened, and when the checkpoint was written (ISO 8601). */
  eventAt: string;
  writtenAt: string;
  /** The first event sealed with a key: from there on every event must be. */
  keyedFrom: number | null;
  /** The key the file is sealed with (its fingerprint). */
  keyId: string;
  /** The last event of each chain (since migration 0020: one chain per trust). Absent in older files. */
  chains?: Record<string, ChainHead>;
}

function isChains(value: unknown): boolean {
  if (value === undefined) return true;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.values(value as Record<string, unknown>).every((h) => {
    const head = h as Record<string, unknown> | null;
    return (
      !!head && Number.isSafeInteger(head.seq) && typeof head.hash === 'string' && /^[0-9a-f]{64}$/.test(head.hash)
    );
  });
}

export function checkpointPath(dataDir: string): string {
  return path.join(dataDir, CHECKPOINT_FILE);
}

function mac(checkpoint: Checkpoint, key: AuditKey): string {
  return createHmac('sha256', key.secret)
    .update(`postwarden:audit-checkpoint:${canonicalJson(checkpoint)}`)
    .digest('hex');
}

function isCheckpoint(value: unknown): value is Checkpoint & { mac: string } {
  const v = value as Record<string, unknown> | null;
  return (
    !!v &&
    typeof v === 'object' &&
    Number.isSafeInteger(v.seq) &&
    (v.seq as number) > 0 &&
    typeof v.hash === 'string' &&
    /^[0-9a-f]{64}$/.test(v.hash) &&
    typeof v.eventAt === 'string' &&
    typeof v.writtenAt === 'string' &&
    (v.keyedFrom === null || Number.isSafeInteger(v.keyedFrom)) &&
    typeof v.keyId === 'string' &&
    typeof v.mac === 'string' &&
    isChains(v.chains)
  );
}

export type ReadCheckpoint =
  | { checkpoint?: Checkpoint; problem?: undefined }
  | { checkpoint?: undefined; problem: string };

/** The checkpoint in `file`, checked against its seal; nothing when there is no file yet. */
export function readCheckpoint(file: string, keys: AuditKey[]): ReadCheckpoint {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    return { problem: `The checkpoint file ${file} cannot be read: ${(error as Error).message}` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!isCheckpoint(parsed))
    return { problem: `The checkpoint file ${file} is damaged: it is not a checkpoint Postwarden wrote.` };
  const { mac: seal, ...checkpoint } = parsed;
  const key = keys.find((k) => k.id === checkpoint.keyId);
  if (!key)
    return {
      problem: `The checkpoint file ${file} was sealed with a key this check was not given (key ${checkpoint.keyId}). If the secret key was changed, give the old one too.`,
    };
  const expected = Buffer.from(mac(checkpoint, key), 'hex');
  const given = Buffer.from(seal, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return {
      problem: `The checkpoint file ${file} has been changed since Postwarden wrote it (its seal does not match).`,
    };
  }
  return { checkpoint };
}

/** Replaces the file in one step (write, then rename), so a reader never sees half a checkpoint. */
export function writeCheckpoint(file: string, checkpoint: Checkpoint, key: AuditKey): void {
  const sealed = { ...checkpoint, keyId: key.id };
  const body = `${JSON.stringify({ ...sealed, mac: mac(sealed, key) }, null, 2)}\n`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temporary, body, { mode: 0o600 });
  fs.renameSync(temporary, file);
}

export interface CheckpointRun {
  /** The check that was run (only the events since the last checkpoint, unless `full`). */
  result?: VerifyResult;
  /** The checkpoint file could not be trusted; nothing was checked or written. */
  problem?: string;
  previous?: Checkpoint;
  written?: Checkpoint;
}

/**
 * Checks the chain against the last checkpoint and, if it holds, writes a new checkpoint at its end.
 * A failed check never moves the checkpoint, so the evidence stays for `verify-audit`. Safe with
 * several processes: the file is replaced atomically and never moved backwards.
 */
export async function takeCheckpoint(
  db: Kysely<Database>,
  options: { dataDir: string; sealWith: AuditKey; keys: AuditKey[]; now: Date; full?: boolean },
): Promise<CheckpointRun> {
  const file = checkpointPath(options.dataDir);
  const keys = options.keys.some((k) => k.id === options.sealWith.id)
    ? options.keys
    : [options.sealWith, ...options.keys];
  const existing = readCheckpoint(file, keys);
  if (existing.problem) return { problem: existing.problem };
  const previous = existing.checkpoint;
  const result = await verifyAuditChain(db, {
    keys,
    ...(previous ? { checkpoint: previous, fromCheckpoint: !options.full } : {}),
  });
  if (!result.ok || !result.last) return { result, ...(previous ? { previous } : {}) };
  const next: Checkpoint = {
    seq: result.last.seq,
    hash: result.last.hash,
    eventAt: result.last.at.toISOString(),
    writtenAt: options.now.toISOString(),
    keyedFrom: result.keyedFrom,
    keyId: options.sealWith.id,
    ...(result.heads ? { chains: result.heads } : {}),
  };
  const latest = readCheckpoint(file, keys).checkpoint;
  if (latest && latest.seq > next.seq) return { result, previous: latest };
  writeCheckpoint(file, next, options.sealWith);
  return { result, written: next, ...(previous ? { previous } : {}) };
}
