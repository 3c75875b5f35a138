import { describe, expect, test } from 'vitest';
import {
  EMPLOYMENT_TYPES,
  makeUpn,
  parseEmail,
  parseEmploymentType,
  parseUkDate,
  parseUpn,
  parseYearGroup,
  parseYesNo,
  upnCheckLetter,
  type ParseResult,
} from './values.ts';

const value = <T>(result: ParseResult<T>): T => {
  if (!result.ok) throw new Error(`expected ok, got: ${result.message}`);
  return result.value;
};
const message = (result: ParseResult<unknown>): string => {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.message;
};

describe('parseUkDate', () => {
  test.each([
    ['14/09/2016', '2016-09-14'],
    ['4/9/2016', '2016-09-04'],
    ['04/09/2016', '2016-09-04'],
    ['14-09-2016', '2016-09-14'],
    ['14.09.2016', '2016-09-14'],
    ['2016-09-14', '2016-09-14'],
    ['2016-9-4', '2016-09-04'],
    ['12 Mar 2015', '2015-03-12'],
    ['12 March 2015', '2015-03-12'],
    ['12 MARCH 2015', '2015-03-12'],
    ['1st September 2016', '2016-09-01'],
    ['12 Sept 2015', '2015-09-12'],
    ['12-Mar-2015', '2015-03-12'],
    ['  14/09/2016  ', '2016-09-14'],
    ['14/09/2016 00:00', '2016-09-14'],
    ['14/09/2016 00:00:00', '2016-09-14'],
    ['2016-09-14T00:00:00Z', '2016-09-14'],
    ['29/02/2016', '2016-02-29'],
    ['29/02/2000', '2000-02-29'],
    ['31/12/2099', '2099-12-31'],
    ['01/01/1900', '1900-01-01'],
  ])('ORG-4: date of birth %s is read as %s', (text, iso) => {
    expect(value(parseUkDate(text))).toBe(iso);
  });

  test('ORG-4: 31/02/2015 is refused as not a real date, with the format to use', () => {
    expect(message(parseUkDate('31/02/2015'))).toBe(
      '‘31/02/2015’ is not a real date. Use the format DD/MM/YYYY, for example 14/09/2016',
    );
  });

  test.each([
    '29/02/2015',
    '29/02/1900',
    '31/04/2016',
    '00/01/2016',
    '01/00/2016',
    '32/01/2016',
    '31 Feb 2016',
    '2016-02-30',
  ])('ORG-4: impossible date %s is refused', (text) => {
    expect(message(parseUkDate(text))).toContain('is not a real date');
  });

  test('ORG-4: a date in month/day order gets a hint', () => {
    expect(message(parseUkDate('09/14/2016'))).toBe(
      '‘09/14/2016’ is not a real date (it looks like month/day order). Use the format DD/MM/YYYY, for example 14/09/2016',
    );
  });

  test.each(['14/09/16', '14-09-16', '12 Mar 15'])('ORG-4: two-digit year %s is refused', (text) => {
    expect(message(parseUkDate(text))).toBe(
      `‘${text}’ has a two-digit year. Write the year in full as DD/MM/YYYY, for example 14/09/2016`,
    );
  });

  test.each(['01/01/1899', '01/01/2100', '01/01/201', '01/01/20160'])(
    'ORG-4: year out of range in %s is refused',
    (text) => {
      expect(message(parseUkDate(text))).toContain('is not a real date');
    },
  );

  test.each([
    'next Tuesday',
    '14/09',
    '2016',
    '14th of September',
    '12 Foo 2015',
    '14/09/2016 lunchtime',
    '14//09/2016',
  ])('ORG-4: unreadable date %s is refused', (text) => {
    expect(message(parseUkDate(text))).toBe(
      `‘${text}’ is not a date we can read. Use the format DD/MM/YYYY, for example 14/09/2016`,
    );
  });

  test('ORG-4: a blank date is refused', () => {
    expect(message(parseUkDate('  '))).toBe('No date given. Use the format DD/MM/YYYY, for example 14/09/2016');
  });
});

