import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Dependencies point down: the platform and the modules never import the files that assemble the
 * app (src/app.ts, src/runtime.ts, src/main.ts), and the platform does not reach into a module.
 * Checked on the source text, so a type-only import counts too: that is how 48 files once formed one
 * cycle through src/app.ts.
 */
const SRC = path.resolve(import.meta.dirname, '../../src');
const ASSEMBLY = ['app.ts', 'runtime.ts', 'main.ts'].map((f) => path.join(SRC, f));
/** The JSON API's routes still call the directory module directly; they belong beside it (noted in docs/decisions.md). */
const PLATFORM_TO_MODULE_EXCEPTIONS = new Set([path.join(SRC, 'platform/api/routes.ts')]);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)].map(
    (m) => m[1]!,
  );
  return specifiers.filter((s) => s.startsWith('.')).map((s) => path.resolve(path.dirname(file), s));
}

describe('import direction (house habits)', () => {
  const platformAndModules = [...sourceFiles(path.join(SRC, 'platform')), ...sourceFiles(path.join(SRC, 'modules'))];

  it('finds the files it checks, and sees an import of app.ts when there is one', () => {
    expect(platformAndModules.length).toBeGreaterThan(100);
    const probe = path.join(SRC, 'modules/probe.ts');
    fs.writeFileSync(probe, "import type { ModuleContext } from '../app.ts';\n");
    try {
      expect(importsOf(probe)).toContain(path.join(SRC, 'app.ts'));
    } finally {
      fs.rmSync(probe);
    }
  });

  it('no file under src/platform or src/modules imports src/app.ts, src/runtime.ts or src/main.ts', () => {
    const upward = platformAndModules.flatMap((file) =>
      importsOf(file)
        .filter((target) => ASSEMBLY.includes(target))
        .map((target) => `${path.relative(SRC, file)} → ${path.relative(SRC, target)}`),
    );
    expect(upward).toEqual([]);
  });

  it('no file under src/platform imports a module (one known exception)', () => {
    const upward = sourceFiles(path.join(SRC, 'platform'))
      .filter((file) => !PLATFORM_TO_MODULE_EXCEPTIONS.has(file))
      .flatMap((file) =>
        importsOf(file)
          .filter((target) => target.startsWith(path.join(SRC, 'modules') + path.sep))
          .map((target) => `${path.relative(SRC, file)} → ${path.relative(SRC, target)}`),
      );
    expect(upward).toEqual([]);
  });
});
