// Key rotation for the secrets sign-in keeps: the provider's client secret and authenticator-app keys.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { decryptSecret, deriveKey, encryptSecret } from '../crypto/keys.ts';
import { PROVIDER_SECRET_PURPOSE } from './provider/service.ts';
import { SECOND_FACTOR_PURPOSE } from './second-factor/service.ts';

const move = (current: Buffer, next: Buffer, purpose: string, sealed: string) =>
  encryptSecret(deriveKey(next, purpose), decryptSecret(deriveKey(current, purpose), sealed));

/** Re-seals every sign-in secret under the new key, inside the caller's transaction. Returns how many. */
export async function resealSignInSecrets(trx: Kysely<Database>, currentKey: Buffer, newKey: Buffer): Promise<number> {
  let count = 0;
  for (const p of await trx.selectFrom('identity_provider').select(['trust_id', 'client_secret_sealed']).execute()) {
    await trx
      .updateTable('identity_provider')
      .set({ client_secret_sealed: move(currentKey, newKey, PROVIDER_SECRET_PURPOSE, p.client_secret_sealed) })
      .where('trust_id', '=', p.trust_id)
      .execute();
    count++;
  }
  const factors = await trx
    .selectFrom('second_factor')
    .select(['id', 'totp_secret_sealed'])
    .where('totp_secret_sealed', 'is not', null)
    .execute();
  for (const f of factors) {
    await trx
      .updateTable('second_factor')
      .set({ totp_secret_sealed: move(currentKey, newKey, SECOND_FACTOR_PURPOSE, f.totp_secret_sealed!) })
      .where('id', '=', f.id)
      .execute();
    count++;
  }
  return count;
}
