import { describe, expect, it } from 'vitest';
import { lengthFinding, textCountFor } from './length.ts';

describe('PUB-6: a post too long for its account’s platform is a problem to fix', () => {
  it('PUB-6: over Bluesky’s 300 is one blocking finding that cites the platform, not a policy clause', () => {
    expect(lengthFinding('a'.repeat(300), 'bluesky')).toBeNull();
    expect(lengthFinding('a'.repeat(301), 'bluesky')).toEqual({
      rule: 'platform-limit',
      code: 'too-long',
      severity: 'blocking',
      clauseKey: '',
      spans: [],
      where: 'text',
      message: 'The post is 301 characters long and Bluesky allows 300. Shorten it by 1 character',
    });
    expect(lengthFinding('a'.repeat(501), 'mastodon')?.message).toBe(
      'The post is 501 characters long and Mastodon allows 500. Shorten it by 1 character',
    );
  });

  it('PUB-6: platforms posted to by hand, and no account at all, have no limit here', () => {
    for (const platform of ['facebook', 'instagram', 'other', null, undefined]) {
      expect(lengthFinding('a'.repeat(5_000), platform)).toBeNull();
      expect(textCountFor('a'.repeat(5_000), platform)).toBeNull();
    }
    expect(textCountFor('Sports day', 'bluesky')).toEqual({
      label: 'Bluesky',
      length: 10,
      max: 300,
      over: 0,
      tooManyBytes: false,
    });
  });
});
