// What the edge accepts in a query string, a form or a JSON body, before any route sees it.
// Pure: no Fastify, no I/O, so every rule is tested on its own (input.test.ts).

/** A problem with one field of a request, in words a person can act on. */
export interface InputProblem {
  /** The field as the request named it: `q`, `text`, `consent.press`, `tagged[2]`. */
  field: string;
  message: string;
}

/** C0 control characters and DEL: never in a web address or a field's name. */
const ANY_CONTROL = /[\u0000-\u001f\u007f]/;
/** The same, except tab, line feed and carriage return, which multi-line text keeps. */
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Describes the first control character in `text` (`a NUL character (U+0000)`), or undefined when there is none. */
export function controlCharacterIn(text: string, allowLineBreaks: boolean): string | undefined {
  const match = (allowLineBreaks ? CONTROL_IN_TEXT : ANY_CONTROL).exec(text);
  if (!match) return undefined;
  const code = `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return match[0] === '\u0000' ? `a NUL character (${code})` : `an invisible control character (${code})`;
}

/** A name safe to show on a page or in a problem body: control characters become `?`, long names are cut. */
export function printableName(name: string): string {
  const shown = name.replace(/[\u0000-\u001f\u007f]/g, '?');
  return shown.length > 60 ? `${shown.slice(0, 60)}…` : shown;
}

/**
 * Checks a parsed query string (Fastify gives a repeated parameter as an array). A parameter may
 * appear once unless the route lists it in `lists`; no name or value may hold a control character.
 */
export function checkQuery(
  query: Record<string, unknown>,
  lists: ReadonlySet<string> = new Set(),
): InputProblem | undefined {
  for (const [name, value] of Object.entries(query)) {
    const field = printableName(name);
    const inName = controlCharacterIn(name, false);
    if (inName)
      return {
        field,
        message: `The web address has ${inName} in the name of a search or filter, which Postwarden cannot read. Remove it and try again.`,
      };
    if (Array.isArray(value) && !lists.has(name)) {
      return {
        field,
        message: `The web address gives ‘${field}’ more than once. Use the links and search boxes on the page instead of editing the address.`,
      };
    }
    for (const item of [value].flat()) {
      if (typeof item !== 'string') continue;
      const found = controlCharacterIn(item, false);
      if (found)
        return {
          field,
          message: `The web address has ${found} in ‘${field}’, which Postwarden cannot read. Remove it and try again.`,
        };
    }
  }
  return undefined;
}

/**
 * After a schema has turned query text into numbers: refuses a number too large to be finite
 * ("1e400" becomes Infinity, and JSON Schema's minimum and maximum do not apply to Infinity).
 */
export function checkConvertedNumbers(values: Record<string, unknown>): InputProblem | undefined {
  for (const [name, value] of Object.entries(values)) {
    for (const item of [value].flat()) {
      if (typeof item === 'number' && !Number.isFinite(item)) {
        const field = printableName(name);
        return { field, message: `‘${field}’ is not a number Postwarden can use. Write it in digits, like 100.` };
      }
    }
  }
  return undefined;
}

const isMultipartFile = (value: object): value is { fieldname: string; filename: string } =>
  'type' in value &&
  value.type === 'file' &&
  'filename' in value &&
  typeof value.filename === 'string' &&
  'fieldname' in value;
const isMultipartField = (value: object): value is { fieldname: string; value: unknown } =>
  'type' in value && value.type === 'field' && 'fieldname' in value && 'value' in value;

/** Deeper than any form or API body Postwarden reads; a limit so a deeply nested document costs little to refuse. */
export const MAX_DEPTH = 32;

/**
 * Checks every string in a body: a urlencoded form (strings and lists of strings), a multipart form
 * (its fields' values and its files' names; file contents are the route's to check) or a JSON
 * document of any shape (up to MAX_DEPTH levels deep). Text may hold tabs and line breaks; no other control character,
 * and none at all in a field's name or a file's name.
 */
export function checkBody(body: unknown): InputProblem | undefined {
  const seen = new WeakSet<object>();
  // A stack, not recursion: a JSON document can be nested deeper than the call stack.
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  const child = (path: string, key: string) => (path ? `${path}.${key}` : key);
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const found = controlCharacterIn(value, true);
      if (found)
        return {
          field: printableName(path),
          message: `‘${printableName(path) || 'The text'}’ has ${found}, which cannot be saved. It is often pasted in by mistake from another program: remove it and try again.`,
        };
      continue;
    }
    if (value === null || typeof value !== 'object' || seen.has(value) || ArrayBuffer.isView(value)) continue;
    seen.add(value);
    if (depth >= MAX_DEPTH)
      return {
        field: printableName(path),
        message: `The data is nested more than ${MAX_DEPTH} levels deep, which nothing in Postwarden needs.`,
      };
    if (isMultipartFile(value)) {
      const found = controlCharacterIn(value.filename, false);
      if (found)
        return {
          field: printableName(path),
          message: `The name of the file chosen for ‘${printableName(path)}’ has ${found}. Rename the file and try again.`,
        };
      continue;
    }
    if (isMultipartField(value)) {
      stack.push({ value: value.value, path, depth: depth + 1 });
      continue;
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--)
        stack.push({ value: value[i], path: `${path}[${i}]`, depth: depth + 1 });
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      const found = controlCharacterIn(key, false);
      if (found)
        return {
          field: printableName(child(path, key)),
          message: `A field’s name has ${found}, which Postwarden cannot read. Go back, refresh the page and try again.`,
        };
      stack.push({ value: item, path: child(path, key), depth: depth + 1 });
    }
  }
  return undefined;
}

/**
 * A whole number written plainly (digits with an optional sign: no exponent, decimal point, hex or
 * spaces inside) within [min, max], or undefined. Safe for paging, years and offsets: nothing it
 * accepts is too large for the database.
 */
export function parseWholeNumber(raw: unknown, range: { min: number; max: number }): number | undefined {
  let value: number;
  if (typeof raw === 'number') value = raw;
  else if (typeof raw === 'string' && /^[+-]?\d{1,15}$/.test(raw.trim())) value = Number(raw.trim());
  else return undefined;
  if (!Number.isSafeInteger(value) || value < range.min || value > range.max) return undefined;
  return Object.is(value, -0) ? 0 : value;
}
