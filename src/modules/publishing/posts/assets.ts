import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';

const POSTING_JS = fs.readFileSync(new URL('./assets/posting.js', import.meta.url));

/**
 * Posting's own script (live checks when the account changes, copy buttons on the hand-off), served
 * as the app serves its other assets: a static file, so the CSP's script-src 'self' allows it.
 */
export function registerPostingAssets(app: FastifyInstance): void {
  app.get('/assets/posting.js', { config: { access: 'public' } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(POSTING_JS),
  );
}
