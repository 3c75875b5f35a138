const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorised',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

/** RFC 9457 problem details. */
export function problem(status: number, detail: string, extra: Record<string, unknown> = {}) {
  return { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail, ...extra };
}
