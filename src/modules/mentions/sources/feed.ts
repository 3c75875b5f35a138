/**
 * Items from an RSS, Atom or RDF feed (MON-5), parsed by feedsmith. A document that is not a feed
 * gives one plain sentence for the source's page.
 */
import { parseFeed } from 'feedsmith';
import type { SourceItem } from './types.ts';

export class NotAFeed extends Error {}

const text = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value ?? '');
  return '';
};

/** HTML in a feed's description becomes plain text: items are shown as text and matched as text. */
function plain(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

function when(value: unknown): Date | null {
  const t = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(t) ? null : new Date(t);
}

export function feedItems(body: Buffer): SourceItem[] {
  const xml = body.toString('utf8');
  if (!/^\s*(<\?xml|<rss|<feed|<rdf:RDF|<!--)/i.test(xml))
    throw new NotAFeed(
      'The address does not give a feed: Postwarden expected RSS or Atom (XML) and got something else, often a web page. Look on the site for a link called RSS, Atom or Feed',
    );
  let parsed: ReturnType<typeof parseFeed>;
  try {
    parsed = parseFeed(xml);
  } catch {
    throw new NotAFeed('The address gives XML, but not an RSS or Atom feed Postwarden can read');
  }
  const items: SourceItem[] = [];
  if (parsed.format === 'atom') {
    for (const e of parsed.feed.entries ?? []) {
      const link = e.links?.find((l) => !l.rel || l.rel === 'alternate')?.href ?? e.links?.[0]?.href ?? null;
      const id = e.id ?? link;
      if (!id) continue;
      items.push({
        externalId: String(id),
        link: link ?? null,
        title: plain(text(e.title)),
        body: plain(text(e.content) || text(e.summary)),
        author:
          e.authors
            ?.map((a) => a.name)
            .filter(Boolean)
            .join(', ') ?? '',
        publishedAt: when(e.published ?? e.updated),
      });
    }
  } else if (parsed.format === 'rss' || parsed.format === 'rdf') {
    for (const i of (parsed.feed.items ?? []) as Record<string, unknown>[]) {
      const link = typeof i.link === 'string' ? i.link : null;
      const id = text(i.guid) || link || text(i.title);
      if (!id) continue;
      const authors = (i.authors as { name?: string; email?: string }[] | undefined) ?? [];
      items.push({
        externalId: id,
        link,
        title: plain(text(i.title)),
        body: plain(text((i.content as { encoded?: string } | undefined)?.encoded) || text(i.description)),
        author: authors
          .map((a) => a.name ?? a.email ?? '')
          .filter(Boolean)
          .join(', '),
        publishedAt: when(i.pubDate ?? (i.dc as { date?: string } | undefined)?.date),
      });
    }
  } else throw new NotAFeed('The address gives a JSON feed; Postwarden reads RSS and Atom feeds');
  return items;
}
