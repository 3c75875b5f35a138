/** An error a person can act on: its message is shown to them as it is. */
export class UserFacingError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly title = 'There is a problem',
  ) {
    super(message);
  }
}

/** Anything that is not there, or is another tenant's: the same answer either way. */
export class NotFoundError extends UserFacingError {
  constructor() {
    super(404, 'Page not found', 'Page not found');
  }
}

/**
 * A request the edge refuses (a control character, a repeated parameter, a number out of range):
 * a 400 with a message naming the field, as an error page or a problem+json body.
 */
export class BadInputError extends UserFacingError {
  constructor(
    readonly field: string,
    message: string,
    title = 'There is a problem with what was sent',
  ) {
    super(400, message, title);
  }
}

/** A field-level problem with a form, shown in the GOV.UK error summary and beside the field. */
export interface FieldError {
  href: string;
  text: string;
}

export class ValidationError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => e.text).join('; '));
  }
}

/** Turns a list of field errors into a lookup for templates: errorFor.email → { text }. */
export function errorMap(errors: FieldError[]): Record<string, { text: string }> {
  const map: Record<string, { text: string }> = {};
  for (const error of errors) {
    const key = error.href.replace(/^#/, '');
    map[key] ??= { text: error.text };
  }
  return map;
}
