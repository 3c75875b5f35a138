// A build of src/ for bin/postwarden.js, made on demand and checked against the sources at every
// start, so it can never be out of date and there is still no build step to forget.
//
// Why: on Node 20, tsx transforms each module through a loader thread, which cost about a second
// of every start on two cores before anything ran (`postwarden check` took 3.8 s). One esbuild
// bundle (about 0.3 s to make) loads in a fraction of that. See docs/decisions.md.
//
// The build lives in .build/<key>/ inside the checkout. The key hashes the checkout's path, this
// file, esbuild's version and the path, size and modification time of every source file, so an
// edit, a `git pull` or a new migration gives a new key and a new build. Packages stay outside the
// bundle (node_modules is read as usual), and each module keeps its own import.meta.url, so files
// found beside the sources (templates, word lists, migrations) are found exactly as under tsx.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = ['src', 'migrations'];
/** Builds older than this, other than the newest few, are removed when a new one is made. */
const PRUNE_AFTER_MS = 10 * 60_000;
const KEEP = 3;

function sourceFiles(dir, found = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(full, found);
    else if (/\.(ts|json)$/.test(entry.name) && !entry.name.endsWith('.test.ts')) found.push(full);
  }
  return found;
}

/** The key of the build that matches the sources under `root` as they are now. */
export function buildKey(esbuildVersion, root = ROOT) {
  const hash = crypto.createHash('sha256');
  hash.update(`${root}\n${esbuildVersion}\n`);
  hash.update(fs.readFileSync(fileURLToPath(import.meta.url)));
  const files = SOURCES.flatMap((dir) =>
    fs.existsSync(path.join(root, dir)) ? sourceFiles(path.join(root, dir)) : [],
  ).sort();
  for (const file of files) {
    const stat = fs.statSync(file);
    hash.update(`${path.relative(root, file)}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 20);
}

/** esbuild loads each source with its own location in place of import.meta.url, .dirname and .filename. */
const keepImportMetaUrl = {
  name: 'keep-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      const contents = source
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(path.dirname(args.path)))
        .replaceAll('import.meta.filename', JSON.stringify(args.path));
      return { contents, loader: 'ts' };
    });
  },
};

async function make(esbuild, root, target) {
  const temporary = `${target}.${process.pid}.tmp`;
  fs.rmSync(temporary, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['src/main.ts'],
    outdir: temporary,
    outbase: root,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    packages: 'external',
    sourcemap: 'linked',
    chunkNames: 'chunks/[name]-[hash]',
    plugins: [keepImportMetaUrl],
    logLevel: 'silent',
  });
  fs.writeFileSync(path.join(temporary, 'ready'), `${new Date().toISOString()}\n`);
  try {
    fs.renameSync(temporary, target);
  } catch (error) {
    // Another start made the same build at the same moment: use theirs.
    fs.rmSync(temporary, { recursive: true, force: true });
    if (!fs.existsSync(path.join(target, 'ready'))) throw error;
  }
}

function pruneOldBuilds(builds, current) {
  const now = Date.now();
  const others = fs
    .readdirSync(builds, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== current)
    .map((entry) => ({ name: entry.name, time: fs.statSync(path.join(builds, entry.name)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const build of others.slice(KEEP - 1)) {
    if (now - build.time > PRUNE_AFTER_MS) fs.rmSync(path.join(builds, build.name), { recursive: true, force: true });
  }
}

/**
 * The file URL of the built src/main.ts, made now if the sources have changed since the last
 * build; or null when no build can be made here (esbuild missing, a read-only checkout, a source
 * that does not compile), and bin/postwarden.js runs the sources through tsx instead.
 */
export async function builtEntry(root = ROOT) {
  if (process.env.POSTWARDEN_NO_BUILD === '1') return null;
  try {
    // esbuild's version from its package.json: loading esbuild itself takes longer than most starts
    // need, so it is loaded only to make a build.
    const require = createRequire(import.meta.url);
    const { version } = JSON.parse(fs.readFileSync(require.resolve('esbuild/package.json'), 'utf8'));
    const key = buildKey(version, root);
    const builds = path.join(root, '.build');
    const target = path.join(builds, key);
    if (!fs.existsSync(path.join(target, 'ready'))) {
      fs.mkdirSync(builds, { recursive: true });
      await make(await import('esbuild'), root, target);
      pruneOldBuilds(builds, key);
    }
    return pathToFileURL(path.join(target, 'src', 'main.js')).href;
  } catch {
    return null;
  }
}
