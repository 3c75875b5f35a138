// An official account's sign-in details (ACC-4): stored sealed, revealed only with a reason, each
// step on the account's timeline and in the audit log. Nothing secret leaves this file except the
// revealed details returned to the one page that shows them.
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { Actor } from '../../../platform/audit/audit.ts';
import { UserFacingError, ValidationError } from '../../../platform/http/errors.ts';
import { recordAccountEvent } from '../events.ts';
import { lockAccount } from '../register/repo.ts';
import { mayStoreCredentials } from '../register/rules/access.ts';
import type { AccountRow } from '../repo.ts';
import {
  checkCredentialsForm,
  checkRevealReason,
  type Credentials,
  type CredentialsForm,
} from './rules/credentials.ts';
import { CannotOpenError, openCredentials, sealCredentials } from './seal.ts';
import { saveSealed, sealedSecretOf } from './repo.ts';
import { transact } from '../../../platform/db/transact.ts';

export interface School {
  trustId: string;
  schoolId: string;
}

export type StoreResult =
  | { kind: 'stored'; replaced: boolean; rotationCleared: boolean }
  | { kind: 'not-found' }
  | { kind: 'not-allowed'; account: AccountRow };

/**
 * Stores or replaces the sign-in details, sealed with AES-256-GCM. Storing a new password clears a
 * "password must be changed" mark (ACC-5): recording it is how the administrator says it was done.
 */
export async function storeCredentials(
  db: Kysely<Database>,
  masterKey: Buffer,
  now: Date,
  school: School,
  actor: Actor,
  accountId: string,
  form: CredentialsForm,
): Promise<StoreResult> {
  const { value, errors } = checkCredentialsForm(form);
  return transact(db, async (trx): Promise<StoreResult> => {
    const account = await lockAccount(trx, school, accountId);
    if (!account) return { kind: 'not-found' };
    if (!mayStoreCredentials(account.status)) return { kind: 'not-allowed', account };
    if (!value) throw new ValidationError(errors);
    const before = await sealedSecretOf(trx, account.id);
    await saveSealed(trx, {
      accountId: account.id,
      trustId: account.trust_id,
      schoolId: account.school_id,
      sealed: sealCredentials(masterKey, value),
      now,
      by: actor.id,
    });
    const rotationCleared = before?.rotate_required === true;
    await recordAccountEvent(trx, now, account, actor, 'credentials.stored', {
      comment: before
        ? rotationCleared
          ? 'The password has been changed and the new one stored.'
          : 'The stored details were replaced.'
        : null,
      detail: { replaced: before !== undefined, rotationCleared },
    });
    return { kind: 'stored', replaced: before !== undefined, rotationCleared };
  });
}

export type RevealResult =
  | { kind: 'revealed'; credentials: Credentials }
  | { kind: 'not-found' }
  | { kind: 'nothing-stored' };

/**
 * Opens the sign-in details for one person, for a reason they give (ACC-4). The reveal and its
 * reason go on the timeline and into the audit log before anything is shown; the details
 * themselves are never written anywhere.
 */
export async function revealCredentials(
  db: Kysely<Database>,
  masterKey: Buffer,
  now: Date,
  school: School,
  actor: Actor,
  accountId: string,
  reasonText: string,
): Promise<RevealResult> {
  const { value: reason, errors } = checkRevealReason(reasonText);
  return transact(db, async (trx): Promise<RevealResult> => {
    const account = await lockAccount(trx, school, accountId);
    if (!account) return { kind: 'not-found' };
    const stored = await sealedSecretOf(trx, account.id);
    if (!stored) return { kind: 'nothing-stored' };
    if (!reason) throw new ValidationError(errors);
    let credentials: Credentials;
    try {
      credentials = openCredentials(masterKey, stored.sealed);
    } catch (error) {
      if (error instanceof CannotOpenError) {
        throw new UserFacingError(
          409,
          'The stored sign-in details cannot be read with this installation’s secret key. If the key was changed without running postwarden rotate-key, ask whoever runs Postwarden to put the old key back. Nothing was revealed or recorded.',
          'The sign-in details cannot be read',
        );
      }
      throw error;
    }
    await recordAccountEvent(trx, now, account, actor, 'credentials.revealed', { comment: reason });
    return { kind: 'revealed', credentials };
  });
}
