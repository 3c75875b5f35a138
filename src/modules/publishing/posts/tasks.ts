/** What posting adds to the home page: posts waiting for your approval, and your posts that need you. */
import type { HomeTaskProvider } from '../../../platform/http/home-tasks.ts';
import { postsAwaitingApproval, postsInHandBy, postsStoppedForNeverPublish } from './repo.ts';
import { approversOf } from './review/service.ts';

export const postTasks: HomeTaskProvider = async (db, ctx, now) => {
  if (!ctx.school || !ctx.permissions.has('posts.write')) return [];
  const school = { trustId: ctx.trust.id, schoolId: ctx.school.id };
  const [approvers, mine] = await Promise.all([approversOf(db, school, now), postsInHandBy(db, school, ctx.person.id)]);
  const tasks = [];
  if (approvers.ids.has(ctx.person.id)) {
    const waiting = (await postsAwaitingApproval(db, school)).filter((p) => !mine.some((m) => m.id === p.id));
    if (waiting.length)
      tasks.push({
        text: `${waiting.length === 1 ? '1 post is' : `${waiting.length} posts are`} waiting for your approval`,
        href: '/posts',
        hint: 'To do',
        important: true,
      });
  }
  const changes = mine.filter((p) => p.status === 'changes_requested').length;
  if (changes)
    tasks.push({
      text: `${changes === 1 ? '1 of your posts needs' : `${changes} of your posts need`} changes`,
      href: '/posts',
      hint: 'To do',
    });
  const ready = mine.filter((p) => p.status === 'approved').length;
  if (ready)
    tasks.push({
      text: `${ready === 1 ? '1 approved post is' : `${ready} approved posts are`} ready to publish`,
      href: '/posts',
      hint: 'To do',
    });
  const stopped = mine.filter((p) => p.status === 'failed').length;
  if (stopped)
    tasks.push({
      text: `Publishing stopped for ${stopped === 1 ? '1 post' : `${stopped} posts`}`,
      href: '/posts',
      hint: 'Needs you',
      important: true,
    });
  return tasks;
};

/** How many stopped posts the home page names one by one; the rest are listed on the posts page. */
const NAMED_STOPPED = 5;

/**
 * For the DSL (whoever may read restricted pupil records): posts the checks stopped because they name
 * or show a pupil on the never-publish list, each linked, so a safeguarding lead knows at once that
 * someone tried to publish a child who must not appear.
 */
export const neverPublishTasks: HomeTaskProvider = async (db, ctx) => {
  if (!ctx.school || !ctx.permissions.has('pupils.restricted.view')) return [];
  const stopped = await postsStoppedForNeverPublish(
    db,
    { trustId: ctx.trust.id, schoolId: ctx.school.id },
    NAMED_STOPPED + 1,
  );
  const tasks = stopped.slice(0, NAMED_STOPPED).map((p) => ({
    text: `A post for ${p.account_name} by ${p.author_given} ${p.author_family} names or shows a pupil on the never-publish list`,
    href: `/posts/${p.id}`,
    hint: 'Stopped by the checks',
    important: true,
  }));
  if (stopped.length > NAMED_STOPPED)
    tasks.push({
      text: 'More posts were stopped because of a pupil on the never-publish list',
      href: '/posts#stopped',
      hint: 'Stopped by the checks',
      important: true,
    });
  return tasks;
};
