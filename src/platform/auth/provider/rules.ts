// Pure rules for signing in through the trust's identity provider (AUTH-1).

export type ProviderKind = 'entra' | 'google' | 'oidc';

export const PROVIDER_LABELS: Record<ProviderKind, string> = {
  entra: 'Microsoft',
  google: 'Google',
  oidc: 'your organisation',
};

export interface ProviderEndpoints {
  /** https://login.microsoftonline.com, or a national cloud's authority. */
  entraAuthority: string;
  /** https://accounts.google.com */
  googleIssuer: string;
}

/** The issuer each kind of provider must name in its discovery document and in every ID token. */
export function issuerFor(
  kind: ProviderKind,
  settings: { tenantId?: string | null; issuer?: string | null },
  endpoints: ProviderEndpoints,
): string {
  if (kind === 'entra') return `${endpoints.entraAuthority.replace(/\/$/, '')}/${settings.tenantId}/v2.0`;
  if (kind === 'google') return endpoints.googleIssuer;
  return (settings.issuer ?? '').trim();
}

export type Claims = Record<string, unknown>;

export type ClaimsVerdict =
  | { ok: true; subject: string; email: string | null; emailVerified: boolean }
  | { ok: false; reason: 'wrong-tenant' | 'outside-domain' | 'no-subject' };

/**
 * The stable subject and the email a provider vouches for. Entra's `sub` differs per application, so
 * the object id with the tenant (`tid:oid`) is used; Google and others give a stable `sub`. Google's
 * `hd` (hosted domain) must be the school's domain: a personal Gmail account has none.
 */
export function readClaims(
  kind: ProviderKind,
  claims: Claims,
  settings: { tenantId: string | null; domain: string | null },
): ClaimsVerdict {
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);
  let subject: string | null;
  if (kind === 'entra') {
    if (str(claims.tid)?.toLowerCase() !== settings.tenantId?.toLowerCase())
      return { ok: false, reason: 'wrong-tenant' };
    const oid = str(claims.oid);
    subject = oid ? `${str(claims.tid)}:${oid}` : null;
  } else {
    if (kind === 'google' && str(claims.hd)?.toLowerCase() !== settings.domain?.toLowerCase())
      return { ok: false, reason: 'outside-domain' };
    subject = str(claims.sub);
  }
  if (!subject) return { ok: false, reason: 'no-subject' };
  const email = str(claims.email)?.toLowerCase() ?? null;
  // Entra sends email_verified only when configured; xms_edov says the email's domain is verified by the tenant.
  const emailVerified = claims.email_verified === true || (kind === 'entra' && claims.xms_edov === true);
  return { ok: true, subject, email, emailVerified };
}

export type Refusal =
  | 'wrong-tenant'
  | 'outside-domain'
  | 'no-subject'
  | 'no-email'
  | 'unverified-email'
  | 'not-on-staff-list'
  | 'linked-to-someone-else'
  | 'left'
  | 'failed'
  | 'not-connected';

export function refusalMessage(reason: Refusal, providerLabel: string, leavingDate?: string): string {
  switch (reason) {
    case 'wrong-tenant':
      return `You signed in to a ${providerLabel} organisation that is not your school’s. Sign out of it and sign in with your school account.`;
    case 'outside-domain':
      return 'You signed in with a Google account that is not your school’s (for example a personal Gmail account). Sign in with your school Google account.';
    case 'no-subject':
    case 'failed':
      return `Signing in with ${providerLabel} did not finish, so you have not been signed in. Start again from the sign-in page.`;
    case 'no-email':
    case 'unverified-email':
      return `${providerLabel} did not confirm your work email address, so we cannot tell who you are. Ask your school administrator to check your account at ${providerLabel}.`;
    case 'not-on-staff-list':
      return 'You are not on the staff list in Postwarden. Ask your school administrator to add you, then sign in again.';
    case 'linked-to-someone-else':
      return `The staff record with this email address is already linked to a different ${providerLabel} account, so you have not been signed in. Ask your school administrator to check.`;
    case 'left':
      return `Your access to Postwarden ended on ${leavingDate}, your leaving date. If this is wrong, ask your school administrator.`;
    case 'not-connected':
      return 'Signing in with your organisation’s account is not set up. Sign in with your email address and password.';
  }
}