describe('parseYesNo', () => {
  test.each([
    ['Yes', true],
    ['YES', true],
    ['yes', true],
    ['Y', true],
    ['y', true],
    ['True', true],
    ['TRUE', true],
    ['1', true],
    [' yes ', true],
    ['No', false],
    ['NO', false],
    ['n', false],
    ['N', false],
    ['false', false],
    ['FALSE', false],
    ['0', false],
  ] as const)('ORG-4: consent %s means %s', (text, expected) => {
    expect(value(parseYesNo(text))).toBe(expected);
  });

  test('ORG-4: blank consent means consent not given', () => {
    expect(value(parseYesNo(''))).toBe(false);
    expect(value(parseYesNo('   '))).toBe(false);
  });

  test("ORG-4: consent 'Maybe' is refused", () => {
    expect(message(parseYesNo('Maybe'))).toBe('Consent must be Yes or No, not ‘Maybe’');
  });

  test.each(['Yes please', 'Granted', '2', 'x', 'nope'])('ORG-4: consent %s is refused', (text) => {
    expect(message(parseYesNo(text))).toBe(`Consent must be Yes or No, not ‘${text}’`);
  });

  test('ORG-4: the never-publish flag names itself in its error', () => {
    expect(message(parseYesNo('sometimes', 'Never publish'))).toBe('Never publish must be Yes or No, not ‘sometimes’');
  });
});

describe('parseYearGroup', () => {
  test.each([
    ['N1', -2],
    ['n1', -2],
    ['Nursery 1', -2],
    ['N2', -1],
    ['Nursery', -1],
    ['Nursery 2', -1],
    ['R', 0],
    ['r', 0],
    ['Rec', 0],
    ['Reception', 0],
    ['YR', 0],
    ['Year R', 0],
    ['0', 0],
    ['1', 1],
    ['Year 1', 1],
    ['Y1', 1],
    ['Yr 1', 1],
    ['7', 7],
    ['07', 7],
    ['Year 7', 7],
    ['Y7', 7],
    ['year7', 7],
    ['NC Year 7', 7],
    [' Year  7 ', 7],
    ['11', 11],
    ['12', 12],
    ['13', 13],
    ['Year 13', 13],
    ['14', 14],
    ['-1', -1],
    ['-2', -2],
  ] as const)('ORG-4: year group %s is %i', (text, expected) => {
    expect(value(parseYearGroup(text))).toBe(expected);
  });

  test.each(['15', 'Year 15', '-3', 'X', 'Y', 'Year', 'Sixth Form', '7A', '1.5', '', 'N3'])(
    'ORG-4: year group %s is refused',
    (text) => {
      expect(message(parseYearGroup(text))).toBe(
        `Year group must be a number from 1 to 14, R for Reception, or N1 or N2 for Nursery, not ‘${text}’`,
      );
    },
  );
});

describe('parseEmploymentType', () => {
  test.each(EMPLOYMENT_TYPES.map((t) => [t]))('ORG-5: the canonical type %s is accepted', (type) => {
    expect(value(parseEmploymentType(type))).toBe(type);
    expect(value(parseEmploymentType(type.toUpperCase().replace('-', ' ')))).toBe(type);
  });

  test.each([
    ['Permanent Full Time', 'full-time'],
    ['Full Time', 'full-time'],
    ['FT', 'full-time'],
    ['Permanent', 'full-time'],
    ['Part Time', 'part-time'],
    ['PT', 'part-time'],
    ['Permanent Part-Time', 'part-time'],
    ['Temporary', 'fixed-term'],
    ['Fixed Term', 'fixed-term'],
    ['Maternity Cover', 'fixed-term'],
    ['Supply Teacher', 'supply'],
    ['Casual', 'supply'],
    ['Zero Hours', 'supply'],
    ['Agency Staff', 'agency'],
    ['Voluntary', 'volunteer'],
    ['Self-employed', 'contractor'],
    ['Local Governor', 'governor'],
    ['Student Teacher', 'trainee'],
    ['Apprentice', 'trainee'],
    ['External Consultant', 'consultant'],
  ] as const)('ORG-5: employment type %s means %s', (text, expected) => {
    expect(value(parseEmploymentType(text))).toBe(expected);
  });

  test.each(['Wizard', '', 'Teacher', 'Support Staff'])(
    'ORG-5: employment type %s is refused with the accepted list',
    (text) => {
      expect(message(parseEmploymentType(text))).toBe(
        `Employment type ‘${text}’ is not one we recognise. Use one of: Full-time, Part-time, Fixed-term, Supply, Agency, Volunteer, Consultant, Contractor, Governor, Trainee`,
      );
    },
  );
});

