/**
 * The one test command (npm test): the unit, service and HTTP suite on the embedded database, the
 * same suite again on PostgreSQL when TEST_DATABASE_URL is set, then the browser suite. Fails if
 * any suite fails or any test was skipped, and ends with one plain "N passed, N failed" line.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}

function runVitest(label: string, args: string[], env: Record<string, string>): Totals & { ok: boolean } {
  const report = path.join(os.tmpdir(), `postwarden-vitest-${label}-${process.pid}.json`);
  console.log(`\n=== ${label} ===`);
  const result = spawnSync(
    'npx',
    ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    {
      stdio: 'inherit',
      env: { ...process.env, ...env },
    },
  );
  let totals: Totals = { passed: 0, failed: 0, skipped: 0 };
  if (fs.existsSync(report)) {
    const json = JSON.parse(fs.readFileSync(report, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
      numTotalTestSuites: number;
    };
    totals = {
      passed: json.numPassedTests,
      failed: json.numFailedTests,
      skipped: json.numPendingTests + json.numTodoTests,
    };
    fs.rmSync(report, { force: true });
  }
  const ok = result.status === 0 && totals.failed === 0 && totals.skipped === 0 && totals.passed > 0;
  console.log(
    `${label}: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped${ok ? '' : ' — NOT OK'}`,
  );
  return { ...totals, ok };
}

const suites: { label: string; args: string[]; env: Record<string, string> }[] = [
  { label: 'pglite', args: [], env: { PW_TEST_BACKEND: 'pglite' } },
];
if (process.env.TEST_DATABASE_URL) suites.push({ label: 'postgresql', args: [], env: { PW_TEST_BACKEND: 'postgres' } });
else console.log('TEST_DATABASE_URL is not set: the PostgreSQL run is left out (CI sets it).');
if (!process.argv.includes('--no-browser'))
  suites.push({ label: 'browser', args: ['--config', 'vitest.browser.config.ts'], env: {} });

const results = suites.map((s) => ({ label: s.label, ...runVitest(s.label, s.args, s.env) }));
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
const skipped = results.reduce((n, r) => n + r.skipped, 0);
console.log('');
for (const r of results)
  console.log(`${r.label.padEnd(12)} ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
if (skipped > 0) console.log(`${skipped} tests were skipped: every suite must run in full.`);
console.log(`\n${passed} passed, ${failed + Math.max(skipped, 0)} failed`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
