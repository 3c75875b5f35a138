/**
 * `postwarden verify-evidence` (INC-2): re-hashes every evidence file and compares it with the hash
 * stored beside it and with the hash written in the case's append-only chronology when it was added,
 * so a file changed together with its stored hash is still named.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { sha256Of } from './files.ts';

export interface EvidenceProblem {
  evidenceId: string;
  reference: string;
  school: string;
  fileName: string;
  reason: string;
}

export async function verifyEvidence(
  db: Kysely<Database>,
  batchSize = 200,
): Promise<{ checked: number; problems: EvidenceProblem[] }> {
  const problems: EvidenceProblem[] = [];
  let checked = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await db
      .selectFrom('case_evidence as e')
      .innerJoin('concern_case as c', 'c.id', 'e.case_id')
      .innerJoin('school as s', 's.id', 'e.school_id')
      .select(['e.id', 'e.case_id', 'e.file_name', 'e.sha256', 'e.size_bytes', 'e.bytes', 'c.reference', 's.name'])
      .where('e.kind', '=', 'file')
      .where('e.id', '>', after)
      .orderBy('e.id')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) break;
    const recorded = await db
      .selectFrom('case_event')
      .select(['detail'])
      .where('kind', '=', 'evidence.added')
      .where('case_id', 'in', [...new Set(rows.map((r) => r.case_id))])
      .execute();
    const hashAtAdding = new Map(
      recorded.map((e) => [
        String((e.detail as { evidenceId?: string }).evidenceId),
        (e.detail as { sha256?: string }).sha256,
      ]),
    );
    for (const row of rows) {
      checked++;
      after = row.id;
      const bytes = row.bytes ? Buffer.from(row.bytes) : Buffer.alloc(0);
      const actual = sha256Of(bytes);
      const base = { evidenceId: row.id, reference: row.reference, school: row.name, fileName: row.file_name ?? '' };
      if (actual !== row.sha256)
        problems.push({ ...base, reason: 'its bytes no longer match the fingerprint stored with it' });
      else if (hashAtAdding.get(row.id) !== actual)
        problems.push({
          ...base,
          reason: 'it no longer matches the fingerprint written in the case’s chronology when it was added',
        });
      else if (bytes.length !== row.size_bytes) problems.push({ ...base, reason: 'its size has changed' });
    }
  }
  return { checked, problems };
}
