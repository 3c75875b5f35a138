import { describe, expect, it } from 'vitest';
import { suggestKind } from './kinds.ts';
import { replyRefusal } from './reply.ts';
import { manualSteps, stepsFor } from './steps.ts';
import { templatesWith } from './templates.ts';

describe('MON-3: the suggested kind', () => {
  it('MON-3: a threat is suggested as abuse', () => {
    expect(suggestKind('I will find you after school and you will regret it')).toBe('abuse');
    expect(suggestKind("I'll smash your windows")).toBe('abuse');
  });
  it('MON-3: a message using the offensive-language list is suggested as abuse', () => {
    expect(suggestKind('The head is a fucking idiot')).toBe('abuse');
  });
  it('MON-4: a journalist asking for comment is suggested as a press enquiry', () => {
    expect(
      suggestKind('I am a reporter at the Riverside Gazette. Could the school give a statement for our story?'),
    ).toBe('press');
  });
  it('MON-3: a complaint, a safeguarding worry and a plain question', () => {
    expect(suggestKind('I want to complain about the parking at pick-up')).toBe('complaint');
    expect(suggestKind('I think a child in year 4 is being groomed online')).toBe('safeguarding');
    expect(suggestKind('What time does the Christmas fair start?')).toBe('question');
  });
});

describe('MON-3, MON-4: steps and refusals', () => {
  it('MON-3: abuse has hide, block, report and the audience post; a parent’s offensive post the three templates', () => {
    expect(stepsFor('abuse').map((s) => s.key)).toEqual(['hidden', 'blocked', 'reported', 'audience-post']);
    expect(manualSteps('abuse').map((s) => s.key)).toEqual(['hidden', 'blocked', 'reported']);
    expect(stepsFor('parent-offensive').map((s) => s.key)).toEqual([
      'asked-remove',
      'invited-talk',
      'complaints-procedure',
    ]);
    expect(stepsFor('question')).toEqual([]);
  });
  it('MON-3: the school’s own words replace the default template', () => {
    const t = templatesWith([{ key: 'invite-talk', text: 'Come and see Mrs Okafor.' }]);
    expect(t['invite-talk']).toBe('Come and see Mrs Okafor.');
    expect(t['ask-remove']).toMatch(/remove this post/);
  });
  it('MON-4: a press reply needs the approved words exactly; others need only words', () => {
    const base = { responded: false, text: 'We are proud of our pupils.' };
    expect(replyRefusal({ ...base, kind: 'press', approvedText: null })).toBe('press-not-approved');
    expect(replyRefusal({ ...base, kind: 'press', approvedText: 'We are proud.' })).toBe('press-approval-stale');
    expect(replyRefusal({ ...base, kind: 'press', approvedText: 'We are proud of our pupils.\r\n' })).toBeNull();
    expect(replyRefusal({ ...base, kind: 'question', approvedText: null })).toBeNull();
    expect(replyRefusal({ ...base, text: '  ', kind: 'question', approvedText: null })).toBe('empty');
  });
});
