/**
 * What the posting module asks of official accounts (PUB-1, PUB-6): which live accounts a person
 * runs, whether they run one, and the account's sign-in details for a connector. Posting never reads
 * the accounts tables itself.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { LIVE_STATUSES } from './model.ts';
import { sealedSecretOf } from './credentials/repo.ts';
import { openCredentials } from './credentials/seal.ts';

export interface PostingAccount {
  id: string;
  name: string;
  platform: string;
  handle: string | null;
  address: string | null;
  live: boolean;
}

interface School {
  trustId: string;
  schoolId: string;
}

const columns = ['a.id', 'a.name', 'a.platform', 'a.handle', 'a.address', 'a.status'] as const;

function toPostingAccount(row: {
  id: string;
  name: string;
  platform: string;
  handle: string | null;
  address: string | null;
  status: string;
}): PostingAccount {
  return {
    id: row.id,
    name: row.name,
    platform: row.platform,
    handle: row.handle,
    address: row.address,
    live: (LIVE_STATUSES as string[]).includes(row.status),
  };
}

/** The live accounts of the school that this person runs now, by name. */
export async function accountsOperatedBy(
  db: Kysely<Database>,
  school: School,
  personId: string,
): Promise<PostingAccount[]> {
  const rows = await db
    .selectFrom('official_account as a')
    .innerJoin('account_operator as o', 'o.account_id', 'a.id')
    .select(columns)
    .where('a.trust_id', '=', school.trustId)
    .where('a.school_id', '=', school.schoolId)
    .where('a.status', 'in', LIVE_STATUSES)
    .where('o.person_id', '=', personId)
    .where('o.removed_at', 'is', null)
    .orderBy('a.name')
    .execute();
  return rows.map(toPostingAccount);
}

/** One account of the school, live or not; undefined for another school's. */
export async function postingAccount(
  db: Kysely<Database>,
  school: School,
  accountId: string,
): Promise<PostingAccount | undefined> {
  const row = await db
    .selectFrom('official_account as a')
    .select(columns)
    .where('a.id', '=', accountId)
    .where('a.trust_id', '=', school.trustId)
    .where('a.school_id', '=', school.schoolId)
    .executeTakeFirst();
  return row ? toPostingAccount(row) : undefined;
}

/** Whether the person runs the account now. */
export async function operatesAccount(db: Kysely<Database>, accountId: string, personId: string): Promise<boolean> {
  const row = await db
    .selectFrom('account_operator')
    .select('id')
    .where('account_id', '=', accountId)
    .where('person_id', '=', personId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The account's stored sign-in details, opened for a connector, or null when none are stored.
 * Throws CannotOpenError when the installation's key cannot open them. The caller never shows or
 * logs them.
 */
export async function credentialsForPublishing(
  db: Kysely<Database>,
  masterKey: Buffer,
  accountId: string,
): Promise<{ username: string; password: string; notes: string } | null> {
  const row = await sealedSecretOf(db, accountId);
  if (!row) return null;
  const opened = openCredentials(masterKey, row.sealed);
  return { username: opened.username, password: opened.password, notes: opened.notes };
}
