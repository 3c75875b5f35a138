/** STF-1: the names a school is known by besides its own ("the Larks", "LPS"), for "before you post". */
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { recordAudit, type Actor } from '../../../platform/audit/audit.ts';
import { ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { transact } from '../../../platform/db/transact.ts';

interface School {
  trustId: string;
  schoolId: string;
}

export const MAX_NICKNAMES = 10;
export const MAX_NICKNAME_LENGTH = 60;

/** One a line; blank lines and repeats dropped. Pure. */
export function readNicknames(text: string): { names: string[]; errors: FieldError[] } {
  const names = [
    ...new Set(
      text
        .split(/\r?\n/)
        .map((l) => l.trim().replace(/\s+/g, ' '))
        .filter(Boolean),
    ),
  ];
  const errors: FieldError[] = [];
  if (names.length > MAX_NICKNAMES) errors.push({ href: '#nicknames', text: `Enter ${MAX_NICKNAMES} names or fewer` });
  const long = names.find((n) => n.length > MAX_NICKNAME_LENGTH);
  if (long) errors.push({ href: '#nicknames', text: `Each name must be ${MAX_NICKNAME_LENGTH} characters or fewer` });
  const short = names.find((n) => n.replace(/[^\p{L}\p{N}]/gu, '').length < 2);
  if (short) errors.push({ href: '#nicknames', text: 'Each name must have at least 2 letters or numbers' });
  return { names, errors };
}

export async function nicknamesOf(db: Kysely<Database>, school: School): Promise<string[]> {
  const row = await db
    .selectFrom('school')
    .select('nicknames')
    .where('id', '=', school.schoolId)
    .where('trust_id', '=', school.trustId)
    .executeTakeFirstOrThrow();
  return Array.isArray(row.nicknames) ? row.nicknames.filter((n): n is string => typeof n === 'string') : [];
}

export async function saveNicknames(
  db: Kysely<Database>,
  now: Date,
  school: School,
  actor: Actor,
  text: string,
): Promise<string[]> {
  const { names, errors } = readNicknames(text);
  if (errors.length > 0) throw new ValidationError(errors);
  return transact(db, async (trx) => {
    const before = await nicknamesOf(trx, school);
    await trx
      .updateTable('school')
      .set({ nicknames: JSON.stringify(names) })
      .where('id', '=', school.schoolId)
      .where('trust_id', '=', school.trustId)
      .execute();
    await recordAudit(trx, now, {
      actor,
      action: 'school.nicknames-updated',
      entityType: 'school',
      entityId: school.schoolId,
      ...school,
      summary: { before, after: names },
    });
    return names;
  });
}
