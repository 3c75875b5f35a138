/**
 * "Your second factor" (AUTH-2): removing one of your own factors, renewing your recovery codes, and
 * the administrator's reset for someone who lost their phone and their codes. Each change is audited
 * and the person is told by email in the same transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { endAllSessions } from '../sessions/repo.ts';
import { audit, type Actor, needsSecondFactor, replaceRecoveryCodes } from './service.ts';
import { newRecoveryCodes } from './rules.ts';
import { tellPersonAboutFactor } from './tell.ts';

type Person = Actor & { trustId: string; schoolId: string | null };

export const KIND_LABEL: Record<string, string> = { totp: 'Authenticator app', passkey: 'Passkey' };

export type RemoveResult = { ok: true; kind: string } | { ok: false; reason: 'not-found' | 'last' };

/**
 * Removes one of the person's own factors. Someone who needs a second factor is never left with
 * none: the last one stays until another is set up. With no factor left, the recovery codes go too.
 */
export async function removeOwnFactor(
  db: Kysely<Database>,
  now: Date,
  person: Person,
  factorId: string,
): Promise<RemoveResult> {
  const needs = await needsSecondFactor(db, person.id);
  return db.transaction().execute(async (trx): Promise<RemoveResult> => {
    const factors = await trx
      .selectFrom('second_factor')
      .select(['id', 'kind'])
      .where('person_id', '=', person.id)
      .forUpdate()
      .execute();
    const factor = factors.find((f) => f.id === factorId);
    if (!factor) return { ok: false, reason: 'not-found' };
    if (factors.length === 1 && needs) return { ok: false, reason: 'last' };
    await trx.deleteFrom('second_factor').where('id', '=', factor.id).where('person_id', '=', person.id).execute();
    if (factors.length === 1) await trx.deleteFrom('recovery_code').where('person_id', '=', person.id).execute();
    await audit(trx, now, person, 'person.second-factor-removed', { kind: factor.kind, remaining: factors.length - 1 });
    const what = factor.kind === 'passkey' ? 'A passkey' : 'An authenticator app';
    const left = factors.length === 1 ? 'You have no second factor now.' : 'Your other second factor still works.';
    await tellPersonAboutFactor(
      trx,
      now,
      person.id,
      'A second factor was removed from your Postwarden account',
      `${what} was removed from your Postwarden account. ${left}`,
    );
    return { ok: true, kind: factor.kind };
  });
}

/** New recovery codes for someone with a factor: every earlier code stops working. Undefined if they have no factor. */
export async function renewRecoveryCodes(
  db: Kysely<Database>,
  now: Date,
  person: Person,
): Promise<string[] | undefined> {
  return db.transaction().execute(async (trx) => {
    const factors = await trx.selectFrom('second_factor').select('id').where('person_id', '=', person.id).execute();
    if (!factors.length) return undefined;
    const codes = newRecoveryCodes();
    await replaceRecoveryCodes(trx, now, person.id, codes);
    await audit(trx, now, person, 'person.recovery-codes-renewed');
    await tellPersonAboutFactor(
      trx,
      now,
      person.id,
      'New recovery codes for your Postwarden account',
      'New recovery codes were made for your Postwarden account. Your earlier recovery codes no longer work.',
    );
    return codes;
  });
}

/**
 * Removes every factor and recovery code of a person and ends all their sessions, in the caller's
 * transaction (the caller decides who may, audits and tells them). They set one up at their next sign-in.
 */
export async function clearSecondFactor(
  trx: Kysely<Database>,
  personId: string,
): Promise<{ factors: number; sessions: number }> {
  const factors = await trx.deleteFrom('second_factor').where('person_id', '=', personId).executeTakeFirst();
  await trx.deleteFrom('recovery_code').where('person_id', '=', personId).execute();
  const sessions = await endAllSessions(trx, personId);
  return { factors: Number(factors.numDeletedRows), sessions };
}
