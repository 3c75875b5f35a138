import { describe, expect, test } from 'vitest';
import { SETTINGS, SETTING_KEYS, defaultSettings, isSettingKey, type SettingKey } from '../model/settings.ts';
import {
  describeSetting,
  formatQuantity,
  upperFirst,
  validateSettings,
  type SettingsResult,
  type TrustFloors,
} from './settings.ts';

const settingsOf = (result: SettingsResult) => {
  if (!result.ok) throw new Error(`expected ok, got: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.settings;
};
const errorsOf = (result: SettingsResult) => {
  if (result.ok) throw new Error('expected errors, got ok');
  return result.errors;
};
const onlyError = (input: Record<string, unknown>, floors?: TrustFloors) => {
  const errors = errorsOf(validateSettings(input, floors));
  expect(errors).toHaveLength(1);
  return errors[0]!;
};

describe('the settings registry', () => {
  test('POL-1: every setting has a label, a short name for messages, and the part of Postwarden that enforces it', () => {
    for (const key of SETTING_KEYS) {
      const def = SETTINGS[key];
      expect(def.label, key).not.toBe('');
      expect(def.name, key).not.toBe('');
      expect(def.enforcedBy, key).not.toBe('');
    }
  });

  test('POL-1: every default is valid, and whole-number defaults sit within their limits', () => {
    expect(settingsOf(validateSettings({}))).toEqual(defaultSettings());
    for (const key of SETTING_KEYS) {
      const def = SETTINGS[key];
      if (def.type === 'integer') expect(def.default >= def.min && def.default <= def.max, key).toBe(true);
      if (def.type === 'choice')
        expect(
          def.options.map((o) => o.value),
          key,
        ).toContain(def.default);
    }
  });

  test('POL-1: the alternatives the seeds offer are choices: personal use never / designated place / occasional; business use with approval / not permitted', () => {
    expect(SETTINGS.personalUseAtWork.options.map((o) => o.value)).toEqual(['never', 'designated-place', 'occasional']);
    expect(SETTINGS.businessUse.options.map((o) => o.value)).toEqual(['with-approval', 'not-permitted']);
  });

  test('POL-1: defaultSettings returns a fresh copy each time', () => {
    const a = defaultSettings();
    a.postApproverNominees.push('someone');
    expect(defaultSettings().postApproverNominees).toEqual([]);
  });

  test('POL-1: isSettingKey knows the settings and nothing else', () => {
    expect(isSettingKey('responseDeadlineHours')).toBe(true);
    expect(isSettingKey('toString')).toBe(false);
    expect(isSettingKey('responsedeadlinehours')).toBe(false);
  });
});

describe('validateSettings: whole numbers', () => {
  test('POL-1: a 0-hour reply deadline is refused', () => {
    expect(onlyError({ responseDeadlineHours: '0' })).toEqual({
      key: 'responseDeadlineHours',
      message: 'Reply deadline must be between 1 and 168 hours',
    });
    expect(onlyError({ responseDeadlineHours: 0 }).message).toBe('Reply deadline must be between 1 and 168 hours');
  });

  test.each([
    ['1', 1],
    ['168', 168],
    [' 48 ', 48],
    ['+24', 24],
    [72, 72],
  ])('POL-1: reply deadline %j is read as %d', (input, expected) => {
    expect(settingsOf(validateSettings({ responseDeadlineHours: input })).responseDeadlineHours).toBe(expected);
  });

  test.each(['169', '-1', 1000])('POL-1: reply deadline %j is out of range', (input) => {
    expect(onlyError({ responseDeadlineHours: input }).message).toBe('Reply deadline must be between 1 and 168 hours');
  });

  test.each(['1.5', 'abc', '24 hours', '1e2', 2.5, Number.NaN, null, true, {}])(
    'POL-1: reply deadline %j is not a whole number',
    (input) => {
      expect(onlyError({ responseDeadlineHours: input }).message).toBe('Reply deadline must be a whole number');
    },
  );

  test('POL-1: a blank whole number asks for it', () => {
    expect(onlyError({ minimumOperators: '  ' }).message).toBe('Enter the minimum operators for each account');
  });

  test('POL-1: the other whole-number settings say their own limits and units', () => {
    expect(onlyError({ minimumOperators: '0' }).message).toBe(
      'Minimum operators for each account must be between 1 and 10 people',
    );
    expect(onlyError({ pupilContactAgeLimit: '15' }).message).toBe(
      'Pupil contact age limit must be between 16 and 25 years old',
    );
    expect(onlyError({ takedownTargetHours: '0' }).message).toBe('Takedown target must be between 1 and 168 hours');
    expect(onlyError({ reviewCycleMonths: '37' }).message).toBe('Review cycle must be between 1 and 36 months');
    expect(onlyError({ accountCheckIntervalHours: '0' }).message).toBe(
      'Account check interval must be between 1 and 168 hours',
    );
  });
});

describe('validateSettings: trust minimums', () => {
  test('POL-1: a 1-operator minimum is refused when the trust requires 2', () => {
    expect(onlyError({ minimumOperators: '1' }, { minimumOperators: 2 })).toEqual({
      key: 'minimumOperators',
      message: 'The trust requires at least 2 operators for each account',
    });
  });

  test('POL-1: meeting or beating the trust minimum is accepted', () => {
    expect(settingsOf(validateSettings({ minimumOperators: '2' }, { minimumOperators: 2 })).minimumOperators).toBe(2);
    expect(settingsOf(validateSettings({ minimumOperators: '3' }, { minimumOperators: 2 })).minimumOperators).toBe(3);
  });

  test('POL-1: a default below the trust minimum is refused too', () => {
    expect(onlyError({}, { minimumOperators: 3 }).message).toBe(
      'The trust requires at least 3 operators for each account',
    );
  });

  test('POL-1: a setting without its own message names the setting and the minimum with its unit', () => {
    expect(onlyError({ reviewCycleMonths: '6' }, { reviewCycleMonths: 12 }).message).toBe(
      'The trust requires the review cycle to be at least 12 months',
    );
    expect(onlyError({ responseDeadlineHours: '2' }, { responseDeadlineHours: 3 }).message).toBe(
      'The trust requires the reply deadline to be at least 3 hours',
    );
    expect(onlyError({ pupilContactAgeLimit: '17' }, { pupilContactAgeLimit: 18 }).message).toBe(
      'The trust requires the pupil contact age limit to be at least 18 years old',
    );
  });

  test('POL-1: an out-of-range value reports the range, not also the minimum', () => {
    expect(onlyError({ minimumOperators: '0' }, { minimumOperators: 2 }).message).toBe(
      'Minimum operators for each account must be between 1 and 10 people',
    );
  });

  test('POL-1: floors on settings that are not whole numbers are ignored', () => {
    expect(validateSettings({}, { firstNamesOnly: 1 } as TrustFloors).ok).toBe(true);
  });
});

describe('validateSettings: choices, yes/no, text and people', () => {
  test('POL-1: a choice must be one of its options', () => {
    expect(settingsOf(validateSettings({ personalUseAtWork: 'designated-place' })).personalUseAtWork).toBe(
      'designated-place',
    );
    expect(settingsOf(validateSettings({ businessUse: ' not-permitted ' })).businessUse).toBe('not-permitted');
    expect(onlyError({ businessUse: 'sometimes' })).toEqual({
      key: 'businessUse',
      message: 'Select whether anyone may post on behalf of the school',
    });
    expect(onlyError({ headTitle: 'Head teacher' }).message).toBe('Select what the school calls its head');
    expect(onlyError({ businessUseApprover: 3 }).message).toBe('Select who approves speaking for the school');
  });

  test.each([
    [true, true],
    [false, false],
    ['yes', true],
    ['Yes', true],
    ['true', true],
    ['on', true],
    ['1', true],
    ['no', false],
    ['NO', false],
    ['false', false],
    ['off', false],
    ['0', false],
  ])('POL-1: yes/no value %j is read as %s', (input, expected) => {
    expect(settingsOf(validateSettings({ firstNamesOnly: input })).firstNamesOnly).toBe(expected);
  });

  test.each(['', 'maybe', 1, null])('POL-1: yes/no value %j is refused', (input) => {
    expect(onlyError({ operatorTrainingRequired: input })).toEqual({
      key: 'operatorTrainingRequired',
      message: 'Select whether operators need training first',
    });
  });

  test('POL-1: text is trimmed, required text must be given, optional text may be blank', () => {
    expect(settingsOf(validateSettings({ ladoContact: '  Jo Bloggs, 01234 567890  ' })).ladoContact).toBe(
      'Jo Bloggs, 01234 567890',
    );
    expect(settingsOf(validateSettings({ ladoContact: '' })).ladoContact).toBe('');
    expect(onlyError({ signingStatement: '   ' })).toEqual({
      key: 'signingStatement',
      message: 'Enter the signing statement',
    });
    expect(onlyError({ ladoContact: 12 }).message).toBe('LADO contact must be text');
  });

  test('POL-1: text longer than its limit is refused', () => {
    expect(settingsOf(validateSettings({ ladoContact: 'x'.repeat(500) })).ladoContact).toHaveLength(500);
    expect(onlyError({ ladoContact: 'x'.repeat(501) }).message).toBe('LADO contact must be 500 characters or fewer');
  });

  test('POL-1: people come as a list or as one value from a form; blanks and repeats are dropped', () => {
    expect(settingsOf(validateSettings({ postApproverNominees: ['a', ' b ', '', 'a'] })).postApproverNominees).toEqual([
      'a',
      'b',
    ]);
    expect(settingsOf(validateSettings({ postApproverNominees: 'p-1' })).postApproverNominees).toEqual(['p-1']);
    expect(settingsOf(validateSettings({ postApproverNominees: 'p-1, p-2\np-3' })).postApproverNominees).toEqual([
      'p-1',
      'p-2',
      'p-3',
    ]);
    expect(settingsOf(validateSettings({ postApproverNominees: '' })).postApproverNominees).toEqual([]);
    expect(onlyError({ postApproverNominees: [1, 2] }).message).toBe(
      'Nominees who approve posts must be a list of people',
    );
  });
});

describe('validateSettings: the whole form', () => {
  test('POL-1: a full form of strings becomes typed settings', () => {
    const form: Record<string, string> = {
      _csrf: 'token',
      headTitle: 'Head of School',
      personalUseAtWork: 'occasional',
      businessUse: 'with-approval',
      businessUseApprover: 'line-manager',
      responseDeadlineHours: '48',
      weekendNextWorkingDay: 'no',
      minimumOperators: '3',
      operatorTrainingRequired: 'yes',
      accountCheckIntervalHours: '12',
      pupilContactAgeLimit: '18',
      firstNamesOnly: 'yes',
      postApprovers: 'head',
      postApproverNominees: '',
      takedownTargetHours: '24',
      ladoContact: '',
      safeguardingPartnershipContact: '',
      reviewCycleMonths: '24',
      tradeUnionsConsulted: 'yes',
      signingStatement: 'I agree.',
      privacyCheckInEvery: 'year',
    };
    const settings = settingsOf(validateSettings(form));
    expect(settings).toEqual({
      privacyCheckInEvery: 'year',
      headTitle: 'Head of School',
      personalUseAtWork: 'occasional',
      businessUse: 'with-approval',
      businessUseApprover: 'line-manager',
      responseDeadlineHours: 48,
      weekendNextWorkingDay: false,
      minimumOperators: 3,
      operatorTrainingRequired: true,
      accountCheckIntervalHours: 12,
      pupilContactAgeLimit: 18,
      firstNamesOnly: true,
      postApprovers: 'head',
      postApproverNominees: [],
      takedownTargetHours: 24,
      ladoContact: '',
      safeguardingPartnershipContact: '',
      reviewCycleMonths: 24,
      tradeUnionsConsulted: true,
      signingStatement: 'I agree.',
    });
    expect(Object.keys(settings)).not.toContain('_csrf');
  });

  test('POL-1: every problem is reported at once, in the order of the settings', () => {
    const errors = errorsOf(
      validateSettings(
        { responseDeadlineHours: '0', minimumOperators: '1', businessUse: 'x' },
        { minimumOperators: 2 },
      ),
    );
    expect(errors.map((e) => e.key)).toEqual(['businessUse', 'responseDeadlineHours', 'minimumOperators']);
  });

  test('POL-1: the input is not changed', () => {
    const input = { responseDeadlineHours: ' 12 ' };
    validateSettings(input);
    expect(input).toEqual({ responseDeadlineHours: ' 12 ' });
  });
});

describe('describeSetting and formatQuantity', () => {
  test.each<[SettingKey, unknown, string]>([
    ['personalUseAtWork', 'never', 'Never during working hours or on school devices'],
    ['businessUse', 'not-permitted', 'Not permitted at all'],
    ['headTitle', 'Head of School', 'Head of School'],
    ['firstNamesOnly', true, 'Yes'],
    ['tradeUnionsConsulted', false, 'No'],
    ['responseDeadlineHours', 24, '24 hours'],
    ['minimumOperators', 1, '1 person'],
    ['reviewCycleMonths', 1, '1 month'],
    ['ladoContact', '', 'Not set'],
    ['ladoContact', 'LADO team', 'LADO team'],
    ['postApproverNominees', [], 'Nobody named'],
    ['postApproverNominees', ['a', 'b'], 'a, b'],
    ['businessUse', 'unknown', 'unknown'],
  ])('POL-2: %s = %j is described as %j', (key, value, text) => {
    expect(describeSetting(key, value as never)).toBe(text);
  });

  test('POL-6: quantities use the singular for one', () => {
    expect(formatQuantity(1, 'hours')).toBe('1 hour');
    expect(formatQuantity(2, 'hours')).toBe('2 hours');
    expect(formatQuantity(1, 'people')).toBe('1 person');
    expect(formatQuantity(18, 'years old')).toBe('18 years old');
    expect(formatQuantity(1, 'widgets')).toBe('1 widgets');
    expect(upperFirst('reply deadline')).toBe('Reply deadline');
    expect(upperFirst('')).toBe('');
  });
});
