/**
 * STF-2: the self-declaration each member of staff confirms, and short platform-by-platform guidance,
 * in Postwarden's own words. The age comes from the policy (pupilContactAgeLimit).
 */
export interface Statement {
  key: string;
  text: string;
}

export function statementsFor(ageLimit: number): Statement[] {
  return [
    {
      key: 'privacy-settings',
      text: 'I have reviewed the privacy settings of each of my personal social media accounts this period, so that what I post is not public.',
    },
    {
      key: 'no-pupils',
      text: `None of my personal accounts is connected to a current pupil, or to a former pupil under ${ageLimit}: I am not their friend, I do not follow them and they do not follow me.`,
    },
    {
      key: 'school-named',
      text: 'Where a profile of mine names the school or says I work in a school, it also says my views are my own.',
    },
  ];
}

export const STATEMENT_KEYS = ['privacy-settings', 'no-pupils', 'school-named'] as const;

export const PLATFORM_GUIDANCE: { platform: string; steps: string[] }[] = [
  {
    platform: 'Facebook',
    steps: [
      'Open the privacy check-up in your settings and set who can see your future posts to friends only.',
      'Limit who can see your past posts, and who can look you up by your email address or phone number.',
      'Look through your friends list and remove any pupil or young former pupil.',
    ],
  },
  {
    platform: 'Instagram',
    steps: [
      'Make your account private in the account privacy setting.',
      'Look through your followers and remove any pupil; turn off suggesting your account to others.',
    ],
  },
  {
    platform: 'X (Twitter)',
    steps: [
      'Protect your posts in the privacy and safety settings, so only people you approve see them.',
      'Turn off being found by your email address or phone number.',
    ],
  },
  {
    platform: 'TikTok',
    steps: [
      'Turn on “Private account” in the privacy settings.',
      'Set who can message you and who can duet or stitch your videos to friends or no one.',
    ],
  },
  {
    platform: 'LinkedIn',
    steps: [
      'A professional profile may name the school: add that your views are your own.',
      'Do not connect with pupils; hide your connections list if you would rather not show it.',
    ],
  },
  {
    platform: 'WhatsApp and other messaging apps',
    steps: [
      'Show your profile photo, “about” and last seen to your contacts only.',
      'Never message pupils from your own phone: use the school’s channels.',
    ],
  },
];
