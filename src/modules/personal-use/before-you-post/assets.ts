import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';

const SCRIPT = fs.readFileSync(new URL('./assets/before-you-post.js', import.meta.url));

/** The check-as-you-type script, a static file so the CSP's script-src 'self' allows it. */
export function registerBeforeYouPostAssets(app: FastifyInstance): void {
  app.get('/assets/before-you-post.js', { config: { access: 'public' } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(SCRIPT),
  );
}
