/**
 * Issue 14: audited writes per second with 1, 2 and 4 trusts writing at once (16 writers), now that
 * each trust has its own chain (migration 0020). Before it, every audited write of every trust took
 * one installation-wide lock; one trust writing alone is that case (one chain, one lock), so the
 * ratios against it, measured in the same run, show what per-trust chains give.
 * Each write is a transaction that records an event and then holds the transaction open for 2 ms,
 * standing for the rest of a change (its rows, its mail, its job) before the commit.
 *
 * Run alone: node --import tsx bench/audit-chains.ts   (PW_BENCH_PG=postgres://postgres@127.0.0.1:5432 for PostgreSQL too)
 */
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../src/platform/db/connect.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { recordAudit } from '../src/platform/audit/audit.ts';
import { useAuditKey } from '../src/platform/audit/keys.ts';
import type { BenchResult } from './import.ts';

const WRITERS = 16;
const SECONDS = Number(process.env.PW_BENCH_SECONDS ?? 3);

async function writesPerSecond(database: DatabaseHandle, trusts: string[]): Promise<number> {
  const db = database.db;
  let writes = 0;
  const until = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      const trustId = trusts[w % trusts.length]!;
      while (performance.now() < until) {
        await db.transaction().execute(async (trx) => {
          await recordAudit(trx, new Date(), {
            actor: { id: null, label: 'Bench' },
            action: 'bench.write',
            entityType: 'bench',
            trustId,
            summary: { w },
          });
          await sql`SELECT pg_sleep(0.002)`.execute(trx);
        });
        writes++;
      }
    }),
  );
  return writes / SECONDS;
}

async function measure(database: DatabaseHandle, label: string): Promise<BenchResult> {
  await migrateToLatest(database.db);
  const trusts: string[] = [];
  for (let i = 0; i < 4; i++) {
    const row = await database.db
      .insertInto('trust')
      .values({ name: `Bench ${i}`, slug: `bench-${i}-${randomBytes(3).toString('hex')}`, created_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    trusts.push(row.id);
  }
  await writesPerSecond(database, trusts.slice(0, 1)); // warm-up
  const one = await writesPerSecond(database, trusts.slice(0, 1));
  const two = await writesPerSecond(database, trusts.slice(0, 2));
  const four = await writesPerSecond(database, trusts.slice(0, 4));
  return {
    name: `Audited writes, ${WRITERS} writers, ${SECONDS} s each, ${label} (ratio to one trust = one chain, same run)`,
    figures: {
      '1 trust writes/s': Math.round(one),
      '2 trusts writes/s': Math.round(two),
      '4 trusts writes/s': Math.round(four),
      '2 trusts / 1 (ratio)': Number((two / one).toFixed(2)),
      '4 trusts / 1 (ratio)': Number((four / one).toFixed(2)),
    },
  };
}

export async function benchAuditChains(): Promise<BenchResult[]> {
  useAuditKey(randomBytes(32));
  const results: BenchResult[] = [];
  const pglite = await openDatabase({});
  try {
    results.push(await measure(pglite, 'PGlite (one connection: writes queue whatever the chain)'));
  } finally {
    await pglite.close();
  }
  const base = process.env.PW_BENCH_PG;
  if (base) {
    const pg = (await import('pg')).default;
    const name = `pw_bench_audit_${process.pid}`;
    const admin = new pg.Client({ connectionString: `${base}/postgres` });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      const database = await openDatabase({ databaseUrl: `${base}/${name}` });
      try {
        results.push(await measure(database, 'PostgreSQL'));
      } finally {
        await database.close();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await benchAuditChains()) {
    console.log(`\n## ${result.name}`);
    for (const [key, value] of Object.entries(result.figures)) console.log(`  ${key.padEnd(28)} ${value}`);
  }
  process.exit(0);
}
