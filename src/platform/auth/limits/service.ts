import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { ACCOUNT_LIMIT, ADDRESS_LIMIT, addressSubject, afterFailure, pausedUntil, type LimitScope } from './rules.ts';
import { clearLimit, forgetStaleLimits, limitSubject, readLimit, readLimitForUpdate, writeLimit } from './repo.ts';

export interface Pause {
  scope: LimitScope;
  until: Date;
}

export interface Attempt {
  accountSubject: string;
  addressSubject: string;
}

/**
 * Asks whether a sign-in may be tried now. If it may, the attempt is counted against the account
 * before the password is checked, so many attempts at once cannot slip past the limit; a success
 * then clears the account's count, so successes never count. The address is only counted when an
 * attempt fails.
 */
export async function beginAttempt(
  db: Kysely<Database>,
  now: Date,
  email: string,
  clientAddress: string,
): Promise<{ attempt: Attempt } | { pause: Pause }> {
  const attempt = {
    accountSubject: limitSubject('account', email),
    addressSubject: limitSubject('address', addressSubject(clientAddress)),
  };
  const addressPause = pausedUntil(await readLimit(db, 'address', attempt.addressSubject), now);
  if (addressPause) return { pause: { scope: 'address', until: addressPause } };
  return db.transaction().execute(async (trx) => {
    const account = await readLimitForUpdate(trx, 'account', attempt.accountSubject, now);
    const accountPause = pausedUntil(account, now);
    if (accountPause) return { pause: { scope: 'account' as const, until: accountPause } };
    await writeLimit(trx, 'account', attempt.accountSubject, afterFailure(ACCOUNT_LIMIT, account, now));
    return { attempt };
  });
}

/** The attempt failed: counts it against the address too. Returns the pause it started, if any. */
export async function attemptFailed(db: Kysely<Database>, now: Date, attempt: Attempt): Promise<Pause | undefined> {
  const address = await db.transaction().execute(async (trx) => {
    const next = afterFailure(
      ADDRESS_LIMIT,
      await readLimitForUpdate(trx, 'address', attempt.addressSubject, now),
      now,
    );
    await writeLimit(trx, 'address', attempt.addressSubject, next);
    return next;
  });
  await forgetStaleLimits(db, now);
  const accountPause = pausedUntil(await readLimit(db, 'account', attempt.accountSubject), now);
  if (accountPause) return { scope: 'account', until: accountPause };
  const addressPause = pausedUntil(address, now);
  return addressPause ? { scope: 'address', until: addressPause } : undefined;
}

/** The right password was given: the account's count starts again. */
export async function attemptSucceeded(db: Kysely<Database>, attempt: Attempt): Promise<void> {
  await clearLimit(db, 'account', attempt.accountSubject);
}

/** A password reset proves the person holds the mailbox, so a pause on their account ends. */
export async function clearAccountLimit(db: Kysely<Database>, email: string): Promise<void> {
  await clearLimit(db, 'account', limitSubject('account', email));
}
