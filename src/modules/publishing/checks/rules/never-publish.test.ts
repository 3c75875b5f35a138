import { describe, expect, test } from 'vitest';
import { testContext, words } from '../test-support.ts';
import type { PostInput } from '../types.ts';
import { neverPublish } from './never-publish.ts';

const check = (post: PostInput) => neverPublish(post, testContext());

describe('never-publish', () => {
  test('PUB-2: a never-publish pupil named in any form blocks, first name alone included', () => {
    const text = 'Ellie, Ellie Thompson and Thompson. E. Thompson and Thompson, Ellie.';
    const findings = check({ text });
    expect(findings.map((f) => words(text, f.spans)[0])).toEqual(['Ellie', 'Ellie Thompson', 'Thompson', 'E. Thompson', 'Thompson, Ellie']);
    for (const f of findings) expect(f).toMatchObject({ rule: 'never-publish', severity: 'blocking', clauseKey: 'images.never-publish', pupilId: 'ellie-np' });
  });

  test('PUB-2: the first name alone is read as the never-publish pupil, with a way out explained', () => {
    const [f] = check({ text: 'Star of the week: Kai!' });
    expect(f!.message).toMatch(/surname initial or their class/);
  });

  test('PUB-2: the words can show another pupil is meant: a full name, a surname initial, the class beside the name', () => {
    expect(check({ text: 'Well done Ellie Mensah, Ellie M. and Kai in Hazel class.' })).toEqual([]);
  });

  test('PUB-2: "Hope you had a good break" is not Hope; "Well done, Hope" is', () => {
    expect(check({ text: 'Hope you had a good break.' })).toEqual([]);
    expect(check({ text: 'Well done, Hope!' })).toHaveLength(1);
  });

  test('PUB-2: a never-publish pupil tagged in a photo blocks, whatever the text', () => {
    const findings = check({ text: '', images: [{ taggedPupilIds: ['amy'] }, { taggedPupilIds: ['kai-np', 'kai-np', 'unknown'] }] });
    expect(findings).toEqual([
      expect.objectContaining({ rule: 'never-publish', severity: 'blocking', where: 'photo', image: 1, pupilId: 'kai-np', spans: [] }),
    ]);
  });
});
