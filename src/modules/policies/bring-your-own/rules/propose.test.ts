import { describe, expect, test } from 'vitest';
import { linesOfText } from '../read/lines.ts';
import { proposeSettings, type Proposal } from './propose.ts';
import { sentencesOf } from './sentences.ts';
import { splitPolicy } from './split.ts';

const propose = (text: string): Record<string, Proposal> =>
  Object.fromEntries(proposeSettings(sentencesOf(splitPolicy(linesOfText(text)))).map((p) => [p.key, p]));

describe('POL-7: settings proposed from wording not in the seeds', () => {
  test('POL-7: "will be reviewed every three years" is a 36-month cycle, from that sentence', () => {
    const p = propose('Review\n\nThis policy will be reviewed every three years by the trust board.\n');
    expect(p.reviewCycleMonths?.value).toBe(36);
    expect(p.reviewCycleMonths?.sentence).toBe('This policy will be reviewed every three years by the trust board.');
    expect(p.approvedBy?.value).toBe('Trust board');
  });

  test('POL-7: the head’s title is the one used most: "Head of School"', () => {
    const p = propose('Staff tell the Head of School. The Head of School decides. Formerly the Headteacher did.\n');
    expect(p.headTitle?.value).toBe('Head of School');
    expect(p.roles?.value).toContain('headteacher');
  });

  test('POL-7: "pupils and ex-pupils under 13" is proposed as 13 (the confirmation page says it is below what Postwarden allows)', () => {
    const p = propose('Do not accept friend requests from pupils and ex-pupils under 13.\n');
    expect(p.pupilContactAgeLimit?.value).toBe(13);
  });

  test('POL-7: reply deadlines in days, the weekend rule, checks twice a day, three named people, a takedown in 48 hours', () => {
    const p = propose(
      'Messages on the school’s accounts must be answered within two working days, or on the next working day after a weekend.\n\nThe school accounts are checked twice a day.\n\nEach account is run by at least three named members of staff.\n\nWe will ask the site to have the post removed within 48 hours.\n',
    );
    expect(p.responseDeadlineHours?.value).toBe(48);
    expect(p.weekendNextWorkingDay?.value).toBe(true);
    expect(p.accountCheckIntervalHours?.value).toBe(12);
    expect(p.minimumOperators?.value).toBe(3);
    expect(p.takedownTargetHours?.value).toBe(48);
  });

  test('POL-7: alternatives offered with "Or": the first is proposed and the other kept beside it', () => {
    const p = propose(
      'Personal use of social media is never permitted during working hours.\n\nOr\n\nOccasional personal use is permitted in the staff room, a designated place.\n',
    );
    expect(p.personalUseAtWork?.value).toBe('never');
    expect(p.personalUseAtWork?.alternatives.map((a) => a.value)).toEqual(['designated-place']);
  });

  test('POL-7: dates: approved on 1st September 2024, next review date 01/09/2025', () => {
    const p = propose('Approved by the governing body on 1st September 2024. Next review date: 01/09/2025.\n');
    expect(p.approvedOn?.value).toBe('2024-09-01');
    expect(p.reviewDue?.value).toBe('2025-09-01');
    expect(p.approvedBy?.value).toBe('Governing body');
  });

  test('POL-7: a policy in Welsh gets no proposals rather than wrong ones', () => {
    const p = propose(
      'Polisi Cyfryngau Cymdeithasol\n\n1. Cyflwyniad\n\n1.1 Bydd y polisi hwn yn cael ei adolygu bob blwyddyn gan y corff llywodraethu.\n1.2 Rhaid ymateb i negeseuon o fewn 24 awr.\n1.3 Ni ddylai staff dderbyn ceisiadau ffrind gan ddisgyblion o dan 18 oed.\n',
    );
    expect(Object.keys(p)).toEqual([]);
  });

  test('POL-7: a sentence that names no setting proposes nothing', () => {
    expect(propose('Be kind online. Think before you post.\n')).toEqual({});
  });
});
