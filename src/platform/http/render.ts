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
  /**
   * Where the entry lives: `daily` work sits in the header (the default); `admin` entries are listed on
   * the one Administration page, which the header links to when someone may use at least one of them.
   */
  area?: 'daily' | 'admin';
  /** For an `admin` entry: one line on the Administration page saying what is there. */
  description?: string;
}

export type NavigationEntry = NavItem;

/** The service navigation; modules add their entries when they register. */
export const NAVIGATION: NavItem[] = [{ href: '/', text: 'Home', permission: 'signed-in', scope: 'any' }];

/** The Administration page's address (platform-routes.ts serves it). */
export const ADMINISTRATION_HREF = '/administration';

function mayUse(permission: NavItem['permission'], held: ReadonlySet<Permission>): boolean {
  if (permission === 'signed-in') return true;
  return typeof permission === 'string' ? held.has(permission) : permission.some((p) => held.has(p));
}

export function addNavigation(item: NavItem): void {
  NAVIGATION.push(item);
}

/** The entries this person may use in the school or trust view they are in, of one area. */
export function navigationFor(
  ctx: { permissions: ReadonlySet<Permission>; school: unknown },
  area: 'daily' | 'admin',
): NavItem[] {
  return NAVIGATION.filter(
    (item) =>
      (item.area ?? 'daily') === area &&
      mayUse(item.permission, ctx.permissions) &&
      (item.scope === 'any' || (item.scope === 'trust') === (ctx.school === null)),
  );
}

function isActive(href: string, currentPath: string): boolean {
  return href === '/' ? currentPath === '/' : currentPath === href || currentPath.startsWith(`${href}/`);
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
    const navigation: { href: string; text: string; active: boolean }[] = [];
    if (ctx) {
      for (const item of navigationFor(ctx, 'daily'))
        navigation.push({ href: item.href, text: item.text, active: isActive(item.href, currentPath) });
      const admin = navigationFor(ctx, 'admin');
      if (admin.length > 0)
        navigation.push({
          href: ADMINISTRATION_HREF,
          text: 'Administration',
          active: isActive(ADMINISTRATION_HREF, currentPath) || admin.some((item) => isActive(item.href, currentPath)),
        });
    }
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
