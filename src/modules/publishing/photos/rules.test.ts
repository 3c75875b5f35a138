import { describe, expect, test } from 'vitest';
import type { RosterPupil } from '../checks/types.ts';
import { photoFindings, photosFindings, type PhotoTagging } from './rules.ts';

const pupil = (id: string, givenName: string, familyName: string, flags: Partial<RosterPupil> = {}): RosterPupil => ({
  id,
  givenName,
  familyName,
  neverPublish: false,
  consentSocial: true,
  ...flags,
});

const roster = new Map<string, RosterPupil>(
  [
    pupil('p-ok-1', 'Amira', 'Khan'),
    pupil('p-ok-2', 'Ben', 'Okafor'),
    pupil('p-ok-3', 'Cara', 'Lee'),
    pupil('p-never', 'Dan', 'Price', { neverPublish: true, consentSocial: true }),
    pupil('p-never-noconsent', 'Eve', 'Shaw', { neverPublish: true, consentSocial: false }),
    pupil('p-noconsent', 'Finn', 'Walsh', { consentSocial: false }),
    pupil('p-preferred', 'Gabriel', 'Moss', { preferredName: 'Gabe', consentSocial: false }),
  ].map((p) => [p.id, p]),
);

const photo = (over: Partial<PhotoTagging> = {}): PhotoTagging => ({
  taggedPupilIds: [],
  noPupilsVisible: false,
  ...over,
});
const codes = (p: PhotoTagging, image = 0) => photoFindings(p, image, roster).map((f) => `${f.code}:${f.severity}`);

describe('photo rules: tagging (PUB-4)', () => {
  test('PUB-4: an untagged photo without the "no pupils visible" confirmation blocks', () => {
    const [f, ...rest] = photoFindings(photo(), 0, roster);
    expect(rest).toEqual([]);
    expect(f).toEqual({
      code: 'untagged',
      rule: 'photo-consent',
      severity: 'blocking',
      clauseKey: 'images.consent',
      message: 'Photo 1: tag every pupil who can be seen, or confirm that no pupils can be seen.',
      spans: [],
      where: 'photo',
      image: 0,
    });
  });

  test('PUB-4: the untagged finding mentions the faces found, and only that one finding is given', () => {
    const findings = photoFindings(photo({ detectedFaces: 3 }), 1, roster);
    expect(findings.map((f) => f.code)).toEqual(['untagged']);
    expect(findings[0]!.message).toBe(
      'Photo 2: tag every pupil who can be seen, or confirm that no pupils can be seen. Postwarden found 3 faces in it.',
    );
    expect(photoFindings(photo({ detectedFaces: 1 }), 0, roster)[0]!.message).toMatch(/found 1 face in it\.$/);
    expect(photoFindings(photo({ detectedFaces: 0 }), 0, roster)[0]!.message).not.toMatch(/found/);
  });

  test('PUB-4: "no pupils visible" with no tags and no faces is clean', () => {
    expect(codes(photo({ noPupilsVisible: true }))).toEqual([]);
    expect(codes(photo({ noPupilsVisible: true, detectedFaces: 0 }))).toEqual([]);
    expect(codes(photo({ noPupilsVisible: true, confirmedPupils: 0 }))).toEqual([]);
  });

  test('PUB-4: tags together with "no pupils visible" contradict each other and block', () => {
    const findings = photoFindings(photo({ noPupilsVisible: true, taggedPupilIds: ['p-ok-1', 'p-ok-2'] }), 0, roster);
    expect(findings.map((f) => `${f.code}:${f.severity}`)).toEqual(['tags-contradict-confirmation:blocking']);
    expect(findings[0]!.message).toBe(
      'Photo 1: you tagged 2 pupils but also confirmed that no pupils can be seen. Remove the tags or the confirmation.',
    );
  });

  test('PUB-4: every tagged pupil with consent, and no count given, is clean', () => {
    expect(codes(photo({ taggedPupilIds: ['p-ok-1', 'p-ok-2', 'p-ok-3'] }))).toEqual([]);
  });
});

