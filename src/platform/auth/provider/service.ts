import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../../audit/audit.ts';
import { decryptSecret, deriveKey, encryptSecret } from '../../crypto/keys.ts';
import { ValidationError, type FieldError } from '../../http/errors.ts';
import { hasLeft } from '../context.ts';
import { hasSecondFactor } from '../second-factor/service.ts';
import { formatDate } from '../../views/nunjucks.ts';
import {
  issuerFor,
  PROVIDER_LABELS,
  readClaims,
  type Claims,
  type ProviderEndpoints,
  type ProviderKind,
  type Refusal,
} from './rules.ts';

export const PROVIDER_SECRET_PURPOSE = 'identity-provider-secret';
const PURPOSE = PROVIDER_SECRET_PURPOSE;

export async function providerOf(db: Kysely<Database>, trustId: string) {
  return db.selectFrom('identity_provider').selectAll().where('trust_id', '=', trustId).executeTakeFirst();
}

/** Postwarden serves one trust per installation: the provider on the sign-in page is that trust's. */
export async function theProvider(db: Kysely<Database>) {
  return db.selectFrom('identity_provider').selectAll().orderBy('updated_at', 'desc').limit(1).executeTakeFirst();
}

export async function providerButton(db: Kysely<Database>) {
  const p = await theProvider(db);
  if (!p) return undefined;
  const trust = await db.selectFrom('trust').select('password_sign_in').where('id', '=', p.trust_id).executeTakeFirst();
  return { label: `Sign in with ${PROVIDER_LABELS[p.kind]}`, passwordOff: trust?.password_sign_in === false };
}

export function openClientSecret(masterKey: Buffer, sealed: string): string {
  return decryptSecret(deriveKey(masterKey, PURPOSE), sealed);
}

export interface ProviderInput {
  kind: string;
  tenantId: string;
  domain: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
}

const TENANT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{3,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/i;

export function validateProvider(input: ProviderInput, hasSecret: boolean): FieldError[] {
  const errors: FieldError[] = [];
  if (!['entra', 'google', 'oidc'].includes(input.kind))
    errors.push({ href: '#kind', text: 'Select how your staff sign in: Microsoft, Google or another provider' });
  if (input.kind === 'entra' && !TENANT.test(input.tenantId.trim()))
    errors.push({
      href: '#tenantId',
      text: 'Enter the directory (tenant) ID from Microsoft Entra, like 72f988bf-86f1-41af-91ab-2d7cd011db47',
    });
  if (input.kind === 'google' && !DOMAIN.test(input.domain.trim()))
    errors.push({ href: '#domain', text: 'Enter your school’s Google Workspace domain, like school.org.uk' });
  if (input.kind === 'oidc') {
    let ok = false;
    try {
      const u = new URL(input.issuer.trim());
      ok = u.protocol === 'https:' || ['127.0.0.1', 'localhost', '::1'].includes(u.hostname);
    } catch {}
    if (!ok) errors.push({ href: '#issuer', text: 'Enter the issuer address, starting with https://' });
  }
  if (!input.clientId.trim() || input.clientId.length > 300)
    errors.push({ href: '#clientId', text: 'Enter the client (application) ID the provider gave you' });
  if (!input.clientSecret && !hasSecret)
    errors.push({ href: '#clientSecret', text: 'Enter the client secret the provider gave you' });
  if (input.clientSecret.length > 1000) errors.push({ href: '#clientSecret', text: 'The client secret is too long' });
  return errors;
}

export interface Admin {
  id: string;
  label: string;
  trustId: string;
}

/** Saves the trust's provider; the secret is sealed and kept when the box is left empty. Audited. */
export async function saveProvider(
  db: Kysely<Database>,
  masterKey: Buffer,
  endpoints: ProviderEndpoints,
  now: Date,
  admin: Admin,
  input: ProviderInput,
) {
  const existing = await providerOf(db, admin.trustId);
  const errors = validateProvider(input, existing !== undefined);
  if (errors.length) throw new ValidationError(errors);
  const kind = input.kind as ProviderKind;
  const values = {
    kind,
    issuer: issuerFor(kind, { tenantId: input.tenantId.trim(), issuer: input.issuer }, endpoints),
    client_id: input.clientId.trim(),
    client_secret_sealed: input.clientSecret
      ? encryptSecret(deriveKey(masterKey, PURPOSE), input.clientSecret)
      : existing!.client_secret_sealed,
    tenant_id: kind === 'entra' ? input.tenantId.trim().toLowerCase() : null,
    domain: kind === 'google' ? input.domain.trim().toLowerCase() : null,
    tested_at: null,
    updated_at: now,
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('identity_provider')
      .values({ trust_id: admin.trustId, ...values })
      .onConflict((oc) => oc.column('trust_id').doUpdateSet(values))
      .execute();
    await recordAudit(trx, now, {
      actor: { id: admin.id, label: admin.label },
      action: 'trust.identity-provider-saved',
      entityType: 'trust',
      entityId: admin.trustId,
      trustId: admin.trustId,
      summary: {
        kind,
        issuer: values.issuer,
        clientId: values.client_id,
        secretChanged: Boolean(input.clientSecret),
      },
    });
  });
}

