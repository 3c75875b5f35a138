import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import type { Config } from '../../../config.ts';
import { openDatabase } from '../../../platform/db/connect.ts';
import { migrateToLatest } from '../../../platform/db/migrate.ts';
import { applyImport, confirmImport, previewImport, type Importer } from './service.ts';
import { needsTypedConfirmation } from './rules/index.ts';

export const IMPORT_USAGE =
  'Usage: postwarden import pupils|staff --school <slug> --everyone|--only-changes [--confirm-leavers <number>] <file.csv>';

/**
 * `postwarden import pupils|staff --school <slug> --everyone|--only-changes <file.csv>`: the same
 * preview, checks and apply as the web page. The operator says whether the file is everyone (anyone
 * missing leaves) or only new and changed people, and confirms a mass leaving by its number.
 */
export async function runCliImport(config: Config, args: string[]): Promise<number> {
  // biome-ignore lint/suspicious/noImplicitAnyLet: assigned in the try below from parseArgs, whose inferred type is the declaration
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        school: { type: 'string' },
        everyone: { type: 'boolean' },
        'only-changes': { type: 'boolean' },
        'confirm-leavers': { type: 'string' },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${IMPORT_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [kind, file] = positionals;
  if ((kind !== 'pupils' && kind !== 'staff') || !file || !values.school) {
    console.error(IMPORT_USAGE);
    return 2;
  }
  if (values.everyone === values['only-changes']) {
    console.error(
      `Say whether the file lists everyone in the school (--everyone: anyone missing is marked as leaving) or only new and changed ${kind} (--only-changes).\n${IMPORT_USAGE}`,
    );
    return 2;
  }
  const scope = values.everyone ? 'whole' : 'changes';
  if (!fs.existsSync(file)) {
    console.error(`There is no file at ${file}.`);
    return 2;
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    const school = await database.db
      .selectFrom('school')
      .select(['id', 'trust_id', 'name'])
      .where('slug', '=', values.school)
      .executeTakeFirst();
    if (!school) {
      console.error(`There is no school with the short name '${values.school}'.`);
      return 2;
    }
    const tenant = { trustId: school.trust_id, schoolId: school.id };
    // The operator of the installation, who holds its database: the change rule lets them make any
    // change, and people whose sign-in email or leaving date changes are still told and audited.
    const importer: Importer = { actor: { id: null, label: 'Command line import' }, changer: { kind: 'installation' } };
    const outcome = await previewImport(
      database.db,
      new Date(),
      tenant,
      importer,
      kind,
      scope,
      file,
      fs.readFileSync(file),
    );
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
    if (needsTypedConfirmation(p.leavers, p.onRoll) && values['confirm-leavers'] === undefined) {
      console.error(
        `This would mark ${p.leavers} of the ${p.onRoll} ${kind} on roll as leaving today. If that is right, run it again with --confirm-leavers ${p.leavers}. Nothing was imported.`,
      );
      return 1;
    }
    const confirmed = await confirmImport(
      database.db,
      new Date(),
      tenant,
      importer,
      outcome.batchId,
      values['confirm-leavers'],
    );
    if (confirmed === 'confirmation-needed') {
      console.error(
        `--confirm-leavers ${values['confirm-leavers']} does not match: this would mark ${p.leavers} ${kind} as leaving. Nothing was imported.`,
      );
      return 1;
    }
    // Run only this import's job: other due jobs (mail, housekeeping) are the server's, which has their handlers.
    const now = new Date();
    const job = await database.db
      .updateTable('job')
      .set({
        locked_by: 'command-line-import',
        locked_until: new Date(now.getTime() + 3_600_000),
        attempts: sql`attempts + 1`,
      })
      .where('dedupe_key', '=', `import:${outcome.batchId}`)
      .where('done_at', 'is', null)
      .where('failed_at', 'is', null)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .returning(['id', 'payload'])
      .executeTakeFirst();
    if (job) {
      try {
        await applyImport(database.db, now, job.payload);
        await database.db
          .updateTable('job')
          .set({ done_at: new Date(), locked_by: null, locked_until: null })
          .where('id', '=', job.id)
          .execute();
      } catch (error) {
        await database.db
          .updateTable('job')
          .set({
            failed_at: new Date(),
            last_error: (error as Error).message.slice(0, 2000),
            locked_by: null,
            locked_until: null,
          })
          .where('id', '=', job.id)
          .execute();
      }
    }
    const batch = await database.db
      .selectFrom('import_batch')
      .select(['status', 'error'])
      .where('id', '=', outcome.batchId)
      .executeTakeFirstOrThrow();
    if (batch.status !== 'done') {
      console.error(`The import did not finish: ${batch.error ?? batch.status}`);
      return 1;
    }
    console.log(
      `${school.name}: ${p.create} added, ${p.update} updated, ${p.unchanged} unchanged, ${p.leavers} marked as leavers.`,
    );
    return 0;
  } finally {
    await database.close();
  }
}