describe('photo rules: face count from the detector (PUB-4, advisory)', () => {
  test.each([
    [3, ['p-ok-1', 'p-ok-2', 'p-ok-3'], []],
    [2, ['p-ok-1', 'p-ok-2', 'p-ok-3'], []],
    [0, ['p-ok-1'], []],
    [4, ['p-ok-1', 'p-ok-2', 'p-ok-3'], ['more-faces-than-tags:advisory']],
    [2, ['p-ok-1'], ['more-faces-than-tags:advisory']],
  ])('PUB-4: %i faces with %j tagged gives %j', (faces, tags, expected) => {
    expect(codes(photo({ detectedFaces: faces, taggedPupilIds: tags }))).toEqual(expected);
  });

  test('PUB-4: more faces than tags says how many and that adults need no tag', () => {
    expect(
      photoFindings(photo({ detectedFaces: 4, taggedPupilIds: ['p-ok-1', 'p-ok-2', 'p-ok-3'] }), 0, roster)[0]!.message,
    ).toBe(
      'Photo 1: Postwarden found 4 faces but 3 pupils are tagged. Tag every pupil who can be seen (adults need no tag).',
    );
    expect(photoFindings(photo({ detectedFaces: 2, taggedPupilIds: ['p-ok-1'] }), 0, roster)[0]!.message).toBe(
      'Photo 1: Postwarden found 2 faces but 1 pupil is tagged. Tag every pupil who can be seen (adults need no tag).',
    );
  });

  test('PUB-4: faces found in a photo confirmed to show no pupils is advisory (they may be adults)', () => {
    const findings = photoFindings(photo({ noPupilsVisible: true, detectedFaces: 2 }), 2, roster);
    expect(findings.map((f) => `${f.code}:${f.severity}`)).toEqual(['more-faces-than-tags:advisory']);
    expect(findings[0]!.message).toBe(
      'Photo 3: Postwarden found 2 faces, but you confirmed that no pupils can be seen. Check that they are all adults.',
    );
  });

  test('PUB-4: a repeated tag counts once against the faces', () => {
    expect(codes(photo({ detectedFaces: 2, taggedPupilIds: ['p-ok-1', 'p-ok-1'] }))).toEqual([
      'more-faces-than-tags:advisory',
    ]);
  });

  test.each([null, undefined, -1, 1.5, Number.NaN])('PUB-4: an unusable face count (%s) is ignored', (faces) => {
    expect(codes(photo({ detectedFaces: faces as number, taggedPupilIds: ['p-ok-1'] }))).toEqual([]);
  });
});

describe('photo rules: the uploader’s own count when detection is not available (PUB-4)', () => {
  test('PUB-4: fewer tags than the pupils the uploader says are visible blocks', () => {
    const findings = photoFindings(photo({ confirmedPupils: 3, taggedPupilIds: ['p-ok-1', 'p-ok-2'] }), 0, roster);
    expect(findings.map((f) => `${f.code}:${f.severity}`)).toEqual(['pupils-untagged:blocking']);
    expect(findings[0]!.message).toBe(
      'Photo 1: you said 3 pupils can be seen but tagged 2. Tag every pupil who can be seen.',
    );
  });

  test('PUB-4: a count of pupils with "no pupils visible" is caught', () => {
    expect(codes(photo({ noPupilsVisible: true, confirmedPupils: 1 }))).toEqual(['pupils-untagged:blocking']);
  });

  test('PUB-4: more tags than the count is advisory; an equal count is clean', () => {
    expect(codes(photo({ confirmedPupils: 1, taggedPupilIds: ['p-ok-1', 'p-ok-2'] }))).toEqual([
      'more-tags-than-pupils:advisory',
    ]);
    expect(
      photoFindings(photo({ confirmedPupils: 1, taggedPupilIds: ['p-ok-1', 'p-ok-2'] }), 0, roster)[0]!.message,
    ).toBe('Photo 1: you tagged 2 pupils but said 1 can be seen. Check the tags and the number.');
    expect(codes(photo({ confirmedPupils: 2, taggedPupilIds: ['p-ok-1', 'p-ok-2'] }))).toEqual([]);
  });

  test('PUB-4: the detector and the uploader’s count can both apply', () => {
    expect(codes(photo({ confirmedPupils: 2, detectedFaces: 5, taggedPupilIds: ['p-ok-1'] }))).toEqual([
      'pupils-untagged:blocking',
      'more-faces-than-tags:advisory',
    ]);
  });
});

