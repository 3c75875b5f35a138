import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { RequestContext } from '../http/types.ts';
import type { Permission } from '../auth/permissions.ts';
import { recordAudit, type Actor } from '../audit/audit.ts';

/** What an integration may do with a school token: read and sync the roster, never restricted fields. */
export const API_TOKEN_PERMISSIONS: Permission[] = [
  'staff.view',
  'pupils.view',
  'pupils.manage',
  'staff.manage',
  'posts.check',
];

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createApiToken(
  db: Kysely<Database>,
  now: Date,
  actor: Actor,
  tenant: { trustId: string; schoolId: string },
  name: string,
) {
  const token = `pw_${randomBytes(24).toString('base64url')}`;
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('api_token')
      .values({
        trust_id: tenant.trustId,
        school_id: tenant.schoolId,
        name,
        token_hash: hashToken(token),
        created_by: actor.id,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, now, {
      actor,
      action: 'api-token.created',
      entityType: 'api_token',
      entityId: row.id,
      ...tenant,
      summary: { name },
    });
    return { id: row.id, token };
  });
}

export async function revokeApiToken(
  db: Kysely<Database>,
  now: Date,
  actor: Actor,
  tenant: { trustId: string; schoolId: string },
  id: string,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('api_token')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('school_id', '=', tenant.schoolId)
      .where('revoked_at', 'is', null)
      .returning(['id', 'name'])
      .executeTakeFirst();
    if (!result) return false;
    await recordAudit(trx, now, {
      actor,
      action: 'api-token.revoked',
      entityType: 'api_token',
      entityId: id,
      ...tenant,
      summary: { name: result.name },
    });
    return true;
  });
}

export async function listApiTokens(db: Kysely<Database>, schoolId: string) {
  return db
    .selectFrom('api_token')
    .select(['id', 'name', 'created_at', 'last_used_at', 'revoked_at'])
    .where('school_id', '=', schoolId)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function authenticateApiToken(
  db: Kysely<Database>,
  header: string | undefined,
  now: Date,
): Promise<RequestContext | undefined> {
  const match = /^Bearer\s+(pw_[A-Za-z0-9_-]{20,})$/.exec(header?.trim() ?? '');
  if (!match) return undefined;
  const row = await db
    .selectFrom('api_token')
    .innerJoin('school', 'school.id', 'api_token.school_id')
    .innerJoin('trust', 'trust.id', 'api_token.trust_id')
    .select([
      'api_token.id',
      'api_token.name',
      'school.id as school_id',
      'school.name as school_name',
      'school.slug',
      'school.region',
      'trust.id as trust_id',
      'trust.name as trust_name',
      'trust.slug as trust_slug',
    ])
    .where('api_token.token_hash', '=', hashToken(match[1]!))
    .where('api_token.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  await db.updateTable('api_token').set({ last_used_at: now }).where('id', '=', row.id).execute();
  const school = { id: row.school_id, name: row.school_name, slug: row.slug, region: row.region };
  return {
    person: { id: row.id, name: `API token “${row.name}”`, email: null, homeSchoolId: row.school_id },
    trust: { id: row.trust_id, name: row.trust_name, slug: row.trust_slug },
    school,
    roles: [],
    permissions: new Set(API_TOKEN_PERMISSIONS),
    schools: [school],
    canViewTrust: false,
    switchable: false,
    tenantName: row.school_name,
    via: 'api-token',
  };
}
