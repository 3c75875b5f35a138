// `postwarden rotate-key`: moves every stored secret to a new master key (ACC-4). See docs/operations.md.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../../../config.ts';
import { openDatabase } from '../../../platform/db/connect.ts';
import { migrateToLatest } from '../../../platform/db/migrate.ts';
import { rotateCredentialKey, WrongCurrentKeyError } from './rotate.ts';

const KEY_PATTERN = /^[0-9a-fA-F]{64}$/;
const MAKE_ONE = 'Make one with: openssl rand -hex 32 > new.key';

interface Output {
  log(message: string): void;
  error(message: string): void;
}

/** The new key from --new-key-file or --new-key, or the reason it cannot be used. */
function readNewKey(values: {
  'new-key-file'?: string | undefined;
  'new-key'?: string | undefined;
}): { key: Buffer } | { problem: string } {
  if (values['new-key-file'] && values['new-key'])
    return { problem: 'Give the new key once: either --new-key-file <file> or --new-key <64 hex characters>.' };
  let hex: string;
  if (values['new-key-file']) {
    const file = values['new-key-file'];
    if (!fs.existsSync(file)) return { problem: `There is no file ${file}. ${MAKE_ONE}` };
    hex = fs.readFileSync(file, 'utf8').trim();
    if (!KEY_PATTERN.test(hex))
      return {
        problem: `${file} must hold the new key as 64 hexadecimal characters (32 bytes), and nothing else. ${MAKE_ONE}`,
      };
  } else if (values['new-key'] !== undefined) {
    hex = values['new-key'].trim();
    if (!KEY_PATTERN.test(hex))
      return { problem: `The new key must be 64 hexadecimal characters (32 bytes). ${MAKE_ONE}` };
  } else {
    return {
      problem:
        'Say what the new key is: postwarden rotate-key --new-key-file <file> (or --new-key <64 hex characters>).',
    };
  }
  return { key: Buffer.from(hex, 'hex') };
}

/** The key in use now: POSTWARDEN_SECRET_KEY, or else the key file in the data folder. */
function readCurrentKey(config: Config): { key: Buffer; file?: string } | { problem: string } {
  if (config.secretKey) return { key: Buffer.from(config.secretKey, 'hex') };
  const file = path.join(config.dataDir, 'secret.key');
  if (!fs.existsSync(file))
    return {
      problem: `There is no current key: POSTWARDEN_SECRET_KEY is not set and there is no ${file}. Point DATA_DIR at Postwarden’s data folder.`,
    };
  const hex = fs.readFileSync(file, 'utf8').trim();
  if (!KEY_PATTERN.test(hex))
    return { problem: `The key file ${file} is damaged: it must hold 64 hexadecimal characters.` };
  return { key: Buffer.from(hex, 'hex'), file };
}

/** Replaces the key file, keeping the old one beside it (owner-only, like the original). */
function replaceKeyFile(file: string, newKey: Buffer, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const backup = `${file}.${stamp}.old`;
  fs.copyFileSync(file, backup, fs.constants.COPYFILE_EXCL);
  fs.chmodSync(backup, 0o600);
  const temporary = `${file}.new`;
  fs.writeFileSync(temporary, `${newKey.toString('hex')}\n`, { mode: 0o600 });
  fs.renameSync(temporary, file);
  return backup;
}

/** Exit codes: 0 done, 2 a key is wrong or missing (nothing changed), 1 anything else. */
export async function runRotateKey(config: Config, args: string[], out: Output = console): Promise<number> {
  let values: ReturnType<typeof parseArgs>['values'];
  try {
    ({ values } = parseArgs({
      args,
      options: { 'new-key-file': { type: 'string' }, 'new-key': { type: 'string' } },
      allowPositionals: false,
    }));
  } catch (error) {
    out.error(
      `${error instanceof Error ? error.message : String(error)}\nUsage: postwarden rotate-key --new-key-file <file>`,
    );
    return 2;
  }
  const next = readNewKey(values);
  if ('problem' in next) {
    out.error(`Nothing was changed. ${next.problem}`);
    return 2;
  }
  const current = readCurrentKey(config);
  if ('problem' in current) {
    out.error(`Nothing was changed. ${current.problem}`);
    return 2;
  }
  if (current.key.equals(next.key)) {
    out.error('Nothing was changed. The new key is the same as the current one.');
    return 2;
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let secrets: number;
  try {
    await migrateToLatest(database.db);
    ({ secrets } = await rotateCredentialKey(database.db, new Date(), current.key, next.key));
  } catch (error) {
    if (error instanceof WrongCurrentKeyError) {
      out.error(
        `Nothing was changed. ${error.message} Is ${current.file ?? 'POSTWARDEN_SECRET_KEY'} the key this database was written with?`,
      );
      return 2;
    }
    throw error;
  } finally {
    await database.close();
  }
  out.log(`Re-sealed ${secrets === 1 ? '1 stored secret' : `${secrets} stored secrets`} with the new key.`);
  if (current.file) {
    let backup: string;
    try {
      backup = replaceKeyFile(current.file, next.key, new Date());
    } catch (error) {
      out.error(
        `The stored secrets now use the new key, but ${current.file} could not be replaced (${error instanceof Error ? error.message : String(error)}). Write the new key into ${current.file} yourself before starting Postwarden.`,
      );
      return 1;
    }
    out.log(
      `${current.file} now holds the new key; the old key is kept in ${backup}. Delete that copy once Postwarden has started and you have checked a secret can be revealed.`,
    );
  } else {
    out.log(
      'Now set POSTWARDEN_SECRET_KEY to the new key on every instance, then start Postwarden. Until then it cannot read stored secrets.',
    );
  }
  out.log('Everyone will need to sign in again: sessions are signed with the same key.');
  return 0;
}
