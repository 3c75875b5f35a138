/**
 * Each kind's steps (MON-3, MON-4; 001), recorded on the item as they are done. Pure.
 * `platforms` says where Postwarden can only record a step done on the platform (every step here is
 * recorded; none is done through an API, since hiding, blocking and reporting are not in the
 * platforms' APIs for a school's app password or token in a way the policy can rely on).
 */
import type { ItemKind } from '../schema.ts';

export interface Step {
  key: string;
  text: string;
}

export const STEPS: Partial<Record<ItemKind, Step[]>> = {
  abuse: [
    { key: 'hidden', text: 'Hidden or deleted on the platform' },
    { key: 'blocked', text: 'Author blocked' },
    { key: 'reported', text: 'Reported to the platform' },
    { key: 'audience-post', text: 'Post telling the audience why drafted (checked and approved like any post)' },
  ],
  'parent-offensive': [
    { key: 'asked-remove', text: 'Asked them to remove it' },
    { key: 'invited-talk', text: 'Invited them to talk' },
    { key: 'complaints-procedure', text: 'Pointed them to the complaints procedure' },
  ],
  'pupil-offensive': [{ key: 'concern-opened', text: 'Concern opened under the behaviour policy' }],
  safeguarding: [{ key: 'concern-opened', text: 'Concern opened with the item as evidence' }],
  press: [{ key: 'routed-to-slt', text: 'Sent to the headteacher and senior leadership' }],
};

export function stepsFor(kind: ItemKind): Step[] {
  return STEPS[kind] ?? [];
}

export function stepOf(kind: ItemKind, key: string): Step | undefined {
  return stepsFor(kind).find((s) => s.key === key);
}

/** The steps a person records by hand (the concern and the audience post are recorded when made). */
export function manualSteps(kind: ItemKind): Step[] {
  return stepsFor(kind).filter((s) => !['concern-opened', 'audience-post', 'routed-to-slt'].includes(s.key));
}
