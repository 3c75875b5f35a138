import { describe, expect, it } from 'vitest';
import { describeApi, fieldsOf, typeName } from './docs.ts';

const doc = {
  openapi: '3.1.0',
  info: { title: 'Postwarden API', version: '1', description: 'School integrations.' },
  paths: {
    '/api/v1/pupils': {
      get: {
        summary: 'Pupils on roll',
        tags: ['pupils'],
        parameters: [
          { schema: { minimum: -2, maximum: 14, type: 'integer' }, in: 'query', name: 'yearGroup', required: false },
          {
            schema: { minimum: 1, maximum: 1000, default: 100, type: 'integer' },
            in: 'query',
            name: 'limit',
            required: false,
          },
        ],
        responses: {
          200: {
            description: 'Default Response',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['total', 'items'],
                  properties: {
                    total: { type: 'integer' },
                    items: {
                      type: 'array',
                      items: {
                        type: 'object',
                        required: ['id'],
                        properties: {
                          id: { type: 'string', format: 'uuid' },
                          preferredName: { anyOf: [{ type: 'string' }, { type: 'null' }] },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          401: { description: 'Default Response' },
        },
      },
      post: {
        summary: 'Add a pupil',
        tags: ['pupils'],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['upn'],
                properties: {
                  upn: { type: 'string', minLength: 13, maxLength: 13 },
                  consent: { type: 'object', properties: { socialMedia: { type: 'boolean' } } },
                  neverPublish: { type: 'boolean', description: 'Never appear in anything published.' },
                },
              },
            },
          },
        },
        responses: { 201: { description: 'Default Response' }, 400: { description: 'Default Response' } },
      },
    },
    '/api/v1/pupils/{id}': {
      get: {
        summary: 'One pupil',
        tags: ['pupils'],
        parameters: [{ schema: { type: 'string', format: 'uuid' }, in: 'path', name: 'id', required: true }],
        responses: { 404: { description: 'x' } },
      },
    },
    '/api/v1/posts/check': { post: { summary: 'Check a text', tags: ['posts'], responses: {} } },
  },
};

describe('issue 8.7: the API description as a page people can read', () => {
  it('issue 8.7: every endpoint, grouped by what it is about, with what it accepts and answers in words', () => {
    const page = describeApi(doc);
    expect(page.title).toBe('Postwarden API');
    expect(page.groups.map((g) => [g.heading, g.operations.map((o) => `${o.method} ${o.path}`)])).toEqual([
      ['Pupils', ['GET /api/v1/pupils', 'POST /api/v1/pupils', 'GET /api/v1/pupils/{id}']],
      ['Posts', ['POST /api/v1/posts/check']],
    ]);
    const [list, add, one] = page.groups[0]!.operations;
    expect(list!.anchor).toBe('get-api-v1-pupils');
    expect(list!.parameters).toEqual([
      { name: 'yearGroup', where: 'Query string', type: 'whole number', required: false, notes: 'From -2 to 14.' },
      {
        name: 'limit',
        where: 'Query string',
        type: 'whole number',
        required: false,
        notes: 'From 1 to 1000. Default 100.',
      },
    ]);
    expect(list!.responses).toEqual([
      {
        status: '200',
        meaning: 'OK',
        fields: [
          { name: 'total', type: 'whole number', required: true, notes: '' },
          { name: 'items', type: 'list of object', required: true, notes: '' },
          { name: 'items[].id', type: 'identifier (UUID)', required: true, notes: '' },
          { name: 'items[].preferredName', type: 'text, or null', required: false, notes: '' },
        ],
      },
      { status: '401', meaning: 'No valid token was sent', fields: [] },
    ]);
    expect(add!.body).toEqual([
      { name: 'upn', type: 'text', required: true, notes: 'Exactly 13 characters.' },
      { name: 'consent', type: 'object', required: false, notes: '' },
      { name: 'consent.socialMedia', type: 'true or false', required: false, notes: '' },
      { name: 'neverPublish', type: 'true or false', required: false, notes: 'Never appear in anything published.' },
    ]);
    expect(one!.parameters[0]).toMatchObject({
      name: 'id',
      where: 'In the address',
      type: 'identifier (UUID)',
      required: true,
    });
  });

  it('issue 8.7: types read as words, whatever the schema says', () => {
    expect(typeName({ type: 'string', format: 'date' })).toBe('date (YYYY-MM-DD)');
    expect(typeName({ type: 'array', items: { type: 'string' } })).toBe('list of text');
    expect(typeName({ enum: ['open', 'closed'] })).toBe('one of "open", "closed"');
    expect(typeName({ anyOf: [{ type: 'string', format: 'date' }, { type: 'null' }] })).toBe(
      'date (YYYY-MM-DD), or null',
    );
    expect(typeName({})).toBe('any value');
    expect(fieldsOf(null)).toEqual([]);
    expect(describeApi(null)).toEqual({ title: 'API', description: '', groups: [] });
  });
});
