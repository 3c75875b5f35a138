import { describe, expect, test } from 'vitest';
import {
  MAX_DEPTH,
  checkBody,
  checkConvertedNumbers,
  checkQuery,
  controlCharacterIn,
  parseWholeNumber,
  printableName,
} from './input.ts';
import { safeLocation } from './edge.ts';

const C0 = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i));
const LINE_BREAKS = new Set(['\t', '\n', '\r']);

describe('control characters (issue 8)', () => {
  test('issue 8: every C0 control character and DEL is found; tab, LF and CR only when line breaks are allowed', () => {
    for (const ch of [...C0, '\u007f']) {
      expect(controlCharacterIn(`a${ch}b`, false), JSON.stringify(ch)).toBeDefined();
      expect(controlCharacterIn(`a${ch}b`, true) === undefined, JSON.stringify(ch)).toBe(LINE_BREAKS.has(ch));
    }
  });

  test('issue 8: ordinary text, accents, emoji and other scripts are not control characters', () => {
    for (const text of [
      '',
      'Josephine Quill',
      'Zoë’s café — 10% off',
      '学校 🌼',
      'ﷺ',
      '\u00a0non-breaking',
      '\u0080\u009f',
    ]) {
      expect(controlCharacterIn(text, false), text).toBeUndefined();
    }
  });

  test('issue 8: the description names NUL, and other characters by their code point', () => {
    expect(controlCharacterIn('a\u0000', true)).toBe('a NUL character (U+0000)');
    expect(controlCharacterIn('a\u001b', true)).toBe('an invisible control character (U+001B)');
    expect(controlCharacterIn('x\u000by', true)).toBe('an invisible control character (U+000B)');
  });

  test('issue 8: a name shown back to the sender has its control characters replaced and is cut short', () => {
    expect(printableName('te\u0000xt')).toBe('te?xt');
    expect(printableName('x'.repeat(100))).toBe(`${'x'.repeat(60)}…`);
  });
});

describe('query strings (issue 8)', () => {
  test('issue 8: a parameter given twice is refused, naming it', () => {
    expect(checkQuery({ q: ['a', 'b'] })).toEqual({
      field: 'q',
      message: expect.stringContaining('gives ‘q’ more than once'),
    });
  });

  test('issue 8: a parameter the route reads as a list may repeat', () => {
    expect(checkQuery({ tag: ['a', 'b'] }, new Set(['tag']))).toBeUndefined();
    expect(checkQuery({ tag: ['a', 'b\u0000'] }, new Set(['tag']))?.field).toBe('tag');
  });

  test('issue 8: any control character, line breaks included, is refused in a value or a name', () => {
    for (const ch of [...C0, '\u007f']) expect(checkQuery({ q: `a${ch}` })?.field, JSON.stringify(ch)).toBe('q');
    expect(checkQuery({ 'q\u0000': 'a' })).toEqual({
      field: 'q?',
      message: expect.stringContaining('a NUL character'),
    });
  });

  test('issue 8: ordinary values pass', () => {
    expect(checkQuery({ q: 'Zoë O’Neill', page: '2', leavers: '1', empty: '' })).toBeUndefined();
    expect(checkQuery({})).toBeUndefined();
  });

  test('issue 8: a number a schema converted to Infinity is refused; finite numbers pass', () => {
    expect(checkConvertedNumbers({ offset: Number.POSITIVE_INFINITY })?.field).toBe('offset');
    expect(checkConvertedNumbers({ offset: Number.NaN })?.field).toBe('offset');
    expect(checkConvertedNumbers({ list: [1, Number.NEGATIVE_INFINITY] })?.field).toBe('list');
    expect(checkConvertedNumbers({ offset: 5, limit: 1e9, q: 'Infinity', flag: true })).toBeUndefined();
  });
});

