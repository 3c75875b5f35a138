// Guidance for staff (STF-3), in Postwarden's own words, filled in from the school's policy
// settings so that it says what this school has decided. Pure: no I/O, no clock.
import type { PolicySettings } from '../model/settings.ts';

/** A piece of a guidance page. Text is plain: the template escapes it. */
export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'h2'; text: string }
  | { kind: 'bullets'; items: string[] }
  | { kind: 'steps'; items: string[] }
  | { kind: 'inset'; text: string }
  | { kind: 'warning'; text: string };

export interface GuidanceFacts {
  schoolName: string;
  settings: PolicySettings;
}

export interface Topic {
  slug: string;
  title: string;
  /** One line for the list of topics. */
  summary: (facts: GuidanceFacts) => string;
  /** The policy clauses the page explains, the main one first; cited by their number in the school's policy. */
  clauses: string[];
  body: (facts: GuidanceFacts) => Block[];
}

function ladoBlocks(settings: PolicySettings, lead: string): Block[] {
  const contact = settings.ladoContact.trim();
  return contact
    ? [
        { kind: 'p', text: lead },
        { kind: 'inset', text: contact },
      ]
    : [];
}

function atWork(settings: PolicySettings, schoolName: string): string {
  switch (settings.personalUseAtWork) {
    case 'designated-place':
      return `At ${schoolName} you may look at your own accounts now and then during the working day, but only in the place the school has set aside for it, never where pupils can see, and not so often that it gets in the way of your work.`;
    case 'occasional':
      return `At ${schoolName} you may look at your own accounts now and then during the working day, but never in lessons or in front of pupils, and not so often that it gets in the way of your work.`;
    default:
      return `At ${schoolName} staff do not use social media for themselves during working hours, and never on the school’s computers, tablets or network, whatever the time.`;
  }
}

