/**
 * PUB-2: personal contact details (contact.personal-details): UK phone numbers other than the
 * school's own (mobiles and landlines; 03, 08 and 09 numbers belong to organisations and helplines),
 * and email addresses that are not on the school's domains and look personal. Advisory: the approver
 * confirms a number or address is meant to be public (a club's landline, say) with a reason.
 */
import { finding, quote } from '../clauses.ts';
import { findEmails, onDomains } from '../patterns/emails.ts';
import { findPhones, nationalDigits } from '../patterns/phones.ts';
import type { Finding, Rule } from '../types.ts';

export const contactDetails: Rule = (post, ctx) => {
  const text = post.text;
  if (!text) return [];
  const out: Finding[] = [];
  const own = new Set((ctx.schoolPhones ?? []).map(nationalDigits));
  for (const phone of findPhones(text)) {
    if (phone.kind === 'other' || own.has(phone.digits)) continue;
    const what = phone.kind === 'mobile' ? 'a mobile number' : 'a phone number that is not the school’s';
    out.push(
      finding(
        'contact-details',
        'advisory',
        `${quote(text, phone.span)} is ${what}. Do not publish personal phone numbers: use the school office’s.`,
        [phone.span],
      ),
    );
  }
  for (const email of findEmails(text)) {
    if (onDomains(email.domain, ctx.schoolDomains) || !email.personal) continue;
    out.push(
      finding(
        'contact-details',
        'advisory',
        `${quote(text, email.span)} looks like a personal email address. Use a school address instead.`,
        [email.span],
      ),
    );
  }
  return out.sort((a, b) => a.spans[0]!.start - b.spans[0]!.start);
};
