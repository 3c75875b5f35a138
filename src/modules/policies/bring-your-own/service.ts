/**
 * Bringing a school's own policy in (POL-7): read the file into an import record (the original
 * kept byte for byte), let the person arrange its sections, choose which missing model clauses to
 * add, confirm each proposed setting, then save it as a draft version. Nothing reaches the policy
 * until that last step; every step is audited.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit, type Actor } from '../../../platform/audit/audit.ts';
import { ukDate } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { ValidationError } from '../../../platform/http/errors.ts';
import { MODEL_POLICY } from '../model/model-policy.ts';
import { defaultSettings, isSettingKey, SETTINGS, type PolicySettings } from '../model/settings.ts';
import { validateDocument } from '../rules/render.ts';
import { validateSettings } from '../rules/settings.ts';
import { findOrCreatePolicy, findPolicy, type Owner } from '../versions/repo.ts';
import { trustFloors } from '../versions/service.ts';
import { readPolicyFile, ReadRefusal, type PolicyFormat } from './read/index.ts';
import { linesOfText } from './read/lines.ts';
import { analyseSplit, type Analysis } from './rules/analyse.ts';
import { arrange, type Arrangement } from './rules/arrange.ts';
import { assembleDocument } from './rules/assemble.ts';
import type { Proposal, ProposalKey, ProposedValue } from './rules/propose.ts';
import { splitPolicy, type SplitDocument } from './rules/split.ts';
import { findImport, type ImportRow } from './repo.ts';

export const MAX_PASTED_CHARACTERS = 500_000;

export type Upload =
  | { kind: 'file'; fileName: string; bytes: Buffer; truncated: boolean }
  | { kind: 'pasted'; text: string };

export interface Decision {
  decision: 'accept' | 'change' | 'reject';
  value?: ProposedValue;
}
export type Decisions = Partial<Record<ProposalKey, Decision>>;

/** Facts a version records beside its settings; confirmed here, recorded with the import. */
export const FACT_LABELS: Partial<Record<ProposalKey, string>> = {
  approvedBy: 'Who approves the policy',
  approvedOn: 'When it was last approved or reviewed',
  reviewDue: 'When it is next due for review',
  roles: 'The roles the policy names',
  requiresSignedStatement: 'Staff must sign a statement of acceptance',
};

/** Reads the upload and opens an import. A file that cannot be read writes nothing. */
export async function startImport(
  db: Kysely<Database>,
  now: Date,
  owner: Owner,
  actor: Actor & { id: string },
  upload: Upload,
): Promise<string> {
  let format: PolicyFormat;
  let document: SplitDocument;
  let bytes: Buffer;
  let name: string;
  if (upload.kind === 'pasted') {
    const text = upload.text.trim();
    if (!text) throw new ValidationError([{ href: '#file', text: 'Choose your policy’s file, or paste its text' }]);
    if (text.length > MAX_PASTED_CHARACTERS)
      throw new ValidationError([{ href: '#pasted', text: 'The pasted text must be 500,000 characters or fewer' }]);
    format = 'pasted';
    bytes = Buffer.from(text, 'utf8');
    name = 'Pasted text';
    document = splitPolicy(linesOfText(text));
  } else {
    try {
      const read = await readPolicyFile(upload.fileName, upload.bytes, upload.truncated);
      format = read.format;
      document = splitPolicy(read.lines);
    } catch (error) {
      if (error instanceof ReadRefusal) throw new ValidationError([{ href: '#file', text: error.message }]);
      throw error;
    }
    bytes = upload.bytes;
    name = upload.fileName.slice(0, 255);
  }
  const analysis = analyseSplit(document, MODEL_POLICY);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('policy_import')
      .values({
        trust_id: owner.trustId,
        school_id: owner.schoolId,
        status: 'open',
        source_name: name,
        source_format: format,
        source_bytes: bytes,
        source_sha256: sha256,
        document: JSON.stringify(document),
        proposals: JSON.stringify(analysis.proposals),
        created_by: actor.id,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, now, {
      actor,
      action: 'policy.import-started',
      entityType: 'policy_import',
      entityId: row.id,
      trustId: owner.trustId,
      schoolId: owner.schoolId,
      summary: {
        file: name,
        format,
        sha256,
        sections: document.sections.length,
        clauses: document.sections.reduce((n, s) => n + s.clauses.length, 0),
        proposed: analysis.proposals.map((p) => p.key),
      },
    });
    return row.id;
  });
}

