import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { MODEL_POLICY } from './model/model-policy.ts';
import { defaultSettings } from './model/settings.ts';
import { addMonths, contentHash } from './versions/service.ts';
import { updateClause } from './rules/edit.ts';

/**
 * Demo policy history: the trust's policy approved in the summer and in force since September,
 * most staff signed, a training course with completions, and a school's own draft in progress.
 */
export async function seedPolicyDemo(
  trx: Kysely<Database>,
  now: Date,
  trustId: string,
  schools: { primary: string; secondary: string },
  people: Record<string, string>,
): Promise<void> {
  const settings = {
    ...defaultSettings(),
    takedownTargetHours: 24,
    ladoContact: 'LADO, Riverside Council: 01632 960 123, lado@riverside.example',
    tradeUnionsConsulted: true,
  };
  const policy = await trx
    .insertInto('policy')
    .values({
      trust_id: trustId,
      school_id: null,
      title: MODEL_POLICY.title,
      created_at: new Date('2026-06-01T09:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const version1 = await trx
    .insertInto('policy_version')
    .values({
      policy_id: policy.id,
      trust_id: trustId,
      school_id: null,
      number: 1,
      status: 'approved',
      document: JSON.stringify(MODEL_POLICY),
      settings: JSON.stringify(settings),
      created_at: new Date('2026-06-01T09:00:00Z'),
      created_by: people['trust-admin'] ?? null,
      approved_by_body: 'Trust board',
      approved_on: '2026-07-10',
      approved_recorded_by: people['trust-admin'] ?? null,
      effective_from: '2026-09-01',
      review_due: addMonths('2026-09-01', 12),
      consultation: 'Recognised trade unions (NEU, NASUWT, UNISON) consulted in June 2026',
      change_summary: 'First version, adopted from Postwarden’s model policy',
      content_hash: contentHash(MODEL_POLICY, settings),
    })
    .returning(['id', 'content_hash'])
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('policy_local_settings')
    .values({
      school_id: schools.primary,
      trust_id: trustId,
      settings: JSON.stringify({ headTitle: 'Head of School' }),
      updated_at: now,
    })
    .execute();

  // Most current staff have signed; a few have not, so the coverage page has work to show.
  const staff = await trx
    .selectFrom('person')
    .select(['id', 'given_name', 'family_name', 'leaving_date'])
    .where('trust_id', '=', trustId)
    .orderBy('family_name')
    .execute();
  const signers = staff.filter((p, i) => p.leaving_date === null && i % 5 !== 2);
  if (signers.length) {
    await trx
      .insertInto('signature')
      .values(
        signers.map((p, i) => ({
          version_id: version1.id,
          person_id: p.id,
          trust_id: trustId,
          signed_at: new Date(Date.UTC(2026, 8, 1 + (i % 20), 8 + (i % 9), 15)),
          typed_name: `${p.given_name} ${p.family_name}`,
          statement: settings.signingStatement,
          content_hash: version1.content_hash!,
        })),
      )
      .execute();
  }

  const course = await trx
    .insertInto('training_course')
    .values({
      trust_id: trustId,
      title: 'Running an official school account',
      description: 'Safe posting, consent, moderation and what to do when things go wrong.',
      valid_months: 24,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('training_requirement')
    .values([
      { course_id: course.id, trust_id: trustId, requirement: 'account-operator' },
      { course_id: course.id, trust_id: trustId, requirement: 'role:account_admin' },
    ])
    .execute();
  for (const key of ['office-primary', 'comms-secondary', 'teacher-primary']) {
    const personId = people[key];
    if (personId)
      await trx
        .insertInto('training_completion')
        .values({
          course_id: course.id,
          person_id: personId,
          trust_id: trustId,
          completed_on: '2026-09-15',
          expires_on: '2028-09-15',
          evidence: 'Completed the trust’s twilight session',
          recorded_by: people['trust-admin'] ?? null,
          recorded_at: now,
        })
        .execute();
  }

  // Harbour Bridge is drafting its own version with a quicker reply deadline.
  const draftDocument = updateClause(MODEL_POLICY, 'privacy.settings', {
    text: 'Check your privacy settings at the start of every term, and whenever a site changes them. Set them so that only people you know can see your posts and your friends list.',
  });
  const own = await trx
    .insertInto('policy')
    .values({ trust_id: trustId, school_id: schools.secondary, title: MODEL_POLICY.title, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('policy_version')
    .values({
      policy_id: own.id,
      trust_id: trustId,
      school_id: schools.secondary,
      number: 1,
      status: 'draft',
      document: JSON.stringify(draftDocument),
      settings: JSON.stringify({ ...settings, responseDeadlineHours: 12 }),
      created_at: now,
      created_by: people['head-secondary'] ?? null,
    })
    .execute();
}
