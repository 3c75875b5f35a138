/**
 * Every setting a policy carries (POL-1): its type, default, limits and the module that enforces
 * it. Other modules read the values through the policies service (settingsFor), never the tables.
 */
export type SettingValue = string | number | boolean | string[];

interface Base<T extends SettingValue> {
  label: string;
  /** A short name that fits mid-sentence in messages: "Reply deadline must be between 1 and 168 hours". */
  name: string;
  hint: string;
  default: T;
  /** The part of Postwarden that acts on this setting. */
  enforcedBy: string;
}

export interface ChoiceOption {
  value: string;
  text: string;
  /** How the choice reads inside policy text, when a clause names it as {{setting}}; may itself name settings. */
  inText?: string;
}

export type SettingDefinition =
  | (Base<string> & { type: 'choice'; options: ChoiceOption[] })
  | (Base<number> & {
      type: 'integer';
      min: number;
      max: number;
      unit: string;
      /** The message when a trust minimum is not met; {n} is the minimum. */
      floorMessage?: string;
    })
  | (Base<boolean> & { type: 'boolean' })
  | (Base<string> & { type: 'text'; maxLength: number; optional?: boolean })
  | (Base<string[]> & { type: 'people' });

export const SETTINGS = {
  headTitle: {
    type: 'choice',
    label: 'What the school calls its headteacher',
    name: 'what the school calls its head',
    hint: 'Used wherever the policy and Postwarden name the head.',
    default: 'Headteacher',
    enforcedBy: 'every page and the policy text',
    options: [
      { value: 'Headteacher', text: 'Headteacher' },
      { value: 'Head of School', text: 'Head of School' },
      { value: 'Principal', text: 'Principal' },
      { value: 'Executive Headteacher', text: 'Executive Headteacher' },
    ],
  },
  personalUseAtWork: {
    type: 'choice',
    label: 'Personal use of social media at work',
    name: 'whether staff may use social media for themselves at work',
    hint: 'Whether staff may use social media for themselves during working hours.',
    default: 'never',
    enforcedBy: 'staff guidance and the “before you post” check',
    options: [
      { value: 'never', text: 'Never during working hours or on school devices' },
      { value: 'designated-place', text: 'Occasionally, in a designated place, if it does not affect work' },
      { value: 'occasional', text: 'Occasionally and in moderation, never in lessons, if it does not affect work' },
    ],
  },
  businessUse: {
    type: 'choice',
    label: 'Social media on behalf of the school',
    name: 'whether anyone may post on behalf of the school',
    hint: 'If not permitted, no official account can be approved.',
    default: 'with-approval',
    enforcedBy: 'official accounts',
    options: [
      { value: 'with-approval', text: 'Permitted, with approval' },
      { value: 'not-permitted', text: 'Not permitted at all' },
    ],
  },
  businessUseApprover: {
    type: 'choice',
    label: 'Who approves speaking for the school',
    name: 'who approves speaking for the school',
    hint: 'Who a member of staff asks before posting on the school’s behalf.',
    default: 'slt',
    enforcedBy: 'official accounts',
    options: [
      { value: 'line-manager', text: 'Their line manager', inText: 'your line manager' },
      { value: 'slt', text: 'The senior leadership team', inText: 'a member of the senior leadership team' },
      { value: 'head', text: 'The head', inText: 'the {{headTitle}}' },
    ],
  },
  responseDeadlineHours: {
    type: 'integer',
    label: 'Reply to comments and messages within',
    name: 'reply deadline',
    hint: 'Even if only to acknowledge them.',
    unit: 'hours',
    default: 24,
    min: 1,
    max: 168,
    enforcedBy: 'the inbox',
  },
  weekendNextWorkingDay: {
    type: 'boolean',
    label: 'Messages that arrive at a weekend or on a holiday may wait until the next working day',
    name: 'whether weekend messages may wait until the next working day',
    hint: '',
    default: true,
    enforcedBy: 'the inbox',
  },
  minimumOperators: {
    type: 'integer',
    label: 'Named people who must run each official account',
    name: 'minimum operators for each account',
    hint: 'At least this many, so an account is never left with one person.',
    unit: 'people',
    default: 2,
    min: 1,
    max: 10,
    enforcedBy: 'official accounts',
    floorMessage: 'The trust requires at least {n} operators for each account',
  },
  operatorTrainingRequired: {
    type: 'boolean',
    label: 'Operators must complete training before running an account',
    name: 'whether operators need training first',
    hint: '',
    default: true,
    enforcedBy: 'official accounts',
  },
  accountCheckIntervalHours: {
    type: 'integer',
    label: 'Check each official account at least every',
    name: 'account check interval',
    hint: 'Including weekends and holidays. An account left unchecked longer raises an alert.',
    unit: 'hours',
    default: 24,
    min: 1,
    max: 168,
    enforcedBy: 'official accounts (monitoring rota)',
  },
  pupilContactAgeLimit: {
    type: 'integer',
    label: 'No personal social media contact with pupils and former pupils under',
    name: 'pupil contact age limit',
    hint: 'Friend and follow requests from them are refused and reported.',
    unit: 'years old',
    default: 18,
    min: 16,
    max: 25,
    enforcedBy: 'staff guidance and concerns',
    floorMessage: 'The trust requires the pupil contact age limit to be at least {n} years old',
  },
  privacyCheckInEvery: {
    type: 'choice',
    label: 'Staff confirm their privacy check-in',
    name: 'how often staff do their privacy check-in',
    hint: 'Each member of staff confirms they have reviewed their personal accounts’ privacy settings.',
    default: 'term',
    enforcedBy: 'privacy check-ins',
    options: [
      { value: 'term', text: 'Every term', inText: 'every term' },
      { value: 'year', text: 'Every school year', inText: 'every school year' },
    ],
  },
  firstNamesOnly: {
    type: 'boolean',
    label: 'Only pupils’ first names appear in anything the school publishes',
    name: 'whether only first names are published',
    hint: '',
    default: true,
    enforcedBy: 'posting checks',
  },
  postApprovers: {
    type: 'choice',
    label: 'Who approves posts on official accounts',
    name: 'who approves posts',
    hint: '',
    default: 'head-and-nominees',
    enforcedBy: 'posting',
    options: [
      { value: 'head', text: 'The head only', inText: 'the {{headTitle}}' },
      {
        value: 'head-and-nominees',
        text: 'The head and named nominees',
        inText: 'the {{headTitle}} or someone they nominate',
      },
    ],
  },
  postApproverNominees: {
    type: 'people',
    label: 'Nominees who may approve posts',
    name: 'nominees who approve posts',
    hint: 'Used when the head and named nominees approve posts.',
    default: [],
    enforcedBy: 'posting',
  },
  takedownTargetHours: {
    type: 'integer',
    label: 'Ask a site to remove harmful content within',
    name: 'takedown target',
    hint: 'From the moment a concern is reported.',
    unit: 'hours',
    default: 24,
    min: 1,
    max: 168,
    enforcedBy: 'concerns and incidents',
  },
  ladoContact: {
    type: 'text',
    label: 'Local authority designated officer (LADO) contact',
    name: 'LADO contact',
    hint: 'Name, phone and email of the LADO for allegations about adults.',
    maxLength: 500,
    optional: true,
    default: '',
    enforcedBy: 'concerns and incidents',
  },
  safeguardingPartnershipContact: {
    type: 'text',
    label: 'Local safeguarding partnership contact',
    name: 'safeguarding partnership contact',
    hint: '',
    maxLength: 500,
    optional: true,
    default: '',
    enforcedBy: 'concerns and incidents',
  },
  reviewCycleMonths: {
    type: 'integer',
    label: 'Review the policy every',
    name: 'review cycle',
    hint: '',
    unit: 'months',
    default: 12,
    min: 1,
    max: 36,
    enforcedBy: 'policy review reminders',
  },
  tradeUnionsConsulted: {
    type: 'boolean',
    label: 'The recognised trade unions are consulted before the policy changes',
    name: 'whether trade unions are consulted',
    hint: 'Each new version then records the consultation.',
    default: false,
    enforcedBy: 'policy versions',
  },
  signingStatement: {
    type: 'text',
    label: 'The statement each person signs',
    name: 'signing statement',
    hint: 'Shown above the signature box.',
    maxLength: 1000,
    default: 'I have read and understood this policy, and I agree to follow it.',
    enforcedBy: 'read and sign',
  },
} as const satisfies Record<string, SettingDefinition>;

export type SettingKey = keyof typeof SETTINGS;
export type PolicySettings = {
  [K in SettingKey]: (typeof SETTINGS)[K]['default'] extends readonly unknown[]
    ? string[]
    : (typeof SETTINGS)[K]['default'] extends number
      ? number
      : (typeof SETTINGS)[K]['default'] extends boolean
        ? boolean
        : string;
};

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

export function isSettingKey(name: string): name is SettingKey {
  return Object.hasOwn(SETTINGS, name);
}

/** The definition of one setting, typed loosely enough to switch on its `type`. */
export function settingDefinition(key: SettingKey): SettingDefinition {
  return SETTINGS[key] as SettingDefinition;
}

export function defaultSettings(): PolicySettings {
  const values: Record<string, SettingValue> = {};
  for (const [key, def] of Object.entries(SETTINGS))
    values[key] = Array.isArray(def.default) ? [...def.default] : def.default;
  return values as PolicySettings;
}
