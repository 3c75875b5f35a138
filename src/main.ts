import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.ts';
import type { DatabaseHandle } from './platform/db/connect.ts';

// Each command imports only what it uses, when it runs: `check` and the other short commands must
// not pay for loading the web stack (Fastify, the views, the connectors, sharp) that only `serve`
// and `demo` need.
const database = async (config: Config) =>
  (await import('./platform/db/connect.ts')).openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const migrate = async (db: DatabaseHandle['db']) => (await import('./platform/db/migrate.ts')).migrateToLatest(db);

const USAGE = `Usage: postwarden <command>

Commands:
  serve                      Start Postwarden (runs migrations first)
  demo [--scale trust]       Start with a demonstration trust (data in DATA_DIR, default ./data/demo);
                             --scale trust grows it to 50 schools, 5,000 staff, 75,000 pupils,
                             a year of posts and 1,000,000 audit events (load tests)
  migrate                    Bring the database up to date and stop
  import pupils|staff --school <slug> --everyone|--only-changes [--confirm-leavers <n>] <file.csv>
                             Import a roster from a MIS CSV export without the web pages:
                             --everyone marks anyone missing as leaving, --only-changes nobody
  check --school <slug> [--json] <file|->
                             Print the policy checks' findings for a post's text (- reads
                             standard input; --json for machines). Exit 1 if any finding blocks
  verify-audit [--old-key-file <file>]…
                             Check the audit log's keyed hash chain and its checkpoint file;
                             exit 1 at the first broken link, 2 if it cannot be checked
  verify-evidence            Re-hash every case's evidence files; name any that changed (exit 1)
  rotate-key --new-key-file <file>
                             Re-encrypt every stored secret with a new key (stop Postwarden
                             first; see docs/operations.md). Exit 2 if a key is wrong
  backup <file>              Write a backup (embedded database: a .tar.gz of the data folder;
                             PostgreSQL: runs pg_dump)
  restore <file>             Restore an embedded-database backup into an empty DATA_DIR

Settings are read from environment variables: see README.md.`;

