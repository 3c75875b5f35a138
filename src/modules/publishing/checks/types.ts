/** The shapes the post checks (PUB-2) take and give. Pure data: no database, no HTTP. */
import type { RosterMatcher } from './names/roster-matcher.ts';

export interface RosterPupil {
  id: string;
  givenName: string;
  preferredName?: string | null;
  familyName: string;
  formGroup?: string | null;
  yearGroup?: number | null;
  /** YYYY-MM-DD */
  dateOfBirth?: string | null;
  neverPublish: boolean;
  consentSocial: boolean;
}

export interface PostImage {
  /** Pupils the uploader tagged as visible in the photo. */
  taggedPupilIds: string[];
  altText?: string;
}

export interface PostInput {
  text: string;
  images?: PostImage[];
  /** Present when the post shares someone else's material. */
  sharedMaterial?: { source?: string; permission?: boolean };
}

export interface CheckSettings {
  /** The policy's "first names only" setting (images.first-names-only). */
  firstNamesOnly: boolean;
}

export interface CheckContext {
  /** Built once per roster (see buildRosterMatcher); the caller caches it per school. */
  roster: RosterMatcher;
  settings: CheckSettings;
  /** The school's own email domains ("kestrelhill.sch.uk"); addresses on them or their subdomains are fine. */
  schoolDomains: readonly string[];
  /** The school's own phone numbers, in any format. */
  schoolPhones?: readonly string[];
  /** The school's own postcodes. */
  schoolPostcodes?: readonly string[];
  /** Words or phrases the school adds to the confidential list (same syntax as the list: "!" blocks, "+" for a prefix). */
  extraConfidentialTerms?: readonly string[];
  /** Today, for telling a date of birth from an event date (the clock is passed in). */
  today: Date;
}

/**
 * - blocking: the post cannot be approved until the words change (never overridden);
 * - confirm: the post cannot be approved until the approver confirms `Finding.confirm` with a reason,
 *   which is kept (the checks cannot tell, a person can: "this Max is the mascot, not the pupil");
 * - advisory: the approver may approve despite it, giving a reason.
 */
export type Severity = 'blocking' | 'confirm' | 'advisory';

export type RuleId =
  | 'pupil-surname'
  | 'never-publish'
  | 'photo-consent'
  | 'identifying-details'
  | 'confidential'
  | 'offensive'
  | 'contact-details'
  | 'attribution'
  | 'political';

export interface Span {
  start: number;
  end: number;
}

/**
 * Where a finding is: the post's text (spans into post.text), an image's alt text (spans into
 * images[image].altText), a photo's tags (no spans) or the post as a whole (no spans).
 */
export type FindingPlace = 'text' | 'alt' | 'photo' | 'post';

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** The policy clause the finding enforces, by stable key (rendered with the school's own numbering). */
  clauseKey: string;
  /** Plain English, for the person writing the post. */
  message: string;
  spans: Span[];
  where: FindingPlace;
  image?: number;
  pupilId?: string;
  /** For a `confirm` finding: what the approver confirms, in the first person ("This is not…"). */
  confirm?: string;
}

export type Rule = (post: PostInput, ctx: CheckContext) => Finding[];
