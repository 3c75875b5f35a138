/** A small roster and check context for the unit tests of the post checks. */
import { buildRosterMatcher, type RosterMatcher } from './names/roster-matcher.ts';
import type { CheckContext, RosterPupil } from './types.ts';

const pupil = (id: string, givenName: string, familyName: string, extra: Partial<RosterPupil> = {}): RosterPupil => ({
  id,
  givenName,
  familyName,
  formGroup: '4H',
  yearGroup: 4,
  dateOfBirth: '2016-11-03',
  neverPublish: false,
  consentSocial: true,
  ...extra,
});

export const PUPILS: RosterPupil[] = [
  pupil('jo', 'Joanna', 'Smith', { preferredName: 'Jo' }),
  pupil('amy', 'Amy', 'Brown', { formGroup: '5B', yearGroup: 5, dateOfBirth: '2016-04-07' }),
  pupil('isla', 'Isla', 'Hope', { formGroup: 'Elm', yearGroup: 6 }),
  pupil('ruby', 'Ruby', 'May', { formGroup: 'Elm', yearGroup: 6 }),
  pupil('harry', 'Harry', 'Long', { formGroup: '9B', yearGroup: 9 }),
  pupil('freddie', 'Freddie', 'Will', { formGroup: '10A', yearGroup: 10 }),
  pupil('grace', 'Grace', 'King', { formGroup: '8B', yearGroup: 8 }),
  pupil('niamh', 'Niamh', "O'Brien"),
  pupil('zoe', 'Zoë', 'Martín', { formGroup: 'Elm', yearGroup: 6 }),
  pupil('olivia', 'Olivia', 'Smith-Jones', { formGroup: 'Oak', yearGroup: 5 }),
  pupil('matteo', 'Matteo', 'van der Berg'),
  pupil('thomas', 'Thomas', 'Okafor', { formGroup: 'Elm', yearGroup: 6 }),
  pupil('rhys', 'Rhys', 'Thomas', { formGroup: '9A', yearGroup: 9 }),
  pupil('ellie-np', 'Ellie', 'Thompson', { neverPublish: true, formGroup: 'Oak', yearGroup: 5 }),
  pupil('ellie', 'Ellie', 'Mensah', { formGroup: 'Willow', yearGroup: 2 }),
  pupil('hope-np', 'Hope', 'Fairbairn', { neverPublish: true, formGroup: 'Rowan', yearGroup: 3 }),
  pupil('kai-np', 'Kai', 'Whitlock', { neverPublish: true, formGroup: '8A', yearGroup: 8 }),
  pupil('kai', 'Kai', 'Patel', { formGroup: 'Hazel', yearGroup: 1 }),
  pupil('poppy', 'Poppy', 'Bell', { consentSocial: false, formGroup: 'Rowan', yearGroup: 3 }),
  pupil('hazel', 'Hazel', 'Pritchard', { formGroup: 'Oak', yearGroup: 5 }),
];

let cached: RosterMatcher | undefined;

export function testRoster(): RosterMatcher {
  return (cached ??= buildRosterMatcher(PUPILS));
}

export function testContext(extra: Partial<CheckContext> = {}): CheckContext {
  return {
    roster: testRoster(),
    settings: { firstNamesOnly: true },
    schoolDomains: ['kestrelhill.sch.uk'],
    schoolPhones: ['01632 960410'],
    schoolPostcodes: ['ZZ9 4KH'],
    today: new Date('2026-03-16T09:00:00Z'),
    ...extra,
  };
}

/** The words each finding (or mention) covers. */
export const words = (text: string, spans: readonly { start: number; end: number }[]): string[] =>
  spans.map((s) => text.slice(s.start, s.end));
