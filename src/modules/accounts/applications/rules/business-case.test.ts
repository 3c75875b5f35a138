import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../model.ts';
import { LIMITS, checkBusinessCase, type BusinessCaseForm } from './business-case.ts';

const full: BusinessCaseForm = {
  name: 'Year 6 residential trip',
  platform: 'facebook',
  aim: 'News from the trip',
  audience: 'Families of Year 6',
  promotion: 'A letter home',
  visibility: 'closed',
};
const texts = (form: Partial<BusinessCaseForm>, mode: 'draft' | 'send' = 'send') =>
  checkBusinessCase({ ...full, ...form }, mode).errors.map((e) => e.text);

describe('ACC-1: the business case of an application', () => {
  it('ACC-1: a complete case is accepted, trimmed, with the name’s spaces collapsed', () => {
    expect(
      checkBusinessCase({ ...full, name: '  Year 6   residential\ttrip ', aim: '  News from the trip\n\n' }, 'send'),
    ).toEqual({
      value: {
        name: 'Year 6 residential trip',
        platform: 'facebook',
        aim: 'News from the trip',
        audience: 'Families of Year 6',
        promotion: 'A letter home',
        visibility: 'closed',
      },
      errors: [],
    });
    for (const platform of PLATFORMS) expect(texts({ platform: platform.value }), platform.value).toEqual([]);
    expect(checkBusinessCase({ ...full, visibility: 'open' }, 'send').value.visibility).toBe('open');
  });

  it('ACC-1: a draft needs only a name and a platform', () => {
    const draft = checkBusinessCase(
      { name: 'History department', platform: 'bluesky', aim: '', audience: '', promotion: '', visibility: '' },
      'draft',
    );
    expect(draft).toEqual({
      value: {
        name: 'History department',
        platform: 'bluesky',
        aim: '',
        audience: '',
        promotion: '',
        visibility: 'open',
      },
      errors: [],
    });
    expect(
      checkBusinessCase({ name: ' ', platform: '', aim: '', audience: '', promotion: '', visibility: '' }, 'draft')
        .errors,
    ).toEqual([
      { href: '#name', text: 'Enter a name for the account, like “Year 6 residential trip”' },
      { href: '#platform', text: 'Select the platform the account will be on' },
    ]);
  });

  it('ACC-1: sending needs the aim, the audience, how it will be promoted and whether it is open or closed', () => {
    expect(
      checkBusinessCase({ ...full, aim: ' ', audience: '', promotion: '\n', visibility: '' }, 'send').errors,
    ).toEqual([
      { href: '#aim', text: 'Enter what the account is for' },
      { href: '#audience', text: 'Enter who the account is for' },
      { href: '#promotion', text: 'Enter how people will hear about the account' },
      { href: '#visibility', text: 'Select whether the account will be open or closed' },
    ]);
    expect(texts({ name: '' })).toEqual(['Enter a name for the account, like “Year 6 residential trip”']);
    expect(texts({ platform: '' })).toEqual(['Select the platform the account will be on']);
  });

  it('ACC-1: a platform or visibility that is not on the list is refused, in drafts too', () => {
    for (const platform of ['myspace', 'Facebook', 'facebook ', 'x-twitter', '<script>']) {
      const expected = platform.trim() === 'facebook' ? [] : ['Select the platform from the list'];
      expect(texts({ platform }), platform).toEqual(expected);
      expect(texts({ platform }, 'draft'), platform).toEqual(expected);
    }
    for (const visibility of ['secret', 'Open', 'public', '1']) {
      expect(texts({ visibility }), visibility).toEqual(['Select whether the account will be open or closed']);
      expect(texts({ visibility }, 'draft'), visibility).toEqual(['Select whether the account will be open or closed']);
    }
  });

  it('ACC-1: each text has a limit, exactly reachable, in drafts too', () => {
    for (const mode of ['send', 'draft'] as const) {
      expect(
        texts(
          {
            name: 'N'.repeat(LIMITS.name),
            aim: 'a'.repeat(LIMITS.aim),
            audience: 'b'.repeat(LIMITS.audience),
            promotion: 'c'.repeat(LIMITS.promotion),
          },
          mode,
        ),
      ).toEqual([]);
      expect(
        texts(
          {
            name: 'N'.repeat(LIMITS.name + 1),
            aim: 'a'.repeat(LIMITS.aim + 1),
            audience: 'b'.repeat(LIMITS.audience + 1),
            promotion: 'c'.repeat(LIMITS.promotion + 1),
          },
          mode,
        ),
      ).toEqual([
        'The name of the account must be 120 characters or fewer',
        'What the account is for must be 2,000 characters or fewer',
        'Who the account is for must be 1,000 characters or fewer',
        'How people will hear about it must be 1,000 characters or fewer',
      ]);
    }
    // Spaces around the text do not count against the limit.
    expect(texts({ aim: `  ${'a'.repeat(LIMITS.aim)}  ` })).toEqual([]);
  });
});
