import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { loadConfig } from '../src/config.ts';
import { createRuntime } from '../src/runtime.ts';
import { openDatabase } from '../src/platform/db/connect.ts';
import { seedWorld } from '../test/support/world.ts';

export interface BenchResult {
  name: string;
  figures: Record<string, number | string>;
}

/** Sends `total` GET requests, `concurrency` at a time, over loopback; returns requests per second and p95 ms. */
async function load(
  url: string,
  total: number,
  concurrency: number,
  headers: Record<string, string> = {},
): Promise<{ rps: number; p95: number }> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++;
        const t0 = performance.now();
        const response = await fetch(url, { headers, redirect: 'manual' });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { rps: total / seconds, p95: latencies[Math.floor(latencies.length * 0.95)]! };
}

/** The sign-in page (full stack: session, CSRF token, CSP nonce, Nunjucks) against a bare Fastify route in the same run. */
export async function benchSignIn(total = 2000, concurrency = 10): Promise<BenchResult[]> {
  const bare = Fastify();
  const html = '<!DOCTYPE html><html lang="en"><title>bare</title><h1>Sign in</h1></html>';
  bare.get('/', async (_r, reply) => reply.type('text/html').send(html));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/`;

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-bench-'));
  const config = loadConfig({ DATA_DIR: dataDir, POSTWARDEN_SECRET_KEY: 'c'.repeat(64), LOG_LEVEL: 'silent' });
  const database = await openDatabase({});
  const runtime = await createRuntime(config, { database, logger: false });
  await seedWorld(database.db);
  await runtime.app.listen({ port: 0, host: '127.0.0.1' });
  const appUrl = `http://127.0.0.1:${(runtime.app.server.address() as { port: number }).port}/sign-in`;

  await load(bareUrl, 200, concurrency);
  await load(appUrl, 200, concurrency);
  const bareResult = await load(bareUrl, total, concurrency);
  const app = await load(appUrl, total, concurrency);
  await bare.close();
  await runtime.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  return [
    {
      name: 'Sign-in page throughput (embedded database) vs a bare Fastify route, same run',
      figures: {
        requests: total,
        concurrency,
        'bare route req/s': Math.round(bareResult.rps),
        'sign-in page req/s': Math.round(app.rps),
        'sign-in / bare (throughput ratio)': Number((app.rps / bareResult.rps).toFixed(3)),
        'bare p95 ms': Number(bareResult.p95.toFixed(2)),
        'sign-in p95 ms': Number(app.p95.toFixed(2)),
      },
    },
  ];
}
