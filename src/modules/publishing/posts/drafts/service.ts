// Drafting a post (PUB-1, PUB-2, PUB-4): only people who run the account write for it; every change
// re-runs the checks in the same transaction; photos are cleaned before they are stored.
import type { Kysely } from 'kysely';
import type { Database } from '../../../../platform/db/schema.ts';
import type { Actor } from '../../../../platform/audit/audit.ts';
import { ValidationError } from '../../../../platform/http/errors.ts';
import { accountsOperatedBy, operatesAccount } from '../../../accounts/index.ts';
import { processPhoto } from '../../photos/process.ts';
import { countFaces } from '../../photos/faces.ts';
import { recordPostEvent } from '../events.ts';
import { EDITABLE, MAX_PHOTOS } from '../model.ts';
import { refreshPost } from '../refresh.ts';
import { findPost, imagesOf, lockPost, pupilsByIds, type PostRow } from '../repo.ts';
import { checkDraft, checkPhotoDetails, type DraftForm, type PhotoDetailsForm } from './rules.ts';
import { transact } from '../../../../platform/db/transact.ts';

interface School {
  trustId: string;
  schoolId: string;
}
type PersonActor = Actor & { id: string };

export type EditRefusal = 'not-found' | 'not-editable';

/**
 * The post, if this person may change it now: theirs, still in hand, and they still run its account.
 * Locked for the rest of the transaction unless `lock` is false (a look before the real change).
 */
async function editablePost(
  trx: Kysely<Database>,
  school: School,
  actor: PersonActor,
  postId: string,
  lock = true,
): Promise<PostRow | EditRefusal> {
  const post = lock ? await lockPost(trx, school, postId) : await findPost(trx, school, postId);
  if (!post || post.author_id !== actor.id) return 'not-found';
  if (!EDITABLE.includes(post.status)) return 'not-editable';
  if (!(await operatesAccount(trx, post.account_id, actor.id))) return 'not-editable';
  return post;
}

export async function startPost(
  db: Kysely<Database>,
  now: Date,
  school: School,
  actor: PersonActor,
  form: DraftForm,
): Promise<string> {
  const accounts = await accountsOperatedBy(db, school, actor.id);
  const { value, errors } = checkDraft(
    form,
    accounts.map((a) => a.id),
  );
  if (errors.length) throw new ValidationError(errors);
  return transact(db, async (trx) => {
    const post = await trx
      .insertInto('post')
      .values({
        trust_id: school.trustId,
        school_id: school.schoolId,
        account_id: value.accountId,
        author_id: actor.id,
        status: 'draft',
        text: value.text,
        shares_material: value.sharesMaterial,
        shared_source: value.sharedSource,
        shared_permission: value.sharedPermission,
        content_hash: '',
        created_at: now,
        updated_at: now,
      })
      .returning(['id', 'trust_id', 'school_id'])
      .executeTakeFirstOrThrow();
    await recordPostEvent(trx, now, post, actor, 'post.drafted', {
      detail: { account: accounts.find((a) => a.id === value.accountId)!.name },
    });
    await refreshPost(trx, now, school, post.id, actor);
    return post.id;
  });
}

export async function updatePost(
  db: Kysely<Database>,
  now: Date,
  school: School,
  actor: PersonActor,
  postId: string,
  form: DraftForm,
): Promise<'saved' | EditRefusal> {
  const accounts = await accountsOperatedBy(db, school, actor.id);
  const { value, errors } = checkDraft(
    form,
    accounts.map((a) => a.id),
  );
  if (errors.length) throw new ValidationError(errors);
  return transact(db, async (trx) => {
    const post = await editablePost(trx, school, actor, postId);
    if (typeof post === 'string') return post;
    const changed =
      post.text !== value.text ||
      post.account_id !== value.accountId ||
      post.shares_material !== value.sharesMaterial ||
      post.shared_source !== value.sharedSource ||
      post.shared_permission !== value.sharedPermission;
    if (!changed) return 'saved';
    await trx
      .updateTable('post')
      .set({
        account_id: value.accountId,
        text: value.text,
        shares_material: value.sharesMaterial,
        shared_source: value.sharedSource,
        shared_permission: value.sharedPermission,
        updated_at: now,
      })
      .where('id', '=', post.id)
      .execute();
    await recordPostEvent(trx, now, post, actor, 'post.edited', { detail: { characters: value.text.length } });
    await refreshPost(trx, now, school, post.id, actor);
    return 'saved';
  });
}

export type PhotoResult =
  | { ok: true; imageId: string; notice: string | null }
  | { ok: false; message: string }
  | { ok: false; refusal: EditRefusal };

const PHOTOS_FULL = `A post can have up to ${MAX_PHOTOS} photos. Remove one before adding another`;

