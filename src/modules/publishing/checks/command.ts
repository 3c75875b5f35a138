/**
 * The `postwarden check --school <slug> [--json] <file|->` command (PUB-2): reads the text, loads
 * the school's roster and policy settings from the database, and prints what runCheck (cli.ts) says.
 * Exit codes: 0 no blocking finding, 1 a finding blocks, 2 when it cannot check (bad usage, an
 * unreadable file, an unknown school, or a failure such as an unreachable database). Kept apart
 * from cli.ts so that the checks themselves stay free of the database.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Config } from '../../../config.ts';
import { ukDate } from '../../../platform/clock.ts';
import { openDatabase } from '../../../platform/db/connect.ts';
import { migrateToLatest } from '../../../platform/db/migrate.ts';
// The policy's service itself, not its index: the index registers the web routes, which a
// command-line check must not load.
import { settingsFor } from '../../policies/versions/service.ts';
import { runCheck } from './cli.ts';
import { rosterPupils } from '../posts/roster.ts';

export const CHECK_USAGE = 'Usage: postwarden check --school <slug> [--json] <file|->';

export async function runCheckCommand(config: Config, args: string[], now: Date = new Date()): Promise<number> {
  let values: { school?: string; json?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { school: { type: 'string' }, json: { type: 'boolean' } },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${CHECK_USAGE}`);
    return 2;
  }
  const [source, ...extra] = positionals;
  if (!values.school || !source || extra.length > 0) {
    console.error(
      `${CHECK_USAGE}\nGive the school's short name and one file to check, or - to read the text from standard input.`,
    );
    return 2;
  }
  let text: string;
  try {
    text = source === '-' ? await readStdin() : fs.readFileSync(source, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(
      code === 'ENOENT'
        ? `There is no file at ${source}.`
        : code === 'EISDIR'
          ? `${source} is a folder, not a file.`
          : `Cannot read ${source}: ${(error as Error).message}`,
    );
    return 2;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  try {
    return await checkAgainstSchool(config, values.school, values.json ?? false, text, now);
  } catch (error) {
    // Exit 1 means "a finding blocks": a check that could not run says so, and exits 2.
    console.error(`The text could not be checked: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

async function checkAgainstSchool(
  config: Config,
  slug: string,
  json: boolean,
  text: string,
  now: Date,
): Promise<number> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    const school = await database.db
      .selectFrom('school')
      .select(['id', 'trust_id', 'email_domains', 'confidential_terms'])
      .where('slug', '=', slug)
      .executeTakeFirst();
    if (!school) {
      console.error(`There is no school with the short name '${slug}'.`);
      return 2;
    }
    const settings = await settingsFor(database.db, { trustId: school.trust_id, schoolId: school.id }, now);
    const { output, exitCode } = runCheck({
      text,
      json,
      roster: await rosterPupils(database.db, school.id, ukDate(now)),
      settings: { firstNamesOnly: settings.firstNamesOnly },
      // The school record holds its email domains; it has no phone number or postcode, so none are passed.
      schoolDomains: strings(school.email_domains),
      extraConfidentialTerms: strings(school.confidential_terms),
      today: now,
    });
    process.stdout.write(output);
    return exitCode;
  } finally {
    await database.close();
  }
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
