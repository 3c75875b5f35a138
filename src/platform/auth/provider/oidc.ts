// The OpenID Connect conversation, through openid-client: discovery, PKCE, state, nonce, and the
// checks of the ID token (issuer, audience, expiry, nonce). The clock is the app's clock.
import * as client from 'openid-client';

export interface Connection {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** Loopback providers (the tests, a developer's machine) speak plain HTTP; nothing else may. */
function allowsPlainHttp(issuer: string): boolean {
  const host = new URL(issuer).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '::1';
}

export async function discover(connection: Connection, now: Date): Promise<client.Configuration> {
  const issuer = new URL(connection.issuer);
  const config = await client.discovery(
    issuer,
    connection.clientId,
    { client_secret: connection.clientSecret, [client.clockSkew]: Math.round((now.getTime() - Date.now()) / 1000) },
    client.ClientSecretPost(connection.clientSecret),
    {
      ...(allowsPlainHttp(connection.issuer) ? { execute: [client.allowInsecureRequests] } : {}),
      timeout: 10,
    },
  );
  return config;
}

export interface Started {
  url: string;
  state: string;
  nonce: string;
  verifier: string;
}

export async function startSignIn(config: client.Configuration, redirectUri: string): Promise<Started> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url: url.href, state, nonce, verifier };
}

/** Exchanges the code; throws when anything does not match (state, issuer, audience, expiry, nonce). */
export async function finishSignIn(
  config: client.Configuration,
  callbackUrl: URL,
  started: Omit<Started, 'url'>,
): Promise<Record<string, unknown>> {
  const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: started.verifier,
    expectedState: started.state,
    expectedNonce: started.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (!claims) throw new Error('The provider sent no ID token');
  return claims as Record<string, unknown>;
}
