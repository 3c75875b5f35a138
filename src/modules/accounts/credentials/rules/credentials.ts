import type { FieldError } from '../../../../platform/http/errors.ts';

/**
 * An official account's sign-in details (ACC-4) as pure rules. Messages name the field, never its
 * value: nothing typed into this form is ever repeated back in a message.
 */

export interface CredentialsForm {
  username: string;
  password: string;
  notes: string;
}

export interface Credentials {
  username: string;
  password: string;
  notes: string;
}

export const LIMITS = { username: 200, password: 500, notes: 2000, reasonMin: 10, reason: 500 } as const;

export function checkCredentialsForm(form: CredentialsForm): { value?: Credentials; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const username = form.username.trim();
  // A password is kept exactly as typed: spaces may be part of it.
  const password = form.password;
  const notes = form.notes.trim();
  if (!username)
    errors.push({ href: '#username', text: 'Enter the username or email address used to sign in to the account' });
  else if (username.length > LIMITS.username)
    errors.push({ href: '#username', text: `The username must be ${LIMITS.username} characters or fewer` });
  if (!password.trim()) errors.push({ href: '#password', text: 'Enter the account’s password' });
  else if (password.length > LIMITS.password)
    errors.push({ href: '#password', text: `The password must be ${LIMITS.password} characters or fewer` });
  else if (/[\r\n]/.test(password)) errors.push({ href: '#password', text: 'The password must be on one line' });
  if (notes.length > LIMITS.notes)
    errors.push({ href: '#notes', text: `Notes must be ${LIMITS.notes.toLocaleString('en-GB')} characters or fewer` });
  return errors.length ? { errors } : { errors, value: { username, password, notes } };
}

/** Why someone needs to see the details: kept on the account's timeline and in the audit log. */
export function checkRevealReason(raw: string): { value?: string; errors: FieldError[] } {
  const reason = raw.trim().replace(/[ \t]+/g, ' ');
  if (!reason) return { errors: [{ href: '#reason', text: 'Enter why you need to see the sign-in details' }] };
  if (reason.length < LIMITS.reasonMin) {
    return {
      errors: [
        {
          href: '#reason',
          text: `Say why you need to see the sign-in details in at least ${LIMITS.reasonMin} characters, for example ‘Posting sports day photos while the lead operator is away’`,
        },
      ],
    };
  }
  if (reason.length > LIMITS.reason)
    return { errors: [{ href: '#reason', text: `The reason must be ${LIMITS.reason} characters or fewer` }] };
  return { value: reason, errors: [] };
}

/** The text that is sealed: versioned JSON, so the shape can change later. */
export function serialiseCredentials(c: Credentials): string {
  return JSON.stringify({ v: 1, username: c.username, password: c.password, notes: c.notes });
}

export function parseCredentials(text: string): Credentials {
  const data = JSON.parse(text) as Record<string, unknown>;
  if (
    data?.v !== 1 ||
    typeof data.username !== 'string' ||
    typeof data.password !== 'string' ||
    typeof data.notes !== 'string'
  ) {
    throw new Error('Stored sign-in details are not in a known form');
  }
  return { username: data.username, password: data.password, notes: data.notes };
}
