import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import type { Config } from '../../../config.ts';
import { openDatabase } from '../../../platform/db/connect.ts';
import { migrateToLatest } from '../../../platform/db/migrate.ts';
import { applyImport, confirmImport, previewImport } from './service.ts';

/** `postwarden import pupils|staff --school <slug> <file.csv>`: the same preview and apply as the web page. */
export async function runCliImport(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { school: { type: 'string' } } });
  const [kind, file] = positionals;
  if ((kind !== 'pupils' && kind !== 'staff') || !file || !values.school) {
    console.error('Usage: postwarden import pupils|staff --school <slug> <file.csv>');
    return 2;
  }
  if (!fs.existsSync(file)) {
    console.error(`There is no file at ${file}.`);
    return 2;
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    const school = await database.db.selectFrom('school').select(['id', 'trust_id', 'name']).where('slug', '=', values.school).executeTakeFirst();
    if (!school) {
      console.error(`There is no school with the short name '${values.school}'.`);
      return 2;
    }
    const tenant = { trustId: school.trust_id, schoolId: school.id };
    const actor = { id: null, label: 'Command line import' };
    const outcome = await previewImport(database.db, new Date(), tenant, actor, kind, file, fs.readFileSync(file));
    if (outcome.kind !== 'previewed') {
      console.error(outcome.kind === 'empty' ? 'The file has headings but no rows.' : outcome.message);
      return 1;
    }
    const p = outcome.preview;
    if (p.errorCount) {
      for (const e of p.errors) console.error(`line ${e.line}${e.column ? ` (${e.column})` : ''}: ${e.message}`);
      console.error(`${p.errorCount} errors: nothing was imported.`);
      return 1;
    }
    await confirmImport(database.db, new Date(), tenant, actor, outcome.batchId);
    // Run only this import's job: other due jobs (mail, housekeeping) are the server's, which has their handlers.
    const now = new Date();
    const job = await database.db
      .updateTable('job').set({ locked_by: 'command-line-import', locked_until: new Date(now.getTime() + 3_600_000), attempts: sql`attempts + 1` })
      .where('dedupe_key', '=', `import:${outcome.batchId}`).where('done_at', 'is', null).where('failed_at', 'is', null)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .returning(['id', 'payload']).executeTakeFirst();
    if (job) {
      try {
        await applyImport(database.db, now, job.payload);
        await database.db.updateTable('job').set({ done_at: new Date(), locked_by: null, locked_until: null }).where('id', '=', job.id).execute();
      } catch (error) {
        await database.db.updateTable('job').set({ failed_at: new Date(), last_error: (error as Error).message.slice(0, 2000), locked_by: null, locked_until: null }).where('id', '=', job.id).execute();
      }
    }
    const batch = await database.db.selectFrom('import_batch').select(['status', 'error']).where('id', '=', outcome.batchId).executeTakeFirstOrThrow();
    if (batch.status !== 'done') {
      console.error(`The import did not finish: ${batch.error ?? batch.status}`);
      return 1;
    }
    console.log(`${school.name}: ${p.create} added, ${p.update} updated, ${p.unchanged} unchanged, ${p.leavers} marked as leavers.`);
    return 0;
  } finally {
    await database.close();
  }
}
