import type { FieldError } from '../../../../platform/http/errors.ts';
import { EMAIL_PATTERN } from '../../../../platform/http/forms.ts';
import { SETUP_CHECKLIST } from '../../model.ts';

/**
 * Recording a created account (ACC-6) as pure rules: what the form must hold, and what must be
 * true before an account may go live (ACC-3: every operator ready).
 */

export interface SetupForm {
  handle: string;
  address: string;
  recoveryEmail: string;
  /** 'yes' when tagging is switched off on the account. */
  tagging: string;
  /** 'yes' when two-factor sign-in is on. */
  twoFactor: string;
  visibility: string;
  checklist: string[];
}

export interface SetupValue {
  handle: string;
  address: string;
  recoveryEmail: string;
  taggingDisabled: boolean;
  twoFactorEnabled: boolean;
  visibility: 'open' | 'closed';
  checklist: string[];
}

export const LIMITS = { handle: 100, address: 500, recoveryEmail: 254 } as const;

/** Example web addresses, so the message for a wrong one shows what a right one looks like. */
const ADDRESS_EXAMPLES: Record<string, string> = {
  facebook: 'https://www.facebook.com/LarkfieldPrimary',
  instagram: 'https://www.instagram.com/larkfieldprimary',
  x: 'https://x.com/LarkfieldPrimary',
  bluesky: 'https://bsky.app/profile/larkfieldprimary.bsky.social',
  mastodon: 'https://mastodon.education/@larkfield',
  youtube: 'https://www.youtube.com/@LarkfieldPrimary',
  linkedin: 'https://www.linkedin.com/company/larkfield-primary',
  tiktok: 'https://www.tiktok.com/@larkfieldprimary',
  threads: 'https://www.threads.net/@larkfieldprimary',
};

export function addressExample(platform: string): string {
  return ADDRESS_EXAMPLES[platform] ?? 'https://www.example.com/your-school';
}

export function addressMessage(platform: string): string {
  return `Enter the account’s web address, like ${addressExample(platform)}`;
}

/**
 * An https web address a browser can open, or undefined. `new URL` decides what is a URL; a
 * name and password inside the address (https://user:pass@…) are refused, so a sign-in never
 * ends up in the register.
 */
export function webAddress(raw: string): string | undefined {
  const text = raw.trim();
  if (!text || text.length > LIMITS.address || /\s/.test(text)) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || !url.hostname.includes('.') || url.username || url.password) return undefined;
  return url.toString();
}

/** A handle with its spaces tidied: how the platform shows it, compared without case. */
export function tidyHandle(raw: string): string {
  return raw.trim().replace(/\s+/g, ' ');
}

export function checkSetupForm(form: SetupForm, platform: string): { value?: SetupValue; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const handle = tidyHandle(form.handle);
  if (!handle) errors.push({ href: '#handle', text: 'Enter the account’s name or handle on the platform' });
  else if (handle.length > LIMITS.handle)
    errors.push({ href: '#handle', text: `The handle must be ${LIMITS.handle} characters or fewer` });
  const address = webAddress(form.address);
  if (!address) errors.push({ href: '#address', text: addressMessage(platform) });
  const recoveryEmail = form.recoveryEmail.trim();
  if (!recoveryEmail)
    errors.push({ href: '#recoveryEmail', text: 'Enter the email address the platform sends password resets to' });
  else if (recoveryEmail.length > LIMITS.recoveryEmail || !EMAIL_PATTERN.test(recoveryEmail)) {
    errors.push({
      href: '#recoveryEmail',
      text: 'Enter the recovery email address in the correct format, like office@school.sch.uk',
    });
  }
  if (form.tagging !== 'yes' && form.tagging !== 'no')
    errors.push({ href: '#tagging', text: 'Select whether tagging is switched off on the account' });
  if (form.twoFactor !== 'yes' && form.twoFactor !== 'no')
    errors.push({ href: '#twoFactor', text: 'Select whether two-factor sign-in is switched on' });
  if (form.visibility !== 'open' && form.visibility !== 'closed')
    errors.push({ href: '#visibility', text: 'Select whether the account is open or closed' });
  const known = new Set<string>(SETUP_CHECKLIST.map((c) => c.value));
  if (form.checklist.some((c) => !known.has(c)))
    errors.push({ href: '#checklist', text: 'Select the checks from the list' });
  if (errors.length) return { errors };
  return {
    errors,
    value: {
      handle,
      address: address!,
      recoveryEmail,
      taggingDisabled: form.tagging === 'yes',
      twoFactorEnabled: form.twoFactor === 'yes',
      visibility: form.visibility as 'open' | 'closed',
      checklist: SETUP_CHECKLIST.map((c) => c.value).filter((c) => form.checklist.includes(c)),
    },
  };
}

/**
 * Why an account with these details may not be live: two-factor sign-in off, or checks not done.
 * Applies to activating an account and to changing a live account's details alike.
 */
export function liveBlockers(value: Pick<SetupValue, 'twoFactorEnabled' | 'checklist'>): FieldError[] {
  const errors: FieldError[] = [];
  if (!value.twoFactorEnabled) {
    errors.push({
      href: '#twoFactor',
      text: 'Switch on two-factor sign-in in the account’s security settings first: an official account cannot be used without it, because a stolen password alone would be enough to take it over',
    });
  }
  const missing = SETUP_CHECKLIST.filter((c) => !value.checklist.includes(c.value));
  if (missing.length) {
    errors.push({
      href: '#checklist',
      text: `Every check must be done before the account is used. Still to do: ${missing.map((c) => lowerFirst(c.text)).join('; ')}`,
    });
  }
  return errors;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

export interface OperatorReadiness {
  name: string;
  isLead: boolean;
  /** Why they may not run the account (from the policy's eligibility check); empty when they may. */
  reasons: string[];
}

/** ACC-3: before an account goes live, it has enough operators, a lead, and every one of them is ready. */
export function operatorBlockers(
  operators: readonly OperatorReadiness[],
  minimum: number,
  citation?: string,
): FieldError[] {
  const errors: FieldError[] = [];
  const cite = citation ? ` (${citation})` : '';
  if (operators.length < minimum) {
    errors.push({
      href: '#operators',
      text: `The account needs at least ${minimum} ${minimum === 1 ? 'operator' : 'operators'} before it is used${cite}; it has ${operators.length}. Add operators to the account first`,
    });
  } else if (!operators.some((o) => o.isLead)) {
    errors.push({ href: '#operators', text: 'Choose a lead operator for the account before it is used' });
  }
  for (const o of operators) {
    if (o.reasons.length)
      errors.push({
        href: '#operators',
        text: `${o.name} cannot run the account yet: ${o.reasons.map(lowerFirst).join('; ')}`,
      });
  }
  return errors;
}

const FIELD_NAMES: Record<keyof SetupValue, string> = {
  handle: 'handle',
  address: 'web address',
  recoveryEmail: 'recovery email',
  taggingDisabled: 'tagging',
  twoFactorEnabled: 'two-factor sign-in',
  visibility: 'open or closed',
  checklist: 'set-up checklist',
};

/** The fields that differ, in form order, as words for the timeline ("handle, web address"). */
export function changedFields(before: SetupValue, after: SetupValue): string[] {
  return (Object.keys(FIELD_NAMES) as (keyof SetupValue)[])
    .filter((key) =>
      key === 'checklist' ? before.checklist.join() !== after.checklist.join() : before[key] !== after[key],
    )
    .map((key) => FIELD_NAMES[key]);
}
