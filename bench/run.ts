/**
 * npm run bench: every benchmark, each reporting against a baseline measured in the same run
 * (the machine is shared and noisy, so ratios mean more than seconds).
 */
import { benchSignIn, type BenchResult } from './sign-in.ts';

const suites: [string, () => Promise<BenchResult[]>][] = [
  ['sign-in', () => benchSignIn()],
  ['parse', async () => (await import('./parse.ts')).benchParse()],
  ['import', async () => (await import('./import.ts')).benchImport()],
  ['coverage', async () => (await import('./coverage.ts')).benchCoverage()],
  ['checks', async () => (await import('./checks.ts')).benchChecks()],
  ['before-you-post', async () => (await import('./before-you-post.ts')).benchBeforeYouPost()],
  ['cases', async () => (await import('./cases.ts')).benchCases()],
  ['reports', async () => (await import('./reports.ts')).benchReports()],
  ['inbox', async () => (await import('./inbox.ts')).benchInbox()],
  ['mentions', async () => (await import('./mentions.ts')).benchMentions()],
  ['start', async () => (await import('./start.ts')).benchStart()],
  ['own-policy', async () => (await import('./own-policy.ts')).benchOwnPolicy()],
  ['load', async () => (await import('./load.ts')).benchLoad()],
  ['audit-chains', async () => (await import('./audit-chains.ts')).benchAuditChains()],
];

const only = process.argv[2];
for (const [name, run] of suites) {
  if (only && only !== name) continue;
  for (const result of await run()) {
    console.log(`\n## ${result.name}`);
    for (const [key, value] of Object.entries(result.figures)) console.log(`  ${key.padEnd(44)} ${value}`);
  }
}
process.exit(0);