export async function markTested(
  db: Kysely<Database>,
  now: Date,
  admin: Admin,
  outcome: 'worked' | 'failed',
  detail: string,
) {
  await db.transaction().execute(async (trx) => {
    if (outcome === 'worked')
      await trx
        .updateTable('identity_provider')
        .set({ tested_at: now })
        .where('trust_id', '=', admin.trustId)
        .execute();
    await recordAudit(trx, now, {
      actor: { id: admin.id, label: admin.label },
      action: 'trust.identity-provider-tested',
      entityType: 'trust',
      entityId: admin.trustId,
      trustId: admin.trustId,
      summary: { outcome, detail },
    });
  });
}

/** Trust settings for signing in; password sign-in can be turned off only once the provider has worked. */
export async function saveSignInRules(
  db: Kysely<Database>,
  now: Date,
  admin: Admin,
  rules: { secondFactorRequired: boolean; passwordSignIn: boolean },
) {
  const provider = await providerOf(db, admin.trustId);
  if (!rules.passwordSignIn && !provider?.tested_at)
    throw new ValidationError([
      {
        href: '#passwordSignIn',
        text: 'Test the connection to your provider before turning off password sign-in, so nobody is locked out',
      },
    ]);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('trust')
      .set({ second_factor_required: rules.secondFactorRequired, password_sign_in: rules.passwordSignIn })
      .where('id', '=', admin.trustId)
      .execute();
    await recordAudit(trx, now, {
      actor: { id: admin.id, label: admin.label },
      action: 'trust.sign-in-rules-changed',
      entityType: 'trust',
      entityId: admin.trustId,
      trustId: admin.trustId,
      summary: rules,
    });
  });
}

/**
 * With password sign-in off, only a trust administrator who has a second factor may use a password
 * (break-glass, for when the provider is down); they are then asked for that factor.
 */
export async function passwordSignInRefusal(db: Kysely<Database>, personId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('person')
    .innerJoin('trust', 'trust.id', 'person.trust_id')
    .select(['trust.password_sign_in'])
    .where('person.id', '=', personId)
    .executeTakeFirst();
  if (!row || row.password_sign_in) return undefined;
  const admin = await db
    .selectFrom('role_assignment')
    .select('role')
    .where('person_id', '=', personId)
    .where('role', '=', 'trust_admin')
    .where('school_id', 'is', null)
    .executeTakeFirst();
  if (admin && (await hasSecondFactor(db, personId))) return undefined;
  return 'Your trust signs in with its own accounts now, not passwords. Use the button above to sign in.';
}

