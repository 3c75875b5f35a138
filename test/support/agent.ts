import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/**
 * A browser-like client for app.inject: keeps cookies, and sends the CSRF token from the last page
 * it read, as a real form post would.
 */
export class Agent {
  private cookies = new Map<string, string>();
  csrfToken: string | undefined;

  constructor(private readonly app: FastifyInstance) {}

  private cookieHeader(): string | undefined {
    return this.cookies.size ? [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') : undefined;
  }

  private remember(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const cookie of response.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (cookie.value === '' || (cookie.expires && cookie.expires.getTime() < Date.now() - 1000))
        this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrfToken = token;
    return response;
  }

  /** The Cookie header this agent would send, for a request the agent does not make itself (a JSON post). */
  cookieHeaderForTests(): string {
    return this.cookieHeader() ?? '';
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const cookie = this.cookieHeader();
    return this.remember(
      await this.app.inject({ method: 'GET', url, headers: { ...headers, ...(cookie ? { cookie } : {}) } }),
    );
  }

  /** Posts a form. Reads `tokenFrom` first (default: the same URL) when no token is held yet. */
  async post(
    url: string,
    fields: Record<string, string | string[]>,
    options: { tokenFrom?: string; withoutCsrf?: boolean } = {},
  ): Promise<LightMyRequestResponse> {
    if (!options.withoutCsrf && !this.csrfToken) await this.get(options.tokenFrom ?? url);
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v);
    if (!options.withoutCsrf && this.csrfToken) body.append('_csrf', this.csrfToken);
    const cookie = this.cookieHeader();
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        payload: body.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
      }),
    );
  }

  /** Uploads one file with other fields, as a multipart form. */
  async upload(
    url: string,
    fields: Record<string, string>,
    file: { field: string; filename: string; content: Buffer | string; type?: string },
  ): Promise<LightMyRequestResponse> {
    if (!this.csrfToken) await this.get(url);
    const boundary = `----postwardentest${Math.random().toString(16).slice(2)}`;
    const parts: Buffer[] = [];
    for (const [key, value] of Object.entries({ _csrf: this.csrfToken ?? '', ...fields })) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`));
    }
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\nContent-Type: ${file.type ?? 'text/csv'}\r\n\r\n`,
      ),
    );
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
    const cookie = this.cookieHeader();
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        payload: Buffer.concat(parts),
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...(cookie ? { cookie } : {}) },
      }),
    );
  }

  async signIn(email: string, password: string): Promise<LightMyRequestResponse> {
    await this.get('/sign-in');
    const response = await this.post('/sign-in', { email, password });
    this.csrfToken = undefined; // the session is new after sign-in, so is its CSRF secret
    return response;
  }
}

/** The text of a page's GOV.UK error summary, or [] when there is none. */
export function errorSummary(html: string): string[] {
  const summary =
    /<div class="govuk-error-summary"[\s\S]*?<ul class="govuk-list govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(
      html,
    )?.[1] ?? '';
  return [...summary.matchAll(/<a[^>]*>([\s\S]*?)<\/a>/g)].map((m) => decode(m[1]!.trim()));
}

export function decode(text: string): string {
  return text
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}
