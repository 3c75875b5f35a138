import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import type { ModuleContext } from '../../../../platform/http/module-context.ts';
import { ukDate } from '../../../../platform/clock.ts';
import { NotFoundError, ValidationError, type FieldError } from '../../../../platform/http/errors.ts';
import { actorOf, formFields, formList, requireCtx, tenantOf } from '../../../../platform/http/forms.ts';
import type { RequestContext } from '../../../../platform/http/types.ts';
import { accountsOperatedBy } from '../../../accounts/index.ts';
import { platformName } from '../../../accounts/model.ts';
import type { KeyedFinding } from '../checks.ts';
import { MAX_TEXT_LENGTH } from '../model.ts';
import { presentFindings, takeNotice, visiblePost } from '../page.ts';
import { findingsOf } from '../refresh.ts';
import { imagesOf, pupilsByIds, searchPupils, type PostRow } from '../repo.ts';
import { PHOTO_LIMITS } from '../../photos/process.ts';
import type { DraftForm } from './rules.ts';
import { addPhoto, removePhoto, savePhotoDetails, startPost, updatePost } from './service.ts';

const personActor = (ctx: RequestContext) => ({ ...actorOf(ctx), id: ctx.person.id });
const MEGAPIXELS = PHOTO_LIMITS.maxInputPixels / 1_000_000;

function readDraft(request: FastifyRequest): DraftForm {
  const f = formFields(request);
  return {
    accountId: f.accountId ?? '',
    text: f.text ?? '',
    sharesMaterial: f.sharesMaterial ?? '',
    sharedSource: f.sharedSource ?? '',
    sharedPermission: f.sharedPermission ?? '',
  };
}

/** The words of a draft form as the checks read them (what saving it would store). */
function draftRow(values: DraftForm) {
  const shares = values.sharesMaterial === 'yes';
  return {
    text: values.text.replace(/\r\n/g, '\n').slice(0, MAX_TEXT_LENGTH),
    shares_material: shares,
    shared_source: shares ? values.sharedSource.trim() || null : null,
    shared_permission:
      shares && values.sharedPermission === 'yes' ? true : shares && values.sharedPermission === 'no' ? false : null,
  };
}

function draftOf(post: PostRow): DraftForm {
  return {
    accountId: post.account_id,
    text: post.text,
    sharesMaterial: post.shares_material ? 'yes' : 'no',
    sharedSource: post.shared_source ?? '',
    sharedPermission: post.shared_permission === null ? '' : post.shared_permission ? 'yes' : 'no',
  };
}

