/** Mentions waiting to be looked at, on the home page of those who triage them (MON-5). */
import type { HomeTaskProvider } from '../../platform/http/home-tasks.ts';
import { countNew } from './repo.ts';

export const mentionTasks: HomeTaskProvider = async (db, ctx) => {
  if (!ctx.school || ctx.via !== 'session' || !ctx.permissions.has('mentions.view')) return [];
  const n = await countNew(db, { trustId: ctx.trust.id, schoolId: ctx.school.id }, ctx.permissions.has('pupils.view'));
  if (!n) return [];
  return [
    {
      text: n === 1 ? '1 mention of the school to look at' : `${n} mentions of the school to look at`,
      href: '/mentions?status=new',
      hint: 'To triage',
    },
  ];
};
