/**
 * Bluesky search for the school's names (MON-5): app.bsky.feed.searchPosts on the AppView named in
 * config (BLUESKY_APPVIEW_URL, the public AppView by default), newest first. The query is the
 * source's search words; the AppView, not the school, decides where Postwarden connects.
 */
import { AtpAgent } from '@atproto/api';
import type { SourceItem } from './types.ts';

/** https://bsky.app/profile/<handle>/post/<rkey> for at://<did>/app.bsky.feed.post/<rkey>. */
function webLink(uri: string, handle: string): string | null {
  const rkey = /\/app\.bsky\.feed\.post\/([^/]+)$/.exec(uri)?.[1];
  return rkey ? `https://bsky.app/profile/${handle}/post/${rkey}` : null;
}

export async function searchBluesky(appView: string, query: string, timeoutMs: number): Promise<SourceItem[]> {
  const agent = new AtpAgent({ service: appView });
  const response = await agent.app.bsky.feed.searchPosts(
    { q: query, sort: 'latest', limit: 50 },
    { signal: AbortSignal.timeout(timeoutMs) },
  );
  return response.data.posts.map((post) => {
    const record = post.record as { text?: string; createdAt?: string };
    const created = record.createdAt ? Date.parse(record.createdAt) : Number.NaN;
    return {
      externalId: post.uri,
      link: webLink(post.uri, post.author.handle),
      title: '',
      body: String(record.text ?? ''),
      author: post.author.displayName
        ? `${post.author.displayName} (@${post.author.handle})`
        : `@${post.author.handle}`,
      publishedAt: Number.isNaN(created) ? null : new Date(created),
    };
  });
}
