import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtEntry } from '../../bin/build.js';

// Issue 8: bin/postwarden.js runs a build of the sources that is made on demand and checked against
// them at every start. Here on a small project of its own, so the real sources are never touched.

describe('the build bin/postwarden.js runs (bin/build.js)', () => {
  let root: string;
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  const run = (entry: string) => spawnSync(process.execPath, [fileURLToPath(entry)], { encoding: 'utf8' });

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-build-'));
    write(
      'src/main.ts',
      [
        "import { readFileSync } from 'node:fs';",
        "import { greeting } from './greeting.ts';",
        "const note: string = readFileSync(new URL('./data/note.txt', import.meta.url), 'utf8').trim();",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: this is source code written for the build to compile, not a template
        "if (readFileSync(`${import.meta.dirname}/data/note.txt`, 'utf8') !== readFileSync(import.meta.filename.replace(/main\\.ts$/, 'data/note.txt'), 'utf8')) throw new Error('import.meta.dirname');",
        "const name = 'first';",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: this is source code written for the build to compile, not a template
        'const step = (await import(`../migrations/${name}.ts`)) as { up: () => string };',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: this is source code written for the build to compile, not a template
        'console.log(`${greeting} | ${note} | ${step.up()}`);',
      ].join('\n'),
    );
    write('src/greeting.ts', "export const greeting: string = 'Hello from the sources';\n");
    write('src/data/note.txt', 'a file found beside its module\n');
    write('migrations/first.ts', "export const up = (): string => 'first migration';\n");
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('Issue 8: the build runs as the sources do: modules, files beside them found by import.meta.url, migrations imported by name', async () => {
    const entry = await builtEntry(root);
    expect(entry).not.toBeNull();
    expect(fileURLToPath(entry!).startsWith(path.join(root, '.build'))).toBe(true);
    const result = run(entry!);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('Hello from the sources | a file found beside its module | first migration');
  });

  it('Issue 8: unchanged sources reuse the build; an edited source gets a new build at the next start, never a stale one', async () => {
    const first = (await builtEntry(root))!;
    const ready = path.join(path.dirname(path.dirname(fileURLToPath(first))), 'ready');
    const madeAt = fs.statSync(ready).mtimeMs;
    expect(await builtEntry(root)).toBe(first);
    expect(fs.statSync(ready).mtimeMs).toBe(madeAt);

    write('src/greeting.ts', "export const greeting: string = 'Hello after an edit';\n");
    const second = (await builtEntry(root))!;
    expect(second).not.toBe(first);
    expect(run(second).stdout).toContain('Hello after an edit');

    write('migrations/second.ts', "export const up = (): string => 'second migration';\n");
    expect(await builtEntry(root)).not.toBe(second);
  });

  it('Issue 8: sources that do not compile give no build, so the command falls back to tsx and shows the real error', async () => {
    write('src/greeting.ts', "export const greeting: string = 'unfinished\n");
    expect(await builtEntry(root)).toBeNull();
  });
});
