/**
 * Email addresses, and whether one looks personal: on a personal mail service, or with a person's
 * name before the @. Generic addresses of organisations (info@, office@, bookings@…) are not personal.
 */
import type { Span } from '../types.ts';

const isAlnum = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
const isLocalChar = (c: number): boolean => isAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
const isDomainChar = (c: number): boolean => isAlnum(c) || c === 46 || c === 45;

const PERSONAL_SERVICES = new Set([
  'gmail.com',
  'googlemail.com',
  'hotmail.com',
  'hotmail.co.uk',
  'outlook.com',
  'outlook.co.uk',
  'live.com',
  'live.co.uk',
  'msn.com',
  'yahoo.com',
  'yahoo.co.uk',
  'ymail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'aol.co.uk',
  'btinternet.com',
  'btopenworld.com',
  'sky.com',
  'talktalk.net',
  'virginmedia.com',
  'ntlworld.com',
  'blueyonder.co.uk',
  'protonmail.com',
  'proton.me',
  'gmx.com',
  'gmx.co.uk',
  'mail.com',
  'zoho.com',
  'tiscali.co.uk',
  'plus.com',
  'fsmail.net',
  'orange.net',
  'hotmail.fr',
  'yahoo.fr',
]);

const GENERIC = new Set([
  'info',
  'office',
  'admin',
  'enquiries',
  'enquiry',
  'bookings',
  'booking',
  'hello',
  'contact',
  'reception',
  'sales',
  'support',
  'team',
  'mail',
  'events',
  'finance',
  'accounts',
  'head',
  'headteacher',
  'pta',
  'clerk',
  'governors',
  'admissions',
  'membership',
  'secretary',
  'press',
  'media',
  'help',
  'service',
  'services',
  'customerservices',
  'orders',
  'noreply',
  'no-reply',
  'webmaster',
  'marketing',
  'general',
]);

export interface FoundEmail {
  span: Span;
  address: string;
  domain: string;
  personal: boolean;
}

/** Whether a domain is one of the school's, or under one. */
export function onDomains(domain: string, domains: readonly string[]): boolean {
  const d = domain.toLowerCase();
  return domains.some((own) => {
    const o = own.toLowerCase().replace(/^@/, '');
    return d === o || d.endsWith(`.${o}`);
  });
}

/** Email addresses, found by looking either side of each @ (a regular expression over the whole post is slow). */
export function findEmails(text: string): FoundEmail[] {
  const out: FoundEmail[] = [];
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && isLocalChar(text.charCodeAt(start - 1))) start--;
    let end = at + 1;
    while (end < text.length && isDomainChar(text.charCodeAt(end))) end++;
    while (end > at + 1 && !isAlnum(text.charCodeAt(end - 1))) end--;
    const address = text.slice(start, end);
    const [local = '', domain = ''] = address.toLowerCase().split('@');
    if (!local || !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain)) continue;
    const personal = PERSONAL_SERVICES.has(domain) || !GENERIC.has(local.replace(/[0-9]+$/, ''));
    out.push({ span: { start, end }, address, domain, personal });
  }
  return out;
}
