/**
 * A real OpenID Connect provider (oidc-provider) on loopback, started by the tests, configured like
 * Microsoft Entra ID (issuer https://…/{tenant}/v2.0, claims oid, tid, xms_edov, amr) or like Google
 * (issuer at the root, claims sub, email, email_verified, hd). Its login page is a one-field form:
 * the account typed is who you are at the provider. Consent is granted for the client, as a school's
 * own administrator grants it for every member of staff.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export type ProviderStyle = 'entra' | 'google';

export interface LoopbackProvider {
  issuer: string;
  /** The authority or issuer to give Postwarden (ENTRA_AUTHORITY or GOOGLE_ISSUER). */
  root: string;
  clientId: string;
  clientSecret: string;
  tenantId: string;
  /** Accounts at the provider, by login name: the claims each one's ID token carries. */
  accounts: Map<string, { claims: Record<string, unknown>; amr?: string[] }>;
  close(): Promise<void>;
}

export const ENTRA_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

export async function startLoopbackProvider(style: ProviderStyle, redirectUri: string): Promise<LoopbackProvider> {
  const accounts = new Map<string, { claims: Record<string, unknown>; amr?: string[] }>();
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const root = `http://127.0.0.1:${port}`;
  const prefix = style === 'entra' ? `/${ENTRA_TENANT}/v2.0` : '';
  const issuer = `${root}${prefix}`;
  const clientId = `postwarden-${style}`;
  const clientSecret = `secret-${style}-${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: {
      // With the openid scope, so every ID token carries them, as Entra's does.
      openid: ['sub', 'amr', 'auth_time'],
      email: ['email', 'email_verified'],
      profile: ['name', 'oid', 'tid', 'hd', 'xms_edov'],
    },
    // Custom claims (oid, tid, hd) in the ID token itself, as Entra and Google put them.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    // ID tokens live an hour, as Entra's and Google's do; the expiry test moves the app's clock past it.
    ttl: { Interaction: 600, Grant: 3600, Session: 3600, AccessToken: 3600, IdToken: 3600 },
    features: { devInteractions: { enabled: false } },
    cookies: { keys: ['loopback-provider-test-key'] },
    findAccount: async (_ctx, id) => {
      const account = accounts.get(id);
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account.claims }) };
    },
    loadExistingGrant: async (ctx) => {
      const oidc = ctx.oidc;
      const existing = oidc.session?.grantIdFor(oidc.client!.clientId);
      if (existing) return oidc.provider.Grant.find(existing);
      const grant = new oidc.provider.Grant({ clientId: oidc.client!.clientId, accountId: oidc.session!.accountId! });
      grant.addOIDCScope('openid email profile');
      grant.addOIDCClaims(['email', 'email_verified', 'name', 'oid', 'tid', 'hd', 'xms_edov']);
      await grant.save();
      return grant;
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><html lang="en"><title>Provider error</title><main><h1>Provider error</h1><p>${String(out.error)}</p></main></html>`;
    },
  });
  const callback = provider.callback();
  server.on('request', async (req, res) => {
    const url = new URL(req.url ?? '/', root);
    const interaction = /^\/interaction\/([^/]+)(\/login)?$/.exec(url.pathname);
    try {
      if (interaction && req.method === 'GET') {
        await provider.interactionDetails(req, res);
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(
          `<!doctype html><html lang="en"><head><title>Loopback ${style} sign-in</title></head><body><main><h1>Sign in to the loopback ${style} provider</h1><form method="post" action="/interaction/${interaction[1]}/login"><label for="login">Account</label><input id="login" name="login" autocomplete="username"><button type="submit">Sign in</button></form></main></body></html>`,
        );
        return;
      }
      if (interaction?.[2] && req.method === 'POST') {
        const body = await new Promise<string>((resolve) => {
          let text = '';
          req.on('data', (c) => {
            text += c;
          });
          req.on('end', () => resolve(text));
        });
        const login = new URLSearchParams(body).get('login') ?? '';
        const account = accounts.get(login);
        const result = account
          ? { login: { accountId: login, ...(account.amr ? { amr: account.amr } : {}) } }
          : { error: 'access_denied', error_description: 'unknown account' };
        await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
        return;
      }
    } catch (error) {
      res.statusCode = 400;
      res.end(String(error));
      return;
    }
    if (prefix) {
      if (!req.url?.startsWith(prefix)) {
        res.statusCode = 404;
        res.end();
        return;
      }
      (req as http.IncomingMessage & { originalUrl?: string }).originalUrl = req.url;
      req.url = req.url.slice(prefix.length) || '/';
    }
    callback(req, res);
  });
  return {
    issuer,
    root,
    clientId,
    clientSecret,
    tenantId: ENTRA_TENANT,
    accounts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A cookie-keeping client for the provider's side of the journey, following redirects until they return to Postwarden. */
export async function signInAtProvider(authorizeUrl: string, login: string, returnsTo: string): Promise<string> {
  const jar = new Map<string, string>();
  const send = async (url: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (jar.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const c of response.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, ...value] = pair!.split('=');
      jar.set(name!.trim(), value.join('='));
    }
    return response;
  };
  let url = authorizeUrl;
  for (let hop = 0; hop < 20; hop++) {
    if (url.startsWith(returnsTo)) return url;
    const response = await send(url);
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url).href;
      continue;
    }
    const html = await response.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`The provider stopped at ${url} (${response.status}): ${html.slice(0, 300)}`);
    const posted = await send(new URL(action, url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ login }).toString(),
    });
    const next = posted.headers.get('location');
    if (!next)
      throw new Error(`The provider's login answered ${posted.status}: ${(await posted.text()).slice(0, 300)}`);
    url = new URL(next, url).href;
  }
  throw new Error('Too many redirects at the provider');
}
