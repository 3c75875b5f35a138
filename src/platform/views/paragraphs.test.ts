import { describe, expect, it } from 'vitest';
import { paragraphsHtml } from './paragraphs.ts';

describe('issue 8.7: long answers as paragraphs', () => {
  it('issue 8.7: blank lines make paragraphs, single breaks stay, and no indentation or surrounding space is kept', () => {
    expect(paragraphsHtml('  First line\nsecond line\n\n\n   Another paragraph.  \n')).toBe(
      '<p class="govuk-body">First line<br>second line</p><p class="govuk-body">Another paragraph.</p>',
    );
    expect(paragraphsHtml('One\r\n\r\nTwo\r\nthree')).toBe(
      '<p class="govuk-body">One</p><p class="govuk-body">Two<br>three</p>',
    );
    expect(paragraphsHtml('a\n \t \nb')).toBe('<p class="govuk-body">a</p><p class="govuk-body">b</p>');
    expect(paragraphsHtml('   \n\n ')).toBe('');
  });

  it('issue 8.7: what was typed is escaped, so it can never become markup', () => {
    expect(paragraphsHtml('<script>alert("x")</script> & \'more\'')).toBe(
      '<p class="govuk-body">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;more&#39;</p>',
    );
  });
});
