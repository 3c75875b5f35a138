/**
 * The OpenAPI description of the JSON API, as a page people can read (issue 8.7): each endpoint with
 * what it is for, what it accepts and what it answers, in words rather than JSON Schema. Pure: the
 * document in, the page's rows out.
 */

type Schema = Record<string, unknown>;

export interface DocField {
  name: string;
  type: string;
  required: boolean;
  notes: string;
}

export interface DocOperation {
  anchor: string;
  method: string;
  path: string;
  summary: string;
  parameters: (DocField & { where: string })[];
  body: DocField[];
  responses: { status: string; meaning: string; fields: DocField[] }[];
}

export interface DocGroup {
  tag: string;
  heading: string;
  operations: DocOperation[];
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

const STATUS_MEANINGS: Record<string, string> = {
  200: 'OK',
  201: 'Created',
  204: 'Done, nothing to send back',
  400: 'The request is not valid (problem+json, listing each field)',
  401: 'No valid token was sent',
  403: 'The token may not do this',
  404: 'Not found at the token’s school',
  409: 'It already exists',
  422: 'The request cannot be processed',
  429: 'Too many requests: wait and try again',
};

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "text", "whole number", "list of text", "date (YYYY-MM-DD), or null"… */
export function typeName(schema: Schema): string {
  const options = (schema.anyOf ?? schema.oneOf) as unknown;
  if (Array.isArray(options)) {
    const named = options
      .filter(isSchema)
      .filter((o) => o.type !== 'null')
      .map(typeName);
    const nullable = options.some((o) => isSchema(o) && o.type === 'null');
    return `${named.join(' or ')}${nullable ? ', or null' : ''}`;
  }
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  switch (schema.type) {
    case 'string':
      if (schema.format === 'uuid') return 'identifier (UUID)';
      if (schema.format === 'date') return 'date (YYYY-MM-DD)';
      if (schema.format === 'date-time') return 'date and time (ISO 8601)';
      if (schema.format === 'email') return 'email address';
      return 'text';
    case 'integer':
      return 'whole number';
    case 'number':
      return 'number';
    case 'boolean':
      return 'true or false';
    case 'array':
      return isSchema(schema.items) ? `list of ${typeName(schema.items)}` : 'list';
    case 'object':
      return 'object';
    case 'null':
      return 'null';
    default:
      return 'any value';
  }
}

function notesFor(schema: Schema): string {
  const notes: string[] = [];
  if (typeof schema.description === 'string') notes.push(schema.description);
  if (typeof schema.minLength === 'number' && schema.minLength === schema.maxLength)
    notes.push(`Exactly ${schema.minLength} characters.`);
  else {
    if (typeof schema.minLength === 'number' && schema.minLength > 0)
      notes.push(`At least ${schema.minLength} ${schema.minLength === 1 ? 'character' : 'characters'}.`);
    if (typeof schema.maxLength === 'number') notes.push(`At most ${schema.maxLength} characters.`);
  }
  if (typeof schema.minimum === 'number' && typeof schema.maximum === 'number')
    notes.push(`From ${schema.minimum} to ${schema.maximum}.`);
  else if (typeof schema.minimum === 'number') notes.push(`At least ${schema.minimum}.`);
  else if (typeof schema.maximum === 'number') notes.push(`At most ${schema.maximum}.`);
  if (typeof schema.maxItems === 'number') notes.push(`At most ${schema.maxItems} items.`);
  if (schema.default !== undefined) notes.push(`Default ${JSON.stringify(schema.default)}.`);
  return notes.join(' ');
}

/** An object's fields, nested ones named with dots ("consent.socialMedia") and list items with [] ("items[].id"). */
export function fieldsOf(schema: unknown, prefix = ''): DocField[] {
  if (!isSchema(schema)) return [];
  if (schema.type === 'array' && isSchema(schema.items) && schema.items.type === 'object')
    return fieldsOf(schema.items, `${prefix}[]`);
  if (!isSchema(schema.properties)) return [];
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const fields: DocField[] = [];
  for (const [name, value] of Object.entries(schema.properties)) {
    if (!isSchema(value)) continue;
    const full = prefix ? `${prefix}.${name}` : name;
    fields.push({ name: full, type: typeName(value), required: required.has(name), notes: notesFor(value) });
    const nested =
      value.type === 'object' || (value.type === 'array' && isSchema(value.items) && value.items.type === 'object');
    if (nested) fields.push(...fieldsOf(value, full));
  }
  return fields;
}

function jsonSchema(content: unknown): Schema | undefined {
  if (!isSchema(content)) return undefined;
  const json = content['application/json'];
  return isSchema(json) && isSchema(json.schema) ? json.schema : undefined;
}

const TAG_HEADINGS: Record<string, string> = { pupils: 'Pupils', staff: 'Staff', posts: 'Posts' };

export function describeApi(doc: unknown): { title: string; description: string; groups: DocGroup[] } {
  const d = isSchema(doc) ? doc : {};
  const info = isSchema(d.info) ? d.info : {};
  const groups = new Map<string, DocOperation[]>();
  for (const [path, item] of Object.entries(isSchema(d.paths) ? d.paths : {})) {
    if (!isSchema(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!isSchema(op)) continue;
      const tag = Array.isArray(op.tags) && typeof op.tags[0] === 'string' ? op.tags[0] : 'other';
      const parameters = (Array.isArray(op.parameters) ? op.parameters : []).filter(isSchema).map((p) => {
        const schema = isSchema(p.schema) ? p.schema : {};
        return {
          name: String(p.name),
          where: p.in === 'path' ? 'In the address' : p.in === 'query' ? 'Query string' : String(p.in),
          type: typeName(schema),
          required: p.required === true,
          notes: notesFor({ ...schema, ...(typeof p.description === 'string' ? { description: p.description } : {}) }),
        };
      });
      const body = isSchema(op.requestBody) ? fieldsOf(jsonSchema(op.requestBody.content)) : [];
      const responses = Object.entries(isSchema(op.responses) ? op.responses : {}).map(([status, r]) => ({
        status,
        meaning: STATUS_MEANINGS[status] ?? (isSchema(r) && typeof r.description === 'string' ? r.description : ''),
        fields: status.startsWith('2') && isSchema(r) ? fieldsOf(jsonSchema(r.content)) : [],
      }));
      const operation: DocOperation = {
        anchor: `${method}-${path}`
          .replace(/[^a-zA-Z0-9]+/g, '-')
          .replace(/-+$/, '')
          .toLowerCase(),
        method: method.toUpperCase(),
        path,
        summary: typeof op.summary === 'string' ? op.summary : '',
        parameters,
        body,
        responses,
      };
      groups.set(tag, [...(groups.get(tag) ?? []), operation]);
    }
  }
  return {
    title: typeof info.title === 'string' ? info.title : 'API',
    description: typeof info.description === 'string' ? info.description : '',
    groups: [...groups].map(([tag, operations]) => ({
      tag,
      heading: TAG_HEADINGS[tag] ?? tag.charAt(0).toUpperCase() + tag.slice(1),
      operations,
    })),
  };
}
