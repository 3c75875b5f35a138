/** Who may see a post (PUB-1, PUB-5): pure. Anyone else is told it is not there. */
import type { PostStatus } from '../../../platform/db/schema.ts';

/** Statuses in which a post is still in hand, so the checks' findings are what stops it. */
export const STOPPABLE: readonly PostStatus[] = ['draft', 'changes_requested', 'submitted', 'failed'];

/** The checks stopped this post because it names or shows a pupil on the never-publish list. */
export function stoppedForNeverPublish(post: { status: PostStatus; findings: unknown }): boolean {
  return (
    STOPPABLE.includes(post.status) &&
    Array.isArray(post.findings) &&
    post.findings.some((f) => (f as { rule?: unknown }).rule === 'never-publish')
  );
}

export interface Viewer {
  id: string;
  isOperator: boolean;
  isApprover: boolean;
  managesAccounts: boolean;
  mayViewRecord: boolean;
  /** May read restricted pupil records (the DSL): sees posts stopped because of a never-publish pupil. */
  seesRestricted: boolean;
}

export function maySeePost(
  post: { author_id: string; status: PostStatus; findings: unknown },
  viewer: Viewer,
): boolean {
  if (post.author_id === viewer.id || viewer.isOperator || viewer.managesAccounts) return true;
  if (viewer.seesRestricted && stoppedForNeverPublish(post)) return true;
  if (viewer.isApprover && post.status !== 'draft') return true;
  return viewer.mayViewRecord && (post.status === 'published' || post.status === 'taken_down');
}