/** Serves Postwarden; `database` is one already open and up to date (the demo's), else it is opened here. */
async function serve(config: Config, database?: DatabaseHandle): Promise<void> {
  const { createRuntime } = await import('./runtime.ts');
  const runtime = await createRuntime(config, database ? { database } : {});
  runtime.jobs.start(runtime.clock, 1000, (error) =>
    runtime.app.log.error({ err: error }, 'background job poll failed'),
  );
  const shutdown = async () => {
    runtime.app.log.info('stopping');
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  await runtime.app.listen({ port: config.port, host: config.host });
  const setUp = await runtime.app.isSetupComplete();
  console.log(
    `\nPostwarden is running at ${config.baseUrl} (database: ${runtime.database.backend}${runtime.database.backend === 'pglite' ? `, data in ${config.dataDir}` : ''}).`,
  );
  if (!setUp) console.log(`Open ${config.baseUrl}/setup to create your school or trust and the first administrator.\n`);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  if (command === 'demo') {
    process.env.POSTWARDEN_DEMO = '1';
    process.env.DATA_DIR ??= path.join('data', 'demo');
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Postwarden cannot start. ${error.message}`);
      return 2;
    }
    throw error;
  }
  // Anything a command records in the audit log is sealed with the key the server uses.
  const [{ useAuditKey }, { loadMasterKey: masterKeyOf }] = await Promise.all([
    import('./platform/audit/keys.ts'),
    import('./platform/crypto/keys.ts'),
  ]);
  useAuditKey(() => masterKeyOf(config.secretKey, config.dataDir));
  // On a first start, the embedded database folder is made on a worker thread while this one
  // loads the rest (see prepareEmbeddedDatabase).
  const newDatabase =
    (command === 'serve' || command === 'demo') &&
    !config.databaseUrl &&
    (await import('./platform/db/connect.ts')).prepareEmbeddedDatabase(config.dataDir);
  switch (command) {
    case 'serve':
      await serve(config);
      return -1;
    case 'demo': {
      const [{ seedDemoTrust, prepareDemoTrust, DEMO_SIGN_INS, DEMO_PASSWORD }, { loadMasterKey }] = await Promise.all([
        import('./demo/seed.ts'),
        import('./platform/crypto/keys.ts'),
        import('./runtime.ts'),
      ]);
      // A new database will get the demo trust: prepare what needs no database meanwhile.
      // Best effort: seeding does the same work itself, and reports any failure.
      if (newDatabase) await prepareDemoTrust().catch(() => undefined);
      const handle = await database(config);
      await migrate(handle.db);
      // The demo stores account sign-in details, sealed with the key the server will use.
      const created = await seedDemoTrust(handle.db, new Date(), {
        demoMode: config.demoMode,
        masterKey: loadMasterKey(config.secretKey, config.dataDir),
      });
      console.log(
        created.length
          ? `\nDemo trust created. Sign in with any of these (password for all: ${created[0]!.password}):`
          : '\nThe demo trust is already here. Sign in with:',
      );
      for (const account of created.length ? created : DEMO_SIGN_INS)
        console.log(`  ${account.email.padEnd(42)} ${account.role}`);
      if (!created.length) console.log(`  (password for all: ${DEMO_PASSWORD})`);
      // `--scale trust`: the demo trust grown to a large trust's size (issue 14), once, when it is new.
      const scale = parseArgs({ args: rest, options: { scale: { type: 'string' } }, allowPositionals: true }).values
        .scale;
      if (scale !== undefined && scale !== 'trust') {
        console.error(`Unknown --scale '${scale}': the one size is 'trust'.`);
        return 2;
      }
      if (scale === 'trust' && created.length) {
        const { growDemoTrust } = await import('./demo/scale.ts');
        const started = performance.now();
        console.log('\nGrowing the demo trust to trust scale:');
        const counts = await growDemoTrust(handle.db, new Date(), { log: (line) => console.log(line) });
        console.log(
          `Done in ${((performance.now() - started) / 1000).toFixed(1)} s: ${Object.entries(counts)
            .map(([table, n]) => `${n.toLocaleString('en-GB')} ${table}`)
            .join(', ')}.`,
        );
      }
      await serve(config, handle);
      return -1;
    }
    case 'migrate': {
      const handle = await database(config);
      const applied = await migrate(handle.db);
      await handle.close();
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
      return 0;
    }
    case 'verify-audit':
      return (await import('./platform/audit/cli.ts')).runVerifyAudit(config, rest);
    case 'verify-evidence': {
      const { verifyEvidence } = await import('./modules/incidents/evidence/verify.ts');
      const handle = await database(config);
      await migrate(handle.db);
      const result = await verifyEvidence(handle.db);
      await handle.close();
      if (!result.problems.length) {
        console.log(`Every evidence file is as it was added: ${result.checked} files checked.`);
        return 0;
      }
      for (const p of result.problems)
        console.error(
          `Changed: case ${p.reference} at ${p.school}, ${p.fileName} (evidence ${p.evidenceId}): ${p.reason}.`,
        );
      console.error(
        `${result.problems.length} of ${result.checked} evidence files have changed since they were added.`,
      );
      return 1;
    }
    case 'import':
      return (await import('./modules/directory/import/cli.ts')).runCliImport(config, rest);
    case 'check':
      return (await import('./modules/publishing/checks/command.ts')).runCheckCommand(config, rest);
    case 'rotate-key':
      return (await import('./modules/accounts/credentials/cli.ts')).runRotateKey(config, rest);
    case 'backup': {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true });
      const target = positionals[0];
      if (!target) {
        console.error('Say where to write the backup: postwarden backup <file>');
        return 2;
      }
      if (config.databaseUrl) {
        const { spawnSync } = await import('node:child_process');
        const result = spawnSync('pg_dump', ['--format=custom', `--file=${target}`, config.databaseUrl], {
          stdio: 'inherit',
        });
        return result.status ?? 1;
      }
      const handle = await database({ ...config, databaseUrl: undefined });
      const dump = await handle.pglite!.dumpDataDir('gzip');
      fs.writeFileSync(target, Buffer.from(await dump.arrayBuffer()));
      await handle.close();
      console.log(
        `Backup written to ${target}. Keep ${path.join(config.dataDir, 'secret.key')} safe as well: without it, stored secrets cannot be read.`,
      );
      return 0;
    }
    case 'restore': {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true });
      const source = positionals[0];
      if (!source || !fs.existsSync(source)) {
        console.error('Say which backup to restore: postwarden restore <file>');
        return 2;
      }
      if (config.databaseUrl) {
        console.error('For PostgreSQL, restore with pg_restore.');
        return 2;
      }
      const pgdata = path.join(config.dataDir, 'pgdata');
      if (fs.existsSync(pgdata) && fs.readdirSync(pgdata).length > 0) {
        console.error(`${pgdata} already holds a database. Move it aside first, so nothing is overwritten.`);
        return 2;
      }
      const { openDatabase } = await import('./platform/db/connect.ts');
      const handle = await openDatabase({ dataDir: config.dataDir, loadDataDir: new Blob([fs.readFileSync(source)]) });
      const trusts = await handle.db.selectFrom('trust').select('name').execute();
      await handle.close();
      console.log(`Restored into ${pgdata}: ${trusts.map((t) => t.name).join(', ') || 'no trust yet'}.`);
      return 0;
    }
    default:
      console.error(`Unknown command '${command}'.\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
