/** Longer than any address of Postwarden's own; anything longer is not one of its pages. */
export const MAX_NEXT_LENGTH = 2000;

/**
 * Characters a path and query of Postwarden's may hold as they arrive: unreserved and sub-delims,
 * ':', '@', '/', '?', and '%' for what is already percent-encoded. No spaces, tabs, line breaks,
 * backslashes or anything beyond ASCII: a browser or the URL parser would silently drop or rewrite
 * them (`/\t/evil.example` is read as `//evil.example`, another site).
 */
const PATH_CHARACTERS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/;

/**
 * Where to send someone after they sign in: one of this site's own paths, or `/`. The result is
 * plain ASCII, so it is always safe to write into a Location header.
 */
export function safeNextPath(raw: unknown, baseUrl: string): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_NEXT_LENGTH) return '/';
  if (!raw.startsWith('/') || raw.startsWith('//') || !PATH_CHARACTERS.test(raw)) return '/';
  let base: URL;
  let target: URL;
  try {
    base = new URL(baseUrl);
    target = new URL(raw, base);
  } catch {
    return '/';
  }
  if (target.origin !== base.origin) return '/';
  const path = target.pathname + target.search;
  // What the parser made of it must still be a plain path of this site (it resolves dot segments).
  if (!path.startsWith('/') || path.startsWith('//') || !PATH_CHARACTERS.test(path)) return '/';
  return path;
}
