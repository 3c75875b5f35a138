/** What posting adds to the home page: posts waiting for your approval, and your posts that need you. */
import type { HomeTaskProvider } from '../../../platform/http/home-tasks.ts';
import { postsAwaitingApproval, postsInHandBy } from './repo.ts';
import { approversOf } from './review/service.ts';

export const postTasks: HomeTaskProvider = async (db, ctx, now) => {
  if (!ctx.school || !ctx.permissions.has('posts.write')) return [];
  const school = { trustId: ctx.trust.id, schoolId: ctx.school.id };
  const [approvers, mine] = await Promise.all([approversOf(db, school, now), postsInHandBy(db, school, ctx.person.id)]);
  const tasks = [];
  if (approvers.ids.has(ctx.person.id)) {
    const waiting = (await postsAwaitingApproval(db, school)).filter((p) => !mine.some((m) => m.id === p.id));
    if (waiting.length) tasks.push({ text: `${waiting.length === 1 ? '1 post is' : `${waiting.length} posts are`} waiting for your approval`, href: '/posts', hint: 'To do', important: true });
  }
  const changes = mine.filter((p) => p.status === 'changes_requested').length;
  if (changes) tasks.push({ text: `${changes === 1 ? '1 of your posts needs' : `${changes} of your posts need`} changes`, href: '/posts', hint: 'To do' });
  const ready = mine.filter((p) => p.status === 'approved').length;
  if (ready) tasks.push({ text: `${ready === 1 ? '1 approved post is' : `${ready} approved posts are`} ready to publish`, href: '/posts', hint: 'To do' });
  const stopped = mine.filter((p) => p.status === 'failed').length;
  if (stopped) tasks.push({ text: `Publishing stopped for ${stopped === 1 ? '1 post' : `${stopped} posts`}`, href: '/posts', hint: 'Needs you', important: true });
  return tasks;
};
