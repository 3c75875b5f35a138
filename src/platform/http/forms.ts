import type { FastifyRequest } from 'fastify';
import type { RequestContext } from './types.ts';
import type { Actor } from '../audit/audit.ts';
import { BadInputError, NotFoundError } from './errors.ts';
import { parseWholeNumber } from './input.ts';

/** A urlencoded form as plain strings (repeated fields keep their last value unless asked for all). */
export function formFields(request: FastifyRequest): Record<string, string> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string') fields[key] = value;
    else if (Array.isArray(value)) fields[key] = String(value.at(-1) ?? '');
    else if (value && typeof value === 'object' && 'value' in value)
      fields[key] = String((value as { value: unknown }).value ?? '');
  }
  return fields;
}

export function formList(request: FastifyRequest, name: string): string[] {
  const value = ((request.body ?? {}) as Record<string, unknown>)[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}

/**
 * A whole number from the query string (a page, a year, an offset), or undefined when it is absent
 * or empty. Anything else out of [min, max] is refused with a 400 that says what is allowed, so no
 * number too large for the database reaches it.
 */
export function queryWholeNumber(
  request: FastifyRequest,
  name: string,
  options: { label: string; min: number; max: number },
): number | undefined {
  const raw = ((request.query ?? {}) as Record<string, unknown>)[name];
  if (raw === undefined || raw === '') return undefined;
  const value = parseWholeNumber(raw, options);
  if (value === undefined) {
    const n = (x: number) => x.toLocaleString('en-GB');
    throw new BadInputError(
      name,
      `The ${options.label} in the web address must be a whole number from ${n(options.min)} to ${n(options.max)}.`,
      'There is a problem with the web address',
    );
  }
  return value;
}

export function actorOf(ctx: RequestContext): Actor {
  return ctx.via === 'session' ? { id: ctx.person.id, label: ctx.person.name } : { id: null, label: ctx.person.name };
}

/** The current school and trust, for scoping every query. */
export function tenantOf(ctx: RequestContext | undefined): { trustId: string; schoolId: string } {
  if (!ctx?.school) throw new NotFoundError();
  return { trustId: ctx.trust.id, schoolId: ctx.school.id };
}

export function requireCtx(request: FastifyRequest): RequestContext {
  if (!request.ctx) throw new NotFoundError();
  return request.ctx;
}

/**
 * A page to return to after a detour (choosing a school): a path on this site only, never another
 * site, never the detour itself, and not absurdly long. Undefined when there is nothing safe to return to.
 */
export function returnPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2000) return undefined;
  // Letters beyond ASCII and spaces are percent-encoded again (a query string arrives decoded), so the
  // result is always a valid Location header; any other control character is refused.
  let path: string;
  try {
    path = value.replace(/[^\x21-\x7e]/gu, (c) => (/[\u0000-\u001f\u007f]/.test(c) ? '\u0000' : encodeURIComponent(c)));
  } catch {
    return undefined; // a lone surrogate cannot be encoded
  }
  if (!/^\/(?![/\\])/.test(path) || !/^[\x21-\x7e]+$/.test(path) || path.includes('\\')) return undefined;
  if (/^\/(switch|sign-in|sign-out)(?:[/?#]|$)/.test(path)) return undefined;
  return path;
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

export function slugify(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'school'
  );
}

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
