/**
 * Whether a link an operator pasted after posting by hand (PUB-6) plausibly points at a post on the
 * account's platform. The rules are data, one row per platform; Mastodon and Bluesky can say more
 * because their addresses are structured.
 */
import { platformName } from '../../accounts/model.ts';

interface LinkRule {
  /** Hosts a post on this platform lives on (subdomains of them are accepted too). Empty: any host. */
  hosts: readonly string[];
  /** For federated platforms: the host, worked out from the account's handle. */
  hostFromHandle?: (handle: string | null) => string | null;
  /** What the path of a link to one post looks like, when that is known. */
  postPath?: RegExp;
  example: string;
}

const RULES: Record<string, LinkRule> = {
  facebook: { hosts: ['facebook.com', 'fb.com', 'fb.watch'], example: 'https://www.facebook.com/AlderPrimary/posts/…' },
  instagram: {
    hosts: ['instagram.com'],
    postPath: /^\/(?:[^/]+\/)?(?:p|reel|tv)\/[\w-]+\/?$/,
    example: 'https://www.instagram.com/p/…',
  },
  x: {
    hosts: ['x.com', 'twitter.com'],
    postPath: /^\/[^/]+\/status\/\d+\/?$/,
    example: 'https://x.com/AlderPrimary/status/…',
  },
  bluesky: {
    hosts: ['bsky.app'],
    postPath: /^\/profile\/[^/]+\/post\/[a-z2-7]+\/?$/,
    example: 'https://bsky.app/profile/alderprimary.bsky.social/post/…',
  },
  // A Mastodon post lives on the account's own server, checked against the account's address below.
  mastodon: {
    hosts: [],
    hostFromHandle: (handle) => mastodonServer(handle),
    postPath: /^\/(?:@[^/]+|users\/[^/]+\/statuses)\/\w+\/?$/,
    example: 'https://mastodon.education/@alder/…',
  },
  youtube: { hosts: ['youtube.com', 'youtu.be'], example: 'https://www.youtube.com/watch?v=…' },
  linkedin: { hosts: ['linkedin.com', 'lnkd.in'], example: 'https://www.linkedin.com/posts/…' },
  tiktok: { hosts: ['tiktok.com'], example: 'https://www.tiktok.com/@alderprimary/video/…' },
  threads: {
    hosts: ['threads.net', 'threads.com'],
    postPath: /^\/@[^/]+\/post\/[\w-]+\/?$/,
    example: 'https://www.threads.net/@alderprimary/post/…',
  },
  other: { hosts: [], example: 'https://…' },
};

const MAX_LENGTH = 2000;

export type LinkCheck = { ok: true; url: string } | { ok: false; message: string };

/** The server of a Mastodon address such as "@alder@mastodon.education", or null. */
export function mastodonServer(handle: string | null): string | null {
  const m = /^@?[\w.-]+@([a-z0-9.-]+\.[a-z]{2,})$/i.exec(handle?.trim() ?? '');
  return m ? m[1]!.toLowerCase() : null;
}

export function checkPostLink(platform: string, handle: string | null, raw: string): LinkCheck {
  const rule = RULES[platform] ?? RULES.other!;
  const name = platformName(platform);
  const text = raw.trim();
  const wrong = (why: string): LinkCheck => ({
    ok: false,
    message: `${why}. Copy the link to the post from ${name}, for example ${rule.example}`,
  });
  if (!text) return { ok: false, message: `Enter the link to the post on ${name}` };
  if (text.length > MAX_LENGTH) return wrong('The link is too long');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return wrong('That is not a web address');
  }
  if (url.protocol !== 'https:') return wrong('The link must start with https://');
  if (url.username || url.password) return wrong('The link must not contain a user name or password');
  const host = url.hostname.toLowerCase();
  if (
    !host.includes('.') ||
    /^[\d.]+$/.test(host) ||
    host.startsWith('[') ||
    host === 'localhost' ||
    host.endsWith('.localhost')
  ) {
    return wrong('The link must be to a website, not to a computer’s address');
  }
  const ownHost = rule.hostFromHandle?.(handle) ?? null;
  const expected = ownHost ? [ownHost] : rule.hosts;
  if (expected.length > 0 && !expected.some((h) => host === h || host.endsWith(`.${h}`))) {
    return wrong(`The link is to ${host}, not to ${ownHost ?? name}`);
  }
  if (expected.length === 0 && platform !== 'other' && isOtherPlatformHost(host, platform)) {
    return wrong(`The link is to ${host}, which is not ${name}`);
  }
  if (url.pathname === '/' || url.pathname === '')
    return wrong('The link is to the website’s front page, not to the post');
  if (rule.postPath && !rule.postPath.test(url.pathname))
    return wrong('The link does not look like a link to one post');
  url.hash = '';
  return { ok: true, url: url.toString() };
}

function isOtherPlatformHost(host: string, platform: string): boolean {
  return Object.entries(RULES).some(
    ([p, r]) => p !== platform && r.hosts.some((h) => host === h || host.endsWith(`.${h}`)),
  );
}
