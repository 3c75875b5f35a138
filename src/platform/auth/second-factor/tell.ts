import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { queueMail } from '../../mail/mail.ts';

/** Emails a person about a change to their second factor (AUTH-2), in the caller's transaction, so a change they did not make is noticed. */
export async function tellPersonAboutFactor(
  trx: Kysely<Database>,
  now: Date,
  personId: string,
  subject: string,
  line: string,
): Promise<void> {
  const person = await trx
    .selectFrom('person')
    .select(['given_name', 'email', 'trust_id', 'school_id'])
    .where('id', '=', personId)
    .executeTakeFirst();
  if (!person?.email) return;
  await queueMail(trx, now, {
    to: person.email,
    subject,
    trustId: person.trust_id,
    schoolId: person.school_id,
    text: `Hello ${person.given_name},\n\n${line}\n\nIf this was not you, tell your headteacher or trust administrator today.\n\nPostwarden`,
  });
}
