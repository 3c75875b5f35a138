import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import { NotFoundError } from '../../../platform/http/errors.ts';
import { requireCtx, tenantOf } from '../../../platform/http/forms.ts';
import { platformName } from '../../accounts/model.ts';
import { accountsOperatedBy } from '../../accounts/index.ts';
import { POST_STATUSES } from './model.ts';
import { postPage, takeNotice, visiblePost } from './page.ts';
import {
  accountsWithPosts,
  archive,
  imageFile,
  postsAwaitingApproval,
  postsInHandBy,
  postsStoppedForNeverPublish,
  type PostListRow,
} from './repo.ts';
import { approversOf } from './review/service.ts';

function rows(list: PostListRow[]) {
  return list.map((r) => ({
    ...r,
    platformText: platformName(r.platform),
    status: POST_STATUSES[r.status],
    summary: r.text.trim() ? (r.text.length > 90 ? `${r.text.slice(0, 87).trimEnd()}…` : r.text) : 'Photos only',
    author: `${r.author_given} ${r.author_family}`,
  }));
}

/** The posts pages: your posts, approvals waiting, the record, one post, a cleaned photo (PUB-1, PUB-5). */
export function registerPostPages(
  app: FastifyInstance,
  { db, clock, render, masterKey, connectors }: ModuleContext,
): void {
  app.get('/posts', { config: { access: 'posts.write' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const school = tenantOf(ctx);
    const now = clock.now();
    const [mine, approvers, accounts] = await Promise.all([
      postsInHandBy(db, school, ctx.person.id),
      approversOf(db, school, now),
      accountsOperatedBy(db, school, ctx.person.id),
    ]);
    const isApprover = approvers.ids.has(ctx.person.id);
    const waiting = isApprover ? await postsAwaitingApproval(db, school) : [];
    const seesRestricted = ctx.permissions.has('pupils.restricted.view');
    const stopped = seesRestricted ? await postsStoppedForNeverPublish(db, school) : [];
    return render(request, reply, 'publishing/posts/views/list.njk', {
      pageTitle: 'Posts',
      mine: rows(mine),
      waiting: rows(waiting.filter((w) => !mine.some((m) => m.id === w.id))),
      isApprover,
      accounts,
      approvedBy: approvers.who,
      seesRestricted,
      stopped: rows(stopped),
    });
  });

  app.get('/posts/archive', { config: { access: 'posts.view' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const school = tenantOf(ctx);
    const q = request.query as { account?: string; words?: string; status?: string };
    const status = q.status === 'published' || q.status === 'taken_down' ? q.status : undefined;
    const [list, accounts] = await Promise.all([
      archive(db, school, {
        ...(q.account ? { accountId: q.account } : {}),
        ...(q.words?.trim() ? { words: q.words.trim().slice(0, 100) } : {}),
        ...(status ? { status } : {}),
      }),
      accountsWithPosts(db, school),
    ]);
    return render(request, reply, 'publishing/posts/views/archive.njk', {
      pageTitle: 'Published posts',
      posts: rows(list),
      values: { account: q.account ?? '', words: q.words ?? '', status: status ?? '' },
      accountItems: [
        { value: '', text: 'All accounts' },
        ...accounts.map((a) => ({ value: a.id, text: a.name, selected: a.id === q.account })),
      ],
      statusItems: [
        { value: '', text: 'Published or taken down' },
        { value: 'published', text: 'Published', selected: status === 'published' },
        { value: 'taken_down', text: 'Taken down', selected: status === 'taken_down' },
      ],
    });
  });

  app.get('/posts/:id', { config: { access: 'posts.view' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const school = tenantOf(ctx);
    const now = clock.now();
    const { post, viewer } = await visiblePost(db, ctx, school, (request.params as { id: string }).id, now);
    return render(request, reply, 'publishing/posts/views/show.njk', {
      ...(await postPage(db, { masterKey, connectors }, ctx, school, post, viewer, now)),
      ...takeNotice(request),
    });
  });

  /** A cleaned photo (metadata stripped), for the page and for posting by hand. */
  app.get('/posts/:id/photos/:imageId/file', { config: { access: 'posts.view' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const school = tenantOf(ctx);
    const { id, imageId } = request.params as { id: string; imageId: string };
    await visiblePost(db, ctx, school, id, clock.now());
    const image = await imageFile(db, school, id, imageId);
    if (!image) throw new NotFoundError();
    const download = (request.query as { download?: string }).download === '1';
    return reply
      .type(image.mime_type)
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .header(
        'content-disposition',
        `${download ? 'attachment' : 'inline'}; filename="${image.file_name.replace(/"/g, '')}"`,
      )
      .send(Buffer.from(image.bytes));
  });
}
