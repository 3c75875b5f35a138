/**
 * Mentions' use cases (MON-5): sources and names the school adds or removes, and triage of each item
 * found (ignore, keep an eye on, reply, open a concern). Each change writes its audit event in the
 * same transaction; opening a concern goes through the concerns module's report service with the
 * item's link as evidence, and marks the item in that same transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import { ValidationError, type FieldError } from '../../platform/http/errors.ts';
import { transact } from '../../platform/db/transact.ts';
import { readUrl, reportConcern, type ReportForm, type ReportResult } from '../incidents/report/service.ts';
import type { ItemRow, SourceRow } from './repo.ts';
import type { SourceKind, TriageStatus } from './schema.ts';

interface Scope {
  trustId: string;
  schoolId: string;
}

export interface SourceForm {
  kind: string;
  label: string;
  feedAddress: string;
  searchWords: string;
}

export function validateSource(form: SourceForm): { kind: SourceKind; label: string; address: string } {
  const errors: FieldError[] = [];
  const label = form.label.trim();
  if (form.kind !== 'feed' && form.kind !== 'bluesky')
    errors.push({ href: '#kind', text: 'Choose a news or forum feed, or a Bluesky search' });
  if (!label) errors.push({ href: '#label', text: 'Give the source a name, like Local newspaper' });
  else if (label.length > 100) errors.push({ href: '#label', text: 'The name must be 100 characters or fewer' });
  let address = '';
  if (form.kind === 'feed') {
    address = form.feedAddress.trim();
    let url: URL | null = null;
    try {
      url = new URL(address);
    } catch {}
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || address.length > 2000)
      errors.push({
        href: '#feedAddress',
        text: 'Enter the feed’s web address, like https://www.example.co.uk/news/rss',
      });
  } else if (form.kind === 'bluesky') {
    address = form.searchWords.trim();
    if (!address)
      errors.push({ href: '#searchWords', text: 'Enter the words to search Bluesky for, like the school’s name' });
    else if (address.length > 200)
      errors.push({ href: '#searchWords', text: 'The search must be 200 characters or fewer' });
  }
  if (errors.length) throw new ValidationError(errors);
  return { kind: form.kind as SourceKind, label, address };
}

export async function addSource(
  db: Kysely<Database>,
  now: Date,
  scope: Scope,
  actor: Actor & { id: string },
  form: SourceForm,
): Promise<string> {
  const source = validateSource(form);
  return transact(db, async (trx) => {
    const row = await trx
      .insertInto('mention_source')
      .values({
        trust_id: scope.trustId,
        school_id: scope.schoolId,
        kind: source.kind,
        label: source.label,
        address: source.address,
        created_at: now,
        created_by: actor.id,
        next_read_at: now,
        last_read_at: null,
        last_error: null,
        removed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, now, {
      actor,
      action: 'mentions.source-added',
      entityType: 'mention_source',
      entityId: row.id,
      ...scope,
      summary: source,
    });
    return row.id;
  });
}

export async function removeSource(db: Kysely<Database>, now: Date, actor: Actor, source: SourceRow): Promise<void> {
  await transact(db, async (trx) => {
    await trx.updateTable('mention_source').set({ removed_at: now }).where('id', '=', source.id).execute();
    await recordAudit(trx, now, {
      actor,
      action: 'mentions.source-removed',
      entityType: 'mention_source',
      entityId: source.id,
      trustId: source.trust_id,
      schoolId: source.school_id,
      summary: { label: source.label },
    });
  });
}

export async function addName(
  db: Kysely<Database>,
  now: Date,
  scope: Scope,
  actor: Actor,
  text: string,
): Promise<void> {
  const name = text.trim().replace(/\s+/g, ' ');
  if (!name) throw new ValidationError([{ href: '#name', text: 'Enter a name the school is known by' }]);
  if (name.length > 100)
    throw new ValidationError([{ href: '#name', text: 'The name must be 100 characters or fewer' }]);
  if (!/[\p{L}\p{N}]/u.test(name))
    throw new ValidationError([{ href: '#name', text: 'The name must have letters or numbers in it' }]);
  await transact(db, async (trx) => {
    const row = await trx
      .insertInto('mention_name')
      .values({ trust_id: scope.trustId, school_id: scope.schoolId, text: name, created_at: now })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw new ValidationError([{ href: '#name', text: `‘${name}’ is already on the list` }]);
    await recordAudit(trx, now, {
      actor,
      action: 'mentions.name-added',
      entityType: 'mention_name',
      entityId: row.id,
      ...scope,
      summary: { name },
    });
  });
}

export async function removeName(
  db: Kysely<Database>,
  now: Date,
  scope: Scope,
  actor: Actor,
  id: string,
): Promise<boolean> {
  return transact(db, async (trx) => {
    const row = await trx
      .deleteFrom('mention_name')
      .where('id', '=', id)
      .where('trust_id', '=', scope.trustId)
      .where('school_id', '=', scope.schoolId)
      .returning(['id', 'text'])
      .executeTakeFirst();
    if (!row) return false;
    await recordAudit(trx, now, {
      actor,
      action: 'mentions.name-removed',
      entityType: 'mention_name',
      entityId: row.id,
      ...scope,
      summary: { name: row.text },
    });
    return true;
  });
}

export const DECISIONS: { value: Exclude<TriageStatus, 'new' | 'concern'>; text: string; hint: string }[] = [
  { value: 'watching', text: 'Keep an eye on it', hint: 'It stays on the list so you can look again.' },
  {
    value: 'replied',
    text: 'Reply',
    hint: 'Reply on the site itself, as the policy says, then record what you said here.',
  },
  { value: 'ignored', text: 'Ignore it', hint: 'Nothing for the school to do.' },
];

export async function triage(
  db: Kysely<Database>,
  now: Date,
  actor: Actor & { id: string },
  item: ItemRow,
  form: { decision: string; note: string },
): Promise<TriageStatus> {
  const errors: FieldError[] = [];
  const decision = DECISIONS.find((d) => d.value === form.decision)?.value;
  if (!decision) errors.push({ href: '#decision', text: 'Choose what to do about it' });
  const note = form.note.trim();
  if (decision === 'replied' && !note)
    errors.push({ href: '#note', text: 'Say what you replied, and where, so the school has a record of it' });
  if (note.length > 2000) errors.push({ href: '#note', text: 'The note must be 2,000 characters or fewer' });
  if (errors.length || !decision) throw new ValidationError(errors);
  await transact(db, async (trx) => {
    await trx
      .updateTable('mention_item')
      .set({ status: decision, note: note || null, triaged_by: actor.id, triaged_at: now })
      .where('id', '=', item.id)
      .execute();
    await recordAudit(trx, now, {
      actor,
      action: 'mentions.triaged',
      entityType: 'mention_item',
      entityId: item.id,
      trustId: item.trust_id,
      schoolId: item.school_id,
      summary: { from: item.status, to: decision, note: note || null },
    });
  });
  return decision;
}

/** The item's words as the concern's description starts them. */
export function concernDescription(item: Pick<ItemRow, 'source_label' | 'author' | 'title' | 'body' | 'link'>): string {
  const quoted = [item.title, item.body].filter(Boolean).join('\n').slice(0, 3000);
  return `Found by Postwarden on ${item.source_label}${item.author ? `, posted by ${item.author}` : ''}:\n\n${quoted}${item.link ? `\n\n${item.link}` : ''}`;
}

