// Passkeys (WebAuthn) through @simplewebauthn/server: the relying party is this installation's
// BASE_URL (its host is the RP ID, its origin the expected origin).
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { ADDED_SUBJECT, audit, type Actor, replaceRecoveryCodes } from './service.ts';
import { tellPersonAboutFactor } from './tell.ts';
import { newRecoveryCodes } from './rules.ts';
import { unusedRecoveryCodes } from './repo.ts';

export interface RelyingParty {
  id: string;
  origin: string;
}

export function relyingPartyOf(baseUrl: string): RelyingParty {
  const url = new URL(baseUrl);
  return { id: url.hostname, origin: url.origin };
}

const transportsOf = (t: string | null) => (t ? (t.split(',') as AuthenticatorTransportFuture[]) : undefined);

async function passkeysOf(db: Kysely<Database>, personId: string) {
  return db
    .selectFrom('second_factor')
    .select(['id', 'credential_id', 'public_key', 'sign_count', 'transports'])
    .where('person_id', '=', personId)
    .where('kind', '=', 'passkey')
    .execute();
}

export async function hasPasskey(db: Kysely<Database>, personId: string): Promise<boolean> {
  return (await passkeysOf(db, personId)).length > 0;
}

export async function registrationOptions(
  db: Kysely<Database>,
  rp: RelyingParty,
  person: { id: string; email: string | null; name: string },
) {
  const existing = await passkeysOf(db, person.id);
  return generateRegistrationOptions({
    rpName: 'Postwarden',
    rpID: rp.id,
    userName: person.email ?? person.name,
    userDisplayName: person.name,
    userID: new TextEncoder().encode(person.id),
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({ id: c.credential_id!, transports: transportsOf(c.transports) })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
}

/** Stores a verified passkey; the first factor a person sets up also gives them recovery codes. */
export async function addPasskey(
  db: Kysely<Database>,
  rp: RelyingParty,
  now: Date,
  person: Actor & { trustId: string; schoolId: string | null },
  expectedChallenge: string,
  response: RegistrationResponseJSON,
): Promise<{ ok: true; recoveryCodes: string[] | null } | { ok: false }> {
  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: false,
    });
  } catch {
    return { ok: false };
  }
  if (!verified.verified || !verified.registrationInfo) return { ok: false };
  const { credential } = verified.registrationInfo;
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('second_factor')
      .values({
        person_id: person.id,
        kind: 'passkey',
        label: 'Passkey',
        credential_id: credential.id,
        public_key: Buffer.from(credential.publicKey).toString('base64url'),
        sign_count: credential.counter,
        transports: credential.transports?.join(',') ?? null,
        created_at: now,
        last_used_at: null,
      })
      .execute();
    let recoveryCodes: string[] | null = null;
    if ((await unusedRecoveryCodes(trx, person.id)) === 0) {
      recoveryCodes = newRecoveryCodes();
      await replaceRecoveryCodes(trx, now, person.id, recoveryCodes);
    }
    await audit(trx, now, person, 'person.second-factor-added', { kind: 'passkey' });
    await tellPersonAboutFactor(
      trx,
      now,
      person.id,
      ADDED_SUBJECT,
      'A passkey was added to your Postwarden account as a second factor.',
    );
    return { ok: true as const, recoveryCodes };
  });
}

export async function authenticationOptions(db: Kysely<Database>, rp: RelyingParty, personId: string) {
  const keys = await passkeysOf(db, personId);
  return generateAuthenticationOptions({
    rpID: rp.id,
    allowCredentials: keys.map((c) => ({ id: c.credential_id!, transports: transportsOf(c.transports) })),
    userVerification: 'preferred',
  });
}

/** Checks a passkey's signature against this person's stored passkeys; the signature counter moves on. */
export async function checkPasskey(
  db: Kysely<Database>,
  rp: RelyingParty,
  now: Date,
  personId: string,
  expectedChallenge: string,
  response: AuthenticationResponseJSON,
): Promise<boolean> {
  const key = (await passkeysOf(db, personId)).find((c) => c.credential_id === response.id);
  if (!key) return false;
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: {
        id: key.credential_id!,
        publicKey: new Uint8Array(Buffer.from(key.public_key!, 'base64url')),
        counter: Number(key.sign_count ?? 0),
        transports: transportsOf(key.transports),
      },
      requireUserVerification: false,
    });
    if (!result.verified) return false;
    await db
      .updateTable('second_factor')
      .set({ sign_count: result.authenticationInfo.newCounter, last_used_at: now })
      .where('id', '=', key.id)
      .execute();
    return true;
  } catch {
    return false;
  }
}
