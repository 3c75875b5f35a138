import { describe, expect, it } from 'vitest';
import { MAX_NEXT_LENGTH, safeNextPath } from './next-path.ts';

const BASE = 'https://postwarden.example.sch.uk';

describe('safeNextPath', () => {
  it('ISSUE-8.1: keeps the site’s own paths, with their query, exactly as they are', () => {
    for (const path of [
      '/',
      '/staff',
      '/pupils/3f2a9c1e-0b7d-4c1a-9e2f-5d6c7b8a9e0f/edit',
      '/posts?status=waiting&page=2',
      '/audit?from=2026-11-01',
      '/policies/social-media/v2',
      '/search?q=ok+(fine)',
      '/a:b@c;d=e,f!g*h~i',
      '/reports/%C3%A9t%C3%A9',
      '/files/report%20final.pdf',
    ]) {
      expect(safeNextPath(path, BASE), path).toBe(path);
    }
    // The URL parser encodes an apostrophe in a query; the page asked for is the same.
    expect(safeNextPath("/search?q=it's", BASE)).toBe('/search?q=it%27s');
  });

  it('ISSUE-8.1: a missing, empty or non-text value goes home', () => {
    for (const raw of [undefined, null, '', 42, ['/staff'], { path: '/staff' }])
      expect(safeNextPath(raw, BASE)).toBe('/');
  });

  it('ISSUE-8.1: characters beyond ASCII (the decoded form of %E2%82%AC and the like) go home', () => {
    for (const raw of ['/€', '/caf\u00e9', '/\u202e/evil', '/staff\u00a0', '/ｅvil', '/\ud83d\ude00', '/\u0000']) {
      expect(safeNextPath(raw, BASE), JSON.stringify(raw)).toBe('/');
    }
  });

  it('ISSUE-8.1: line breaks, tabs, spaces and other control characters go home', () => {
    for (const raw of [
      '/\nx',
      '/\rx',
      '/\r\nSet-Cookie: a=b',
      '/\tx',
      '/\t/evil.example/',
      '/\n/evil.example/',
      '/ /evil.example',
      '/x y',
      '/\u000b',
      '/\u007f',
    ]) {
      expect(safeNextPath(raw, BASE), JSON.stringify(raw)).toBe('/');
    }
  });

  it('ISSUE-8.1: anything that reaches another host goes home', () => {
    for (const raw of [
      '//evil.example',
      '//evil.example/staff',
      '///evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      '/\\/evil.example',
      '\\/evil.example',
      'https://evil.example/',
      'http://postwarden.example.sch.uk/staff',
      'https://postwarden.example.sch.uk.evil.example/',
      'evil.example',
      '/.//evil.example',
      '/./\\evil.example',
      '/x/..//evil.example',
      '/%2e//evil.example',
    ]) {
      expect(safeNextPath(raw, BASE), raw).toBe('/');
    }
  });

  it('ISSUE-8.1: scripts and other schemes go home', () => {
    for (const raw of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:x',
      'mailto:a@b.c',
      'file:///etc/passwd',
    ]) {
      expect(safeNextPath(raw, BASE), raw).toBe('/');
    }
  });

  it('ISSUE-8.1: a fragment, quotes and angle brackets are not path characters, so they go home', () => {
    for (const raw of ['/staff#top', '/"onmouseover="x', '/<script>', '/a`b', '/a{b}', '/a|b', '/a^b'])
      expect(safeNextPath(raw, BASE), raw).toBe('/');
  });

  it('ISSUE-8.1: percent-encoded characters stay encoded, so they cannot become a line break or another host', () => {
    expect(safeNextPath('/%0Ax', BASE)).toBe('/%0Ax');
    expect(safeNextPath('/%E2%82%AC', BASE)).toBe('/%E2%82%AC');
    expect(safeNextPath('/%2F%2Fevil.example', BASE)).toBe('/%2F%2Fevil.example');
    expect(safeNextPath('/%5C%5Cevil.example', BASE)).toBe('/%5C%5Cevil.example');
  });

  it('ISSUE-8.1: dot segments are resolved as a browser would, and stay on the site', () => {
    expect(safeNextPath('/staff/../pupils', BASE)).toBe('/pupils');
    expect(safeNextPath('/../../etc/passwd', BASE)).toBe('/etc/passwd');
  });

  it('ISSUE-8.1: a value longer than any of the site’s addresses goes home', () => {
    const justRight = `/${'a'.repeat(MAX_NEXT_LENGTH - 1)}`;
    expect(safeNextPath(justRight, BASE)).toBe(justRight);
    expect(safeNextPath(`${justRight}a`, BASE)).toBe('/');
    expect(safeNextPath(`/${'a'.repeat(1_000_000)}`, BASE)).toBe('/');
  });

  it('ISSUE-8.1: works the same under a plain-http base and one with a path', () => {
    expect(safeNextPath('/staff', 'http://localhost:3000')).toBe('/staff');
    expect(safeNextPath('//localhost:3001/staff', 'http://localhost:3000')).toBe('/');
    expect(safeNextPath('/staff', 'https://example.org/postwarden')).toBe('/staff');
  });

  it('ISSUE-8.1: whatever comes back is safe to write into a Location header', () => {
    const samples = [
      '/€',
      '/%0Ax',
      '/\t/evil.example/',
      '/staff?x=1',
      '/a%zz',
      '/;',
      '/?',
      '/?#',
      '/@evil.example',
      '/:@',
    ];
    for (let c = 0; c < 0x300; c++) samples.push(`/x${String.fromCharCode(c)}y`);
    for (const raw of samples) {
      const result = safeNextPath(raw, BASE);
      expect(result, JSON.stringify(raw)).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
      expect(new URL(result, BASE).origin).toBe(BASE);
    }
  });
});
