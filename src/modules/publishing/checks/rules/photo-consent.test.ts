import { describe, expect, test } from 'vitest';
import { testContext } from '../test-support.ts';
import { photoConsent } from './photo-consent.ts';

describe('photo-consent', () => {
  test('PUB-2: a pupil without consent for social media tagged in a photo blocks, citing consent', () => {
    const findings = photoConsent(
      { text: 'Year 3', images: [{ taggedPupilIds: ['amy'] }, { taggedPupilIds: ['poppy', 'amy', 'poppy'] }] },
      testContext(),
    );
    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'photo-consent',
        severity: 'blocking',
        clauseKey: 'images.consent',
        where: 'photo',
        image: 1,
        pupilId: 'poppy',
        spans: [],
      }),
    ]);
  });

  test('PUB-2: pupils with consent, unknown tags, no photos and never-publish pupils (their own check) give nothing here', () => {
    expect(
      photoConsent({ text: 'x', images: [{ taggedPupilIds: ['amy', 'nobody', 'ellie-np'] }] }, testContext()),
    ).toEqual([]);
    expect(photoConsent({ text: 'x' }, testContext())).toEqual([]);
  });
});