export async function openConcernFromItem(
  db: Kysely<Database>,
  now: Date,
  scope: Scope,
  reporter: Actor & { id: string },
  item: ItemRow,
  form: { kind: string; atRisk: string; description: string },
  options: { uploadLimitMb: number; baseUrl: string },
): Promise<ReportResult> {
  if (item.case_id)
    throw new ValidationError([{ href: '#kind', text: 'A concern has already been opened about this item' }]);
  const report: ReportForm = {
    kind: form.kind,
    description: form.description,
    disclosure: '',
    atRisk: form.atRisk,
    where: item.link && readUrl(item.link) ? item.link : '',
    whereSite: item.source_label.slice(0, 200),
    day: '',
    month: '',
    year: '',
    time: '',
    involved: [],
    picks: [],
    outside: '',
    postId: '',
  };
  return transact(db, async (trx) => {
    const result = await reportConcern(trx, now, scope, reporter, report, [], { ...options, post: null });
    await trx
      .updateTable('mention_item')
      .set({ status: 'concern', case_id: result.caseId, triaged_by: reporter.id, triaged_at: now })
      .where('id', '=', item.id)
      .execute();
    await recordAudit(trx, now, {
      actor: reporter,
      action: 'mentions.concern-opened',
      entityType: 'mention_item',
      entityId: item.id,
      trustId: item.trust_id,
      schoolId: item.school_id,
      summary: { from: item.status, case: result.reference },
    });
    return result;
  });
}
