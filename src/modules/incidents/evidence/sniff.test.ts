import { describe, expect, it } from 'vitest';
import { sniffEvidence } from './sniff.ts';

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);

describe('evidence is judged by its bytes (INC-2)', () => {
  it('INC-2: screenshots, PDFs, videos and text are kept, whatever they are called', () => {
    expect(sniffEvidence(png, 'shot.png', 'image/png')).toEqual({ ok: true, type: 'png' });
    expect(sniffEvidence(jpeg, 'upload', 'application/octet-stream')).toEqual({ ok: true, type: 'jpeg' });
    expect(sniffEvidence(Buffer.from('%PDF-1.7\n'), 'letter.pdf', 'application/pdf')).toEqual({
      ok: true,
      type: 'pdf',
    });
    expect(sniffEvidence(Buffer.from('\0\0\0\x18ftypmp42'), 'clip.mp4', 'video/mp4')).toEqual({
      ok: true,
      type: 'mp4',
    });
    expect(sniffEvidence(Buffer.from('Copied message: see you at 4'), 'messages.txt', 'text/plain')).toEqual({
      ok: true,
      type: 'text',
    });
  });

  it('INC-2: a file that claims to be a picture but is not is refused with a clear message', () => {
    expect(sniffEvidence(Buffer.from('%PDF-1.7\n'), 'screenshot.png', 'image/png')).toMatchObject({
      ok: false,
      message: expect.stringContaining('screenshot.png is not a picture'),
    });
    expect(sniffEvidence(Buffer.from('just words'), 'photo.jpg', 'text/plain')).toMatchObject({ ok: false });
    expect(sniffEvidence(Buffer.from('just words'), 'notes', 'image/jpeg')).toMatchObject({ ok: false });
  });

  it('INC-2: files that could run script, unknown binaries and empty files are refused', () => {
    expect(sniffEvidence(Buffer.from('<svg onload="alert(1)"></svg>'), 'a.txt', 'text/plain')).toMatchObject({
      ok: false,
    });
    expect(sniffEvidence(Buffer.from('<!DOCTYPE html><p>x'), 'page.txt', 'text/plain')).toMatchObject({ ok: false });
    expect(sniffEvidence(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01]), 'a.zip', 'application/zip')).toMatchObject({
      ok: false,
      message: expect.stringContaining('not a kind of file'),
    });
    expect(sniffEvidence(Buffer.alloc(0), 'empty.png', 'image/png')).toMatchObject({
      ok: false,
      message: expect.stringContaining('empty'),
    });
  });
});
