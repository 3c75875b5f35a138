import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { errorSummary } from '../../support/agent.ts';
import { changedTables, pageText, snapshot } from '../directory/helpers.ts';
import { draftForm, idFrom, seedPostingWorld, type PostingWorld } from './support.ts';

import { processPhoto } from '../../../src/modules/publishing/photos/process.ts';

// The real cleaning, watched: a test can tell whether a photo was ever handed to it.
vi.mock('../../../src/modules/publishing/photos/process.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/modules/publishing/photos/process.ts')>();
  return { ...real, processPhoto: vi.fn(real.processPhoto) };
});

const FIXTURES = path.join(import.meta.dirname, '../../fixtures/images');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));

/** A PNG of a few hundred bytes whose header declares width × height pixels; its pixel data is one row, so decoding it could only fail. */
function declaredPng(width: number, height: number): Buffer {
  const crc32 = (data: Buffer) => {
    let crc = 0xffffffff;
    for (const byte of data) {
      crc ^= byte;
      for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
    }
    return (crc ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1 + width * 3))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
const cleanings = () => vi.mocked(processPhoto).mock.calls.length;

describe('photos on a post (PUB-4)', () => {
  let t: TestApp;
  let w: PostingWorld;
  let postId: string;
  const db = () => t.database.db;
  beforeAll(async () => {
    t = await startTestApp();
    w = await seedPostingWorld(t);
    const created = await w.agents.teacher.post(
      '/posts/new',
      draftForm(w.accountId, 'Year 4 planting bulbs in the garden'),
    );
    postId = idFrom(created.headers.location);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const upload = (name: string, content: Buffer, type = 'image/jpeg') =>
    w.agents.teacher.upload(`/posts/${postId}/photos/new`, {}, { field: 'photo', filename: name, content, type });

  it('PUB-4: a photo carrying a location is cleaned: the uploader is told, and the stored photo has no GPS or other metadata', async () => {
    const original = fixture('gps-camera.jpg');
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const response = await upload('IMG_2041.jpg', original);
    expect(response.statusCode, errorSummary(response.body).join()).toBe(302);
    const page = await w.agents.teacher.get(String(response.headers.location));
    expect(pageText(page.body)).toMatch(/location/i);
    const image = await db()
      .selectFrom('post_image')
      .selectAll()
      .where('post_id', '=', postId)
      .executeTakeFirstOrThrow();
    expect(image.had_location).toBe(true);
    const stored = await sharp(Buffer.from(image.bytes)).metadata();
    expect(stored.exif).toBeUndefined();
    expect(stored.xmp).toBeUndefined();
    expect(stored.iptc).toBeUndefined();
    expect(Buffer.from(image.bytes).includes(Buffer.from('GPS'))).toBe(false);
    // The file served for download is the cleaned one.
    const file = await w.agents.teacher.get(`/posts/${postId}/photos/${image.id}/file?download=1`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.compare(file.rawPayload, Buffer.from(image.bytes))).toBe(0);
  });

  it('PUB-4: files that are not photos are refused by their content, whatever they are called, and nothing is stored', async () => {
    const before = await snapshot(t);
    for (const [name, content, words] of [
      ['report.jpg', fixture('pdf-named.jpg'), /PDF/],
      ['logo.jpg', fixture('svg-named.jpg'), /SVG|drawing/i],
      ['broken.jpg', fixture('corrupt-header.jpg'), /damaged|read/i],
      ['empty.jpg', fixture('empty.jpg'), /empty/i],
    ] as const) {
      const response = await upload(name, content);
      expect(response.statusCode, name).toBe(400);
      const summary = errorSummary(response.body);
      expect(summary.length, name).toBe(1);
      expect(summary[0], name).toMatch(words);
      expect(response.body).not.toMatch(/at .*\.ts:\d+/);
    }
    expect(changedTables(before, await snapshot(t))).toEqual([]);
  });

  it('PUB-4: a photo larger than the upload limit is refused with the limit in the message', async () => {
    const big = Buffer.concat([fixture('gps-camera.jpg'), Buffer.alloc(40 * 1024 * 1024, 1)]);
    const before = await snapshot(t);
    const response = await upload('huge.jpg', big);
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual([
      `The selected photo must be smaller than ${t.config.uploadLimitMb} MB`,
    ]);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
  });

  it('PUB-4: a photo whose header declares more than 40 megapixels is refused from the header, before any pixel is decoded', async () => {
    // 8,000 × 6,000 (48 megapixels) in under 1 KB. Decoding it would fail ("damaged"): the refusal says its size, so the header alone decided.
    const declared = declaredPng(8_000, 6_000);
    expect(declared.length).toBeLessThan(1024);
    const before = await snapshot(t);
    const response = await upload('huge-camera.png', declared, 'image/png');
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual([
      'This photo is 8,000 by 6,000 pixels, which is too big to check (the limit is 40 megapixels). Upload a smaller copy of the photo.',
    ]);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    // The page says the limit before anyone uploads.
    expect(pageText((await w.agents.teacher.get(`/posts/${postId}/photos/new`)).body)).toContain(
      'no bigger than 40 megapixels',
    );
  });

  it('PUB-4: someone who may see the post but not change it gets 404, and their photo is never read', async () => {
    // dsl-a1 runs the same account, so may see the teacher's draft, but only its author changes it.
    const before = await snapshot(t);
    const cleaned = cleanings();
    const response = await w.agents.nominee.upload(
      `/posts/${postId}/photos/new`,
      {},
      { field: 'photo', filename: 'theirs.jpg', content: fixture('gps-camera.jpg'), type: 'image/jpeg' },
    );
    expect(response.statusCode).toBe(404);
    expect(cleanings()).toBe(cleaned);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
  });

  it('PUB-4: a post that already has 4 photos refuses a fifth before reading it', async () => {
    const created = await w.agents.teacher.post(
      '/posts/new',
      draftForm(w.accountId, 'Four photos of the harvest festival'),
    );
    const full = idFrom(created.headers.location);
    const stored = await db()
      .selectFrom('post_image')
      .selectAll()
      .where('post_id', '=', postId)
      .executeTakeFirstOrThrow();
    for (const position of [1, 2, 3, 4]) {
      const { id: _id, ...copy } = stored;
      await db()
        .insertInto('post_image')
        .values({ ...copy, post_id: full, position, tagged_pupil_ids: [] })
        .execute();
    }
    const before = await snapshot(t);
    const cleaned = cleanings();
    const response = await w.agents.teacher.upload(
      `/posts/${full}/photos/new`,
      {},
      { field: 'photo', filename: 'fifth.jpg', content: fixture('gps-camera.jpg'), type: 'image/jpeg' },
    );
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual(['A post can have up to 4 photos. Remove one before adding another']);
    expect(cleanings()).toBe(cleaned);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
  });

  it('PUB-4: every photo must be tagged or confirmed free of pupils; a tagged pupil without consent, or on the never-publish list, blocks', async () => {
    const image = await db()
      .selectFrom('post_image')
      .select('id')
      .where('post_id', '=', postId)
      .executeTakeFirstOrThrow();
    const findings = async () =>
      (await db().selectFrom('post').select('findings').where('id', '=', postId).executeTakeFirstOrThrow())
        .findings as { severity: string; where: string; code?: string; rule: string }[];
    expect((await findings()).some((f) => f.where === 'photo' && f.severity === 'blocking')).toBe(true);
    // Searching the roster by name finds the pupil; the never-publish pupil is shown with a warning.
    const search = await w.agents.teacher.post(`/posts/${postId}/photos/${image.id}`, {
      altText: 'Children planting bulbs',
      q: 'Oakhurst',
      action: 'search',
    });
    expect(pageText(search.body)).toContain(
      'Marnie Oakhurst (Year 4, 4B) – Must never appear in anything the school publishes',
    );
    // Saving with nothing tagged and no confirmation is refused.
    const neither = await w.agents.teacher.post(`/posts/${postId}/photos/${image.id}`, {
      altText: 'Children planting bulbs',
      action: 'save',
    });
    expect(errorSummary(neither.body)).toEqual([
      'Tag every pupil who can be seen, or confirm that no pupils can be seen',
      'Enter how many pupils can be seen in the photo, or confirm that no pupils can be seen',
    ]);
    // Tagging the never-publish pupil saves but blocks the post.
    const secret = await w.agents.teacher.post(`/posts/${postId}/photos/${image.id}`, {
      altText: 'Children planting bulbs',
      tagged: [w.pupils['secret-a1']!],
      confirmedPupils: '1',
      action: 'save',
    });
    expect(secret.statusCode).toBe(302);
    expect((await findings()).filter((f) => f.where === 'photo').map((f) => [f.rule, f.severity])).toContainEqual([
      'never-publish',
      'blocking',
    ]);
    expect(pageText((await w.agents.teacher.get(`/posts/${postId}`)).body)).not.toContain('Placement address');
    // A pupil of another school cannot be tagged.
    const foreign = await w.agents.teacher.post(`/posts/${postId}/photos/${image.id}`, {
      altText: 'Children planting bulbs',
      tagged: [w.pupils['bea-b1']!],
      confirmedPupils: '1',
      action: 'save',
    });
    expect(errorSummary(foreign.body)).toEqual(['A tagged pupil is not on this school’s roll. Search for them again']);
    // A pupil without consent for social media blocks too.
    await db()
      .updateTable('pupil')
      .set({ consent_social: false, updated_at: new Date() })
      .where('id', '=', w.pupils['jo-a1']!)
      .execute();
    await w.agents.teacher.post(`/posts/${postId}/photos/${image.id}`, {
      altText: 'Children planting bulbs',
      tagged: [w.pupils['jo-a1']!],
      confirmedPupils: '1',
      action: 'save',
    });
    expect((await findings()).filter((f) => f.where === 'photo').map((f) => [f.rule, f.severity])).toContainEqual([
      'photo-consent',
      'blocking',
    ]);
    const blocked = await w.agents.teacher.post(`/posts/${postId}/submit`, {});
    expect(blocked.statusCode).toBe(400);
    // With consent given, the tag clears the photo's findings.
    await db()
      .updateTable('pupil')
      .set({ consent_social: true, updated_at: new Date() })
      .where('id', '=', w.pupils['jo-a1']!)
      .execute();
    await w.agents.teacher.post(`/posts/${postId}/photos/${image.id}`, {
      altText: 'Children planting bulbs',
      tagged: [w.pupils['jo-a1']!],
      confirmedPupils: '1',
      action: 'save',
    });
    expect((await findings()).filter((f) => f.severity === 'blocking')).toEqual([]);
    const row = await db()
      .selectFrom('post_image')
      .select(['tagged_pupil_ids', 'alt_text', 'confirmed_pupils'])
      .where('id', '=', image.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      tagged_pupil_ids: [w.pupils['jo-a1']!],
      alt_text: 'Children planting bulbs',
      confirmed_pupils: 1,
    });
  });

  it('PUB-4: the uploader’s own count of pupils visible catches a pupil left untagged; alt text is required', async () => {
    const image = await db()
      .selectFrom('post_image')
      .select('id')
      .where('post_id', '=', postId)
      .executeTakeFirstOrThrow();
    await w.agents.teacher.post(`/posts/${postId}/photos/${image.id}`, {
      altText: 'Children planting bulbs',
      tagged: [w.pupils['jo-a1']!],
      confirmedPupils: '3',
      action: 'save',
    });
    const findings = (
      await db().selectFrom('post').select('findings').where('id', '=', postId).executeTakeFirstOrThrow()
    ).findings as { code?: string; severity: string }[];
    expect(findings.filter((f) => f.code === 'pupils-untagged').map((f) => f.severity)).toEqual(['blocking']);
    const noAlt = await w.agents.teacher.post(`/posts/${postId}/photos/${image.id}`, {
      altText: ' ',
      tagged: [w.pupils['jo-a1']!],
      confirmedPupils: '1',
      action: 'save',
    });
    expect(errorSummary(noAlt.body)).toEqual(['Describe the photo for people who cannot see it']);
    // Alt text is checked like the words of the post.
    await w.agents.teacher.post(`/posts/${postId}/photos/${image.id}`, {
      altText: 'Josephine Quill planting bulbs',
      tagged: [w.pupils['jo-a1']!],
      confirmedPupils: '1',
      action: 'save',
    });
    const alt = (await db().selectFrom('post').select('findings').where('id', '=', postId).executeTakeFirstOrThrow())
      .findings as { where: string; rule: string }[];
    expect(alt.filter((f) => f.where === 'alt').map((f) => f.rule)).toEqual(['pupil-surname']);
  });

  it('PUB-4: another school cannot see or fetch the photo', async () => {
    const image = await db()
      .selectFrom('post_image')
      .select('id')
      .where('post_id', '=', postId)
      .executeTakeFirstOrThrow();
    expect((await w.agents.outsider.get(`/posts/${postId}/photos/${image.id}/file`)).statusCode).toBe(404);
    expect((await w.agents.outsider.get(`/posts/${postId}/photos/${image.id}`)).statusCode).toBe(404);
  });
});
