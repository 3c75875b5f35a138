import fs from 'node:fs';
import path from 'node:path';
import { auditKeyFrom, type AuditKey } from './keys.ts';

const KEY_PATTERN = /^[0-9a-fA-F]{64}$/;
/** What `postwarden rotate-key` leaves beside the new key: secret.key.<date and time>.old. */
const OLD_KEY_FILE = /^secret\.key\..+\.old$/;

export interface VerificationKeys {
  /** The audit key from the master key in use now, if there is one. */
  current?: AuditKey;
  /** Every key that may have sealed events: the current one and any older ones. */
  keys: AuditKey[];
  problems: string[];
}

/**
 * The audit keys a check needs, read without creating anything: the master key in use
 * (POSTWARDEN_SECRET_KEY or DATA_DIR/secret.key), the old keys rotate-key kept beside it, and any
 * other old key files named by the operator.
 */
export function verificationKeys(
  config: { secretKey: string | undefined; dataDir: string },
  oldKeyFiles: string[] = [],
): VerificationKeys {
  const problems: string[] = [];
  const read = (file: string): Buffer | undefined => {
    let hex: string;
    try {
      hex = fs.readFileSync(file, 'utf8').trim();
    } catch (error) {
      problems.push(`The key file ${file} cannot be read: ${(error as Error).message}`);
      return undefined;
    }
    if (!KEY_PATTERN.test(hex)) {
      problems.push(`The key file ${file} must hold 64 hexadecimal characters.`);
      return undefined;
    }
    return Buffer.from(hex, 'hex');
  };
  const currentFile = path.join(config.dataDir, 'secret.key');
  const master = config.secretKey
    ? Buffer.from(config.secretKey, 'hex')
    : fs.existsSync(currentFile)
      ? read(currentFile)
      : undefined;
  const kept = fs.existsSync(config.dataDir)
    ? fs
        .readdirSync(config.dataDir)
        .filter((f) => OLD_KEY_FILE.test(f))
        .sort()
        .map((f) => path.join(config.dataDir, f))
    : [];
  const old = [...kept, ...oldKeyFiles].map(read).filter((k): k is Buffer => k !== undefined);
  const current = master ? auditKeyFrom(master) : undefined;
  const keys = new Map<string, AuditKey>();
  for (const key of [...(current ? [current] : []), ...old.map(auditKeyFrom)]) keys.set(key.id, key);
  return { ...(current ? { current } : {}), keys: [...keys.values()], problems };
}
