import type { FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import type { FieldError } from './errors.ts';
import { errorMap } from './errors.ts';
import type { Permission } from '../auth/permissions.ts';

interface NavItem {
  href: string;
  text: string;
  /** Who sees the entry: anyone signed in, holders of a permission, or holders of any of several. */
  permission: Permission | readonly Permission[] | 'signed-in';
  scope: 'school' | 'trust' | 'any';
}

/** The service navigation; modules add their entries when they register. */
export const NAVIGATION: NavItem[] = [{ href: '/', text: 'Home', permission: 'signed-in', scope: 'any' }];

function mayUse(permission: NavItem['permission'], held: ReadonlySet<Permission>): boolean {
  if (permission === 'signed-in') return true;
  return typeof permission === 'string' ? held.has(permission) : permission.some((p) => held.has(p));
}

export function addNavigation(item: NavItem): void {
  NAVIGATION.push(item);
}

export interface PageData {
  pageTitle: string;
  errors?: FieldError[];
  [key: string]: unknown;
}

export function createRenderer(env: nunjucks.Environment, options: { serviceName: string; demoMode: boolean }) {
  return function render(request: FastifyRequest, reply: FastifyReply, template: string, data: PageData, status = 200) {
    const ctx = request.ctx;
    const currentPath = request.url.split('?')[0] ?? '/';
    const navigation = ctx
      ? NAVIGATION.filter(
          (item) =>
            mayUse(item.permission, ctx.permissions) &&
            (item.scope === 'any' || (item.scope === 'trust') === (ctx.school === null)),
        ).map((item) => ({
          href: item.href,
          text: item.text,
          active: item.href === '/' ? currentPath === '/' : currentPath.startsWith(item.href),
        }))
      : [];
    let flash: string | undefined;
    if (request.session?.flash) {
      flash = request.session.flash;
      request.session.flash = undefined;
    }
    const html = env.render(template, {
      serviceName: options.serviceName,
      demoMode: options.demoMode,
      ctx,
      navigation,
      flash,
      cspNonce: reply.cspNonce?.script,
      csrfToken: typeof reply.generateCsrf === 'function' && request.session ? reply.generateCsrf() : undefined,
      errorFor: errorMap(data.errors ?? []),
      ...data,
    });
    return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  };
}

export type Render = ReturnType<typeof createRenderer>;