/** The import as the pages show it; undefined for another owner's. */
export async function loadImport(db: Kysely<Database>, owner: Owner, id: string) {
  const row = await findImport(db, owner, id);
  if (!row) return undefined;
  const document = row.document as SplitDocument;
  const analysis: Analysis = analyseSplit(document, MODEL_POLICY);
  return {
    row,
    document,
    analysis,
    proposals: row.proposals as Proposal[],
    addedKeys: row.added_keys as string[],
    decisions: (row.decisions ?? {}) as Decisions,
  };
}

function requireOpen(row: ImportRow): void {
  if (row.status !== 'open')
    throw new ValidationError([
      { href: '#main-content', text: 'This import has already been saved as a draft. Change the draft instead' },
    ]);
}

async function update(
  db: Kysely<Database>,
  now: Date,
  row: ImportRow,
  actor: Actor,
  values: { document?: string; proposals?: string; added_keys?: string; decisions?: string | null },
  action: string,
  summary: Record<string, unknown>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('policy_import').set(values).where('id', '=', row.id).where('status', '=', 'open').execute();
    await recordAudit(trx, now, {
      actor,
      action,
      entityType: 'policy_import',
      entityId: row.id,
      trustId: row.trust_id,
      schoolId: row.school_id,
      summary,
    });
  });
}

/** Renames, merges, splits or moves a section; the proposals are read again from the new arrangement. */
export async function arrangeSections(
  db: Kysely<Database>,
  now: Date,
  owner: Owner,
  actor: Actor,
  id: string,
  change: Arrangement,
): Promise<'done' | 'not-found'> {
  const row = await findImport(db, owner, id);
  if (!row) return 'not-found';
  requireOpen(row);
  const result = arrange(row.document as SplitDocument, change);
  if ('error' in result) throw new ValidationError([{ href: `#section-${change.section}`, text: result.error }]);
  const proposals = analyseSplit(result, MODEL_POLICY).proposals;
  await update(
    db,
    now,
    row,
    actor,
    { document: JSON.stringify(result), proposals: JSON.stringify(proposals), decisions: null },
    'policy.import-arranged',
    { ...change },
  );
  return 'done';
}

/** The model clauses the person chose to add (those a check cites are added whatever they choose). */
export async function chooseAdditions(
  db: Kysely<Database>,
  now: Date,
  owner: Owner,
  actor: Actor,
  id: string,
  keys: string[],
): Promise<'done' | 'not-found'> {
  const loaded = await loadImport(db, owner, id);
  if (!loaded) return 'not-found';
  requireOpen(loaded.row);
  const missing = new Set(loaded.analysis.matching.missing.map((m) => m.key));
  const chosen = [...new Set(keys)].filter((k) => missing.has(k));
  await update(db, now, loaded.row, actor, { added_keys: JSON.stringify(chosen) }, 'policy.import-additions', {
    added: chosen,
  });
  return 'done';
}

/** The settings the owner has now: its latest version's, else Postwarden's defaults. */
export async function currentSettings(db: Kysely<Database>, owner: Owner): Promise<PolicySettings> {
  const policy = await findPolicy(db, owner);
  if (!policy) return defaultSettings();
  const latest = await db
    .selectFrom('policy_version')
    .select('settings')
    .where('policy_id', '=', policy.id)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
  return latest ? { ...defaultSettings(), ...(latest.settings as Partial<PolicySettings>) } : defaultSettings();
}

/**
 * Checks a decision on every proposal (accept, change or reject) and the values they give; stores
 * them. Nothing is applied to the policy here.
 */
