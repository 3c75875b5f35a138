import { createHmac } from 'node:crypto';
import { deriveKey } from '../crypto/keys.ts';

/** The key that seals the audit chain, and its public fingerprint (stored on each event it sealed). */
export interface AuditKey {
  id: string;
  secret: Buffer;
}

/** Derived from the master key, so it lives wherever the master key lives, never in the database. */
export function auditKeyFrom(masterKey: Buffer): AuditKey {
  const secret = deriveKey(masterKey, 'audit-chain');
  const id = createHmac('sha256', secret).update('postwarden:audit-key-id').digest('hex').slice(0, 16);
  return { id, secret };
}

let source: (() => Buffer) | undefined;
let current: AuditKey | undefined;

/**
 * Sets the master key the audit chain is sealed with, for this process: the server at start-up, a
 * command before it records anything. A function is read the first time an event is recorded, so
 * commands that record nothing never load (or create) a key. One process has one master key.
 */
export function useAuditKey(masterKey: Buffer | (() => Buffer)): void {
  source = typeof masterKey === 'function' ? masterKey : () => masterKey;
  current = undefined;
}

/** The audit key in use. Recording an event without one is a programming error, never a silent unkeyed hash. */
export function currentAuditKey(): AuditKey {
  if (!current) {
    if (!source) throw new Error('The audit key is not set: call useAuditKey(masterKey) before recording audit events');
    current = auditKeyFrom(source());
  }
  return current;
}
