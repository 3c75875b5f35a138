import fs from 'node:fs';
import path from 'node:path';
import { builtinModules, createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// Issue 8: `npm ci --omit=dev && npm start` must work, so nothing that runs may need a
// devDependency; and package.json's engines must say which Node versions the dependencies need.

const ROOT = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Every file that runs when Postwarden runs: the sources and migrations (not their tests) and bin/. */
function runtimeFiles(dir: string, found: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) runtimeFiles(full, found);
    else if (
      /\.(ts|js|mjs)$/.test(entry.name) &&
      !/\.(test|d)\.ts$/.test(entry.name) &&
      entry.name !== 'test-support.ts'
    )
      found.push(full);
  }
  return found;
}

/** The packages a file loads at run time: imports (not `import type`), dynamic imports, require and resolve. */
function packagesUsedBy(source: string): string[] {
  const specifiers = [
    ...source.matchAll(/^\s*(?:import|export)\s+(?!type\s)[^'";]*?\bfrom\s+['"]([^'"]+)['"]/gm),
    ...source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
    ...source.matchAll(/(?:\bimport|\brequire|\.resolve)\(\s*['"]([^'"]+)['"]/g),
  ].map((m) => m[1]!);
  return specifiers
    .filter(
      (s) =>
        !s.startsWith('.') &&
        !s.startsWith('/') &&
        !s.startsWith('node:') &&
        !builtinModules.includes(s.split('/')[0]!),
    )
    .filter((s) => /^(@[a-z0-9-]+\/)?[a-z0-9][a-z0-9._-]*(\/.*)?$/.test(s))
    .map((s) =>
      s
        .split('/')
        .slice(0, s.startsWith('@') ? 2 : 1)
        .join('/'),
    );
}

describe('what running Postwarden needs installed', () => {
  it('Issue 8: the import scan sees static, dynamic and required packages, and leaves out type-only ones', () => {
    const source = [
      "import Fastify from 'fastify';",
      "import type { Kysely } from 'kysely';",
      "import { type Metadata } from 'sharp';",
      "import '@fastify/formbody';",
      "const tf = require('@tensorflow/tfjs');",
      "const api = await import('@atproto/api/dist/client');",
      "const wasm = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/x.wasm');",
      "import fs from 'node:fs'; import path from 'path'; import { x } from './local.ts';",
    ].join('\n');
    expect(packagesUsedBy(source).sort()).toEqual([
      '@atproto/api',
      '@fastify/formbody',
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-backend-wasm',
      'fastify',
      'sharp',
    ]);
  });

  it('Issue 8: nothing under src/, migrations/ or bin/ loads a devDependency or an undeclared package, so `npm ci --omit=dev` is enough to run', () => {
    const used = new Map<string, string>();
    for (const file of ['src', 'migrations', 'bin'].flatMap((dir) => runtimeFiles(path.join(ROOT, dir)))) {
      for (const name of packagesUsedBy(fs.readFileSync(file, 'utf8'))) used.set(name, path.relative(ROOT, file));
    }
    // The scan does find the stack, so an empty answer below means something.
    expect([...used.keys()]).toEqual(
      expect.arrayContaining(['fastify', 'kysely', '@electric-sql/pglite', 'esbuild', 'tsx', '@tensorflow/tfjs']),
    );
    const notDeclared = [...used]
      .filter(([name]) => !(name in pkg.dependencies))
      .map(([name, file]) => `${name} (${file}${name in pkg.devDependencies ? ', a devDependency' : ''})`);
    expect(notDeclared).toEqual([]);
  });

  it('Issue 8: the Node version running the tests is one engines allows, and every run-time dependency supports the oldest one it allows, apart from three that are checked to load', async () => {
    // fastify's own copy of semver: the project declares no version of its own.
    const semver = createRequire(createRequire(import.meta.url).resolve('fastify'))('semver') as {
      satisfies(version: string, range: string, options?: { includePrerelease: boolean }): boolean;
      minVersion(range: string): { version: string } | null;
    };
    expect(semver.satisfies(process.version, pkg.engines.node)).toBe(true);
    const oldest = semver.minVersion(pkg.engines.node)!.version;
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<
        string,
        { version?: string; dev?: boolean; devOptional?: boolean; engines?: { node?: string } | string[] }
      >;
    };
    // These declare Node 22 but run on 20.19 and later (docs/decisions.md): ESM-only packages that
    // Node 20.19's require(esm) loads, and kysely, which uses no built-in Node 20 lacks.
    const declaredNewer = new Set(['kysely', 'cookie', 'content-disposition']);
    const refusing = Object.entries(lock.packages)
      .filter(([where, info]) => where !== '' && !info.dev && !info.devOptional)
      .map(([where, info]) => ({
        name: where.replace(/.*node_modules\//, ''),
        version: info.version,
        range: Array.isArray(info.engines) ? undefined : info.engines?.node,
      }))
      .filter((p) => p.range !== undefined && !semver.satisfies(oldest, p.range, { includePrerelease: true }));
    expect(
      refusing.filter((p) => !declaredNewer.has(p.name)).map((p) => `${p.name}@${p.version} wants ${p.range}`),
    ).toEqual([]);

    // The three load here, the way their dependents load them.
    const from = (dependent: string) =>
      createRequire(createRequire(import.meta.url).resolve(`${dependent}/package.json`));
    expect(typeof (from('@fastify/cookie')('cookie') as { parseCookie: unknown }).parseCookie).toBe('function');
    expect(typeof (from('@fastify/static')('content-disposition') as { create: unknown }).create).toBe('function');
    expect(typeof (await import('kysely')).Kysely).toBe('function');
  });
});
