/**
 * The kinds of concern a person can report (INC-1), in plain words, each with where it goes and
 * what it brings with it (like a case template: the same clocks for the same kind of case).
 */
import type { Role } from '../../../platform/auth/permissions.ts';

export type ConcernKind =
  | 'child-safeguarding'
  | 'child-contact-personal'
  | 'child-inappropriate-communication'
  | 'allegation-adult'
  | 'staff-misuse'
  | 'abuse-received'
  | 'staff-cyberbullying'
  | 'pupil-friend-request'
  | 'journalist-contact'
  | 'personal-data-posted'
  | 'official-post-mistake';

/** Which people receive a kind: the first group that has someone not named as the subject. */
export type RouteGroup = 'dsl-team' | 'head' | 'slt' | 'chair';

export interface KindDefinition {
  /** The radio label: what a reporter would say. */
  label: string;
  hint: string;
  /** Who it goes to, first choice first; later groups are the named fallbacks when a role is vacant. */
  route: RouteGroup[];
  /** Told at once by email and shown at the top of the home page; triage due within the hour. */
  urgent: boolean;
  /** Safeguarding and allegation cases: only the DSL team and the head (or the chair) can find them (INC-7). */
  restricted: boolean;
  /** Staff named in the concern are the ones it is about: never told, never shown it, never its receiver. */
  staffNamedAreSubjects: boolean;
  /** The actions this kind opens with. */
  opensWith: readonly OpeningAction[];
  /** Seed clauses this kind answers to (for the reader of the code, not shown as policy text). */
  basis: string;
}

export type OpeningAction = 'takedown-request' | 'lado-referral' | 'breach-decision' | 'support-offer';

export const KINDS: Record<ConcernKind, KindDefinition> = {
  'child-safeguarding': {
    label: 'I am worried about a child’s safety or welfare',
    hint: 'Something seen or heard online that suggests a child may be at risk',
    route: ['dsl-team', 'head', 'chair'],
    urgent: true,
    restricted: true,
    staffNamedAreSubjects: false,
    opensWith: [],
    basis: '003 §7.1–7.2',
  },
  'child-contact-personal': {
    label: 'A child contacted me, or another adult, on a personal account',
    hint: 'A message, friend request or follow from a pupil to someone’s own social media',
    route: ['dsl-team', 'head', 'chair'],
    urgent: true,
    restricted: true,
    staffNamedAreSubjects: false,
    opensWith: [],
    basis: '002',
  },
  'child-inappropriate-communication': {
    label: 'Communication between an adult and a child that is not appropriate',
    hint: 'For example private messages, or messages of a personal or sexual nature',
    route: ['dsl-team', 'head', 'chair'],
    urgent: true,
    restricted: true,
    staffNamedAreSubjects: true,
    opensWith: [],
    basis: '002',
  },
  'allegation-adult': {
    label: 'Someone has told me something about an adult who works at the school, or I have a concern about one',
    hint: 'A disclosure or allegation that an adult may have harmed a child or behaved in a way that suggests they may',
    route: ['head', 'chair'],
    urgent: true,
    restricted: true,
    staffNamedAreSubjects: true,
    opensWith: ['lado-referral'],
    basis: '002 child protection',
  },
  'staff-misuse': {
    label: 'A member of staff is misusing social media',
    hint: 'Posts or behaviour online that break the school’s social media policy',
    route: ['head', 'chair'],
    urgent: false,
    restricted: false,
    staffNamedAreSubjects: true,
    opensWith: [],
    basis: '000 §4.5',
  },
  'abuse-received': {
    label: 'I have received harassment or abuse online',
    hint: 'While using a school account, or because of your work at the school',
    route: ['slt', 'head'],
    urgent: false,
    restricted: false,
    staffNamedAreSubjects: false,
    opensWith: ['takedown-request', 'support-offer'],
    basis: '003 §7.3',
  },
  'staff-cyberbullying': {
    label: 'A member of staff is being bullied or targeted online',
    hint: 'Posts, images or comments about a colleague, or about yourself',
    route: ['slt', 'head'],
    urgent: false,
    restricted: false,
    staffNamedAreSubjects: false,
    opensWith: ['takedown-request', 'support-offer'],
    basis: '003 §8.1, §9',
  },
  'pupil-friend-request': {
    label: 'A pupil or former pupil sent me a friend or follow request',
    hint: 'Do not accept it. Report it here so it is on record',
    route: ['head', 'slt'],
    urgent: false,
    restricted: false,
    staffNamedAreSubjects: false,
    opensWith: [],
    basis: '004 §6.1',
  },
  'journalist-contact': {
    label: 'A journalist or someone from the press got in touch',
    hint: 'Do not answer them yourself',
    route: ['head', 'slt'],
    urgent: false,
    restricted: false,
    staffNamedAreSubjects: false,
    opensWith: [],
    basis: '001',
  },
  'personal-data-posted': {
    label: 'Someone’s personal or confidential information has been posted',
    hint: 'For example a pupil’s details, a photo that should not be online, or staff records',
    route: ['head', 'slt'],
    urgent: true,
    restricted: false,
    staffNamedAreSubjects: false,
    opensWith: ['breach-decision', 'takedown-request'],
    basis: 'INC-9',
  },
  'official-post-mistake': {
    label: 'Something a school account posted is a mistake or should not be online',
    hint: 'A post on one of the school’s own official accounts',
    route: ['head', 'slt'],
    urgent: false,
    restricted: false,
    staffNamedAreSubjects: false,
    opensWith: [],
    basis: '001 appendix; PUB-5',
  },
};

export const KIND_KEYS = Object.keys(KINDS) as ConcernKind[];

export function isConcernKind(value: string): value is ConcernKind {
  return Object.hasOwn(KINDS, value);
}

/** The roles that make up each receiving group. */
export const GROUP_ROLES: Record<RouteGroup, readonly Role[]> = {
  'dsl-team': ['dsl', 'deputy_dsl'],
  head: ['headteacher'],
  slt: ['slt'],
  chair: ['chair_of_governors'],
};

export const GROUP_LABELS: Record<RouteGroup, string> = {
  'dsl-team': 'the designated safeguarding lead',
  head: 'the headteacher',
  slt: 'a senior leader',
  chair: 'the chair of governors',
};

export function kindLabel(kind: string): string {
  return isConcernKind(kind) ? KINDS[kind].label : kind;
}

/** Short names for lists and filters. */
export const KIND_SHORT: Record<ConcernKind, string> = {
  'child-safeguarding': 'Safeguarding: a child',
  'child-contact-personal': 'Child contact on a personal account',
  'child-inappropriate-communication': 'Inappropriate communication with a child',
  'allegation-adult': 'Allegation about an adult',
  'staff-misuse': 'Staff misuse of social media',
  'abuse-received': 'Abuse received online',
  'staff-cyberbullying': 'Cyberbullying of staff',
  'pupil-friend-request': 'Pupil friend or follow request',
  'journalist-contact': 'Press contact',
  'personal-data-posted': 'Personal data posted',
  'official-post-mistake': 'Official post mistake',
};

export function kindShort(kind: string): string {
  return isConcernKind(kind) ? KIND_SHORT[kind] : kind;
}