describe('UPN', () => {
  test('ORG-5: a permanent UPN with a hand-checked letter is valid (B801200005001)', () => {
    // Character n (n = 2..13) is weighted by n: 8×2 + 1×4 + 2×5 + 5×10 + 1×13 = 93; 93 mod 23 = 1 -> B
    expect(upnCheckLetter('801200005001')).toBe('B');
    expect(value(parseUpn('B801200005001'))).toBe('B801200005001');
  });

  test('ORG-5: check letters use all 23 letters of the DfE alphabet and never I, O or S', () => {
    const letters = new Set(
      Array.from({ length: 1000 }, (_, i) => upnCheckLetter(`801200005${String(i).padStart(3, '0')}`)),
    );
    expect([...letters].sort().join('')).toBe('ABCDEFGHJKLMNPQRTUVWXYZ');
  });

  test('ORG-5: a temporary UPN (11 digits and a letter) is checked with the letter as its value', () => {
    // 8×2 + 1×4 + 2×5 + 1×12 + A(0)×13 = 42; 42 mod 23 = 19 -> W
    expect(upnCheckLetter('80120000001A')).toBe('W');
    expect(value(parseUpn('W80120000001A'))).toBe('W80120000001A');
    expect(message(parseUpn('A80120000001A'))).toContain('first letter does not match');
  });

  test('ORG-5: a UPN is trimmed and upper-cased', () => {
    expect(value(parseUpn('  b801200005001 '))).toBe('B801200005001');
  });

  test('ORG-5: a UPN with the wrong check letter is refused', () => {
    expect(message(parseUpn('A801200005001'))).toBe(
      '‘A801200005001’ is not a valid UPN: its first letter does not match the digits after it, so a character has probably been mistyped. Copy the UPN again from your MIS',
    );
  });

  test.each([
    '207000016049',
    'Q20700001604',
    'Q2070000160499',
    'QQ07000016049',
    'Q2070000A6049',
    '1207000016049',
    'Q20700001604I',
    'Q20700001604O',
    'Q20700001604S',
    'Q207 000016049',
    'Q207-000-016-049',
  ])('ORG-5: %s has the wrong shape for a UPN and the error explains the format', (text) => {
    expect(message(parseUpn(text))).toMatch(
      new RegExp(
        `^‘${text.toUpperCase()}’ is not a valid UPN\\. A UPN has 13 characters: a letter followed by 12 digits, or for a temporary UPN a letter, 11 digits and a letter, for example [A-Z]\\d{12}$`,
      ),
    );
  });

  test('ORG-5: the example in the UPN error message is itself valid', () => {
    const example = /for example ([A-Z]\d{12})$/.exec(message(parseUpn('nonsense')))![1]!;
    expect(parseUpn(example).ok).toBe(true);
  });

  test('ORG-5: a blank UPN is refused', () => {
    expect(message(parseUpn(''))).toMatch(/^No UPN given\. A UPN has 13 characters/);
  });

  test('ORG-5: makeUpn gives valid, distinct permanent UPNs deterministically', () => {
    const upns = Array.from({ length: 20_000 }, (_, i) => makeUpn(i));
    expect(new Set(upns).size).toBe(upns.length);
    for (const upn of upns) expect(parseUpn(upn)).toEqual({ ok: true, value: upn });
    expect(makeUpn(42)).toBe(makeUpn(42));
    expect(makeUpn(99_999_999_999)).toMatch(/^[A-Z]\d{12}$/);
  });

  test.each([-1, 1.5, 1e11, Number.NaN])('ORG-5: makeUpn(%s) is a programming error', (n) => {
    expect(() => makeUpn(n)).toThrow(RangeError);
  });

  test('ORG-5: upnCheckLetter refuses a body that is not 12 UPN characters', () => {
    expect(() => upnCheckLetter('12345')).toThrow(RangeError);
    expect(() => upnCheckLetter('80120000001I')).toThrow(RangeError);
  });
});

describe('parseEmail', () => {
  test.each([
    ['jane.smith@example.com', 'jane.smith@example.com'],
    ['  Jane.Smith@Example.SCH.UK ', 'jane.smith@example.sch.uk'],
    ["sean.o'brien@example.ie", "sean.o'brien@example.ie"],
    ['first+school@example.co.uk', 'first+school@example.co.uk'],
    ['a_b-c@mail.my-school.org.uk', 'a_b-c@mail.my-school.org.uk'],
  ])('ORG-4: email %s is read as %s', (text, expected) => {
    expect(value(parseEmail(text))).toBe(expected);
  });

  test.each([
    'jane.smith',
    'jane@',
    '@example.com',
    'jane@example',
    'jane@@example.com',
    'jane smith@example.com',
    'jane@example..com',
    'jane@.example.com',
    'jane@example.com.',
    'jane@-example.com',
    'Jane Smith <jane@example.com>',
    'a@example.com;b@example.com',
    'a@example.com, b@example.com',
    'jane@exa_mple.com',
  ])('ORG-4: %s is refused as an email address', (text) => {
    expect(message(parseEmail(text))).toBe(`‘${text}’ is not a valid email address`);
  });

  test('ORG-4: a blank email is refused', () => {
    expect(message(parseEmail(''))).toBe('No email address given');
  });

  test('ORG-4: an email longer than 254 characters is refused', () => {
    expect(parseEmail(`${'a'.repeat(250)}@example.com`).ok).toBe(false);
  });
});
