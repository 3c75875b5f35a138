/**
 * The school's words for handling an item (MON-3; 001): replies to an offensive post by a parent and
 * the short post telling the audience why abuse was removed. Postwarden's defaults, which a school
 * replaces with its own (inbox_template). Pure.
 */
export const TEMPLATES = {
  'ask-remove': {
    label: 'Ask them to remove it',
    text: 'Thank you for getting in touch. We would be grateful if you could remove this post. We want to sort out any worry with you directly, so please contact the school office and we will arrange to talk.',
  },
  'invite-talk': {
    label: 'Invite them to talk',
    text: 'We are sorry you feel this way and we would like to help. Please contact the school office so we can arrange a time to talk in person.',
  },
  'complaints-procedure': {
    label: 'Point to the complaints procedure',
    text: 'If you would like to raise a concern formally, our complaints procedure is on the school website and the school office can send you a copy. We will deal with it promptly and in private.',
  },
  'audience-post': {
    label: 'Tell the audience why',
    text: 'We have removed a comment on this page because it broke our rules for respectful discussion. Please keep comments kind: this page is for our whole school community.',
  },
} as const;

export type TemplateKey = keyof typeof TEMPLATES;
export const TEMPLATE_KEYS = Object.keys(TEMPLATES) as TemplateKey[];

export function isTemplateKey(value: string): value is TemplateKey {
  return Object.hasOwn(TEMPLATES, value);
}

export const MAX_TEMPLATE = 2000;

/** The school's text for each template, its own where it has one. */
export function templatesWith(own: readonly { key: string; text: string }[]): Record<TemplateKey, string> {
  const out = {} as Record<TemplateKey, string>;
  for (const key of TEMPLATE_KEYS) out[key] = own.find((o) => o.key === key)?.text ?? TEMPLATES[key].text;
  return out;
}
