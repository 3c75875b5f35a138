import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { hashPassword } from '../platform/auth/passwords.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import { DEMO_PEOPLE, seedDirectoryDemo } from '../modules/directory/demo.ts';
import { ROLES } from '../platform/auth/permissions.ts';
import { seedPolicyDemo } from '../modules/policies/demo.ts';
import { seedAccountsDemo } from '../modules/accounts/demo.ts';
import { prepareDemoPhotos, seedPostingDemo } from '../modules/publishing/demo.ts';
import { seedCasesDemo } from '../modules/incidents/demo.ts';
import { seedGovernanceDemo } from '../modules/governance/demo.ts';
import { seedInboxDemo } from '../modules/inbox/index.ts';
import { seedPersonalUseDemo } from '../modules/personal-use/demo.ts';
import { seedOversightDemo } from '../modules/oversight/demo.ts';
import { seedMonitoringDemo } from '../modules/monitoring/demo.ts';
import { seedMentionsDemo } from '../modules/mentions/demo.ts';

export const DEMO_PASSWORD = 'postwarden-demo';
const DOMAIN = 'riverside-trust.example';

export const DEMO_SIGN_INS = DEMO_PEOPLE.filter((p) => p.signIn).map((p) => ({
  email: `${`${p.givenName}.${p.familyName}`.toLowerCase().replace(/[^a-z.0-9]/g, '')}@${DOMAIN}`,
  role: `${p.jobTitle} (${[...new Set(p.roles.map((r) => ROLES[r.role].label))].join(', ') || 'Staff'})`,
}));

/**
 * The work of seeding that needs no database, done ahead (postwarden demo runs it while a new
 * database folder is being made): seeding then finds it done. Seeding is the same without it.
 */
export async function prepareDemoTrust(): Promise<void> {
  await prepareDemoPhotos();
}

/**
 * The demonstration trust: two schools, their staff, pupils and parents. Each module adds its own
 * demo data here. Runs only in demo mode, so demo passwords never exist in a real installation.
 * `masterKey` is the key the server will run with: the demo's account sign-in details are sealed
 * with it (without it, none are stored).
 */
export async function seedDemoTrust(
  db: Kysely<Database>,
  now: Date,
  options: { demoMode: boolean; masterKey?: Buffer },
): Promise<{ email: string; role: string; password: string }[]> {
  if (!options.demoMode) throw new Error('Demo data is only created in demo mode (postwarden demo).');
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(7001)`.execute(trx);
    if (await trx.selectFrom('trust').select('id').limit(1).executeTakeFirst()) return [];
    const trust = await trx
      .insertInto('trust')
      .values({ name: 'Riverside Learning Trust', slug: 'riverside', created_at: now, second_factor_required: false })
      .returning('id')
      .executeTakeFirstOrThrow();
    const directory = await seedDirectoryDemo(trx, now, trust.id, passwordHash, DOMAIN);
    await seedPolicyDemo(trx, now, trust.id, directory.schools, directory.personIds);
    await seedAccountsDemo(trx, now, trust.id, directory.schools, directory.personIds, options.masterKey);
    await seedPostingDemo(trx, now, trust.id, directory.schools, directory.personIds);
    await seedCasesDemo(trx, now, trust.id, directory.schools, directory.personIds);
    await seedGovernanceDemo(trx, now, trust.id, directory.schools, directory.personIds);
    await seedInboxDemo(trx, now, trust.id, directory.schools, directory.personIds);
    await seedPersonalUseDemo(trx, now, trust.id, directory.schools, directory.personIds);
    await seedOversightDemo(trx, now, trust.id, directory.schools, directory.personIds);
    await seedMonitoringDemo(trx, now, trust.id, directory.schools);
    await seedMentionsDemo(trx, now, trust.id, directory.schools, directory.personIds);
    await recordAudit(trx, now, {
      actor: { id: null, label: 'Demo set-up' },
      action: 'demo.seeded',
      entityType: 'trust',
      entityId: trust.id,
      trustId: trust.id,
      summary: { schools: Object.keys(directory.schools).length, people: Object.keys(directory.personIds).length },
    });
    return DEMO_SIGN_INS.map((s) => ({ ...s, password: DEMO_PASSWORD }));
  });
}