export const TOPICS: Topic[] = [
  {
    slug: 'personal-accounts-and-disclaimers',
    title: 'Your personal accounts and disclaimers',
    summary: () => 'When to say your views are your own, and what that line does not cover.',
    clauses: ['personal-use.own-behalf', 'personal-use.branding', 'personal-use.at-work', 'scope.personal'],
    body: ({ schoolName, settings }) => [
      {
        kind: 'p',
        text: 'What you do on your own accounts is mostly your own affair. It becomes the school’s business when your posts could be linked to your job: your profile names the school or says you teach, you write about education, or pupils, parents or colleagues can see what you share.',
      },
      { kind: 'h2', text: 'Add a line to your profile' },
      {
        kind: 'p',
        text: 'If your profile says where you work or what you do, add a short line making clear that you speak for yourself. For example:',
      },
      { kind: 'inset', text: 'Personal account. The views here are mine, not my employer’s.' },
      {
        kind: 'p',
        text: 'Put it in your bio or profile, where people see it before they read your posts. You do not need to repeat it in every post.',
      },
      { kind: 'h2', text: 'What the line does not do' },
      {
        kind: 'bullets',
        items: [
          'It does not make it all right to share anything confidential about the school, its pupils, their families or your colleagues.',
          'It does not stop a post reflecting on your professional standing, or on the school.',
          settings.businessUse === 'not-permitted'
            ? `It does not let you speak for the school. ${schoolName} has decided that nobody posts on its behalf on social media.`
            : 'It does not let you speak for the school. Only people the school has authorised do that, on its official accounts.',
        ],
      },
      { kind: 'h2', text: 'Keep the school’s name and badge off your accounts' },
      {
        kind: 'p',
        text: 'Do not use the school’s logo, badge or photos of the building on personal accounts, and try not to name the school in personal posts. Naming your job in a professional profile is fine, but keep what you post there professional too.',
      },
      { kind: 'h2', text: 'During the working day' },
      { kind: 'p', text: atWork(settings, schoolName) },
      { kind: 'h2', text: 'If you are unsure' },
      {
        kind: 'p',
        text: `Ask your line manager before you post, not afterwards. If something already posted worries you, take it down and tell your line manager or the ${settings.headTitle}: it is much easier to deal with early.`,
      },
    ],
  },
  {
    slug: 'friend-requests-from-pupils',
    title: 'Friend and follow requests from pupils and former pupils',
    summary: ({ settings }) =>
      `No personal social media contact with any pupil, or with former pupils under ${settings.pupilContactAgeLimit}.`,
    clauses: ['contact.pupils-under-age', 'contact.pupil-approaches', 'reporting.allegations-about-adults'],
    body: ({ schoolName, settings }) => [
      {
        kind: 'p',
        text: `The rule at ${schoolName} is the same for everyone who works with pupils, including volunteers and supply staff:`,
      },
      {
        kind: 'bullets',
        items: [
          'Do not send or accept a friend, follow or connection request to or from any current pupil, whatever their age.',
          `Do not send or accept one to or from a former pupil who is under ${settings.pupilContactAgeLimit} years old.`,
          'The same goes for private messages, group chats and gaming platforms: anything that puts you in personal contact with them.',
        ],
      },
      {
        kind: 'p',
        text: `If you are not sure how old a former pupil is, treat them as under ${settings.pupilContactAgeLimit}. Someone who left a year or two ago can still be well below it.`,
      },
      { kind: 'h2', text: 'If a request arrives' },
      {
        kind: 'steps',
        items: [
          'Do not accept it, and do not reply to explain why.',
          'Take a screenshot showing who sent it and when.',
          'Turn it down or leave it unanswered, whichever the site allows.',
          `Tell the ${settings.headTitle} or a member of the senior leadership team, so there is a record that you did the right thing.`,
        ],
      },
      { kind: 'h2', text: 'When it is more than a request' },
      {
        kind: 'warning',
        text: 'If a pupil messages you on a personal account, tells you something worrying, or the contact feels wrong in any way, do not reply. Tell the designated safeguarding lead the same day.',
      },
      { kind: 'h2', text: 'If you are worried about a colleague' },
      {
        kind: 'p',
        text: `If you think another adult at the school is in private contact with a pupil online, tell the ${settings.headTitle} straight away, or the chair of governors if it is about the ${settings.headTitle}. Concerns like this are referred to the local authority designated officer (LADO), and no one at school investigates them first.`,
      },
      ...ladoBlocks(settings, 'The LADO for the school is:'),
      { kind: 'h2', text: 'Make yourself harder to find' },
      {
        kind: 'p',
        text: 'Set your accounts to private, think about using a different name from the one pupils know you by, and check your privacy settings every term: sites change them without telling you.',
      },
    ],
  },
  {
    slug: 'official-email',
    title: 'Using your school email for school business',
    summary: () => 'Which account to use for what, and why personal accounts stay out of school business.',
    clauses: ['personal-use.official-email', 'contact.personal-details', 'contact.parents'],
    body: ({ schoolName, settings }) => [
      {
        kind: 'p',
        text: `Anything you write about school business belongs in ${schoolName}’s own systems. There it is kept safe, it can be found again when someone needs it, and it is covered by the school’s data protection arrangements. A personal account gives none of that, and it puts you in a difficult position if something goes wrong.`,
      },
      { kind: 'h2', text: 'Use your school email account for' },
      {
        kind: 'bullets',
        items: [
          'writing to parents and carers',
          'contacting other schools, the local authority, other agencies and suppliers',
          'anything that mentions a pupil, however briefly',
          'sending or receiving documents about school business',
        ],
      },
      { kind: 'h2', text: 'Do not use your school email account for' },
      {
        kind: 'bullets',
        items: [
          'signing up to personal social media accounts',
          'shopping, newsletters and other personal services',
          'anything you would not want the school to see: the school may monitor how its systems are used',
        ],
      },
      { kind: 'h2', text: 'Keep personal accounts out of it' },
      {
        kind: 'p',
        text: 'Do not use your personal email address, phone number or social media to contact pupils or parents about school matters, and do not give pupils your personal details.',
      },
      {
        kind: 'p',
        text: `If a parent gets in touch through a personal account, do not discuss school matters there. Point them to your school email address or the school office. If the message worries you, tell your line manager or the ${settings.headTitle}.`,
      },
      { kind: 'inset', text: 'If you are not sure which account to use, use your school one.' },
    ],
  },
  {
    slug: 'whistleblowing-and-grievances',
    title: 'Raising a concern instead of posting about it',
    summary: () => 'Use the grievance or whistleblowing procedure, not social media, when something at work is wrong.',
    clauses: ['prohibited.grievances', 'reporting.safeguarding', 'reporting.allegations-about-adults'],
    body: ({ schoolName, settings }) => [
      {
        kind: 'p',
        text: 'Everyone is frustrated by work sometimes. Posting about it, even in a private group or to a few friends, can break the social media policy, can hurt colleagues, and can leave you worse off than if you had raised it properly. There are routes for this, and they protect you.',
      },
      { kind: 'h2', text: 'If something is unfair to you' },
      {
        kind: 'p',
        text: 'A decision that affects you, how you are treated, or a problem with a colleague is a grievance. Talk to your line manager first if you can, or to the person above them if it is about your line manager. If that does not settle it, raise it formally under the school’s grievance procedure. You may bring a trade union representative or a colleague to a formal grievance meeting.',
      },
      { kind: 'h2', text: 'If you think something wrong is going on' },
      {
        kind: 'p',
        text: 'Fraud or misuse of money, a danger to someone’s health or safety, a breach of the law, or an attempt to cover one of these up, is a matter for the whistleblowing procedure.',
      },
      {
        kind: 'p',
        text: `Raise it with the ${settings.headTitle}, or with the chair of governors if it is about the ${settings.headTitle}. The Public Interest Disclosure Act 1998 protects you from being treated unfairly for raising a concern in the right way. Going public on social media first can cost you that protection.`,
      },
      {
        kind: 'p',
        text: 'If you are not sure whether or how to raise something, the whistleblowing charity Protect gives free, confidential advice.',
      },
      { kind: 'h2', text: 'If it is about a child’s safety' },
      {
        kind: 'warning',
        text: `Do not wait, and do not use either procedure first. Tell the designated safeguarding lead straight away. If it is about an adult who works with children, tell the ${settings.headTitle}, who involves the local authority designated officer (LADO).`,
      },
      ...ladoBlocks(settings, `If you cannot raise it within ${schoolName}, you can contact the LADO yourself:`),
      { kind: 'h2', text: 'What not to do' },
      {
        kind: 'bullets',
        items: [
          'Do not post about the concern, or hint at it, on any social media, including closed groups and messaging apps.',
          'Do not name or describe the people involved online.',
          'Do not investigate it yourself, or collect evidence by going into other people’s accounts.',
        ],
      },
    ],
  },
  {
    slug: 'posting-about-school',
    title: 'Posting about the school, pupils and colleagues',
    summary: () => 'What must stay off your personal accounts, and what to do when you see the school mentioned.',
    clauses: ['prohibited.confidential', 'images.official-channels', 'reporting.about-the-school'],
    body: ({ schoolName, settings }) => [
      {
        kind: 'p',
        text: `You can enjoy your job and say so. What you cannot do is share what you know because you work at ${schoolName}, or post anything that identifies pupils.`,
      },
      { kind: 'h2', text: 'Never post on a personal account' },
      {
        kind: 'bullets',
        items: [
          'photos, videos or names of pupils, even from a school trip or event you went to',
          'anything about a pupil’s progress, behaviour, health or family',
          'staffing matters, disagreements at school, or plans the school has not announced',
          'criticism of pupils, parents or colleagues',
          'anything that looks as if it speaks for the school',
        ],
      },
      { kind: 'h2', text: 'Before you post, ask yourself' },
      {
        kind: 'bullets',
        items: [
          `Would I be happy for a pupil, a parent or the ${settings.headTitle} to read this?`,
          'Could someone work out which school, pupil or colleague I mean?',
          'Would I still be comfortable with it if it were screenshotted and shared?',
        ],
      },
      { kind: 'p', text: 'If the answer to any of these makes you hesitate, do not post it.' },
      { kind: 'h2', text: 'If you see the school mentioned online' },
      {
        kind: 'p',
        text: `If you see a post that criticises the school or reflects badly on it, do not reply or get involved. Tell the ${settings.headTitle}, with a screenshot and the web address if you can.`,
      },
    ],
  },
];

export function findTopic(slug: string): Topic | undefined {
  return TOPICS.find((t) => t.slug === slug);
}
