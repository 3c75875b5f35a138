import { describe, expect, it } from 'vitest';
import { checkCredentialsForm, checkRevealReason, parseCredentials, serialiseCredentials } from './credentials.ts';

const PASSWORD = 'Tr0ub4dor&3-horse staple';

describe('sign-in details (ACC-4)', () => {
  it('ACC-4: keeps the password exactly as typed, tidies the username and notes', () => {
    expect(
      checkCredentialsForm({
        username: '  pe@harbourbridge.sch.uk ',
        password: ` ${PASSWORD} `,
        notes: '  Backup codes are in the office safe. ',
      }),
    ).toEqual({
      errors: [],
      value: {
        username: 'pe@harbourbridge.sch.uk',
        password: ` ${PASSWORD} `,
        notes: 'Backup codes are in the office safe.',
      },
    });
    expect(checkCredentialsForm({ username: 'u', password: 'p', notes: '' }).value).toEqual({
      username: 'u',
      password: 'p',
      notes: '',
    });
  });

  it('ACC-4: refuses missing or oversized details, and no message repeats what was typed', () => {
    const { value, errors } = checkCredentialsForm({ username: ' ', password: '   ', notes: 'n'.repeat(2001) });
    expect(value).toBeUndefined();
    expect(errors.map((e) => e.href)).toEqual(['#username', '#password', '#notes']);
    const long = checkCredentialsForm({
      username: 'u'.repeat(201),
      password: `${PASSWORD}${'x'.repeat(500)}`,
      notes: '',
    });
    expect(long.errors.map((e) => e.href)).toEqual(['#username', '#password']);
    const twoLines = checkCredentialsForm({ username: 'u', password: `${PASSWORD}\n2`, notes: '' });
    expect(twoLines.errors).toEqual([{ href: '#password', text: 'The password must be on one line' }]);
    for (const e of [...errors, ...long.errors, ...twoLines.errors]) expect(e.text).not.toContain(PASSWORD);
  });

  it('ACC-4: revealing needs a reason of at least 10 characters and at most 500', () => {
    expect(checkRevealReason('').errors[0]!.text).toBe('Enter why you need to see the sign-in details');
    expect(checkRevealReason('   \t ').errors[0]!.href).toBe('#reason');
    expect(checkRevealReason('need it').errors[0]!.text).toMatch(/at least 10 characters/);
    expect(checkRevealReason('123456789').value).toBeUndefined();
    expect(checkRevealReason('  Posting   the sports day photos ')).toEqual({
      value: 'Posting the sports day photos',
      errors: [],
    });
    expect(checkRevealReason('1234567890').value).toBe('1234567890');
    expect(checkRevealReason('r'.repeat(501)).errors[0]!.text).toBe('The reason must be 500 characters or fewer');
  });

  it('ACC-4: the sealed text is versioned JSON, and anything else is refused when read back', () => {
    const c = { username: 'u', password: PASSWORD, notes: 'n' };
    expect(parseCredentials(serialiseCredentials(c))).toEqual(c);
    expect(() => parseCredentials(JSON.stringify({ username: 'u', password: 'p', notes: '' }))).toThrow(
      'not in a known form',
    );
    expect(() => parseCredentials(JSON.stringify({ v: 1, username: 'u', password: 2, notes: '' }))).toThrow(
      'not in a known form',
    );
    expect(() => parseCredentials('null')).toThrow();
  });
});
