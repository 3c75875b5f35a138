import { describe, expect, it } from 'vitest';
import { SETUP_CHECKLIST } from '../../model.ts';
import {
  addressMessage,
  changedFields,
  checkSetupForm,
  liveBlockers,
  operatorBlockers,
  webAddress,
  type SetupForm,
} from './setup.ts';

const ALL = SETUP_CHECKLIST.map((c) => c.value);
const good: SetupForm = {
  handle: '  @harbour   pe ',
  address: 'https://www.instagram.com/harbourpe',
  recoveryEmail: 'pe@harbourbridge.sch.uk',
  tagging: 'yes',
  twoFactor: 'yes',
  visibility: 'open',
  checklist: [...ALL].reverse(),
};

describe('recording a created account (ACC-6)', () => {
  it('ACC-6: accepts only https web addresses that new URL can read, without a name or password in them', () => {
    expect(webAddress('https://www.instagram.com/harbourpe')).toBe('https://www.instagram.com/harbourpe');
    expect(webAddress('  https://bsky.app/profile/history.bsky.social  ')).toBe(
      'https://bsky.app/profile/history.bsky.social',
    );
    expect(webAddress('https://x.com')).toBe('https://x.com/');
    for (const bad of [
      '',
      'instagram.com/harbourpe',
      'www.instagram.com',
      'http://www.instagram.com/harbourpe',
      'javascript:alert(1)',
      'ftp://files.example.com',
      'https://',
      'https://localhost/page',
      'https://user:secret@www.facebook.com/page',
      'https://www.face book.com',
      'not a url',
      `https://example.com/${'a'.repeat(500)}`,
      'data:text/html,hi',
    ]) {
      expect(webAddress(bad), bad).toBeUndefined();
    }
  });

  it('ACC-6: a complete form gives tidy values, with the checklist in its own order', () => {
    const { value, errors } = checkSetupForm(good, 'instagram');
    expect(errors).toEqual([]);
    expect(value).toEqual({
      handle: '@harbour pe',
      address: 'https://www.instagram.com/harbourpe',
      recoveryEmail: 'pe@harbourbridge.sch.uk',
      taggingDisabled: true,
      twoFactorEnabled: true,
      visibility: 'open',
      checklist: ALL,
    });
    expect(
      checkSetupForm({ ...good, tagging: 'no', twoFactor: 'no', visibility: 'closed', checklist: [] }, 'instagram')
        .value,
    ).toMatchObject({ taggingDisabled: false, twoFactorEnabled: false, visibility: 'closed', checklist: [] });
  });

  it('ACC-6: every missing or wrong answer has its own message beside its field', () => {
    const { value, errors } = checkSetupForm(
      {
        handle: ' ',
        address: 'www.facebook.com/page',
        recoveryEmail: 'office at school',
        tagging: '',
        twoFactor: 'maybe',
        visibility: 'secret',
        checklist: ['made-up'],
      },
      'facebook',
    );
    expect(value).toBeUndefined();
    expect(errors).toEqual([
      { href: '#handle', text: 'Enter the account’s name or handle on the platform' },
      { href: '#address', text: 'Enter the account’s web address, like https://www.facebook.com/LarkfieldPrimary' },
      {
        href: '#recoveryEmail',
        text: 'Enter the recovery email address in the correct format, like office@school.sch.uk',
      },
      { href: '#tagging', text: 'Select whether tagging is switched off on the account' },
      { href: '#twoFactor', text: 'Select whether two-factor sign-in is switched on' },
      { href: '#visibility', text: 'Select whether the account is open or closed' },
      { href: '#checklist', text: 'Select the checks from the list' },
    ]);
    expect(checkSetupForm({ ...good, handle: 'h'.repeat(101) }, 'x').errors.map((e) => e.href)).toEqual(['#handle']);
    expect(checkSetupForm({ ...good, recoveryEmail: '' }, 'x').errors[0]!.text).toBe(
      'Enter the email address the platform sends password resets to',
    );
    expect(addressMessage('something-new')).toMatch(/^Enter the account’s web address, like https:\/\//);
  });

  it('ACC-6: an account cannot be used with two-factor sign-in off or any check not done, and the message says which', () => {
    expect(liveBlockers({ twoFactorEnabled: true, checklist: ALL })).toEqual([]);
    const off = liveBlockers({ twoFactorEnabled: false, checklist: ALL });
    expect(off).toHaveLength(1);
    expect(off[0]!.href).toBe('#twoFactor');
    expect(off[0]!.text).toMatch(/^Switch on two-factor sign-in/);
    const missing = liveBlockers({
      twoFactorEnabled: true,
      checklist: ALL.filter((c) => c !== 'location' && c !== 'profile'),
    });
    expect(missing).toEqual([
      {
        href: '#checklist',
        text: 'Every check must be done before the account is used. Still to do: the profile says it is an official account of the school and who runs it; location sharing switched off',
      },
    ]);
    expect(liveBlockers({ twoFactorEnabled: false, checklist: [] }).map((e) => e.href)).toEqual([
      '#twoFactor',
      '#checklist',
    ]);
  });

  it('ACC-3: an account goes live only with enough operators, a lead, and every operator ready', () => {
    const ready = (name: string, isLead = false) => ({ name, isLead, reasons: [] });
    expect(operatorBlockers([ready('Ann', true), ready('Bo')], 2)).toEqual([]);
    expect(operatorBlockers([ready('Ann', true)], 2, '§7.3 Who runs an account')).toEqual([
      {
        href: '#operators',
        text: 'The account needs at least 2 operators before it is used (§7.3 Who runs an account); it has 1. Add operators to the account first',
      },
    ]);
    expect(operatorBlockers([], 1)[0]!.text).toContain('at least 1 operator before');
    expect(operatorBlockers([ready('Ann'), ready('Bo')], 2)).toEqual([
      { href: '#operators', text: 'Choose a lead operator for the account before it is used' },
    ]);
    expect(
      operatorBlockers(
        [
          ready('Ann', true),
          {
            name: 'Bo Tester',
            isLead: false,
            reasons: ['Has not signed version 1 of the social media policy', 'Left on 31 August 2026'],
          },
        ],
        2,
      ),
    ).toEqual([
      {
        href: '#operators',
        text: 'Bo Tester cannot run the account yet: has not signed version 1 of the social media policy; left on 31 August 2026',
      },
    ]);
  });

  it('ACC-6: names the fields that changed, for the timeline', () => {
    const before = checkSetupForm(good, 'instagram').value!;
    expect(changedFields(before, { ...before })).toEqual([]);
    expect(
      changedFields(before, { ...before, handle: '@pe', recoveryEmail: 'x@y.uk', checklist: ALL.slice(1) }),
    ).toEqual(['handle', 'recovery email', 'set-up checklist']);
    expect(
      changedFields(before, {
        ...before,
        taggingDisabled: false,
        twoFactorEnabled: false,
        visibility: 'closed',
        address: 'https://a.b/',
      }),
    ).toEqual(['web address', 'tagging', 'two-factor sign-in', 'open or closed']);
  });
});
