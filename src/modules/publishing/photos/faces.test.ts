import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, test } from 'vitest';
import { countFaces, type FaceCount } from './faces.ts';
import { processPhoto } from './process.ts';
import { photoFindings } from './rules.ts';

/**
 * The group photos that ship inside the detector's own npm package (no photo is downloaded).
 * Faces counted by eye: sample1 three, sample5 five, sample6 four.
 */
const demo = (name: string) => {
  const root = path.dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json'));
  return fs.readFileSync(path.join(root, 'demo', name));
};
const fixture = (name: string) => fs.readFileSync(new URL(`../../../../test/fixtures/images/${name}`, import.meta.url));

function faces(result: FaceCount): number {
  if (!result.available) throw new Error(`detector unavailable: ${result.reason}`);
  // Well under the ~11 s of the pure-JavaScript backend: the WebAssembly backend is the one running.
  expect(result.ms).toBeLessThan(8000);
  return result.faces;
}

describe('countFaces (PUB-4: untagged faces are a finding where detection is available)', () => {
  test('PUB-4: counts the faces in a cleaned group photo', async () => {
    const cleaned = await processPhoto(demo('sample1.jpg'));
    if (!cleaned.ok) throw new Error(cleaned.message);
    expect(faces(await countFaces(cleaned.bytes))).toBe(3);
  });

  test('PUB-4: counts five faces, and four, in other group photos', async () => {
    expect(faces(await countFaces(demo('sample5.jpg')))).toBe(5);
    expect(faces(await countFaces(demo('sample6.jpg')))).toBe(4);
  });

  test('PUB-4: finds no faces in a landscape or a plain image', async () => {
    expect(faces(await countFaces(fixture('gps-camera.jpg')))).toBe(0);
    const plain = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#d0c8b0' } })
      .jpeg()
      .toBuffer();
    expect(faces(await countFaces(plain))).toBe(0);
  });

  test('PUB-4: honours EXIF orientation (a photo stored sideways is counted the right way up)', async () => {
    const storedSideways = await sharp(demo('sample5.jpg')).rotate(-90).jpeg().toBuffer();
    // The detector itself misses sideways faces, so turning the photo upright is what finds them.
    expect(faces(await countFaces(storedSideways))).toBeLessThan(5);
    const tagged = await sharp(storedSideways).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    expect(faces(await countFaces(tagged))).toBe(5);
  });

  test('PUB-4: detections asked for at once each get their own answer', async () => {
    const results = await Promise.all(['sample1.jpg', 'sample5.jpg', 'sample6.jpg'].map((n) => countFaces(demo(n))));
    expect(results.map(faces)).toEqual([3, 5, 4]);
  });

  test('PUB-4: something that is not an image gives "unavailable", never an exception', async () => {
    expect(await countFaces(Buffer.from('not an image'))).toEqual({
      available: false,
      reason: 'The photo could not be read for face detection.',
    });
    expect(await countFaces(new Uint8Array())).toMatchObject({ available: false });
  });

  test('Issue 8: a photo asked for again is answered from its first count (the demo counts its photos ahead of seeding); an unreadable one is tried again', async () => {
    const photo = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#a0b0c0' } })
      .jpeg()
      .toBuffer();
    const first = countFaces(photo);
    const again = countFaces(Buffer.from(photo));
    expect(await again).toBe(await first);
    const broken = await countFaces(Buffer.from('still not an image'));
    expect(await countFaces(Buffer.from('still not an image'))).not.toBe(broken);
  });

  test('PUB-4: a group photo with fewer tags than faces is flagged by the photo rules', async () => {
    const cleaned = await processPhoto(demo('sample5.jpg'));
    if (!cleaned.ok) throw new Error(cleaned.message);
    const detectedFaces = faces(await countFaces(cleaned.bytes));
    const pupils = new Map([
      ['p1', { id: 'p1', givenName: 'Amira', familyName: 'Khan', neverPublish: false, consentSocial: true }],
    ]);
    const findings = photoFindings({ taggedPupilIds: ['p1'], noPupilsVisible: false, detectedFaces }, 0, pupils);
    expect(findings.map((f) => [f.code, f.severity])).toEqual([['more-faces-than-tags', 'advisory']]);
    expect(findings[0]!.message).toBe(
      'Photo 1: Postwarden found 5 faces but 1 pupil is tagged. Tag every pupil who can be seen (adults need no tag).',
    );
  });
});
