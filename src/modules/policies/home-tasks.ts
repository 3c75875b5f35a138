// What the policy asks of the people who run it, on their home page (POL-2, POL-3, POL-4): a policy
// to put in force, a review coming due, and how many have signed, for everyone who oversees that
// (governors, the head, SLT, HR, administrators).
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { HomeTask } from '../../platform/http/home-tasks.ts';
import type { RequestContext } from '../../platform/http/types.ts';
import { formatDate } from '../../platform/views/nunjucks.ts';
import { ukDate } from '../../platform/clock.ts';
import { versionInForceSummary } from './signing/repo.ts';
import { coverageTotals, signingTaskFor } from './signing/service.ts';
import { reviewStatus } from './review/service.ts';
import { findPolicy, type Owner } from './versions/repo.ts';

/** Read and sign the version in force, for everyone who has not (POL-4). A named function, so it is added once. */
export async function signingTask(db: Kysely<Database>, ctx: RequestContext, now: Date): Promise<HomeTask[]> {
  const version = await signingTaskFor(db, { trustId: ctx.trust.id, id: ctx.person.id }, ukDate(now));
  return version
    ? [
        {
          text: `Read and sign the social media policy (version ${version.number})`,
          href: '/policy/sign',
          hint: 'To do',
          important: true,
        },
      ]
    : [];
}

/** The policy a school's review is about: its own if it has one, else its trust's (reviewed by the trust). */
async function reviewOwner(
  db: Kysely<Database>,
  trustId: string,
  schoolId: string,
): Promise<{ owner: Owner; followsTrust: boolean }> {
  const own: Owner = { trustId, schoolId };
  if (await findPolicy(db, own)) return { owner: own, followsTrust: false };
  const trust: Owner = { trustId, schoolId: null };
  if (await findPolicy(db, trust)) return { owner: trust, followsTrust: true };
  return { owner: own, followsTrust: false };
}

/** A named function, so registering it on every app start adds it once (addHomeTasks de-duplicates). */
export async function policyOversight(db: Kysely<Database>, ctx: RequestContext, now: Date): Promise<HomeTask[]> {
  if (!ctx.school || ctx.via !== 'session') return [];
  const manages = ctx.permissions.has('policy.manage');
  const oversees = ctx.permissions.has('policy.coverage.view');
  if (!manages && !oversees) return [];
  const today = ukDate(now);
  const version = await versionInForceSummary(db, ctx.trust.id, ctx.school.id, today);
  if (!version) {
    return [
      manages
        ? {
            text: 'No social media policy is in force yet: start from the model policy, set it for your school and record its approval',
            href: '/policy',
            hint: 'To do',
            important: true,
          }
        : { group: 'oversight', text: 'No social media policy is in force yet', href: '/policy', hint: 'Not in force' },
    ];
  }
  const tasks: HomeTask[] = [];
  if (oversees) {
    const c = await coverageTotals(db, version, today, { school: ctx.school.id });
    tasks.push({
      group: 'oversight',
      text: `Policy signing: ${c.signed} of ${c.total} ${c.total === 1 ? 'person has' : 'people have'} signed version ${version.number} (${c.percent}%)`,
      href: c.notSigned ? '/policy/coverage?signed=not-signed' : '/policy/coverage',
      hint: c.notSigned ? `${c.notSigned} still to sign` : 'Everyone has signed',
    });
  }
  const { owner, followsTrust } = await reviewOwner(db, ctx.trust.id, ctx.school.id);
  const review = await reviewStatus(db, owner, now);
  if (review?.version?.reviewDue) {
    const due = formatDate(review.version.reviewDue);
    const soon = review.state === 'due-soon' || review.state === 'due' || review.state === 'overdue';
    if (manages && !followsTrust && soon) {
      tasks.push({
        text:
          review.state === 'overdue'
            ? `Review the social media policy: the review was due on ${due}`
            : `Review the social media policy by ${due}`,
        href: '/policy/review',
        hint: review.dueText ?? 'Due',
        important: review.state !== 'due-soon',
      });
    } else {
      tasks.push({
        group: 'oversight',
        text: `Next review of the social media policy${followsTrust ? ` (by ${review.ownerName})` : ''}: ${due}`,
        href: manages ? '/policy/review' : '/policy',
        hint: review.dueText ?? '',
        important: review.state === 'overdue',
      });
    }
  }
  return tasks;
}
