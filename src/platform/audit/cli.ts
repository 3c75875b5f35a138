// `postwarden verify-audit`: checks the whole audit chain, with its keys, against the checkpoint file,
// and moves the checkpoint on when all is well. See docs/operations.md for what it can and cannot detect.
import { parseArgs } from 'node:util';
import type { Config } from '../../config.ts';
import { openDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { systemClock, type Clock } from '../clock.ts';
import { checkpointPath, takeCheckpoint } from './checkpoint.ts';
import { verificationKeys } from './key-files.ts';

interface Output {
  log(message: string): void;
  error(message: string): void;
}

const USAGE = 'Usage: postwarden verify-audit [--old-key-file <file>]…';

/** Exit codes: 0 intact, 1 tampered with (or its checkpoint file is), 2 it could not be checked. */
export async function runVerifyAudit(
  config: Config,
  args: string[],
  out: Output = console,
  clock: Clock = systemClock,
): Promise<number> {
  let oldKeyFiles: string[];
  try {
    const { values } = parseArgs({
      args,
      options: { 'old-key-file': { type: 'string', multiple: true } },
      allowPositionals: false,
    });
    oldKeyFiles = values['old-key-file'] ?? [];
  } catch (error) {
    out.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const keys = verificationKeys(config, oldKeyFiles);
  if (keys.problems.length) {
    out.error(`The audit log was not checked. ${keys.problems.join(' ')}`);
    return 2;
  }
  if (!keys.current) {
    out.error(
      `The audit log was not checked: it needs the secret key, and POSTWARDEN_SECRET_KEY is not set and there is no ${config.dataDir}/secret.key. Use the same settings as the server.`,
    );
    return 2;
  }

  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  // biome-ignore lint/suspicious/noImplicitAnyLet: assigned in the try below from parseArgs, whose inferred type is the declaration
  let run;
  try {
    await migrateToLatest(database.db);
    run = await takeCheckpoint(database.db, {
      dataDir: config.dataDir,
      sealWith: keys.current,
      keys: keys.keys,
      now: clock.now(),
      full: true,
    });
  } finally {
    await database.close();
  }
  if (run.problem) {
    out.error(`The audit log could not be checked against its checkpoint. ${run.problem}`);
    return 1;
  }
  const result = run.result!;
  if (!result.ok) {
    const broken = result.firstBroken!;
    out.error(
      `The audit log has been tampered with: event ${broken.seq} fails because ${broken.reason}. ${result.checked} events before it are intact.`,
    );
    return 1;
  }
  out.log(`The audit log is intact: ${result.checked} events checked.`);
  if (result.unkeyed) {
    out.log(
      `${result.unkeyed} of them were written before the chain was keyed and carry the older hash, which anyone able to change the database could recompute; the keyed events after them protect them from being changed.`,
    );
  }
  if (run.previous)
    out.log(`It still holds the checkpoint written at ${run.previous.writtenAt} (event ${run.previous.seq}).`);
  if (run.written)
    out.log(
      `Checkpoint written to ${checkpointPath(config.dataDir)}: event ${run.written.seq}, hash ${run.written.hash}.`,
    );
  return 0;
}
