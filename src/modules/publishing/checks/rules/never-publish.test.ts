import { describe, expect, test } from 'vitest';
import { testContext, words } from '../test-support.ts';
import type { PostInput } from '../types.ts';
import { neverPublish } from './never-publish.ts';

const check = (post: PostInput) => neverPublish(post, testContext());

describe('never-publish', () => {
  test('PUB-2, issue 16: a never-publish pupil named in any form is found; a full name blocks, a first name or surname alone waits for confirmation', () => {
    const text = 'Ellie, Ellie Thompson and Thompson. E. Thompson and Thompson, Ellie.';
    const findings = check({ text });
    expect(findings.map((f) => [words(text, f.spans)[0], f.severity])).toEqual([
      ['Ellie', 'confirm'],
      ['Ellie Thompson', 'blocking'],
      ['Thompson', 'confirm'],
      ['E. Thompson', 'blocking'],
      ['Thompson, Ellie', 'blocking'],
    ]);
    for (const f of findings)
      expect(f).toMatchObject({ rule: 'never-publish', clauseKey: 'images.never-publish', pupilId: 'ellie-np' });
    expect(findings[0]!.confirm).toBe('This is not the pupil on the never-publish list.');
    expect(findings[1]!.confirm).toBeUndefined();
  });

  test('PUB-2, issue 16: the first name alone is read as the never-publish pupil until the approver confirms otherwise, and the author is told how', () => {
    const [f] = check({ text: 'Star of the week: Kai!' });
    expect(f!.severity).toBe('confirm');
    expect(f!.message).toMatch(/approver must confirm it is not that pupil/);
  });

  test('Issue 16: a mascot with a never-publish first name waits for confirmation; a visitor with another surname is someone else', () => {
    const mascot = 'Kai the Kestrel, our reading mascot, visited Year 2 today.';
    expect(check({ text: mascot }).map((f) => [words(mascot, f.spans)[0], f.severity])).toEqual([['Kai', 'confirm']]);
    expect(check({ text: 'Our visiting author, Kai Holloway, signed books for Year 3.' })).toEqual([]);
    expect(check({ text: 'Thank you to Ellie Rowntree from the food bank.' })).toEqual([]);
    // but another pupil's class, a greeting or a month after the name does not make it someone else
    expect(check({ text: 'Well done Kai Friday!' }).map((f) => f.severity)).toEqual(['confirm']);
  });

  test('Issue 16: a never-publish first name that is a value or a theme is a word', () => {
    expect(check({ text: 'Our value this half term is Hope.' })).toEqual([]);
    expect(check({ text: 'Theme of the week: Hope.' })).toEqual([]);
    expect(check({ text: 'Hope is at the heart of everything we do.' })).toEqual([]);
  });

  test('PUB-2: the words can show another pupil is meant: a full name, a surname initial, the class beside the name', () => {
    expect(check({ text: 'Well done Ellie Mensah, Ellie M. and Kai in Hazel class.' })).toEqual([]);
  });

  test('PUB-2: "Hope you had a good break" is not Hope; "Well done, Hope" is', () => {
    expect(check({ text: 'Hope you had a good break.' })).toEqual([]);
    expect(check({ text: 'Well done, Hope!' })).toHaveLength(1);
  });

  test('PUB-2: a never-publish pupil tagged in a photo blocks, whatever the text', () => {
    const findings = check({
      text: '',
      images: [{ taggedPupilIds: ['amy'] }, { taggedPupilIds: ['kai-np', 'kai-np', 'unknown'] }],
    });
    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'never-publish',
        severity: 'blocking',
        where: 'photo',
        image: 1,
        pupilId: 'kai-np',
        spans: [],
      }),
    ]);
  });
});
