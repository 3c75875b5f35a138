// The school's own words for the confidential-matters check (PUB-2), kept on the school record.
import type { Kysely } from 'kysely';
import type { Database } from '../../../../platform/db/schema.ts';
import { recordAudit, type Actor } from '../../../../platform/audit/audit.ts';
import { ValidationError } from '../../../../platform/http/errors.ts';
import { transact } from '../../../../platform/db/transact.ts';
import { checkConfidentialWords } from './rules.ts';

interface School {
  trustId: string;
  schoolId: string;
}

export async function confidentialWordsOf(db: Kysely<Database>, school: School): Promise<string[]> {
  const row = await db
    .selectFrom('school')
    .select('confidential_terms')
    .where('id', '=', school.schoolId)
    .where('trust_id', '=', school.trustId)
    .executeTakeFirstOrThrow();
  return Array.isArray(row.confidential_terms)
    ? row.confidential_terms.filter((t): t is string => typeof t === 'string')
    : [];
}

export async function saveConfidentialWords(
  db: Kysely<Database>,
  now: Date,
  school: School,
  actor: Actor,
  text: string,
): Promise<number> {
  const { terms, errors } = checkConfidentialWords(text);
  if (errors.length) throw new ValidationError(errors);
  return transact(db, async (trx) => {
    const before = await confidentialWordsOf(trx, school);
    await trx
      .updateTable('school')
      .set({ confidential_terms: JSON.stringify(terms) })
      .where('id', '=', school.schoolId)
      .execute();
    await recordAudit(trx, now, {
      actor,
      action: 'school.confidential-words-updated',
      entityType: 'school',
      entityId: school.schoolId,
      ...school,
      summary: { added: terms.filter((t) => !before.includes(t)), removed: before.filter((t) => !terms.includes(t)) },
    });
    return terms.length;
  });
}
