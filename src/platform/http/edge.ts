// The edge: what every request passes before a route reads it, and what every answer passes before
// it is written. One place for every route, so no route has to remember (issue 8).
import { validateHeaderValue } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { AjvCompiler } from '@fastify/ajv-compiler';
import { BadInputError } from './errors.ts';
import { checkBody, checkConvertedNumbers, checkQuery } from './input.ts';

const READING_MULTIPART = Symbol('reading a multipart body');
type Marked = FastifyRequest & { [READING_MULTIPART]?: boolean };

type ValidatorFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>['buildValidator'];
type RouteSchema = { schema: unknown; httpPart?: string };
// What Fastify calls, whatever @fastify/ajv-compiler's own type declarations say.
type BuildCompiler = (externalSchemas: unknown, options: { customOptions?: object }) => (route: RouteSchema) => unknown;

/**
 * Validators for route schemas. Query strings, path parameters and headers arrive as text, so their
 * schemas convert "5" to 5; a JSON body arrives typed, so its schema takes it as sent: `"text": 5`
 * is refused, not quietly turned into "5".
 */
export function edgeValidatorFactory(): ValidatorFactory {
  const pool = AjvCompiler() as unknown as BuildCompiler;
  const build = (externalSchemas: unknown, options: { customOptions?: object } = {}) => {
    const coercing = pool(externalSchemas, {
      ...options,
      customOptions: { ...options.customOptions, coerceTypes: 'array' },
    });
    const strict = pool(externalSchemas, {
      ...options,
      customOptions: { ...options.customOptions, coerceTypes: false },
    });
    return (route: RouteSchema) => (route.httpPart === 'body' ? strict : coercing)(route);
  };
  return build as unknown as ValidatorFactory;
}

/**
 * Registered before @fastify/multipart: marks a multipart request while the plugin reads its body,
 * so a body that cannot be read (no boundary, cut off, not multipart at all) is known to be the
 * sender's fault (400), not the server's.
 */
export function markMultipartReading(app: FastifyInstance): void {
  app.addHook('preValidation', async (request: Marked) => {
    if (/^multipart\//i.test(request.headers['content-type'] ?? '')) request[READING_MULTIPART] = true;
  });
}

/** True when `error` was raised while a multipart body was being read. */
export function failedReadingMultipart(request: FastifyRequest): boolean {
  return (request as Marked)[READING_MULTIPART] === true;
}

/** Header values Node would refuse to write (which would otherwise throw after the route has finished). */
function isWritable(name: string, value: unknown): boolean {
  try {
    for (const v of [value].flat()) validateHeaderValue(name, v as string);
    return true;
  } catch {
    return false;
  }
}

/** A redirect target as a header may carry it: anything outside printable ASCII percent-encoded as UTF-8. */
export function safeLocation(target: string): string {
  const wellFormed = target.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
  return wellFormed.replace(/[^\x21-\x7e]+/g, (run) => encodeURIComponent(run));
}

/**
 * Registered after the body parsers: refuses a repeated query parameter (unless the route lists it
 * in `config.queryLists`) and a control character anywhere in the query string or the body; makes
 * every answer safe to write and not stored by caches when it carries personal data.
 */
export function registerEdge(app: FastifyInstance): void {
  app.addHook('preValidation', async (request: Marked) => {
    // A multipart body with no readable part is an empty form, as a urlencoded one would be.
    if (request[READING_MULTIPART] && request.body == null) request.body = {};
    delete request[READING_MULTIPART];
    const inQuery =
      checkQuery(
        (request.query ?? {}) as Record<string, unknown>,
        new Set(request.routeOptions.config?.queryLists ?? []),
      ) ?? checkQuery((request.params ?? {}) as Record<string, unknown>);
    if (inQuery) throw new BadInputError(inQuery.field, inQuery.message, 'There is a problem with the web address');
    const inBody = checkBody(request.body);
    if (inBody) throw new BadInputError(inBody.field, inBody.message);
  });

  app.addHook('preHandler', async (request) => {
    const converted = checkConvertedNumbers({ ...(request.query as object), ...(request.params as object) });
    if (converted)
      throw new BadInputError(converted.field, converted.message, 'There is a problem with the web address');
  });

  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    // The API's answers are a school's records; a signed-in page carries personal data. Neither is kept by a cache.
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    else if ((request.ctx || request.session?.personId) && !reply.hasHeader('cache-control'))
      reply.header('cache-control', 'no-store');
    // Node refuses to write a header holding, say, "€"; by then the route has finished and the error
    // would escape every handler. A redirect is encoded instead; any other header is a server error.
    const location = reply.getHeader('location');
    if (typeof location === 'string' && !isWritable('location', location))
      reply.header('location', safeLocation(location));
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined && !isWritable(name, value)) {
        reply.removeHeader(name);
        throw new Error(`The ${name} header holds characters a response cannot carry`);
      }
    }
    return payload;
  });
}

