/**
 * School A1's records of every kind a route parameter can name, so a walk over the route table
 * reaches each route's handler (not just its 404). The rules mirror the tenancy walk's: a rule
 * matches on the part of the route before the parameter.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { expect } from 'vitest';
import type { TestApp } from '../../support/app.ts';
import type { World } from '../../support/world.ts';
import type { Agent } from '../../support/agent.ts';
import { seedInboxItem } from '../inbox/support.ts';
import { seedMentionRecords } from '../inbox/mention-records.ts';

export type RecordKind =
  | 'pupil'
  | 'staff'
  | 'parent'
  | 'importBatch'
  | 'apiToken'
  | 'policyVersion'
  | 'clauseKey'
  | 'trainingCourse'
  | 'officialAccount'
  | 'mentionSource'
  | 'mentionItem'
  | 'mentionName'
  | 'post'
  | 'postImage'
  | 'inboxItem'
  | 'policyImport'
  | 'monitoringRecord';

const PARAMETER_RULES: { before: RegExp; param: string; record: RecordKind }[] = [
  { before: /^\/pupils\/$/, param: 'id', record: 'pupil' },
  { before: /^\/pupils\/:id\/parents\/$/, param: 'parentId', record: 'parent' },
  { before: /^\/staff\/$/, param: 'id', record: 'staff' },
  { before: /^\/imports\/$/, param: 'id', record: 'importBatch' },
  { before: /^\/settings\/api-tokens\/$/, param: 'id', record: 'apiToken' },
  { before: /^\/api\/v1\/pupils\/$/, param: 'id', record: 'pupil' },
  { before: /^\/api\/v1\/staff\/$/, param: 'id', record: 'staff' },
  { before: /^\/policy\/versions\/$/, param: 'id', record: 'policyVersion' },
  { before: /^\/policy\/versions\/:id\/clauses\/$/, param: 'key', record: 'clauseKey' },
  { before: /^\/training\/courses\/$/, param: 'id', record: 'trainingCourse' },
  { before: /^\/accounts\/$/, param: 'id', record: 'officialAccount' },
  { before: /^\/monitoring\/accounts\/$/, param: 'id', record: 'officialAccount' },
  { before: /^\/mentions\/sources\/$/, param: 'id', record: 'mentionSource' },
  { before: /^\/mentions\/items\/$/, param: 'id', record: 'mentionItem' },
  { before: /^\/mentions\/names\/$/, param: 'id', record: 'mentionName' },
  { before: /^\/posts\/$/, param: 'id', record: 'post' },
  { before: /^\/posts\/:id\/photos\/$/, param: 'imageId', record: 'postImage' },
  { before: /^\/records\/subject-access\/$/, param: 'id', record: 'staff' },
  { before: /^\/inbox\/accounts\/$/, param: 'id', record: 'officialAccount' },
  { before: /^\/inbox\/items\/$/, param: 'id', record: 'inboxItem' },
  { before: /^\/policy\/import\/$/, param: 'id', record: 'policyImport' },
  { before: /^\/monitoring-records\/$/, param: 'id', record: 'monitoringRecord' },
];

/** Stands in for a parameter no rule knows (a record kind added after this file): the route is still walked, as a 404. */
export const UNKNOWN_RECORD = '00000000-0000-4000-8000-000000000000';

const PARAM = /:(\w+)|\*/g;

export function hasParams(url: string): boolean {
  return url.search(PARAM) >= 0;
}

/** The route with each parameter replaced by A1's record (or by `value` for every parameter, when given). */
export function fillParams(url: string, ids: Record<RecordKind, string>, value?: string): string {
  return url.replace(PARAM, (_match, name: string | undefined, offset: number) => {
    if (value !== undefined) return value;
    const before = url.slice(0, offset);
    const rule = PARAMETER_RULES.find((r) => r.param === name && r.before.test(before));
    return rule ? ids[rule.record] : UNKNOWN_RECORD;
  });
}

