/** Runs the real `postwarden` command (bin/postwarden.js, as npx and the npm scripts do) as a child process. */
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { openDatabase } from '../../src/platform/db/connect.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
/** Each CLI test's own timeout; a child still running 5 s before it is killed. */
export const CHILD_TIMEOUT = 120_000;

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function postwarden(
  dataDir: string,
  args: string[],
  options: { env?: Record<string, string>; input?: string; nodeArgs?: string[] } = {},
): Promise<Run> {
  const { env = {}, input, nodeArgs = [] } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, 'bin/postwarden.js', ...args], {
      cwd: ROOT,
      // A clean environment: vitest puts Vite's BASE_URL=/ (and more) into process.env, which Postwarden would read.
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? os.tmpdir(),
        TMPDIR: os.tmpdir(),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        ...env,
      },
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`postwarden ${args.join(' ')} took too long\n${stderr}`));
    }, CHILD_TIMEOUT - 5_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    if (input !== undefined) child.stdin!.end(input, 'utf8');
  });
}

/** Opens the on-disk database in this process (only one process may hold a PGlite folder at a time). */
export async function withDb<T>(
  dataDir: string,
  fn: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>,
): Promise<T> {
  const handle = await openDatabase({ dataDir });
  try {
    return await fn(handle.db);
  } finally {
    await handle.close();
  }
}
