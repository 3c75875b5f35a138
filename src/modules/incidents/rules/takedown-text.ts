/**
 * The request a sender copies into a site's report form or email (003 §9.3): what the content is,
 * where it is, when it was seen, and which of the site's rules it breaks. Pure.
 */
export const SITE_RULES = {
  harassment: 'its rules against harassment and bullying',
  privacy: 'its rules on sharing other people’s private information without consent',
  'child-safety': 'its rules protecting children, including images of children shared without consent',
  impersonation: 'its rules against pretending to be someone else',
  hate: 'its rules against hateful conduct',
  threats: 'its rules against threats of violence',
} as const;

export type SiteRule = keyof typeof SITE_RULES;

export function isSiteRule(value: string): value is SiteRule {
  return Object.hasOwn(SITE_RULES, value);
}

export function takedownRequestText(input: {
  schoolName: string;
  links: { url: string; seenAt: Date | null; site: string | null }[];
  rule: SiteRule;
  what: string;
  formatDateTime: (d: Date) => string;
}): string {
  const lines = [
    `I am writing on behalf of ${input.schoolName} to ask you to remove content that breaks ${SITE_RULES[input.rule]}.`,
    '',
    'Where it is:',
    ...(input.links.length
      ? input.links.map(
          (l) =>
            `- ${l.url}${l.site ? ` (${l.site})` : ''}${l.seenAt ? `, seen on ${input.formatDateTime(l.seenAt)}` : ''}`,
        )
      : ['- (add the link to the content here)']),
    '',
    'What it is:',
    input.what.trim().slice(0, 1000),
    '',
    'Please remove it, or tell us what more you need from us, within 24 hours. We have kept a copy of the content as evidence.',
  ];
  return lines.join('\n');
}
