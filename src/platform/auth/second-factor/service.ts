import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../../audit/audit.ts';
import { decryptSecret, deriveKey, encryptSecret } from '../../crypto/keys.ts';
import { isRole, roleNeedsSecondFactor } from '../permissions.ts';
import { attemptFailed, attemptSucceeded, beginAttempt, type Pause } from '../limits/service.ts';
import { factorsOf, requirementOf } from './repo.ts';
import { tellPersonAboutFactor } from './tell.ts';
import { acceptedStep, hashRecoveryCode, looksLikeRecoveryCode, newRecoveryCodes } from './rules.ts';

export const SECOND_FACTOR_PURPOSE = 'second-factor';
const PURPOSE = SECOND_FACTOR_PURPOSE;
export const seal = (masterKey: Buffer, secret: string) => encryptSecret(deriveKey(masterKey, PURPOSE), secret);
const open = (masterKey: Buffer, sealed: string) => decryptSecret(deriveKey(masterKey, PURPOSE), sealed);

export interface Actor {
  id: string;
  label: string;
}

/** Whether a second factor is required of this person: the trust's setting and any role that needs one. */
export async function needsSecondFactor(db: Kysely<Database>, personId: string): Promise<boolean> {
  const r = await requirementOf(db, personId);
  if (!r?.second_factor_required) return false;
  return r.roles.some((role) => isRole(role) && roleNeedsSecondFactor(role));
}

export async function hasSecondFactor(db: Kysely<Database>, personId: string): Promise<boolean> {
  return (await factorsOf(db, personId)).length > 0;
}

export type CheckResult =
  | { ok: true; how: 'app' | 'recovery' }
  | { ok: false; reason: 'wrong' | 'reused' }
  | { ok: false; reason: 'paused'; pause: Pause };

/** The limit key for codes is the person, so a guesser cannot spread guesses over many sessions. */
const limitKey = (personId: string) => `second-factor:${personId}`;

/**
 * Checks a code from an authenticator app, or a recovery code (each works once). Wrong codes are
 * limited like passwords (limits/): five are free, then each pauses longer, and nothing is checked
 * while paused.
 */
export async function checkCode(
  db: Kysely<Database>,
  masterKey: Buffer,
  now: Date,
  person: Actor & { trustId: string; schoolId: string | null },
  code: string,
  clientAddress: string,
): Promise<CheckResult> {
  const gate = await beginAttempt(db, now, limitKey(person.id), clientAddress);
  if ('pause' in gate) return { ok: false, reason: 'paused', pause: gate.pause };
  const result = await db.transaction().execute(async (trx): Promise<CheckResult> => {
    if (looksLikeRecoveryCode(code)) {
      const hash = hashRecoveryCode(code);
      const row = await trx
        .selectFrom('recovery_code')
        .select(['used_at'])
        .where('person_id', '=', person.id)
        .where('code_hash', '=', hash)
        .forUpdate()
        .executeTakeFirst();
      if (!row) return { ok: false, reason: 'wrong' };
      if (row.used_at) return { ok: false, reason: 'reused' };
      await trx
        .updateTable('recovery_code')
        .set({ used_at: now })
        .where('person_id', '=', person.id)
        .where('code_hash', '=', hash)
        .execute();
      await audit(trx, now, person, 'person.recovery-code-used');
      return { ok: true, how: 'recovery' };
    }
    for (const factor of await factorsOf(trx, person.id)) {
      if (factor.kind !== 'totp' || !factor.totp_secret_sealed) continue;
      const last = factor.last_used_step === null ? null : Number(factor.last_used_step);
      const step = acceptedStep(open(masterKey, factor.totp_secret_sealed), code, now, last);
      if (step === null) continue;
      // Only a later step than the last one used is accepted, so a code seen over a shoulder is spent.
      const updated = await trx
        .updateTable('second_factor')
        .set({ last_used_step: step, last_used_at: now })
        .where('id', '=', factor.id)
        .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', String(step))]))
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 1) return { ok: true, how: 'app' };
    }
    return { ok: false, reason: 'wrong' };
  });
  if (result.ok) await attemptSucceeded(db, gate.attempt);
  else {
    const pause = await attemptFailed(db, now, gate.attempt);
    if (pause) return { ok: false, reason: 'paused', pause };
  }
  return result;
}

/** Adds an authenticator app once the person has typed a code it shows; returns fresh recovery codes. */
export async function addAuthenticatorApp(
  db: Kysely<Database>,
  masterKey: Buffer,
  now: Date,
  person: Actor & { trustId: string; schoolId: string | null },
  secret: string,
  code: string,
): Promise<{ ok: true; recoveryCodes: string[] } | { ok: false }> {
  const step = acceptedStep(secret, code, now, null);
  if (step === null) return { ok: false };
  const recoveryCodes = newRecoveryCodes();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('second_factor')
      .values({
        person_id: person.id,
        kind: 'totp',
        label: 'Authenticator app',
        totp_secret_sealed: seal(masterKey, secret),
        last_used_step: step,
        created_at: now,
        last_used_at: now,
      })
      .execute();
    await replaceRecoveryCodes(trx, now, person.id, recoveryCodes);
    await audit(trx, now, person, 'person.second-factor-added', { kind: 'totp' });
    await tellPersonAboutFactor(
      trx,
      now,
      person.id,
      ADDED_SUBJECT,
      'An authenticator app was added to your Postwarden account as a second factor, with new recovery codes.',
    );
  });
  return { ok: true, recoveryCodes };
}

export const ADDED_SUBJECT = 'A second factor was added to your Postwarden account';

/** New recovery codes replace every earlier one, used or not. */
export async function replaceRecoveryCodes(trx: Kysely<Database>, now: Date, personId: string, codes: string[]) {
  await trx.deleteFrom('recovery_code').where('person_id', '=', personId).execute();
  await trx
    .insertInto('recovery_code')
    .values(codes.map((c) => ({ person_id: personId, code_hash: hashRecoveryCode(c), created_at: now, used_at: null })))
    .execute();
}

export async function audit(
  trx: Kysely<Database>,
  now: Date,
  person: Actor & { trustId: string; schoolId: string | null },
  action: string,
  summary?: Record<string, unknown>,
) {
  await recordAudit(trx, now, {
    actor: { id: person.id, label: person.label },
    action,
    entityType: 'person',
    entityId: person.id,
    trustId: person.trustId,
    schoolId: person.schoolId,
    ...(summary ? { summary } : {}),
  });
}
