/** Who may see a post (PUB-1, PUB-5): pure. Anyone else is told it is not there. */
import type { PostStatus } from '../../../platform/db/schema.ts';

export interface Viewer {
  id: string;
  isOperator: boolean;
  isApprover: boolean;
  managesAccounts: boolean;
  mayViewRecord: boolean;
}

export function maySeePost(post: { author_id: string; status: PostStatus }, viewer: Viewer): boolean {
  if (post.author_id === viewer.id || viewer.isOperator || viewer.managesAccounts) return true;
  if (viewer.isApprover && post.status !== 'draft') return true;
  return viewer.mayViewRecord && (post.status === 'published' || post.status === 'taken_down');
}
