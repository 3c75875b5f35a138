/**
 * After any change to a post: fingerprint it again, run every check again, and if it no longer
 * matches what was approved, withdraw the approval (PUB-1: any edit after approval voids it).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { Actor } from '../../../platform/audit/audit.ts';
import { postingAccount } from '../../accounts/index.ts';
import { checkStoredPost, type KeyedFinding } from './checks.ts';
import { recordPostEvent } from './events.ts';
import { contentHash } from './hash.ts';
import { imagesOf, type ImageRow, type PostRow } from './repo.ts';

interface School {
  trustId: string;
  schoolId: string;
}

export function hashOf(
  post: Pick<PostRow, 'account_id' | 'text' | 'shares_material' | 'shared_source' | 'shared_permission'>,
  images: readonly ImageRow[],
): string {
  return contentHash(
    {
      accountId: post.account_id,
      text: post.text,
      sharesMaterial: post.shares_material,
      sharedSource: post.shared_source,
      sharedPermission: post.shared_permission,
    },
    images.map((i) => ({
      sha256: i.sha256,
      altText: i.alt_text,
      taggedPupilIds: i.tagged_pupil_ids,
      noPupilsVisible: i.no_pupils_visible,
      confirmedPupils: i.confirmed_pupils,
    })),
  );
}

/**
 * Every check on a post. The length is counted against `platform` when given (null: no platform),
 * otherwise against the platform of the post's account.
 */
export async function findingsOf(
  db: Kysely<Database>,
  school: School,
  post: Pick<PostRow, 'text' | 'shares_material' | 'shared_source' | 'shared_permission'> & {
    account_id?: string;
    platform?: string | null;
  },
  images: readonly ImageRow[],
  now: Date,
): Promise<KeyedFinding[]> {
  const platform =
    post.platform !== undefined
      ? post.platform
      : post.account_id
        ? ((await postingAccount(db, school, post.account_id))?.platform ?? null)
        : null;
  return checkStoredPost(
    db,
    school,
    {
      text: post.text,
      sharesMaterial: post.shares_material,
      sharedSource: post.shared_source,
      sharedPermission: post.shared_permission,
      platform,
      images: images.map((i) => ({
        altText: i.alt_text,
        taggedPupilIds: i.tagged_pupil_ids,
        noPupilsVisible: i.no_pupils_visible,
        detectedFaces: i.detected_faces,
        confirmedPupils: i.confirmed_pupils,
      })),
    },
    now,
  );
}

/** Re-reads the post in the transaction, stores its new hash and findings, and voids a stale approval. */
export async function refreshPost(
  trx: Kysely<Database>,
  now: Date,
  school: School,
  postId: string,
  actor: Actor,
): Promise<{ hash: string; findings: KeyedFinding[]; voided: boolean }> {
  const post = await trx.selectFrom('post').selectAll().where('id', '=', postId).executeTakeFirstOrThrow();
  const images = await imagesOf(trx, postId);
  const hash = hashOf(post, images);
  const findings = await findingsOf(trx, school, post, images, now);
  const stale = post.approved_hash !== null && post.approved_hash !== hash;
  const waiting = post.status === 'submitted' && hash !== post.content_hash;
  const voided = stale && (post.status === 'approved' || post.status === 'scheduled' || post.status === 'failed');
  await trx
    .updateTable('post')
    .set({
      content_hash: hash,
      findings: JSON.stringify(findings),
      checked_at: now,
      updated_at: now,
      // A withdrawn approval also drops the publishing key: changed words go out as a new post, never
      // matched against an attempt made with the old ones.
      ...(voided || waiting
        ? {
            status: 'draft',
            approved_hash: null,
            approved_by: null,
            approved_at: null,
            human_checks: [],
            scheduled_for: null,
            submitted_at: null,
            publication_key: null,
            publish_via: null,
          }
        : {}),
      ...(stale && !voided ? { approved_hash: null, approved_by: null, approved_at: null } : {}),
    })
    .where('id', '=', postId)
    .execute();
  if (voided) await recordPostEvent(trx, now, post, actor, 'post.approval-voided');
  else if (waiting)
    await recordPostEvent(trx, now, post, actor, 'post.edited', {
      comment: 'The post changed while it was waiting for approval, so it is a draft again and must be sent again.',
    });
  return { hash, findings, voided };
}
