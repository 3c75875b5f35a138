/**
 * The business case of an application (ACC-1): what the account is called, where, what for, for whom,
 * how people will hear of it, and whether it is open or closed. Pure: the form in, clean values and
 * every problem out.
 */
import type { FieldError } from '../../../../platform/http/errors.ts';
import { isPlatform } from '../../model.ts';

export const LIMITS = { name: 120, aim: 2000, audience: 1000, promotion: 1000 } as const;

export const VISIBILITIES = [
  { value: 'open', text: 'Open', hint: 'Anyone can see what it posts and follow it.' },
  {
    value: 'closed',
    text: 'Closed',
    hint: 'Only people the account accepts, such as the families of one class, can see what it posts.',
  },
] as const;

export type Visibility = (typeof VISIBILITIES)[number]['value'];

export interface BusinessCaseForm {
  name: string;
  platform: string;
  aim: string;
  audience: string;
  promotion: string;
  visibility: string;
}

export interface BusinessCase {
  name: string;
  platform: string;
  aim: string;
  audience: string;
  promotion: string;
  visibility: Visibility;
}

function withCommas(n: number): string {
  return n.toLocaleString('en-GB');
}

/**
 * A draft needs only a name and a platform; an application sent for a decision needs everything.
 * Text is trimmed (the name's inner spaces collapsed) and length-limited either way.
 */
export function checkBusinessCase(
  form: BusinessCaseForm,
  mode: 'draft' | 'send',
): { value: BusinessCase; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const name = form.name.trim().replace(/\s+/g, ' ');
  if (!name) errors.push({ href: '#name', text: 'Enter a name for the account, like “Year 6 residential trip”' });
  else if (name.length > LIMITS.name)
    errors.push({ href: '#name', text: `The name of the account must be ${LIMITS.name} characters or fewer` });

  const platform = form.platform.trim();
  if (!platform) errors.push({ href: '#platform', text: 'Select the platform the account will be on' });
  else if (!isPlatform(platform)) errors.push({ href: '#platform', text: 'Select the platform from the list' });

  const texts = [
    { key: 'aim', missing: 'Enter what the account is for', label: 'What the account is for' },
    { key: 'audience', missing: 'Enter who the account is for', label: 'Who the account is for' },
    {
      key: 'promotion',
      missing: 'Enter how people will hear about the account',
      label: 'How people will hear about it',
    },
  ] as const;
  const clean: Record<(typeof texts)[number]['key'], string> = { aim: '', audience: '', promotion: '' };
  for (const t of texts) {
    const value = form[t.key].trim();
    clean[t.key] = value;
    if (!value && mode === 'send') errors.push({ href: `#${t.key}`, text: t.missing });
    else if (value.length > LIMITS[t.key])
      errors.push({ href: `#${t.key}`, text: `${t.label} must be ${withCommas(LIMITS[t.key])} characters or fewer` });
  }

  const visibility = form.visibility.trim();
  let chosen: Visibility = 'open';
  if (visibility === 'open' || visibility === 'closed') chosen = visibility;
  else if (visibility) errors.push({ href: '#visibility', text: 'Select whether the account will be open or closed' });
  else if (mode === 'send')
    errors.push({ href: '#visibility', text: 'Select whether the account will be open or closed' });

  return { value: { name, platform, ...clean, visibility: chosen }, errors };
}
