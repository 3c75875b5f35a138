import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SERVER = path.join(import.meta.dirname, 'fixtures', 'throwing-server.ts');

describe('the process safety net (issue 8, item 1)', () => {
  const children: ChildProcess[] = [];
  const dirs: string[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('issue 8: an error thrown in a request’s callback, a timer or an unawaited promise is logged and the server keeps serving', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-net-'));
    dirs.push(dataDir);
    const child = spawn(process.execPath, ['--import', 'tsx', SERVER, dataDir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<string>((resolve) =>
      child.on('exit', (code, signal) => resolve(`exited with ${code ?? signal}`)),
    );
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not start: ${output}`)), 60_000);
      child.stdout!.on('data', () => {
        const match = /listening (\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      void exited.then((how) => reject(new Error(`the server ${how} before listening: ${output}`)));
    });
    const base = `http://127.0.0.1:${port}`;
    for (const route of ['/throw-in-timer', '/reject-unawaited', '/throw-in-callback']) {
      const response = await fetch(`${base}${route}`, { redirect: 'manual' });
      expect(response.status, route).toBe(200);
      expect(await response.json(), route).toEqual({ answered: true });
      // Give the throw its turn of the event loop, then prove the process is still there and serving.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(child.exitCode, `${route}: ${output}`).toBeNull();
      expect((await fetch(`${base}/health`, { redirect: 'manual' })).status, route).toBe(200);
    }
    for (const message of [
      'thrown in a timer after the answer',
      'a promise nobody awaited',
      'thrown in a file system callback',
    ]) {
      expect(output).toContain(message);
    }
    expect(output).toContain('Postwarden keeps running');
  }, 90_000);
});
