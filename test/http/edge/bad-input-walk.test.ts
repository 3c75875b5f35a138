import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { seedWorld, type World } from '../../support/world.ts';
import { cookieOf, createTokenThroughUi, signedIn } from '../directory/helpers.ts';
import { SETTING_KEYS } from '../../../src/modules/policies/model/settings.ts';
import { fillParams, hasParams, seedA1Records, type RecordKind } from './records.ts';

/**
 * Issue 8: no input may cause a 500. Every route in the route table is sent a fixed, bounded set of
 * malformed requests (NUL and other control characters, repeated parameters, numbers too large for
 * the database, over-long text, JSON of the wrong types, broken multipart bodies), signed in as a
 * school administrator who holds every school role (or with a school API token for the API), and
 * signed out. Any answer of 500 or more fails, naming the route and the request, as does a stack trace
 * in any answer or an API refusal that is not problem+json.
 *
 * HEAD routes share their GET route's handler, so they are sent only the first GET request.
 */

const SRC = path.resolve(import.meta.dirname, '../../../src');

/** Every form field name a template declares, plus the date inputs' parts and the policy settings' keys. */
function formFieldNames(): string[] {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.njk')) {
        const text = fs.readFileSync(full, 'utf8');
        for (const m of text.matchAll(/name(?:: |=)"([A-Za-z_][\w-]*)"/g)) names.add(m[1]!);
        for (const m of text.matchAll(/namePrefix: "(\w+)"/g))
          for (const part of ['day', 'month', 'year']) names.add(`${m[1]}-${part}`);
      }
    }
  };
  walk(SRC);
  for (const key of SETTING_KEYS) names.add(key);
  names.delete('_csrf');
  return [...names].sort();
}