describe('photo rules: who is tagged (PUB-4, PUB-2)', () => {
  test('PUB-4: a tagged pupil on the never-publish list blocks, citing the never-publish clause', () => {
    const findings = photoFindings(photo({ taggedPupilIds: ['p-ok-1', 'p-never'] }), 0, roster);
    expect(findings).toEqual([
      {
        code: 'never-publish',
        rule: 'never-publish',
        severity: 'blocking',
        clauseKey: 'images.never-publish',
        message:
          'Photo 1: Dan Price is on the school’s never-publish list and must not appear in anything the school publishes. Remove this photo.',
        spans: [],
        where: 'photo',
        image: 0,
        pupilId: 'p-never',
      },
    ]);
  });

  test('PUB-4: a tagged pupil without social media consent blocks, citing the consent clause', () => {
    const findings = photoFindings(photo({ taggedPupilIds: ['p-noconsent'] }), 0, roster);
    expect(findings).toEqual([
      {
        code: 'no-consent',
        rule: 'photo-consent',
        severity: 'blocking',
        clauseKey: 'images.consent',
        message:
          'Photo 1: Finn Walsh’s parents or carers have not given consent for photos on the school’s social media. Remove this photo or choose one without Finn Walsh.',
        spans: [],
        where: 'photo',
        image: 0,
        pupilId: 'p-noconsent',
      },
    ]);
  });

  test('PUB-4: a pupil who is never-publish and without consent gets the never-publish finding only', () => {
    expect(codes(photo({ taggedPupilIds: ['p-never-noconsent'] }))).toEqual(['never-publish:blocking']);
  });

  test('PUB-4: the name used is the one the pupil goes by', () => {
    expect(photoFindings(photo({ taggedPupilIds: ['p-preferred'] }), 0, roster)[0]!.message).toContain(
      'Gabe Moss’s parents',
    );
  });

  test('PUB-4: a tagged id that is not on this school’s roster blocks (consent cannot be checked)', () => {
    const findings = photoFindings(photo({ taggedPupilIds: ['pupil-of-another-school'] }), 0, roster);
    expect(findings.map((f) => [f.code, f.severity, f.pupilId])).toEqual([
      ['unknown-pupil', 'blocking', 'pupil-of-another-school'],
    ]);
    expect(findings[0]!.message).not.toContain('pupil-of-another-school');
  });

  test('PUB-4: each problem pupil is reported once, in tag order, after the tagging findings', () => {
    const p = photo({ detectedFaces: 6, taggedPupilIds: ['p-noconsent', 'p-ok-1', 'p-never', 'p-noconsent', 'ghost'] });
    expect(photoFindings(p, 0, roster).map((f) => `${f.code}:${f.pupilId ?? ''}`)).toEqual([
      'more-faces-than-tags:',
      'no-consent:p-noconsent',
      'never-publish:p-never',
      'unknown-pupil:ghost',
    ]);
  });

  test('PUB-4: consent and never-publish are checked even when the tagging contradicts itself', () => {
    expect(codes(photo({ noPupilsVisible: true, taggedPupilIds: ['p-never'] }))).toEqual([
      'tags-contradict-confirmation:blocking',
      'never-publish:blocking',
    ]);
  });

  test('PUB-4: with an empty roster every tag is unknown', () => {
    expect(photoFindings(photo({ taggedPupilIds: ['p-ok-1'] }), 0, new Map()).map((f) => f.code)).toEqual([
      'unknown-pupil',
    ]);
  });
});

describe('photo rules: a whole post (PUB-4)', () => {
  test('PUB-4: findings are numbered by photo and carry the image index', () => {
    const findings = photosFindings(
      [photo({ noPupilsVisible: true }), photo(), photo({ taggedPupilIds: ['p-never'] })],
      roster,
    );
    expect(findings.map((f) => [f.image, f.code])).toEqual([
      [1, 'untagged'],
      [2, 'never-publish'],
    ]);
    expect(findings[0]!.message).toMatch(/^Photo 2: /);
    expect(findings[1]!.message).toMatch(/^Photo 3: /);
  });

  test('PUB-4: a post with no photos has no photo findings', () => {
    expect(photosFindings([], roster)).toEqual([]);
  });

  test('PUB-4: every finding is shaped for the posting checks (where photo, no spans, a cited clause)', () => {
    const all = photosFindings(
      [
        photo(),
        photo({ noPupilsVisible: true, taggedPupilIds: ['p-ok-1'] }),
        photo({ confirmedPupils: 4, detectedFaces: 9, taggedPupilIds: ['p-never', 'p-noconsent', 'x'] }),
      ],
      roster,
    );
    expect(all.length).toBeGreaterThanOrEqual(6);
    for (const f of all) {
      expect(f.where).toBe('photo');
      expect(f.spans).toEqual([]);
      expect(['images.consent', 'images.never-publish']).toContain(f.clauseKey);
      expect(['blocking', 'advisory']).toContain(f.severity);
      expect(f.message).toMatch(/^Photo \d: .+\.$/);
    }
  });
});
