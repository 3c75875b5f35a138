import { describe, expect, it } from 'vitest';
import type { KeyedFinding } from '../checks.ts';
import { humanChecksFor } from '../model.ts';
import { checkDecision } from './rules.ts';

const advice = (key: string): KeyedFinding => ({
  key,
  rule: 'contact-details',
  severity: 'advisory',
  clauseKey: 'contact.personal-details',
  message: 'A phone number',
  spans: [],
  where: 'text',
});
const problem: KeyedFinding = {
  key: 'b',
  rule: 'platform-limit',
  severity: 'blocking',
  clauseKey: '',
  message: 'Too long',
  spans: [],
  where: 'text',
};
const texts = (r: { errors: { text: string }[] }) => r.errors.map((e) => e.text);
const form = (extra: Partial<Parameters<typeof checkDecision>[0]>) => ({
  decision: '',
  comment: '',
  checks: [],
  overrides: {},
  confirmed: [],
  ...extra,
});

describe('PUB-4: the decision asks only the checks that apply, and finds every error at once', () => {
  it('PUB-4: a text-only post is not asked the photo checks; a post with photos is asked all four', () => {
    expect(humanChecksFor(false).map((c) => c.value)).toEqual(['appropriate', 'not-controversial']);
    expect(humanChecksFor(true).map((c) => c.value)).toEqual([
      'dressed',
      'not-ridiculed',
      'appropriate',
      'not-controversial',
    ]);
    const textOnly = checkDecision(
      form({ decision: 'approve', checks: ['appropriate', 'not-controversial'] }),
      [],
      humanChecksFor(false),
    );
    expect(textOnly.errors).toEqual([]);
    expect(textOnly.checks).toEqual(['appropriate', 'not-controversial']);
    expect(
      texts(
        checkDecision(
          form({ decision: 'approve', checks: ['appropriate', 'not-controversial'] }),
          [],
          humanChecksFor(true),
        ),
      ),
    ).toEqual(['Confirm each of the checks before approving the post']);
    // Ticks for checks that do not apply are not kept.
    expect(
      checkDecision(
        form({ decision: 'approve', checks: ['dressed', 'appropriate', 'not-controversial'] }),
        [],
        humanChecksFor(false),
      ).checks,
    ).toEqual(['appropriate', 'not-controversial']);
  });

  it('PUB-3: no decision chosen, but the approval started: the decision and everything the approval still needs, in the order of the page', () => {
    const result = checkDecision(
      form({ checks: ['appropriate'], overrides: { a1: 'ok' } }),
      [problem, advice('a1'), advice('a2')],
      humanChecksFor(false),
    );
    expect(texts(result)).toEqual([
      'This post cannot be approved: a check blocks it. Ask for changes instead',
      'Confirm each of the checks before approving the post',
      'Advice 1: give your reason for publishing despite it (at least 10 characters)',
      'Advice 2: give your reason for publishing despite it (at least 10 characters)',
      'Select whether to approve the post, ask for changes or reject it',
    ]);
    expect(result.errors.map((e) => e.href)).toEqual([
      '#findings',
      '#checks',
      '#override-a1',
      '#override-a2',
      '#decision',
    ]);
  });

  it('PUB-1: nothing started and nothing chosen: only the decision; asking for changes or rejecting needs only a comment', () => {
    expect(texts(checkDecision(form({}), [advice('a1')], humanChecksFor(true)))).toEqual([
      'Select whether to approve the post, ask for changes or reject it',
    ]);
    expect(
      texts(checkDecision(form({ decision: 'changes', checks: ['appropriate'] }), [problem], humanChecksFor(false))),
    ).toEqual(['Say what needs to change: the author will see your comment']);
    expect(
      texts(checkDecision(form({ decision: 'reject', comment: 'x'.repeat(2001) }), [], humanChecksFor(false))),
    ).toEqual(['The comment must be 2,000 characters or fewer']);
    expect(
      checkDecision(form({ decision: 'reject', comment: 'Not for social media' }), [problem], humanChecksFor(true))
        .errors,
    ).toEqual([]);
  });
});