/**
 * Cleans an uploaded photo (PUB-4), counts its faces, and adds it to the post. Nothing is stored if it
 * is refused. Whether this person may change the post, and whether it has room for another photo, are
 * settled before a byte of the photo is read: decoding a large photo costs seconds and hundreds of MB.
 * Then processPhoto reads the declared size from the header and refuses a photo over the pixel cap
 * before decoding it.
 */
export async function addPhoto(
  db: Kysely<Database>,
  now: Date,
  school: School,
  actor: PersonActor,
  postId: string,
  upload: { bytes: Buffer; fileName: string },
): Promise<PhotoResult> {
  const before = await editablePost(db, school, actor, postId, false);
  if (typeof before === 'string') return { ok: false, refusal: before };
  if ((await imagesOf(db, before.id)).length >= MAX_PHOTOS) return { ok: false, message: PHOTOS_FULL };
  const processed = await processPhoto(upload.bytes);
  if (!processed.ok) return { ok: false, message: processed.message };
  const faces = await countFaces(processed.bytes);
  return transact(db, async (trx) => {
    // Again under the lock: the post may have changed while the photo was being cleaned.
    const post = await editablePost(trx, school, actor, postId);
    if (typeof post === 'string') return { ok: false as const, refusal: post };
    const images = await imagesOf(trx, post.id);
    if (images.length >= MAX_PHOTOS) return { ok: false as const, message: PHOTOS_FULL };
    const base =
      upload.fileName
        .replace(/\.[^.]*$/, '')
        .replace(/[^\w -]+/g, '')
        .trim()
        .slice(0, 60) || 'photo';
    const image = await trx
      .insertInto('post_image')
      .values({
        post_id: post.id,
        trust_id: school.trustId,
        school_id: school.schoolId,
        position: (images.at(-1)?.position ?? 0) + 1,
        file_name: `${base}.${processed.format === 'png' ? 'png' : 'jpg'}`,
        mime_type: processed.mimeType,
        bytes: processed.bytes,
        sha256: processed.sha256,
        width: processed.width,
        height: processed.height,
        had_location: processed.hadLocation,
        removed_metadata: processed.removedMetadata,
        detected_faces: faces.available ? faces.faces : null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordPostEvent(trx, now, post, actor, 'post.photo-added', {
      detail: {
        photo: images.length + 1,
        ...(processed.hadLocation ? { location: 'removed' } : {}),
        ...(faces.available ? { faces: faces.faces } : {}),
      },
    });
    await refreshPost(trx, now, school, post.id, actor);
    return { ok: true as const, imageId: image.id, notice: processed.notice };
  });
}

/** Alt text, tags and the pupils-visible answers for one photo. */
export async function savePhotoDetails(
  db: Kysely<Database>,
  now: Date,
  school: School,
  actor: PersonActor,
  postId: string,
  imageId: string,
  form: PhotoDetailsForm,
): Promise<'saved' | EditRefusal> {
  const { value, errors } = checkPhotoDetails(form);
  const pupils = await pupilsByIds(db, school, value.taggedPupilIds);
  if (pupils.length !== value.taggedPupilIds.length)
    errors.push({ href: '#pupil-search', text: 'A tagged pupil is not on this school’s roll. Search for them again' });
  if (errors.length) throw new ValidationError(errors);
  return transact(db, async (trx) => {
    const post = await editablePost(trx, school, actor, postId);
    if (typeof post === 'string') return post;
    const image = (await imagesOf(trx, post.id)).find((i) => i.id === imageId);
    if (!image) return 'not-found';
    await trx
      .updateTable('post_image')
      .set({
        alt_text: value.altText,
        no_pupils_visible: value.noPupilsVisible,
        confirmed_pupils: value.confirmedPupils,
        tagged_pupil_ids: value.taggedPupilIds,
        updated_at: now,
      })
      .where('id', '=', image.id)
      .execute();
    await recordPostEvent(trx, now, post, actor, 'post.photo-tagged', {
      detail: {
        photo: image.position,
        pupils: value.taggedPupilIds.length,
        ...(value.noPupilsVisible ? { noPupils: true } : {}),
      },
    });
    await refreshPost(trx, now, school, post.id, actor);
    return 'saved';
  });
}

export async function removePhoto(
  db: Kysely<Database>,
  now: Date,
  school: School,
  actor: PersonActor,
  postId: string,
  imageId: string,
): Promise<'removed' | EditRefusal> {
  return transact(db, async (trx) => {
    const post = await editablePost(trx, school, actor, postId);
    if (typeof post === 'string') return post;
    const image = (await imagesOf(trx, post.id)).find((i) => i.id === imageId);
    if (!image) return 'not-found';
    await trx.deleteFrom('post_image').where('id', '=', image.id).execute();
    await recordPostEvent(trx, now, post, actor, 'post.photo-removed', { detail: { photo: image.position } });
    await refreshPost(trx, now, school, post.id, actor);
    return 'removed';
  });
}
