/**
 * Runs every check on a post as stored (PUB-2, PUB-4, PUB-6): the text checks over the words and alt
 * texts, the photo checks over each photo's tags and face count, with the school's roster, policy
 * settings and own email domains and confidential words, and the length its account's platform
 * allows. Each finding gets a stable key so an approver's override can be matched to it.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { ukDate } from '../../../platform/clock.ts';
import { settingsFor } from '../../policies/index.ts';
import { checkPost, type Finding } from '../checks/index.ts';
import { photosFindings, type PhotoTagging } from '../photos/rules.ts';
import { lengthFinding, type PostRule } from './length.ts';
import { schoolRoster } from './roster.ts';

export interface CheckablePost {
  text: string;
  sharesMaterial: boolean;
  sharedSource: string | null;
  sharedPermission: boolean | null;
  images: readonly (PhotoTagging & { altText: string })[];
  /** The platform of the post's account (a value of PLATFORMS), whose length limit applies; null for none. */
  platform: string | null;
}

/** A finding of the policy checks, or of the platform's own limits (which cite no clause). */
export interface PostFinding extends Omit<Finding, 'rule'> {
  rule: PostRule;
  code?: string;
}

export interface KeyedFinding extends PostFinding {
  key: string;
}

interface School {
  trustId: string;
  schoolId: string;
}

export function findingKey(f: PostFinding, text: string): string {
  const words = f.spans.map((s) => text.slice(s.start, s.end).toLowerCase()).join('|');
  return createHash('sha256')
    .update([f.rule, f.code ?? '', f.where, f.image ?? '', f.pupilId ?? '', words, f.message].join('\u0000'))
    .digest('hex')
    .slice(0, 24);
}

export async function checkStoredPost(
  db: Kysely<Database>,
  school: School,
  post: CheckablePost,
  now: Date,
): Promise<KeyedFinding[]> {
  const [settings, roster, schoolRow] = await Promise.all([
    settingsFor(db, school, now),
    schoolRoster(db, school.schoolId, ukDate(now)),
    db
      .selectFrom('school')
      .select(['email_domains', 'confidential_terms'])
      .where('id', '=', school.schoolId)
      .executeTakeFirstOrThrow(),
  ]);
  const text = checkPost(
    {
      text: post.text,
      images: post.images.map((i) => ({ taggedPupilIds: [...i.taggedPupilIds], altText: i.altText })),
      ...(post.sharesMaterial
        ? {
            sharedMaterial: {
              ...(post.sharedSource ? { source: post.sharedSource } : {}),
              ...(post.sharedPermission !== null ? { permission: post.sharedPermission } : {}),
            },
          }
        : {}),
    },
    {
      roster: roster.matcher,
      settings: { firstNamesOnly: settings.firstNamesOnly },
      schoolDomains: asStrings(schoolRow.email_domains),
      extraConfidentialTerms: asStrings(schoolRow.confidential_terms),
      today: now,
    },
  );
  // The text checks already cover never-publish and consent through the tags; the photo checks add
  // what only they know (untagged photos, face counts). Keep one finding per pupil per photo.
  const photos = photosFindings(post.images, roster.pupils).filter(
    (p) =>
      !text.some(
        (t) => t.where === 'photo' && t.image === p.image && t.pupilId !== undefined && t.pupilId === p.pupilId,
      ),
  );
  const length = lengthFinding(post.text, post.platform);
  const sourceOf = (f: PostFinding) => (f.where === 'alt' ? (post.images[f.image ?? 0]?.altText ?? '') : post.text);
  return [...(length ? [length] : []), ...text, ...photos].map((f) => ({ ...f, key: findingKey(f, sourceOf(f)) }));
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
