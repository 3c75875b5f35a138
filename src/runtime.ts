import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { buildApp } from './app.ts';
import { openDatabase, type DatabaseHandle } from './platform/db/connect.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import { JobRunner } from './platform/jobs/jobs.ts';
import { registerMailDelivery } from './platform/mail/mail.ts';
import { loadMasterKey } from './platform/crypto/keys.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { registerImportJob } from './modules/directory/index.ts';
import { registerPolicyJobs } from './modules/policies/index.ts';
import { registerAccountJobs } from './modules/accounts/index.ts';
import { registerHousekeeping, scheduleHousekeeping } from './platform/jobs/housekeeping.ts';
import { registerPasswordResetJob } from './platform/auth/service.ts';
import { useAuditKey } from './platform/audit/keys.ts';
import { registerAuditCheckpoint, scheduleAuditCheckpoint } from './platform/audit/jobs.ts';
import { scheduleAccountChecks } from './modules/accounts/handover/jobs.ts';
import { registerPublishingJobs } from './modules/publishing/index.ts';
import { registerIncidentJobs } from './modules/incidents/index.ts';
import { registerGovernanceJobs, scheduleGovernanceJobs } from './modules/governance/index.ts';
import { registerPersonalUseJobs, scheduleCheckInSweep } from './modules/personal-use/index.ts';
import { registerOversightJobs, scheduleMonitoringSweep } from './modules/oversight/index.ts';
import { registerMonitoringJobsFor, scheduleMonitoringChecks } from './modules/monitoring/index.ts';
import { registerMentionJobsFor, scheduleMentionCollection } from './modules/mentions/index.ts';
import { connectorsFor } from './modules/publishing/connectors/registry.ts';
import type { ConnectorRegistry } from './modules/publishing/posts/publish/service.ts';
import { registerInboxJobs, scheduleInboxReads } from './modules/inbox/index.ts';
import type { ReaderRegistry } from './modules/publishing/connectors/notifications.ts';

export interface Runtime {
  config: Config;
  database: DatabaseHandle;
  jobs: JobRunner;
  app: FastifyInstance;
  clock: Clock;
  close(): Promise<void>;
}

/** Registers every background job handler in one place. */
export function registerJobs(jobs: JobRunner, config: Config): void {
  registerMailDelivery(jobs, { smtpUrl: config.smtpUrl, from: config.mailFrom });
  registerImportJob(jobs);
  registerHousekeeping(jobs);
  registerPasswordResetJob(jobs, config.baseUrl);
  registerPolicyJobs(jobs, config);
  registerAccountJobs(jobs, config);
  registerIncidentJobs(jobs, config);
  registerGovernanceJobs(jobs);
  registerPersonalUseJobs(jobs, config);
  registerOversightJobs(jobs, config);
  registerMonitoringJobsFor(jobs, config);
  registerMentionJobsFor(jobs, config);
}

export interface RuntimeOptions {
  clock?: Clock;
  database?: DatabaseHandle;
  logger?: boolean;
  logStream?: { write(line: string): void };
  connectors?: ConnectorRegistry;
  /** The inbox's notification readers (tests point them at loopback servers). */
  inboxReaders?: ReaderRegistry;
}

/** Opens the database, brings it up to date, and builds the app: what `serve` and the tests share. */
export async function createRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const clock = options.clock ?? systemClock;
  const database =
    options.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  await migrateToLatest(database.db);
  await scheduleHousekeeping(database.db, clock.now());
  await scheduleAccountChecks(database.db, clock.now());
  await scheduleCheckInSweep(database.db, clock.now());
  await scheduleMonitoringSweep(database.db, clock.now());
  await scheduleMonitoringChecks(database.db, clock.now());
  await scheduleMentionCollection(database.db, clock.now());
  await scheduleAuditCheckpoint(database.db, clock.now());
  await scheduleGovernanceJobs(database.db, clock.now());
  await scheduleInboxReads(database.db, clock.now());
  const jobs = new JobRunner(database.db);
  registerJobs(jobs, config);
  const masterKey = loadMasterKey(config.secretKey, config.dataDir);
  useAuditKey(masterKey);
  const connectors = options.connectors ?? connectorsFor;
  registerPublishingJobs(jobs, { masterKey, connectors, baseUrl: config.baseUrl });
  registerInboxJobs(jobs, {
    masterKey,
    baseUrl: config.baseUrl,
    uploadLimitMb: config.uploadLimitMb,
    demoMode: config.demoMode,
    ...(options.inboxReaders ? { readers: options.inboxReaders } : {}),
  });
  const app = await buildApp({
    config,
    db: database.db,
    backend: database.backend,
    clock,
    jobs,
    masterKey,
    connectors,
    ...(options.inboxReaders ? { inboxReaders: options.inboxReaders } : {}),
    logger: options.logger ?? true,
    ...(options.logStream ? { logStream: options.logStream } : {}),
  });
  registerAuditCheckpoint(jobs, { dataDir: config.dataDir, secretKey: config.secretKey, log: app.log });
  await app.ready();
  return {
    config,
    database,
    jobs,
    app,
    clock,
    async close() {
      jobs.stop();
      await jobs.idle();
      await app.close();
      await database.close();
    },
  };
}
