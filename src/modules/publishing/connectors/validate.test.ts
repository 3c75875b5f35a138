import { describe, expect, it } from 'vitest';
import { image, post } from '../../../../test/fixtures/connectors/posts.ts';
import { validateForBluesky } from './bluesky-post.ts';
import { mastodonLanguage, mastodonLength, mastodonServerUrl, sameText, validateForMastodon } from './mastodon-post.ts';
import { graphemeLength } from './validate-post.ts';

const codes = (problems: { code: string }[]) => problems.map((p) => p.code);

describe('PUB-6: what each platform accepts, checked before publishing', () => {
  it('PUB-6: counts what a reader sees as one character once (emoji, flags, accents)', () => {
    expect(graphemeLength('abc')).toBe(3);
    expect(graphemeLength('👍🏽')).toBe(1);
    expect(graphemeLength('🏴󠁧󠁢󠁷󠁬󠁳󠁿')).toBe(1);
    expect(graphemeLength('e\u0301')).toBe(1);
    expect(graphemeLength('👨‍👩‍👧')).toBe(1);
  });

  it('PUB-6: Bluesky allows 300 characters counted as graphemes, not UTF-16 units', () => {
    expect(validateForBluesky(post({ text: 'a'.repeat(300) }))).toEqual([]);
    expect(codes(validateForBluesky(post({ text: 'a'.repeat(301) })))).toEqual(['text-too-long']);
    // 300 emoji are 600 UTF-16 units but 300 graphemes: fine.
    expect(validateForBluesky(post({ text: '👍'.repeat(300) }))).toEqual([]);
  });

  it('PUB-6: Bluesky also refuses more than 3,000 bytes, which 300 emoji with skin tones exceed', () => {
    expect(validateForBluesky(post({ text: '👍'.repeat(250) }))).toEqual([]);
    const heavy = '👨‍👩‍👧‍👦'.repeat(150); // 150 graphemes, 25 bytes each
    expect(graphemeLength(heavy)).toBe(150);
    const problems = validateForBluesky(post({ text: heavy }));
    expect(codes(problems)).toEqual(['text-too-long']);
    expect(problems[0]!.message).toMatch(/special characters or emoji/);
  });

  it('PUB-6: says by how much a post is too long, in plain English', () => {
    const [problem] = validateForBluesky(post({ text: 'x'.repeat(312) }));
    expect(problem!.message).toBe(
      'The post is 312 characters long and Bluesky allows 300. Shorten it by 12 characters',
    );
  });

  it('PUB-6: Mastodon counts every link as 23 characters and a remote mention by its local part', () => {
    const link = `https://alder.example.sch.uk/news/${'very-long-path/'.repeat(20)}`;
    expect(mastodonLength(link)).toBe(23);
    expect(mastodonLength(`See ${link} today`)).toBe(4 + 23 + 6);
    expect(mastodonLength('Thanks @pta@mastodon.education!')).toBe('Thanks @pta!'.length);
    expect(mastodonLength('Email office@alder.sch.uk')).toBe('Email office@alder.sch.uk'.length);
    expect(validateForMastodon(post({ text: `${'a'.repeat(470)} ${link}` }))).toEqual([]);
    expect(codes(validateForMastodon(post({ text: 'a'.repeat(501) })))).toEqual(['text-too-long']);
  });

  it('PUB-6: an empty post, too many images, missing or long alt text and oversized images are problems', () => {
    expect(codes(validateForBluesky(post({ text: '  ', images: [] })))).toEqual(['empty']);
    expect(validateForBluesky(post({ text: '', images: [image()] }))).toEqual([]);
    const five = Array.from({ length: 5 }, (_, i) => image({ ref: `img-${i}` }));
    expect(codes(validateForBluesky(post({ images: five })))).toEqual(['too-many-images']);
    expect(codes(validateForMastodon(post({ images: five })))).toEqual(['too-many-images']);
    const noAlt = validateForBluesky(post({ images: [image({ altText: ' ' })] }));
    expect(noAlt).toEqual([{ code: 'alt-text-missing', message: 'Add alt text to image 1 (sports-day.png)' }]);
    expect(codes(validateForMastodon(post({ images: [image({ altText: 'a'.repeat(1501) })] })))).toEqual([
      'alt-text-too-long',
    ]);
    expect(codes(validateForBluesky(post({ images: [image({ bytes: new Uint8Array(2_000_001) })] })))).toEqual([
      'image-too-large',
    ]);
    expect(validateForMastodon(post({ images: [image({ bytes: new Uint8Array(2_000_001) })] }))).toEqual([]);
  });

  it('PUB-6: works out the Mastodon server from the stored address or the account handle', () => {
    const creds = (identifier: string, service?: string) => ({ identifier, secret: 't', service });
    expect(mastodonServerUrl({ handle: null, credentials: creds('@alder@mastodon.education') })).toBe(
      'https://mastodon.education',
    );
    expect(mastodonServerUrl({ handle: '@alder@Mastodon.Education', credentials: creds('alder') })).toBe(
      'https://mastodon.education',
    );
    expect(mastodonServerUrl({ handle: null, credentials: creds('alder', 'https://social.alder.sch.uk/api') })).toBe(
      'https://social.alder.sch.uk',
    );
    expect(mastodonServerUrl({ handle: 'alder', credentials: creds('alder') })).toBeNull();
    expect(mastodonServerUrl({ handle: null, credentials: creds('a', 'not a url') })).toBeNull();
  });

  it('PUB-6: Mastodon languages are sent as ISO 639 codes; texts compare without line-ending noise', () => {
    expect(mastodonLanguage('en-GB')).toBe('en');
    expect(mastodonLanguage('cy')).toBe('cy');
    expect(mastodonLanguage(undefined)).toBeUndefined();
    expect(mastodonLanguage('x-klingon')).toBeUndefined();
    expect(sameText('Line one\r\nLine two \n', 'Line one\nLine two')).toBe(true);
    expect(sameText('Line one', 'Line one!')).toBe(false);
  });
});
