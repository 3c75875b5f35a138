/** Everything the post page shows (PUB-1..6): the post with its findings, photos, choices and timeline. */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { RequestContext } from '../../../platform/http/types.ts';
import { NotFoundError } from '../../../platform/http/errors.ts';
import { clauseCitations } from '../../policies/index.ts';
import { operatesAccount, postingAccount } from '../../accounts/index.ts';
import { platformName } from '../../accounts/model.ts';
import type { KeyedFinding } from './checks.ts';
import { maySeePost } from './access.ts';
import { EDITABLE, MAX_TEXT_LENGTH, POST_EVENT_TEXT, POST_STATUSES } from './model.ts';
import { textCountFor } from './length.ts';
import { findingItems, highlight } from './present.ts';
import { findPost, imagesOf, overridesOf, personName, timelineOfPost, type PostRow } from './repo.ts';
import { approversOf } from './review/service.ts';
import { directPublishing, type PublishDeps } from './publish/service.ts';

interface School {
  trustId: string;
  schoolId: string;
}

/** The post, if this viewer may see it; otherwise not found (another school's, or not theirs to see). */
export async function visiblePost(db: Kysely<Database>, ctx: RequestContext, school: School, id: string, now: Date) {
  const post = await findPost(db, school, id);
  if (!post) throw new NotFoundError();
  const [isOperator, approvers] = await Promise.all([
    operatesAccount(db, post.account_id, ctx.person.id),
    approversOf(db, school, now),
  ]);
  const viewer = {
    id: ctx.person.id,
    isOperator,
    isApprover: approvers.ids.has(ctx.person.id),
    managesAccounts: ctx.permissions.has('accounts.manage'),
    mayViewRecord: ctx.permissions.has('posts.view'),
    seesRestricted: ctx.permissions.has('pupils.restricted.view'),
  };
  if (!maySeePost(post, viewer)) throw new NotFoundError();
  return { post, viewer, approvers };
}

/**
 * The findings as the checks column shows them, with the words counted against `platform`'s limit.
 * `checked` is false while there is nothing to check yet (no words, no photos): the column then
 * says the checks run as the author writes, never that nothing was found.
 */
export async function presentFindings(
  db: Kysely<Database>,
  school: School,
  findings: readonly KeyedFinding[],
  text: string,
  altTexts: readonly string[],
  now: Date,
  platform: string | null = null,
) {
  const citations = await clauseCitations(db, school, findings.map((f) => f.clauseKey).filter(Boolean), now);
  const items = findingItems(findings, citations, text, altTexts);
  return {
    findings: items,
    blockingCount: items.filter((f) => f.severity === 'blocking').length,
    confirmCount: items.filter((f) => f.severity === 'confirm').length,
    advisoryCount: items.filter((f) => f.severity === 'advisory').length,
    segments: highlight(
      text,
      findings.filter((f) => f.where === 'text'),
    ),
    checked: text.trim() !== '' || altTexts.length > 0,
    // Words over Postwarden's own limit are refused before this count matters.
    textCount: text.length <= MAX_TEXT_LENGTH ? textCountFor(text, platform) : null,
  };
}

export async function postPage(
  db: Kysely<Database>,
  deps: PublishDeps,
  ctx: RequestContext,
  school: School,
  post: PostRow,
  viewer: Awaited<ReturnType<typeof visiblePost>>['viewer'],
  now: Date,
) {
  const [account, images, timeline, overrides, author, approver] = await Promise.all([
    postingAccount(db, school, post.account_id),
    imagesOf(db, post.id),
    timelineOfPost(db, post.id),
    overridesOf(db, post.id),
    personName(db, post.author_id),
    personName(db, post.approved_by),
  ]);
  const findings = post.findings as KeyedFinding[];
  const presented = await presentFindings(
    db,
    school,
    findings,
    post.text,
    images.map((i) => i.alt_text),
    now,
    account?.platform ?? null,
  );
  const isAuthor = post.author_id === ctx.person.id;
  const mayWrite = isAuthor && viewer.isOperator && (post.status === 'draft' || post.status === 'changes_requested');
  const approvedAsIs = post.approved_hash !== null && post.approved_hash === post.content_hash;
  const mayEdit = isAuthor && viewer.isOperator && EDITABLE.includes(post.status);
  const mayPublish = viewer.isOperator && approvedAsIs && (post.status === 'approved' || post.status === 'failed');
  const direct = account && mayPublish ? await directPublishing(db, deps, account) : null;
  return {
    pageTitle: `Post for ${account?.name ?? 'an official account'}`,
    post,
    account,
    platformText: account ? platformName(account.platform) : '',
    status: POST_STATUSES[post.status],
    author,
    approver,
    images,
    ...presented,
    overrides: overrides.filter(
      (o) => o.content_hash === post.approved_hash || post.status === 'published' || post.status === 'taken_down',
    ),
    timeline: timeline.map((e) => ({
      ...e,
      text: POST_EVENT_TEXT[e.kind] ?? e.kind,
      lines: detailLines(e.detail as Record<string, unknown>),
    })),
    isAuthor,
    mayEdit,
    // A blocking finding can never be approved, so sending is not offered until it is fixed.
    maySubmit: mayWrite && presented.blockingCount === 0,
    submitBlocked: mayWrite && presented.blockingCount > 0,
    troubled: troubled(post),
    mayDecide: viewer.isApprover && !isAuthor && post.status === 'submitted',
    mayPublish,
    direct,
    mayCancelSchedule: viewer.isOperator && post.status === 'scheduled',
    mayTakeDown: post.status === 'published' && (viewer.isOperator || viewer.isApprover || viewer.managesAccounts),
    changesComment:
      post.status === 'changes_requested' || post.status === 'rejected'
        ? timeline.find((e) => e.kind === 'post.changes-requested' || e.kind === 'post.rejected')?.comment
        : undefined,
  };
}

/** Whether the post's status is itself a problem, so nothing on its page may look like all is well. */
function troubled(post: PostRow): boolean {
  return (
    post.status === 'failed' ||
    post.status === 'rejected' ||
    post.status === 'changes_requested' ||
    post.status === 'taken_down' ||
    (post.status === 'publishing' && post.last_error !== null)
  );
}

/**
 * What the last step said (the session's flash), taken here so the post's pages can show it as a
 * success only when nothing on the page needs fixing; the layout would always show it in green.
 */
export function takeNotice(request: FastifyRequest): { flash: undefined; notice: string | undefined } {
  const notice = request.session?.flash;
  if (notice) request.session.flash = undefined;
  return { flash: undefined, notice };
}

const DETAIL_LABELS: Record<string, string> = {
  account: 'Account',
  link: 'Link',
  platform: 'Platform',
  advice: 'Advice',
  findings: 'Points the checks raised',
  photo: 'Photo',
  faces: 'Faces found',
  location: 'Location data',
  pupils: 'Pupils tagged',
  at: 'Time',
  how: 'How',
  overridden: 'Advice overridden',
  confirmed: 'Points confirmed',
  confirmation: 'Confirmed',
};

function detailLines(detail: Record<string, unknown>): string[] {
  return Object.entries(detail ?? {})
    .filter(([k, v]) => DETAIL_LABELS[k] && v !== null && v !== undefined && v !== '' && v !== 0)
    .map(([k, v]) => `${DETAIL_LABELS[k]}: ${k === 'platform' ? platformName(String(v)) : String(v)}`);
}
