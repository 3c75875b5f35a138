// Key rotation (ACC-4): every stored secret re-sealed under a new master key in one transaction, so
// either all of them move or none does.
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { recordAudit } from '../../../platform/audit/audit.ts';
import { lockAllSecrets, replaceSealed } from './repo.ts';
import { CannotOpenError, reseal } from './seal.ts';
import { resealSignInSecrets } from '../../../platform/auth/reseal.ts';

/** The current key does not open a stored secret: nothing was changed. */
export class WrongCurrentKeyError extends Error {
  constructor(
    readonly accountName: string,
    readonly schoolName: string,
  ) {
    super(`The sign-in details of ‘${accountName}’ (${schoolName}) cannot be opened with the current key.`);
  }
}

export async function rotateCredentialKey(
  db: Kysely<Database>,
  now: Date,
  currentKey: Buffer,
  newKey: Buffer,
): Promise<{ secrets: number }> {
  return db.transaction().execute(async (trx) => {
    const secrets = await lockAllSecrets(trx);
    const perTrust = new Map<string, number>();
    for (const s of secrets) {
      let sealed: string;
      try {
        sealed = reseal(currentKey, newKey, s.sealed);
      } catch (error) {
        if (error instanceof CannotOpenError) throw new WrongCurrentKeyError(s.account_name, s.school_name);
        throw error;
      }
      await replaceSealed(trx, s.account_id, sealed);
      perTrust.set(s.trust_id, (perTrust.get(s.trust_id) ?? 0) + 1);
    }
    // The sign-in secrets (the provider's client secret, authenticator-app keys) move with them (issue 12).
    await resealSignInSecrets(trx, currentKey, newKey);
    // Every trust's audit log says the key changed (it also signs everyone out: sessions use it too).
    const trusts = await trx.selectFrom('trust').select('id').execute();
    for (const trust of trusts) {
      await recordAudit(trx, now, {
        actor: { id: null, label: 'Command line: postwarden rotate-key' },
        action: 'credentials.key-rotated',
        entityType: 'trust',
        entityId: trust.id,
        trustId: trust.id,
        summary: { secretsReSealed: perTrust.get(trust.id) ?? 0 },
      });
    }
    return { secrets: secrets.length };
  });
}