/** Writing a post and its photos (PUB-1, PUB-2, PUB-4). */
export function registerDraftRoutes(app: FastifyInstance, { db, clock, render, config }: ModuleContext): void {
  async function formPage(
    request: FastifyRequest,
    values: DraftForm,
    options: { post?: PostRow; errors?: FieldError[] } = {},
  ) {
    const ctx = requireCtx(request);
    const school = tenantOf(ctx);
    const now = clock.now();
    const accounts = await accountsOperatedBy(db, school, ctx.person.id);
    const images = options.post ? await imagesOf(db, options.post.id) : [];
    const platform = accounts.find((a) => a.id === values.accountId)?.platform ?? null;
    // The stored findings are of the stored post; a refused form shows the checks of what was typed.
    const findings = options.errors
      ? await findingsOf(db, school, { ...draftRow(values), platform }, images, now)
      : options.post
        ? (options.post.findings as KeyedFinding[])
        : [];
    const presented = await presentFindings(
      db,
      school,
      findings,
      values.text,
      images.map((i) => i.alt_text),
      now,
      platform,
    );
    return {
      pageTitle: options.post ? 'Change your post' : 'Write a post',
      post: options.post,
      values,
      accounts,
      images,
      maxLength: MAX_TEXT_LENGTH,
      action: options.post ? `/posts/${options.post.id}/edit` : '/posts/new',
      checkUrl: '/posts/check',
      accountItems: [
        { value: '', text: 'Select an account' },
        ...accounts.map((a) => ({
          value: a.id,
          text: `${a.name} (${platformName(a.platform)})`,
          selected: a.id === values.accountId,
        })),
      ],
      ...presented,
      ...(options.errors ? { errors: options.errors } : {}),
    };
  }

  app.get('/posts/new', { config: { access: 'posts.write' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const accounts = await accountsOperatedBy(db, tenantOf(ctx), ctx.person.id);
    const page = await formPage(request, {
      accountId: accounts.length === 1 ? accounts[0]!.id : '',
      text: '',
      sharesMaterial: 'no',
      sharedSource: '',
      sharedPermission: '',
    });
    return render(
      request,
      reply,
      accounts.length ? 'publishing/posts/drafts/views/form.njk' : 'publishing/posts/drafts/views/no-accounts.njk',
      page,
    );
  });

  app.post('/posts/new', { config: { access: 'posts.write' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const values = readDraft(request);
    try {
      const id = await startPost(db, clock.now(), tenantOf(ctx), personActor(ctx), values);
      request.session.flash = 'Your draft has been saved and checked.';
      return reply.redirect(`/posts/${id}/edit`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(
        request,
        reply,
        'publishing/posts/drafts/views/form.njk',
        await formPage(request, values, { errors: error.errors }),
        400,
      );
    }
  });

  /** The post as its author may change it; anyone else is sent to the post's page. */
  async function ownPost(request: FastifyRequest) {
    const ctx = requireCtx(request);
    const school = tenantOf(ctx);
    const { post } = await visiblePost(db, ctx, school, (request.params as { id: string }).id, clock.now());
    return { ctx, school, post };
  }

  app.get('/posts/:id/edit', { config: { access: 'posts.write' } }, async (request, reply) => {
    const { ctx, post } = await ownPost(request);
    if (post.author_id !== ctx.person.id) return reply.redirect(`/posts/${post.id}`);
    return render(request, reply, 'publishing/posts/drafts/views/form.njk', {
      ...(await formPage(request, draftOf(post), { post })),
      ...takeNotice(request),
    });
  });

  app.post('/posts/:id/edit', { config: { access: 'posts.write' } }, async (request, reply) => {
    const { ctx, school, post } = await ownPost(request);
    const values = readDraft(request);
    try {
      const result = await updatePost(db, clock.now(), school, personActor(ctx), post.id, values);
      if (result === 'not-found') throw new NotFoundError();
      if (result === 'not-editable')
        throw new ValidationError([{ href: '#text', text: 'This post can no longer be changed' }]);
      request.session.flash = post.approved_hash
        ? 'Your changes have been saved. The post changed after it was approved, so it must be approved again.'
        : 'Your changes have been saved and checked.';
      return reply.redirect(
        formFields(request).action === 'photo' ? `/posts/${post.id}/photos/new` : `/posts/${post.id}/edit`,
      );
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(
        request,
        reply,
        'publishing/posts/drafts/views/form.njk',
        await formPage(request, values, { post, errors: error.errors }),
        400,
      );
    }
  });

  /**
   * The checks on words not yet saved, for the findings beside the draft as the author types (the
   * page's script posts here; without script, saving shows the same). Nothing is stored.
   */
  app.post('/posts/check', { config: { access: 'posts.write' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const school = tenantOf(ctx);
    const now = clock.now();
    // Only people who write for an account check drafts: the findings say which pupils are on the roll and the never-publish list.
    const accounts = await accountsOperatedBy(db, school, ctx.person.id);
    if (accounts.length === 0) throw new NotFoundError();
    const f = formFields(request);
    const values = readDraft(request);
    // The words are counted against the platform of the account chosen in the form, if the author runs it.
    const platform = accounts.find((a) => a.id === f.accountId)?.platform ?? null;
    const row = draftRow(values);
    const findings = await findingsOf(db, school, { ...row, platform }, [], now);
    const textOnly = findings.filter((x) => x.where === 'text' || x.where === 'post');
    return render(request, reply, 'publishing/posts/drafts/views/_live-findings.njk', {
      pageTitle: 'Checks',
      ...(await presentFindings(db, school, textOnly, row.text, [], now, platform)),
    });
  });

  app.get('/posts/:id/photos/new', { config: { access: 'posts.write' } }, async (request, reply) => {
    const { ctx, post } = await ownPost(request);
    if (post.author_id !== ctx.person.id) return reply.redirect(`/posts/${post.id}`);
    return render(request, reply, 'publishing/posts/drafts/views/photo-upload.njk', {
      pageTitle: 'Add a photo',
      post,
      uploadLimitMb: config.uploadLimitMb,
      megapixels: MEGAPIXELS,
    });
  });

  app.post('/posts/:id/photos/new', { config: { access: 'posts.write' } }, async (request, reply) => {
    const { ctx, school, post } = await ownPost(request);
    // Only the author adds photos: anyone else is told the post is not there, and the file is never read.
    if (post.author_id !== ctx.person.id) throw new NotFoundError();
    const page = (errors: FieldError[]) =>
      render(
        request,
        reply,
        'publishing/posts/drafts/views/photo-upload.njk',
        { pageTitle: 'Add a photo', post, uploadLimitMb: config.uploadLimitMb, megapixels: MEGAPIXELS, errors },
        400,
      );
    if (!request.isMultipart()) return page([{ href: '#photo', text: 'Select a photo to upload' }]);
    const file = (request.body as Record<string, unknown>).photo as MultipartFile | undefined;
    if (!file || typeof file.toBuffer !== 'function' || !file.filename)
      return page([{ href: '#photo', text: 'Select a photo to upload' }]);
    const bytes = await file.toBuffer();
    if (file.file.truncated)
      return page([{ href: '#photo', text: `The selected photo must be smaller than ${config.uploadLimitMb} MB` }]);
    const result = await addPhoto(db, clock.now(), school, personActor(ctx), post.id, {
      bytes,
      fileName: file.filename,
    });
    if (!result.ok) {
      if ('refusal' in result) {
        if (result.refusal === 'not-found') throw new NotFoundError();
        return page([{ href: '#photo', text: 'This post can no longer be changed' }]);
      }
      return page([{ href: '#photo', text: result.message }]);
    }
    request.session.flash = result.notice
      ? `${result.notice} Now describe the photo and tag the pupils in it.`
      : 'The photo has been cleaned and added. Now describe it and tag the pupils in it.';
    return reply.redirect(`/posts/${post.id}/photos/${result.imageId}`);
  });

  async function photoPage(
    request: FastifyRequest,
    post: PostRow,
    imageId: string,
    values: { altText: string; noPupilsVisible: boolean; confirmedPupils: string; tagged: string[]; q: string },
    errors?: FieldError[],
  ) {
    const school = tenantOf(requireCtx(request));
    const image = (await imagesOf(db, post.id)).find((i) => i.id === imageId);
    if (!image) throw new NotFoundError();
    const today = ukDate(clock.now());
    const [tagged, results] = await Promise.all([
      pupilsByIds(db, school, values.tagged),
      values.q.trim() ? searchPupils(db, school, values.q, today) : Promise.resolve([]),
    ]);
    const describe = (p: {
      given_name: string;
      preferred_name: string | null;
      family_name: string;
      year_group: number;
      form_group: string | null;
      never_publish: boolean;
      consent_social: boolean;
    }) => ({
      name: `${p.preferred_name || p.given_name} ${p.family_name}`,
      about: [`Year ${p.year_group}`, p.form_group].filter(Boolean).join(', '),
      warning: p.never_publish
        ? 'Must never appear in anything the school publishes'
        : !p.consent_social
          ? 'No consent for photos on social media'
          : null,
    });
    return {
      pageTitle: `Photo ${image.position}: describe and tag`,
      post,
      image,
      values,
      tagged: tagged.map((p) => ({ id: p.id, ...describe(p) })),
      results: results.filter((p) => !values.tagged.includes(p.id)).map((p) => ({ id: p.id, ...describe(p) })),
      searched: values.q.trim() !== '',
      ...(errors ? { errors } : {}),
    };
  }

  app.get('/posts/:id/photos/:imageId', { config: { access: 'posts.write' } }, async (request, reply) => {
    const { ctx, post } = await ownPost(request);
    if (post.author_id !== ctx.person.id) return reply.redirect(`/posts/${post.id}`);
    const { imageId } = request.params as { imageId: string };
    const image = (await imagesOf(db, post.id)).find((i) => i.id === imageId);
    if (!image) throw new NotFoundError();
    return render(
      request,
      reply,
      'publishing/posts/drafts/views/photo.njk',
      await photoPage(request, post, imageId, {
        altText: image.alt_text,
        noPupilsVisible: image.no_pupils_visible,
        confirmedPupils: image.confirmed_pupils === null ? '' : String(image.confirmed_pupils),
        tagged: image.tagged_pupil_ids,
        q: '',
      }),
    );
  });

  /** One form for the photo: "Search" adds results to choose from, "Tag" adds a pupil, "Save" stores it all. */
  app.post('/posts/:id/photos/:imageId', { config: { access: 'posts.write' } }, async (request, reply) => {
    const { ctx, school, post } = await ownPost(request);
    if (post.author_id !== ctx.person.id) throw new NotFoundError();
    const { imageId } = request.params as { imageId: string };
    const f = formFields(request);
    let tagged = formList(request, 'tagged');
    const add = formList(request, 'add');
    tagged = [...new Set([...tagged, ...add])];
    const untag = f.untag ?? '';
    if (untag) tagged = tagged.filter((t) => t !== untag);
    const values = {
      altText: f.altText ?? '',
      noPupilsVisible: f.noPupilsVisible === 'yes',
      confirmedPupils: f.confirmedPupils ?? '',
      tagged,
      q: f.q ?? '',
    };
    if (f.action !== 'save')
      return render(
        request,
        reply,
        'publishing/posts/drafts/views/photo.njk',
        await photoPage(request, post, imageId, values),
      );
    try {
      const result = await savePhotoDetails(db, clock.now(), school, personActor(ctx), post.id, imageId, {
        altText: values.altText,
        noPupilsVisible: f.noPupilsVisible ?? '',
        confirmedPupils: values.confirmedPupils,
        taggedPupilIds: tagged,
      });
      if (result === 'not-found') throw new NotFoundError();
      if (result === 'not-editable')
        throw new ValidationError([{ href: '#altText', text: 'This post can no longer be changed' }]);
      request.session.flash = 'The photo’s description and tags have been saved and checked.';
      return reply.redirect(`/posts/${post.id}/edit`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(
        request,
        reply,
        'publishing/posts/drafts/views/photo.njk',
        await photoPage(request, post, imageId, values, error.errors),
        400,
      );
    }
  });

  app.post('/posts/:id/photos/:imageId/remove', { config: { access: 'posts.write' } }, async (request, reply) => {
    const { ctx, school, post } = await ownPost(request);
    const result = await removePhoto(
      db,
      clock.now(),
      school,
      personActor(ctx),
      post.id,
      (request.params as { imageId: string }).imageId,
    );
    if (result === 'not-found') throw new NotFoundError();
    request.session.flash =
      result === 'removed' ? 'The photo has been removed.' : 'This post can no longer be changed.';
    return reply.redirect(`/posts/${post.id}/edit`);
  });
}
