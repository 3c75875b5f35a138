import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { loadConfig, type Config } from '../../src/config.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import { freshDatabase } from './database.ts';
import type { ConnectorRegistry } from '../../src/modules/publishing/posts/publish/service.ts';
import type { ReaderRegistry } from '../../src/modules/publishing/connectors/notifications.ts';

export const TEST_SECRET_KEY = 'a'.repeat(64);

export interface TestApp extends Runtime {
  clock: FixedClock;
  /** Runs every background job due now (mail, imports…), as the server's poller would. */
  drainJobs(): Promise<number>;
}

/** `connectors`: the publishing connectors to use instead of the real platforms' (loopback servers, fakes). */
export async function startTestApp(
  options: {
    now?: string;
    env?: Record<string, string>;
    connectors?: ConnectorRegistry;
    inboxReaders?: ReaderRegistry;
    /** Log at every level into this, instead of not at all. */
    logStream?: { write(line: string): void };
  } = {},
): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-test-'));
  const config: Config = loadConfig({
    DATA_DIR: dataDir,
    POSTWARDEN_SECRET_KEY: TEST_SECRET_KEY,
    LOG_LEVEL: options.logStream ? 'trace' : 'silent',
    BASE_URL: 'http://localhost:3000',
    // Trusts made by set-up in tests do not require a second factor unless a test says so: the
    // suites sign in as heads and DSLs with passwords. test/http/auth/second-factor.test.ts turns it on.
    NEW_TRUST_REQUIRES_SECOND_FACTOR: 'false',
    ...options.env,
  });
  const clock = new FixedClock(new Date(options.now ?? '2026-11-18T10:00:00Z'));
  const database = await freshDatabase();
  const runtime = await createRuntime(config, {
    clock,
    database,
    logger: Boolean(options.logStream),
    ...(options.logStream ? { logStream: options.logStream } : {}),
    ...(options.connectors ? { connectors: options.connectors } : {}),
    ...(options.inboxReaders ? { inboxReaders: options.inboxReaders } : {}),
  });
  return {
    ...runtime,
    clock,
    drainJobs: () => runtime.jobs.runDueJobs(clock.now()),
    close: async () => {
      await runtime.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