describe('bodies (issue 8)', () => {
  test('issue 8: a form keeps tabs and line breaks in text but refuses every other control character, naming the field', () => {
    expect(checkBody({ text: 'Line one\r\nLine two\tindented', name: 'x' })).toBeUndefined();
    for (const ch of C0.filter((c) => !LINE_BREAKS.has(c)))
      expect(checkBody({ name: 'ok', text: `a${ch}b` })?.field, JSON.stringify(ch)).toBe('text');
    expect(checkBody({ consents: ['social', 'web\u0000'] })?.field).toBe('consents[1]');
  });

  test('issue 8: a field name may hold no control character at all', () => {
    expect(checkBody({ 'text\n': 'x' })?.field).toBe('text?');
  });

  test('issue 8: JSON of any shape is checked to the bottom, with the path to the bad string', () => {
    expect(checkBody({ consent: { press: true, note: 'a\u0000' } })?.field).toBe('consent.note');
    expect(checkBody([{ a: 1 }, { b: ['ok', 'no\u0001'] }])?.field).toBe('[1].b[1]');
    expect(checkBody({ n: 5, b: false, z: null, list: [1, 2, [3]] })).toBeUndefined();
    expect(checkBody('a\u0000')).toEqual({ field: '', message: expect.stringContaining('The text') });
  });

  test('issue 8: a document nested deeper than the call stack is refused at the depth limit, without overflowing it', () => {
    let deep: unknown = 'fine';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(checkBody({ text: deep })).toEqual({
      field: expect.stringMatching(/^text\[0\]\[0\]/),
      message: expect.stringContaining(`more than ${MAX_DEPTH} levels deep`),
    });
  });

  test('issue 8: a document exactly as deep as allowed is read to the bottom', () => {
    let deep: unknown = 'a\u0000';
    for (let i = 0; i < MAX_DEPTH - 1; i++) deep = [deep];
    expect(checkBody({ text: deep })?.message).toContain('a NUL character');
    expect(checkBody({ text: [deep] })?.message).toContain('levels deep');
  });

  test('issue 8: a multipart form: field values and file names are checked, file contents and the circular fields list are not', () => {
    const fields: Record<string, unknown> = {};
    const file = {
      type: 'file',
      fieldname: 'photo',
      filename: 'garden.jpg',
      mimetype: 'image/jpeg',
      _buf: Buffer.from('\u0000\u0001binary'),
      fields,
    };
    const kind = { type: 'field', fieldname: 'kind', value: 'pupils', fields };
    Object.assign(fields, { photo: file, kind });
    expect(checkBody(fields)).toBeUndefined();
    Object.assign(kind, { value: 'pu\u0000pils' });
    expect(checkBody(fields)?.field).toBe('kind');
    Object.assign(kind, { value: 'pupils' });
    Object.assign(file, { filename: 'gar\u0000den.jpg' });
    expect(checkBody(fields)).toEqual({ field: 'photo', message: expect.stringContaining('Rename the file') });
  });

  test('issue 8: a circular object is walked once', () => {
    const a: Record<string, unknown> = { text: 'ok' };
    a.self = a;
    expect(checkBody(a)).toBeUndefined();
  });

  test('issue 8: buffers and empty bodies pass', () => {
    expect(checkBody(undefined)).toBeUndefined();
    expect(checkBody(null)).toBeUndefined();
    expect(checkBody(Buffer.from([0, 1, 2]))).toBeUndefined();
  });
});

describe('whole numbers for paging, years and offsets (issue 8)', () => {
  const page = { min: 1, max: 100_000 };

  test('issue 8: plain whole numbers within the range are read, with a sign and spaces around', () => {
    expect(parseWholeNumber('1', page)).toBe(1);
    expect(parseWholeNumber(' 42 ', page)).toBe(42);
    expect(parseWholeNumber('+7', page)).toBe(7);
    expect(parseWholeNumber('100000', page)).toBe(100_000);
    expect(parseWholeNumber('-2', { min: -2, max: 14 })).toBe(-2);
    expect(parseWholeNumber('-0', { min: -2, max: 14 })).toBe(0);
    expect(Object.is(parseWholeNumber('-0', { min: -2, max: 14 }), 0)).toBe(true);
    expect(parseWholeNumber(12, page)).toBe(12);
  });

  test('issue 8: anything out of range, too large for the database or not written plainly is refused', () => {
    for (const raw of [
      '0',
      '100001',
      '-1',
      '99999999999999999999',
      '1e400',
      '1e3',
      '1.5',
      '1.0',
      '0x10',
      '1_000',
      '1 000',
      'Infinity',
      'NaN',
      '',
      ' ',
      'banana',
      '١٢',
      '2abc',
    ]) {
      expect(parseWholeNumber(raw, page), raw).toBeUndefined();
    }
    for (const raw of [Number.POSITIVE_INFINITY, Number.NaN, 1.5, 1e20, null, undefined, ['2'], { page: 2 }, true]) {
      expect(parseWholeNumber(raw, page), String(raw)).toBeUndefined();
    }
  });

  test('issue 8: nothing accepted is beyond a safe integer, whatever range is asked for', () => {
    const wide = { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };
    expect(parseWholeNumber('999999999999999', wide)).toBe(999_999_999_999_999);
    expect(parseWholeNumber('9999999999999999', wide)).toBeUndefined();
  });
});

describe('redirect targets (issue 8)', () => {
  test('issue 8: a Location outside printable ASCII is percent-encoded as UTF-8; an ASCII one is unchanged', () => {
    expect(safeLocation('/€')).toBe('/%E2%82%AC');
    expect(safeLocation('/caf\u00e9 menu?q=Zoë')).toBe('/caf%C3%A9%20menu?q=Zo%C3%AB');
    expect(safeLocation('/pupils?page=2&q=a%20b')).toBe('/pupils?page=2&q=a%20b');
    expect(safeLocation('/a\r\nSet-Cookie: x=1')).toBe('/a%0D%0ASet-Cookie:%20x=1');
    expect(safeLocation('/\ud800x')).toBe('/%EF%BF%BDx');
  });
});
