import { describe, expect, it } from 'vitest';
import { takedownRequestText, isSiteRule } from './takedown-text.ts';

describe('the takedown request a sender copies (INC-3)', () => {
  it('INC-3: the request says what, where, when it was seen, and which of the site’s rules it breaks', () => {
    const text = takedownRequestText({
      schoolName: 'Alder Primary',
      rule: 'harassment',
      what: 'A post calling a teacher names, with her photo',
      links: [{ url: 'https://social.example/p/1', seenAt: new Date('2026-11-18T10:00:00Z'), site: 'Public group' }],
      formatDateTime: (d) => d.toISOString(),
    });
    expect(text).toContain('on behalf of Alder Primary');
    expect(text).toContain('rules against harassment and bullying');
    expect(text).toContain('- https://social.example/p/1 (Public group), seen on 2026-11-18T10:00:00.000Z');
    expect(text).toContain('A post calling a teacher names');
  });

  it('INC-3: with no link yet, the request says where to add one; only known rules are accepted', () => {
    expect(
      takedownRequestText({ schoolName: 'S', rule: 'privacy', what: 'x', links: [], formatDateTime: String }),
    ).toContain('(add the link to the content here)');
    expect(['privacy', 'nonsense', 'toString'].map(isSiteRule)).toEqual([true, false, false]);
  });
});
