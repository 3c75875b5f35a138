#!/usr/bin/env node
// The postwarden command (npm start, npm run demo, npx postwarden). It runs a build of the
// TypeScript sources that is checked against them at every start (bin/build.js), and the sources
// themselves through tsx when no build can be made here.
import { builtEntry } from './build.js';

const entry = await builtEntry();
if (entry) {
  // A server's logged errors point into the TypeScript sources, as they did under tsx. (Reading
  // the source maps costs a short command more than it would ever use them.)
  if (['serve', 'demo'].includes(process.argv[2] ?? '')) process.setSourceMapsEnabled(true);
  await import(entry);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
