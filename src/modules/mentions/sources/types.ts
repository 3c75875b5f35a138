/** One post or article read from a source, before matching. */
export interface SourceItem {
  /** The platform's own id (a feed's guid or id, a Bluesky post's URI): an item is stored once per source and id. */
  externalId: string;
  link: string | null;
  title: string;
  body: string;
  author: string;
  publishedAt: Date | null;
}
