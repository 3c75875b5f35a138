import { describe, expect, it } from 'vitest';
import { image, post } from '../../../../test/fixtures/connectors/posts.ts';
import { blueskyConnector } from './bluesky.ts';
import { PermanentError } from './errors.ts';
import { checkPostLink, mastodonServer } from './manual-links.ts';
import { manualConnector } from './manual.ts';

const ok = (platform: string, url: string, handle: string | null = null) => {
  const r = checkPostLink(platform, handle, url);
  if (!r.ok) throw new Error(`expected ${url} to be accepted for ${platform}: ${r.message}`);
  return r.url;
};
const refused = (platform: string, url: string, handle: string | null = null) => {
  const r = checkPostLink(platform, handle, url);
  if (r.ok) throw new Error(`expected ${url} to be refused for ${platform}`);
  return r.message;
};

describe('PUB-6: the manual hand-off', () => {
  it('PUB-6: prepare gives the operator the approved text and the cleaned images to download, with their alt text', async () => {
    const c = manualConnector('facebook');
    const prepared = await c.prepare(
      post({ images: [image(), image({ ref: 'img-2', fileName: 'cup.jpg', altText: 'The cup' })] }),
      { handle: 'AlderPrimary', credentials: null },
    );
    expect(prepared).toMatchObject({
      platform: 'facebook',
      text: 'Well done to everyone who ran in today’s sports day relay!',
      images: [
        { ref: 'img-1', fileName: 'sports-day.png', altText: 'Year 5 pupils running the relay on the school field' },
        { ref: 'img-2', fileName: 'cup.jpg', altText: 'The cup' },
      ],
    });
    expect(JSON.stringify(prepared.images)).not.toContain('bytes');
  });

  it('PUB-6: publishing records the pasted link, tidied; a link that is not plausible is a PermanentError', async () => {
    const c = manualConnector('mastodon');
    const prepared = await c.prepare(post(), { handle: '@alder@mastodon.education', credentials: null });
    const options = { idempotencyKey: 'k', startedAt: new Date() };
    expect(
      await c.publish(prepared, { ...options, reportedUrl: '  https://mastodon.education/@alder/113456#top ' }),
    ).toEqual({
      remoteId: 'https://mastodon.education/@alder/113456',
      url: 'https://mastodon.education/@alder/113456',
    });
    const error = await c
      .publish(prepared, { ...options, reportedUrl: 'https://mastodon.social/@alder/1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as PermanentError).reason).toBe('bad-link');
    expect((error as Error).message).toBe(
      'The link is to mastodon.social, not to mastodon.education. Copy the link to the post from Mastodon, for example https://mastodon.education/@alder/…',
    );
  });

  it('PUB-6: accepts links to one post on each platform', () => {
    expect(ok('bluesky', 'https://bsky.app/profile/alderprimary.bsky.social/post/3lb2xyzabc2a2')).toBe(
      'https://bsky.app/profile/alderprimary.bsky.social/post/3lb2xyzabc2a2',
    );
    ok('x', 'https://x.com/AlderPrimary/status/1859612345678901234');
    ok('x', 'https://twitter.com/AlderPrimary/status/1859612345678901234?s=20');
    ok('facebook', 'https://www.facebook.com/AlderPrimary/posts/pfbid02abc');
    ok('facebook', 'https://m.facebook.com/story.php?story_fbid=123&id=456');
    ok('instagram', 'https://www.instagram.com/p/C9xYz12AbCd/');
    ok('youtube', 'https://youtu.be/dQw4w9WgXcQ');
    ok('linkedin', 'https://www.linkedin.com/posts/alder-primary_activity-1234');
    ok('tiktok', 'https://www.tiktok.com/@alderprimary/video/7312345678901234567');
    ok('threads', 'https://www.threads.net/@alderprimary/post/C9xYz12AbCd');
    ok('mastodon', 'https://mastodon.education/users/alder/statuses/113456', '@alder@mastodon.education');
    ok('other', 'https://parents.example.org/news/42');
  });

  it('PUB-6: refuses links that are not https, not on the platform, or not to one post', () => {
    expect(refused('bluesky', '')).toBe('Enter the link to the post on Bluesky');
    expect(refused('bluesky', 'bsky.app/profile/a/post/3l')).toMatch(/^That is not a web address/);
    expect(refused('bluesky', 'http://bsky.app/profile/a/post/3lb2xyzabc2a2')).toMatch(
      /^The link must start with https:\/\//,
    );
    expect(refused('bluesky', 'https://bsky.app/profile/alderprimary.bsky.social')).toMatch(
      /does not look like a link to one post/,
    );
    expect(refused('bluesky', 'https://bsky.app/')).toMatch(/front page/);
    expect(refused('facebook', 'https://facebook.com.evil.example/posts/1')).toMatch(
      /^The link is to facebook\.com\.evil\.example, not to Facebook/,
    );
    expect(refused('facebook', 'https://notfacebook.com/AlderPrimary/posts/1')).toMatch(/not to Facebook/);
    expect(refused('x', 'https://user:pass@x.com/AlderPrimary/status/1')).toMatch(/user name or password/);
    expect(refused('other', 'https://127.0.0.1/post/1')).toMatch(/not to a computer’s address/);
    expect(refused('other', 'https://localhost/post/1')).toMatch(/not to a computer’s address/);
    expect(refused('other', 'javascript:alert(1)')).toMatch(/must start with https/);
    expect(refused('other', `https://example.org/${'a'.repeat(2000)}`)).toMatch(/too long/);
    // A Mastodon account whose server is unknown: any server, but not another platform's.
    expect(refused('mastodon', 'https://x.com/AlderPrimary/status/1', 'alder')).toMatch(/which is not Mastodon/);
    ok('mastodon', 'https://any.social/@alder/1', 'alder');
  });

  it('PUB-6: reads the server from a Mastodon address', () => {
    expect(mastodonServer('@alder@mastodon.education')).toBe('mastodon.education');
    expect(mastodonServer('alder@Social.Example.org')).toBe('social.example.org');
    expect(mastodonServer('@alder')).toBeNull();
    expect(mastodonServer(null)).toBeNull();
  });

  it('PUB-6: a hand-off to a platform Postwarden also posts to uses that platform’s limits', () => {
    const c = manualConnector('bluesky', blueskyConnector());
    expect(c.validate(post({ text: 'x'.repeat(301) })).map((p) => p.code)).toEqual(['text-too-long']);
    expect(manualConnector('facebook').validate(post({ text: 'x'.repeat(301) }))).toEqual([]);
    expect(
      manualConnector('facebook')
        .validate(post({ text: '' }))
        .map((p) => p.code),
    ).toEqual(['empty']);
    expect(c.capabilities.deletion).toBe(false);
  });

  it('PUB-5: a post made by hand cannot be taken down through Postwarden', async () => {
    const error = await manualConnector('instagram')
      .remove({ remoteId: 'u', url: 'u' }, { handle: null, credentials: null })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as PermanentError).message).toBe(
      'Postwarden cannot take down a post made by hand. Delete it on Instagram yourself, then record the takedown here',
    );
  });
});
