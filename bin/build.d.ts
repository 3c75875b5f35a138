/** Types for bin/build.js (plain JavaScript, so that it runs before anything is compiled). */
export const ROOT: string;
export function buildKey(esbuildVersion: string, root?: string): string;
export function builtEntry(root?: string): Promise<string | null>;