/** How a refused request is explained: an error page's heading and paragraphs, or a problem+json body's detail and errors. */
export interface Refusal {
  status: number;
  heading: string;
  paragraphs: string[];
  /** For the API: what went wrong, as one sentence. */
  detail: string;
  errors?: { field: string; message: string }[];
}

const MULTIPART_LIMITS: Record<string, string> = {
  FST_FILES_LIMIT: 'The form sent more than one file. Choose one file and try again.',
  FST_FIELDS_LIMIT: 'The form sent more answers than this page asks for. Go back, refresh the page and try again.',
  FST_PARTS_LIMIT: 'The form sent more answers than this page asks for. Go back, refresh the page and try again.',
  FST_PROTO_VIOLATION: 'The form could not be read. Go back, refresh the page and try again.',
  FST_INVALID_JSON_FIELD_ERROR: 'The form could not be read. Go back, refresh the page and try again.',
  FST_MP_PREMATURE_CLOSE: 'The upload stopped before it finished. Check your connection and try again.',
};

/**
 * The sender's mistakes the edge recognises, or undefined for anything else (which the error handler
 * treats as before). Never a 500: each of these is a problem with what was sent.
 */
export function describeRefusal(
  error: Error & {
    code?: string;
    statusCode?: number;
    validation?: { instancePath?: string; params?: Record<string, unknown>; message?: string }[];
  },
  request: FastifyRequest,
): Refusal | undefined {
  if (error instanceof BadInputError)
    return {
      status: 400,
      heading: error.title,
      paragraphs: [error.message],
      detail: error.message,
      errors: [{ field: error.field, message: error.message }],
    };
  const upload = (text: string): Refusal => ({
    status: 400,
    heading: 'There is a problem with the upload',
    paragraphs: [text],
    detail: text,
  });
  if (error.code && MULTIPART_LIMITS[error.code]) return upload(MULTIPART_LIMITS[error.code]!);
  if (failedReadingMultipart(request) && (error.statusCode === undefined || error.statusCode >= 500)) {
    return upload(
      'The form and its file could not be read: the upload may have been cut short. Go back, choose the file again and try again.',
    );
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    const text = 'Postwarden could not read what was sent: use the form on the page (the API takes JSON).';
    return { status: 415, heading: 'There is a problem with what was sent', paragraphs: [text], detail: text };
  }
  if (error.code === 'FST_ERR_VALIDATION' && error.validation) {
    const errors = error.validation.map((v) => {
      // A missing field is named from the schema; an unknown one is not echoed back (its message says what is wrong).
      const missing = typeof v.params?.missingProperty === 'string' ? `/${v.params.missingProperty}` : '';
      return {
        field: `${v.instancePath ?? ''}${missing}`.replace(/^\//, '').replace(/\//g, '.'),
        message: v.message ?? 'is not valid',
      };
    });
    return {
      status: 400,
      heading: 'There is a problem with what was sent',
      paragraphs: ['The form could not be read. Go back, refresh the page and try again.'],
      detail: error.message,
      errors,
    };
  }
  return undefined;
}