export async function confirmSettings(
  db: Kysely<Database>,
  now: Date,
  owner: Owner,
  actor: Actor,
  id: string,
  decisions: Decisions,
): Promise<'done' | 'not-found'> {
  const loaded = await loadImport(db, owner, id);
  if (!loaded) return 'not-found';
  requireOpen(loaded.row);
  const errors: { href: string; text: string }[] = [];
  const input: Record<string, unknown> = {};
  for (const p of loaded.proposals) {
    const d = decisions[p.key];
    const label = isSettingKey(p.key) ? SETTINGS[p.key].name : (FACT_LABELS[p.key] ?? p.key).toLowerCase();
    if (!d) {
      errors.push({ href: `#decision-${p.key}`, text: `Choose whether to accept, change or reject ${label}` });
      continue;
    }
    if (d.decision === 'reject' || !isSettingKey(p.key)) continue;
    input[p.key] = d.decision === 'change' ? d.value : p.value;
  }
  const result = validateSettings(input, await trustFloors(db, owner, ukDate(now)));
  if (!result.ok)
    for (const e of result.errors)
      errors.push({
        href: `#decision-${e.key}`,
        text: decisions[e.key as ProposalKey]?.decision === 'accept' ? `${e.message}: change or reject it` : e.message,
      });
  if (errors.length) throw new ValidationError(errors);
  await update(db, now, loaded.row, actor, { decisions: JSON.stringify(decisions) }, 'policy.import-confirmed', {
    accepted: Object.entries(decisions)
      .filter(([, d]) => d?.decision === 'accept')
      .map(([k]) => k),
    changed: Object.entries(decisions)
      .filter(([, d]) => d?.decision === 'change')
      .map(([k]) => k),
    rejected: Object.entries(decisions)
      .filter(([, d]) => d?.decision === 'reject')
      .map(([k]) => k),
  });
  return 'done';
}

/** The settings the draft will have: the owner's current values, with each accepted or changed proposal. */
export function settingsAfter(current: PolicySettings, proposals: Proposal[], decisions: Decisions): PolicySettings {
  const input: Record<string, unknown> = { ...current };
  for (const p of proposals) {
    const d = decisions[p.key];
    if (!d || d.decision === 'reject' || !isSettingKey(p.key)) continue;
    input[p.key] = d.decision === 'change' ? d.value : p.value;
  }
  const result = validateSettings(input);
  if (!result.ok)
    throw new ValidationError(result.errors.map((e) => ({ href: `#decision-${e.key}`, text: e.message })));
  return result.settings;
}

/** Saves the import as a new draft version of the owner's policy; from there approval takes over. */
export async function saveAsDraft(
  db: Kysely<Database>,
  now: Date,
  owner: Owner,
  actor: Actor & { id: string },
  id: string,
): Promise<string | 'not-found'> {
  const loaded = await loadImport(db, owner, id);
  if (!loaded) return 'not-found';
  requireOpen(loaded.row);
  if (loaded.row.decisions === null)
    throw new ValidationError([{ href: '#main-content', text: 'Confirm the proposed settings before saving' }]);
  const settings = settingsAfter(await currentSettings(db, owner), loaded.proposals, loaded.decisions);
  const document = assembleDocument(loaded.document, loaded.analysis.matching.matches, MODEL_POLICY, loaded.addedKeys);
  const problems = validateDocument(document);
  if (problems.length) throw new ValidationError(problems.map((text) => ({ href: '#main-content', text })));
  return db.transaction().execute(async (trx) => {
    const policy = await findOrCreatePolicy(trx, owner, document.title, now);
    const versions = await trx
      .selectFrom('policy_version')
      .select(['number', 'status'])
      .where('policy_id', '=', policy.id)
      .execute();
    if (versions.some((v) => v.status === 'draft'))
      throw new ValidationError([
        {
          href: '#main-content',
          text: 'There is already a draft of the policy. Finish or delete that draft before saving this one',
        },
      ]);
    const number = Math.max(0, ...versions.map((v) => v.number)) + 1;
    const version = await trx
      .insertInto('policy_version')
      .values({
        policy_id: policy.id,
        trust_id: owner.trustId,
        school_id: owner.schoolId,
        number,
        status: 'draft',
        document: JSON.stringify(document),
        settings: JSON.stringify(settings),
        created_at: now,
        created_by: actor.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const saved = await trx
      .updateTable('policy_import')
      .set({ status: 'saved', version_id: version.id, saved_at: now })
      .where('id', '=', loaded.row.id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(saved.numUpdatedRows) !== 1)
      throw new ValidationError([{ href: '#main-content', text: 'This import has already been saved as a draft' }]);
    await recordAudit(trx, now, {
      actor,
      action: 'policy.draft-started',
      entityType: 'policy_version',
      entityId: version.id,
      trustId: owner.trustId,
      schoolId: owner.schoolId,
      summary: { from: 'import', importId: loaded.row.id, number, file: loaded.row.source_name },
    });
    await recordAudit(trx, now, {
      actor,
      action: 'policy.import-saved',
      entityType: 'policy_import',
      entityId: loaded.row.id,
      trustId: owner.trustId,
      schoolId: owner.schoolId,
      summary: { versionId: version.id, number, decisions: loaded.decisions, added: loaded.addedKeys },
    });
    return version.id;
  });
}
