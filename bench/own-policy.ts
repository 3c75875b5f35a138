/**
 * POL-7 bringing a school's own policy in. Issue 13 target: a 40-page (about 20,000-word) Word
 * document or PDF reaches the confirmation page in under 2 s, reported against the time the file
 * reader alone takes in the same run. The long policy is the five seed policies one after another,
 * repeated until it passes 20,000 words, written as .docx and .pdf by test/fixtures/own-policies/make.ts.
 * "To the confirmation page" is the whole journey over HTTP on the embedded database: the upload
 * (read, split, propose, match, store), then the sections, matches and settings pages.
 *
 * Run alone: node --import tsx bench/own-policy.ts   (or: npm run bench own-policy)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../src/config.ts';
import { readPolicyFile } from '../src/modules/policies/bring-your-own/read/index.ts';
import { openDatabase } from '../src/platform/db/connect.ts';
import { createRuntime } from '../src/runtime.ts';
import { blocksOf, docxOf, pdfOf, SEED_IDS } from '../test/fixtures/own-policies/make.ts';
import { Agent } from '../test/support/agent.ts';
import { PASSWORD, seedWorld } from '../test/support/world.ts';
import type { BenchResult } from './import.ts';

const RUNS = 5;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number): number => Math.round(x);

/** The seeds' blocks, repeated with numbered parts until the text passes `words` words. */
function longPolicy(words = 20_000) {
  const blocks: ReturnType<typeof blocksOf> = [];
  let count = 0;
  for (let part = 1; count < words; part++) {
    for (const id of SEED_IDS) {
      if (count >= words) break;
      for (const b of blocksOf(id)) {
        if (b.kind === 'title' && part > 1) continue;
        blocks.push(b.kind === 'heading' ? { ...b, text: `${b.text}, part ${part}` } : b);
        count += b.text.split(/\s+/).length;
      }
    }
  }
  return { blocks, words: count };
}

export async function benchOwnPolicy(): Promise<BenchResult[]> {
  const { blocks, words } = longPolicy();
  const files: [string, string, Buffer][] = [
    ['docx', 'long-policy.docx', await docxOf('000', blocks)],
    ['pdf', 'long-policy.pdf', await pdfOf('000', blocks)],
  ];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-bench-own-policy-'));
  const config = loadConfig({ DATA_DIR: dataDir, POSTWARDEN_SECRET_KEY: 'e'.repeat(64), LOG_LEVEL: 'silent' });
  const database = await openDatabase({});
  const runtime = await createRuntime(config, { database, logger: false });
  const results: BenchResult[] = [];
  try {
    const world = await seedWorld(database.db);
    const admin = new Agent(runtime.app);
    await admin.signIn(world.people['admin-a1']!.email, PASSWORD);
    await admin.get('/policy/import');
    for (const [format, name, bytes] of files) {
      const { lines } = await readPolicyFile(name, bytes); // warm both paths once
      const reader: number[] = [];
      const journey: number[] = [];
      const upload: number[] = [];
      let sections = 0;
      for (let run = 0; run < RUNS; run++) {
        let start = performance.now();
        await readPolicyFile(name, bytes);
        reader.push(performance.now() - start);

        start = performance.now();
        const response = await admin.upload('/policy/import', {}, { field: 'file', filename: name, content: bytes });
        if (response.statusCode !== 302) throw new Error(`upload answered ${response.statusCode}`);
        upload.push(performance.now() - start);
        const id = String(response.headers.location).split('/')[3]!;
        const pages = [
          `/policy/import/${id}/sections`,
          `/policy/import/${id}/matches`,
          `/policy/import/${id}/settings`,
        ];
        for (const page of pages) {
          const answer = await admin.get(page);
          if (answer.statusCode !== 200) throw new Error(`${page} answered ${answer.statusCode}`);
          if (page.endsWith('/sections')) sections = (answer.body.match(/<section /g) ?? []).length;
        }
        journey.push(performance.now() - start);
      }
      const pdfPages =
        format === 'pdf' ? (bytes.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length : undefined;
      results.push({
        name: `POL-7 own policy to the confirmation page, .${format}`,
        figures: {
          words,
          ...(pdfPages ? { 'pages (PDF)': pdfPages } : {}),
          'file size (KB)': Math.round(bytes.length / 1024),
          'lines read': lines.length,
          'sections found': sections,
          'file reader alone, median ms': ms(median(reader)),
          'upload (read, split, propose, match, store), median ms': ms(median(upload)),
          'upload to the confirmation page, median ms (target < 2000)': ms(median(journey)),
          'journey / reader alone': (median(journey) / median(reader)).toFixed(2),
          'slowest journey ms': ms(Math.max(...journey)),
        },
      });
    }
  } finally {
    await runtime.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  for (const result of await benchOwnPolicy()) {
    console.log(`\n## ${result.name}`);
    for (const [key, value] of Object.entries(result.figures)) console.log(`  ${key.padEnd(60)} ${value}`);
  }
  process.exit(0);
}
