// Loading a policy version for reading, printing or comparing (POL-2, POL-6). Reads only.
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { RequestContext } from '../../../platform/http/types.ts';
import { isUuid } from '../../../platform/http/forms.ts';
import { defaultSettings, type PolicySettings } from '../model/settings.ts';
import type { PolicyDocument } from '../model/types.ts';
import { findVersion, localSettings, versionsOf, type VersionRow } from '../versions/repo.ts';
import { LOCAL_SETTING_KEYS } from '../versions/service.ts';

/**
 * A version the person asking may read: their school's own or their trust's (another tenant's id
 * finds nothing), and a draft only for someone who may edit it. A school's draft needs
 * 'policy.manage' in that school; the trust's draft needs it at trust level too. Everyone else
 * gets undefined, which the routes answer with 404, as if the draft did not exist.
 */
export async function readableVersion(
  db: Kysely<Database>,
  ctx: RequestContext,
  versionId: string,
): Promise<VersionRow | undefined> {
  if (!isUuid(versionId)) return undefined;
  const version = await findVersion(db, ctx.trust.id, ctx.school?.id ?? null, versionId);
  if (!version) return undefined;
  if (version.status === 'draft' && !mayReadDraft(ctx, version)) return undefined;
  return version;
}

export function mayReadDraft(ctx: RequestContext, version: { school_id: string | null }): boolean {
  if (!ctx.permissions.has('policy.manage')) return false;
  return version.school_id !== null || ctx.canViewTrust;
}

/**
 * The settings a version is read with, as the school sees it: the version's own (over
 * Postwarden's defaults), and for a trust's version read in one of its schools, that school's
 * local settings (what it calls its head, its LADO), as settingsFor does for the version in force.
 */
export async function settingsOfVersion(
  db: Kysely<Database>,
  version: VersionRow,
  schoolId: string | null,
): Promise<PolicySettings> {
  const settings = { ...defaultSettings(), ...(version.settings as Partial<PolicySettings>) };
  if (version.school_id === null && schoolId) {
    const local = await localSettings(db, schoolId);
    for (const key of LOCAL_SETTING_KEYS)
      if (typeof local[key] === 'string' && local[key]) (settings as Record<string, unknown>)[key] = local[key];
  }
  return settings;
}

export function documentOf(version: VersionRow): PolicyDocument {
  return version.document as PolicyDocument;
}

export type VersionSummary = Awaited<ReturnType<typeof versionsOf>>[number];

/** Every version of the policy a version belongs to, newest first, without drafts unless the person may read them. */
export async function siblingVersions(
  db: Kysely<Database>,
  ctx: RequestContext,
  version: VersionRow,
): Promise<VersionSummary[]> {
  const all = await versionsOf(db, version.policy_id);
  return all.filter((v) => v.trust_id === ctx.trust.id && (v.status === 'approved' || mayReadDraft(ctx, v)));
}

/** The version just before this one, the default to compare with; undefined for the first. */
export function previousOf(versions: VersionSummary[], version: { number: number }): VersionSummary | undefined {
  return versions.filter((v) => v.number < version.number).sort((a, b) => b.number - a.number)[0];
}
