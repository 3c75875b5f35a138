import { describe, expect, it } from 'vitest';
import { returnPath } from './forms.ts';

describe('issue 8.7: where choosing a school returns to', () => {
  it('issue 8.7: a path on this site is kept, query and all', () => {
    expect(returnPath('/pupils')).toBe('/pupils');
    expect(returnPath('/accounts/0b0d6a43-3a52-4f9a-9f7e-8b5c2d1e0f11/application?tab=history#operators')).toBe(
      '/accounts/0b0d6a43-3a52-4f9a-9f7e-8b5c2d1e0f11/application?tab=history#operators',
    );
    expect(returnPath('/posts?q=%E2%82%AC')).toBe('/posts?q=%E2%82%AC');
  });

  it('issue 8.7: a decoded query is encoded again, so the answer is always a valid Location header', () => {
    expect(returnPath('/posts?q=€ 5')).toBe('/posts?q=%E2%82%AC%205');
    expect(returnPath('/pupils?name=Zoë')).toBe('/pupils?name=Zo%C3%AB');
    expect(returnPath('/a\uD800')).toBeUndefined(); // a lone surrogate
  });

  it('issue 8.7: anything that could leave the site, loop, or smuggle a header is refused', () => {
    for (const bad of [
      '//evil.example/x',
      '/\\evil.example',
      '/\\/evil.example',
      'https://evil.example/',
      'evil.example',
      '',
      ' /pupils',
      '/pupils\r\nSet-Cookie: x=1',
      '/a\u0000b',
      '/a\tb',
      '/switch',
      '/switch?next=/pupils',
      '/sign-in',
      '/sign-out',
      `/${'a'.repeat(2000)}`,
      undefined,
      null,
      42,
      ['/pupils'],
      { next: '/pupils' },
    ]) {
      expect(returnPath(bad), JSON.stringify(bad)).toBeUndefined();
    }
    expect(returnPath('/switchboard')).toBe('/switchboard');
  });
});