/** Creates one record of each kind in school A1, as `admin` (who holds every school role needed). */
export async function seedA1Records(t: TestApp, world: World, admin: Agent): Promise<Record<RecordKind, string>> {
  const db = t.database.db;
  const parent = await admin.post(`/pupils/${world.pupils['jo-a1']}/parents/new`, {
    givenName: 'Persephone',
    familyName: 'Windrush',
    relationship: 'Grandmother',
    email: 'persephone.windrush@example.com',
    phone: '',
  });
  expect(parent.statusCode).toBe(302);
  const upload = await admin.upload(
    '/imports/new',
    { kind: 'pupils', scope: 'whole' },
    {
      field: 'file',
      filename: 'roster.csv',
      content: fs.readFileSync(path.join(import.meta.dirname, '../../fixtures/import/pupils-sims.csv')),
    },
  );
  expect(upload.statusCode).toBe(302);
  const token = await admin.post('/settings/api-tokens', { name: 'Walk sync' }, { tokenFrom: '/settings/api-tokens' });
  expect(token.statusCode).toBe(200);
  const draft = await admin.post('/policy/start', {});
  expect(draft.statusCode).toBe(302);
  const draftId = String(draft.headers.location).split('/').pop()!;
  const version = await db
    .selectFrom('policy_version')
    .select('document')
    .where('id', '=', draftId)
    .executeTakeFirstOrThrow();
  const clauseKey = (version.document as { sections: { clauses: { key: string }[] }[] }).sections[0]!.clauses[0]!.key;
  const course = await admin.post('/training/courses/new', {
    title: 'Trust induction',
    description: 'Online safety basics',
    validMonths: '12',
  });
  expect(course.statusCode).toBe(302);
  const account = await db
    .insertInto('official_account')
    .values({
      trust_id: world.trustA,
      school_id: world.schoolA1,
      name: 'Kingfisher class news',
      platform: 'bluesky',
      status: 'active',
      applicant_id: world.people['teacher-a1']!.id,
      aim: 'Share class news with families',
      audience: 'Families',
      promotion: 'Newsletter',
      handle: 'kingfisher-alder.bsky.social',
      address: 'https://bsky.app/profile/kingfisher-alder.bsky.social',
      recovery_email: 'kingfisher@alder.example.sch.uk',
      tagging_disabled: true,
      two_factor_enabled: true,
      activated_on: '2026-09-01',
      review_due: '2027-09-01',
      created_at: new Date(),
      updated_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [key, lead] of [
    ['admin-a1', true],
    ['teacher-a1', false],
  ] as const) {
    await db
      .insertInto('account_operator')
      .values({
        account_id: account.id,
        person_id: world.people[key]!.id,
        trust_id: world.trustA,
        school_id: world.schoolA1,
        is_lead: lead,
        added_at: new Date(),
        added_by: null,
      })
      .execute();
  }
  // A draft of admin-a1's own, so the author's pages (edit, photos) are reached.
  const post = await db
    .insertInto('post')
    .values({
      trust_id: world.trustA,
      school_id: world.schoolA1,
      account_id: account.id,
      author_id: world.people['admin-a1']!.id,
      status: 'draft',
      text: 'Kingfisher class planted the garden today',
      content_hash: 'walk',
      created_at: new Date(),
      updated_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#3070a0' } })
    .jpeg()
    .toBuffer();
  const image = await db
    .insertInto('post_image')
    .values({
      post_id: post.id,
      trust_id: world.trustA,
      school_id: world.schoolA1,
      position: 1,
      file_name: 'garden.jpg',
      mime_type: 'image/jpeg',
      bytes: jpeg,
      sha256: 'walk',
      width: 8,
      height: 8,
      alt_text: 'Children digging',
      created_at: new Date(),
      updated_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // A school's own policy brought in as text, open at its first step.
  const imported = await admin.post(
    '/policy/import',
    { pasted: 'Scope\n\nThis policy applies to all staff.\n\nAccounts\n\nMessages are answered within 24 hours.' },
    { tokenFrom: '/policy/import' },
  );
  expect(imported.statusCode).toBe(302);
  const monitoring = await db
    .insertInto('monitoring_record')
    .values({
      trust_id: world.trustA,
      school_id: world.schoolA1,
      subject_id: world.people['teacher-a1']!.id,
      reason: 'Walk: a justified concern',
      systems: 'School email',
      starts_on: '2026-11-18',
      ends_on: '2026-12-18',
      authorised_by: world.people['admin-a1']!.id,
      authorised_as: 'headteacher',
      recorded_by: world.people['admin-a1']!.id,
      recorded_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    policyImport: String(imported.headers.location).split('/')[3]!,
    monitoringRecord: monitoring.id,
    pupil: world.pupils['jo-a1']!,
    staff: world.people['teacher-a1']!.id,
    parent: (
      await db.selectFrom('parent').select('id').where('given_name', '=', 'Persephone').executeTakeFirstOrThrow()
    ).id,
    importBatch: (
      await db.selectFrom('import_batch').select('id').where('school_id', '=', world.schoolA1).executeTakeFirstOrThrow()
    ).id,
    apiToken: (
      await db.selectFrom('api_token').select('id').where('school_id', '=', world.schoolA1).executeTakeFirstOrThrow()
    ).id,
    policyVersion: draftId,
    clauseKey,
    trainingCourse: String(course.headers.location).split('/').pop()!,
    officialAccount: account.id,
    ...(await seedMentionRecords(db, world)),
    post: post.id,
    postImage: image.id,
    inboxItem: await seedInboxItem(db, { trustId: world.trustA, schoolId: world.schoolA1, accountId: account.id }),
  };
}