const FORM_NAMES = formFieldNames();
/** Query parameters the pages and the API read. */
const QUERY_NAMES = [
  'q',
  'page',
  'year',
  'yearGroup',
  'offset',
  'limit',
  'consent',
  'leavers',
  'includeLeavers',
  'role',
  'type',
  'school',
  'signed',
  'status',
  'platform',
  'sort',
  'attention',
  'account',
  'words',
  'download',
  'kind',
  'operator',
  'person',
  'from',
  'next',
  'ended',
  'signedout',
  'reset',
];
const HUGE = '99999999999999999999';
/** A line of a stack trace, or a path into the code: never in an answer. */
const STACK_TRACE = /\bat [\w.<>]+ \(|node_modules\/|\/src\/[\w/-]+\.ts/;

type Bad = { label: string } & Pick<InjectOptions, 'method' | 'url' | 'payload'> & { headers?: Record<string, string> };

const query = (pairs: [string, string][]) =>
  pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
const eachQuery = (value: (name: string, i: number) => string) => query(QUERY_NAMES.map((n, i) => [n, value(n, i)]));
const form = (pairs: [string, string][]) => ({
  payload: query(pairs),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});
const eachForm = (value: (name: string, i: number) => string) => form(FORM_NAMES.map((n, i) => [n, value(n, i)]));
const json = (body: unknown) => ({
  payload: typeof body === 'string' ? body : JSON.stringify(body),
  headers: { 'content-type': 'application/json' },
});

function multipart(parts: string[], boundary = 'walkboundary', close = true) {
  const body = parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('') + (close ? `--${boundary}--\r\n` : '');
  return { payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const field = (name: string, value: string) => `Content-Disposition: form-data; name="${name}"\r\n\r\n${value}`;
const file = (name: string, filename: string, content: string, type = 'text/csv') =>
  `Content-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n${content}`;

function getRequests(route: string, ids: Record<RecordKind, string>): Bad[] {
  const url = fillParams(route, ids);
  const list: Bad[] = [
    { label: 'NUL in every query parameter', url: `${url}?${eachQuery(() => 'a\0b')}` },
    {
      label: 'every query parameter repeated',
      url: `${url}?${query(
        QUERY_NAMES.flatMap((n): [string, string][] => [
          [n, '1'],
          [n, '2'],
        ]),
      )}`,
    },
    {
      label: 'numbers too large for the database',
      url: `${url}?page=${HUGE}&year=1e400&offset=-1&limit=${HUGE}&yearGroup=-${HUGE}&${query(QUERY_NAMES.filter((n) => !['page', 'year', 'offset', 'limit', 'yearGroup'].includes(n)).map((n) => [n, HUGE]))}`,
    },
    { label: 'over-long query parameters', url: `${url}?${eachQuery(() => 'x'.repeat(2000))}` },
    {
      label: 'malformed percent-encoding',
      url: `${url}?q=%E0%A4%A&words=%ff%fe&next=%C0%AF&status=%uD800&school=%ED%A0%80&page=%&year=%%`,
    },
  ];
  if (hasParams(route))
    list.push({ label: 'NUL and a control character in the path', url: fillParams(route, ids, 'a%00%1Bb') });
  return list.map((r) => ({ method: 'GET', ...r }));
}

function postRequests(route: string, ids: Record<RecordKind, string>): Bad[] {
  const url = fillParams(route, ids);
  const list: Bad[] = [
    {
      label: 'NUL in every form field and in a field name',
      ...form([...FORM_NAMES.map((n): [string, string] => [n, 'a\0b']), ['text\0', 'x']]),
    },
    {
      label: 'every form field repeated',
      ...form(
        FORM_NAMES.flatMap((n): [string, string][] => [
          [n, '1'],
          [n, 'yes'],
        ]),
      ),
    },
    {
      label: 'numbers too large for the database in every form field',
      ...eachForm((_n, i) => [HUGE, '1e400', '-1', `-${HUGE}`][i % 4]!),
    },
    { label: 'over-long text in every form field', ...eachForm(() => 'x'.repeat(5_000)) },
    {
      label: 'JSON of the wrong types',
      ...json(
        Object.fromEntries(FORM_NAMES.map((n, i) => [n, [5, { value: { a: 1 } }, [1, [2]], null, true, 1e308][i % 6]])),
      ),
    },
    { label: 'JSON with NUL in every string', ...json(Object.fromEntries(FORM_NAMES.map((n) => [n, 'a\0b']))) },
    { label: 'JSON that does not parse', ...json('{"text": "a') },
    { label: 'JSON nested 100,000 deep', ...json(`{"text":${'['.repeat(100_000)}"a\u0000"${']'.repeat(100_000)}}`) },
    { label: 'multipart without a boundary', payload: 'x', headers: { 'content-type': 'multipart/form-data' } },
    {
      label: 'multipart cut off mid-file',
      ...multipart([field('kind', 'pupils'), file('file', 'roster.csv', 'UPN,Surname\nA123')], 'walkboundary', false),
    },
    {
      label: 'multipart with two files',
      ...multipart([file('file', 'a.csv', 'a'), file('photo', 'b.jpg', 'b', 'image/jpeg')]),
    },
    {
      label: 'multipart with too many fields',
      ...multipart(Array.from({ length: 30 }, (_, i) => field(`f${i}`, 'x'))),
    },
    {
      label: 'multipart that is not multipart',
      payload: 'this is not a multipart body at all',
      headers: { 'content-type': 'multipart/form-data; boundary=walkboundary' },
    },
    { label: 'multipart part without headers', ...multipart(['\r\nno headers here']) },
    {
      label: 'multipart with NUL in names, values and file names',
      ...multipart([
        field('text\0', 'a\0b'),
        field('kind', 'a\0b'),
        file('file', 'a\0b.csv', 'a\0b'),
        field('altText', 'a\0b'),
      ]),
    },
    { label: 'a body of a type no route reads', payload: 'hello', headers: { 'content-type': 'text/plain' } },
  ];
  return list.map((r) => ({ method: 'POST', url, ...r }));
}

/** The API's own requests: its JSON bodies with the wrong types, and its paging numbers out of range. */
function apiRequests(route: string, method: string, ids: Record<RecordKind, string>): Bad[] {
  const url = fillParams(route, ids);
  if (method === 'GET') {
    return [
      ...getRequests(route, ids),
      { method: 'GET', label: 'API paging beyond the database', url: `${url}?offset=${HUGE}&limit=1000` },
      { method: 'GET', label: 'API paging as exponents', url: `${url}?offset=1e400&limit=1e2&yearGroup=4.0` },
    ];
  }
  return [
    ...postRequests(route, ids),
    { method: 'POST', url, label: 'API: text as a number', ...json({ text: 5 }) },
    {
      method: 'POST',
      url,
      label: 'API: every field the wrong type',
      ...json({
        text: ['a'],
        upn: 5,
        givenName: 5,
        familyName: {},
        dateOfBirth: 20160101,
        yearGroup: '5',
        consent: 'yes',
        neverPublish: 'false',
        sharedMaterial: 'x',
      }),
    },
    {
      method: 'POST',
      url,
      label: 'API: NUL in strings',
      ...json({
        text: 'a\0b',
        upn: 'A12345678901\0',
        givenName: 'a\0',
        familyName: 'b\0',
        dateOfBirth: '2016-01-01',
        yearGroup: 5,
      }),
    },
    {
      method: 'POST',
      url,
      label: 'API: numbers beyond the database',
      ...json({ upn: 'A123456789012', givenName: 'a', familyName: 'b', dateOfBirth: '2016-01-01', yearGroup: 1e308 }),
    },
  ];
}

describe('bad input at the edge: no request makes a 500 (issue 8)', () => {
  let t: TestApp;
  let world: World;
  let ids: Record<RecordKind, string>;
  let adminCookie: string;
  let csrf: string;
  let token: string;
  let counter = 0;

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t.database.db);
    // The administrator holds every school role a page needs, so each route's handler is reached.
    for (const role of ['account_admin', 'slt', 'headteacher', 'dsl', 'hr'] as const) {
      await t.database.db
        .insertInto('role_assignment')
        .values({ person_id: world.people['admin-a1']!.id, trust_id: world.trustA, school_id: world.schoolA1, role })
        .execute();
    }
    const admin = await signedIn(t, world, 'admin-a1', '/staff/new');
    ids = await seedA1Records(t, world, admin);
    token = await createTokenThroughUi(admin, 'Walk API');
    adminCookie = cookieOf(admin)!;
    csrf = admin.csrfToken!;
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  /** Each request comes from its own address, so the sign-in rate limits never hide a route's answer. */
  async function send(bad: Bad, caller: 'admin' | 'api' | 'anonymous'): Promise<LightMyRequestResponse> {
    counter++;
    const headers: Record<string, string> = { ...bad.headers };
    if (caller === 'admin') Object.assign(headers, { cookie: adminCookie, 'x-csrf-token': csrf });
    if (caller === 'api') headers.authorization = `Bearer ${token}`;
    let payload = bad.payload;
    // A form carries its CSRF token, as a browser's would.
    if (
      caller === 'admin' &&
      typeof payload === 'string' &&
      headers['content-type'] === 'application/x-www-form-urlencoded'
    )
      payload = `${payload}&_csrf=${encodeURIComponent(csrf)}`;
    return t.app.inject({
      method: bad.method,
      url: bad.url,
      headers,
      payload,
      remoteAddress: `10.${(counter >> 16) & 255}.${(counter >> 8) & 255}.${counter & 255}`,
    });
  }

  it('issue 8: every route answers every malformed request without a 5xx, signed in and signed out', async () => {
    const table = [...t.app.routeAccess]
      .map(([key, access]) => {
        const [method, url] = key.split(' ') as [string, string];
        return { method, url, access };
      })
      .filter((r) => !r.url.startsWith('/assets/'));
    expect(table.length).toBeGreaterThan(100);
    const failures: string[] = [];
    let requests = 0;
    const started = Date.now();
    const cpu = process.cpuUsage();
    for (const route of table) {
      const api = route.url.startsWith('/api/v1/');
      let bads: Bad[];
      if (route.method === 'HEAD')
        bads = getRequests(route.url, ids)
          .slice(0, 1)
          .map((b) => ({ ...b, method: 'HEAD' }));
      else if (api) bads = apiRequests(route.url, route.method, ids);
      else if (route.method === 'GET') bads = getRequests(route.url, ids);
      else bads = postRequests(route.url, ids);
      // Signing out would end the walk's session; it is walked signed out only.
      const callers = (
        api ? ['api', 'anonymous'] : route.url === '/sign-out' ? ['anonymous'] : ['admin', 'anonymous']
      ) as ('admin' | 'api' | 'anonymous')[];
      for (const caller of callers) {
        for (const bad of bads) {
          const response = await send(bad, caller);
          requests++;
          const where = `${route.method} ${route.url} as ${caller}, ${bad.label}`;
          if (response.statusCode >= 500)
            failures.push(`${where}: ${response.statusCode} ${response.body.slice(0, 120).replace(/\s+/g, ' ')}`);
          if (STACK_TRACE.test(response.body)) failures.push(`${where}: the answer shows a stack trace`);
          if (
            api &&
            response.statusCode >= 400 &&
            route.method !== 'HEAD' &&
            !String(response.headers['content-type']).startsWith('application/problem+json')
          ) {
            failures.push(`${where}: ${response.statusCode} as ${response.headers['content-type']}, not problem+json`);
          }
        }
      }
    }
    // The walk really was signed in to the end: the administrator's session still works.
    expect((await t.app.inject({ method: 'GET', url: '/staff', headers: { cookie: adminCookie } })).statusCode).toBe(
      200,
    );
    const used = process.cpuUsage(cpu);
    console.log(
      `bad-input walk: ${requests} requests over ${table.length} routes in ${Date.now() - started} ms (${Math.round((used.user + used.system) / 1000)} ms of CPU), ${failures.length} failures`,
    );
    expect(failures).toEqual([]);
  }, 300_000);
});
