import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { PROJECT_ROOT } from './nunjucks.ts';

const SYSTEM_FONTS = 'system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif';

/**
 * GOV.UK Frontend's compiled CSS names GDS Transport, a font only GOV.UK services may use. We serve
 * the same CSS with the reader's system font instead, built once in memory at start-up.
 */
function buildStylesheet(): string {
  const read = (p: string) => fs.readFileSync(path.join(PROJECT_ROOT, p), 'utf8');
  const withoutBrandFont = (css: string) =>
    css
      .replace(/@font-face\{[^}]*\}/g, '')
      .replace(/font-family:"?GDS Transport"?,arial,sans-serif/g, `font-family:${SYSTEM_FONTS}`)
      .replace(/font-family:"?GDS Transport"?/g, `font-family:${SYSTEM_FONTS}`)
      .replace(/\/\*# sourceMappingURL=[^*]*\*\//g, '');
  return [
    withoutBrandFont(read('node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css')),
    withoutBrandFont(read('node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.css')),
    read('src/platform/views/assets/postwarden.css'),
  ].join('\n');
}

export async function registerAssets(app: FastifyInstance): Promise<void> {
  const stylesheet = buildStylesheet();
  const files: Record<string, { body: string | Buffer; type: string }> = {
    'postwarden.css': { body: stylesheet, type: 'text/css; charset=utf-8' },
    'app.js': {
      body: fs.readFileSync(path.join(PROJECT_ROOT, 'src/platform/views/assets/app.js')),
      type: 'text/javascript; charset=utf-8',
    },
    'govuk-frontend.min.js': {
      body: fs
        .readFileSync(path.join(PROJECT_ROOT, 'node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js'), 'utf8')
        .replace(/\/\/# sourceMappingURL=.*$/m, ''),
      type: 'text/javascript; charset=utf-8',
    },
    'passkey.js': {
      body: fs.readFileSync(path.join(PROJECT_ROOT, 'src/platform/views/assets/passkey.js')),
      type: 'text/javascript; charset=utf-8',
    },
    'simplewebauthn-browser.js': {
      body: fs
        .readFileSync(
          path.join(PROJECT_ROOT, 'node_modules/@simplewebauthn/browser/dist/bundle/index.umd.min.js'),
          'utf8',
        )
        .replace(/\/\/# sourceMappingURL=.*$/m, ''),
      type: 'text/javascript; charset=utf-8',
    },
    'moj-frontend.mjs': {
      body: fs
        .readFileSync(path.join(PROJECT_ROOT, 'node_modules/@ministryofjustice/frontend/moj/all.bundle.mjs'), 'utf8')
        .replace(/\/\/# sourceMappingURL=.*$/m, ''),
      type: 'text/javascript; charset=utf-8',
    },
  };
  for (const [name, file] of Object.entries(files)) {
    app.get(`/assets/${name}`, { config: { access: 'public' } }, async (_request, reply) =>
      reply.type(file.type).header('cache-control', 'public, max-age=3600').send(file.body),
    );
  }
  await app.register(fastifyStatic, {
    root: path.join(PROJECT_ROOT, 'node_modules/govuk-frontend/dist/govuk/assets'),
    prefix: '/assets/',
    decorateReply: false,
    maxAge: 3600 * 1000,
    wildcard: true,
  });
}