export type MatchResult =
  | { ok: true; personId: string; schoolId: string | null; linked: boolean }
  | { ok: false; reason: Refusal; leavingDate?: string };

/**
 * Who the provider's answer is (AUTH-1): by the linked subject once linked, the first time by the
 * verified email against the staff record. Never creates a person. Every refusal is audited.
 */
export async function matchPerson(
  db: Kysely<Database>,
  now: Date,
  today: string,
  provider: { trust_id: string; kind: ProviderKind; issuer: string; tenant_id: string | null; domain: string | null },
  claims: Claims,
): Promise<MatchResult> {
  const refuse = async (reason: Refusal, detail: Record<string, unknown> = {}, leavingDate?: string) => {
    await db.transaction().execute((trx) =>
      recordAudit(trx, now, {
        actor: { id: null, label: typeof claims.email === 'string' ? claims.email : 'Unknown provider account' },
        action: 'person.provider-sign-in-refused',
        entityType: 'trust',
        entityId: provider.trust_id,
        trustId: provider.trust_id,
        summary: { reason, ...detail },
      }),
    );
    return { ok: false as const, reason, ...(leavingDate ? { leavingDate: formatDate(leavingDate) } : {}) };
  };
  const read = readClaims(provider.kind, claims, { tenantId: provider.tenant_id, domain: provider.domain });
  if (!read.ok) return refuse(read.reason);
  const person = (id: string) =>
    db
      .selectFrom('person')
      .select(['id', 'trust_id', 'school_id', 'given_name', 'family_name', 'leaving_date'])
      .where('id', '=', id)
      .where('trust_id', '=', provider.trust_id)
      .executeTakeFirst();
  const link = await db
    .selectFrom('identity_link')
    .select(['person_id'])
    .where('issuer', '=', provider.issuer)
    .where('subject', '=', read.subject)
    .executeTakeFirst();
  let found = link ? await person(link.person_id) : undefined;
  let linked = false;
  if (!found) {
    if (!read.email) return refuse('no-email');
    if (!read.emailVerified) return refuse('unverified-email', { email: read.email });
    const byEmail = await db
      .selectFrom('person')
      .select('id')
      .where('trust_id', '=', provider.trust_id)
      .where((eb) => eb(eb.fn('lower', ['email']), '=', read.email))
      .executeTakeFirst();
    if (!byEmail) return refuse('not-on-staff-list', { email: read.email });
    const other = await db
      .selectFrom('identity_link')
      .select('subject')
      .where('person_id', '=', byEmail.id)
      .where('issuer', '=', provider.issuer)
      .executeTakeFirst();
    if (other) return refuse('linked-to-someone-else', { personId: byEmail.id });
    found = await person(byEmail.id);
    linked = true;
  }
  if (!found) return refuse('not-on-staff-list');
  if (hasLeft(found.leaving_date, today)) return refuse('left', { personId: found.id }, found.leaving_date!);
  const label = `${found.given_name} ${found.family_name}`;
  await db.transaction().execute(async (trx) => {
    if (linked) {
      await trx
        .insertInto('identity_link')
        .values({
          issuer: provider.issuer,
          subject: read.subject,
          person_id: found.id,
          trust_id: provider.trust_id,
          linked_at: now,
        })
        .execute();
      await recordAudit(trx, now, {
        actor: { id: found.id, label },
        action: 'person.provider-linked',
        entityType: 'person',
        entityId: found.id,
        trustId: found.trust_id,
        schoolId: found.school_id,
        summary: { issuer: provider.issuer },
      });
    }
    await recordAudit(trx, now, {
      actor: { id: found.id, label },
      action: 'person.signed-in',
      entityType: 'person',
      entityId: found.id,
      trustId: found.trust_id,
      schoolId: found.school_id,
      summary: { via: 'provider', amr: Array.isArray(claims.amr) ? claims.amr : [] },
    });
  });
  return { ok: true, personId: found.id, schoolId: found.school_id, linked };
}
