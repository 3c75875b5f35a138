// Where an application stands against the policy (ACC-1, ACC-3, ACC-7): what the policy needs, each
// named operator's eligibility, and what stops approval. Shared by the pages, the decisions, the
// queues and the mail that tells deciders.
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { operatorsEligibility, settingsAndCitations, type PolicySettings } from '../../policies/index.ts';
import { currentOperators } from '../repo.ts';
import { approvalBlockers } from './rules/decision.ts';
import { businessUseRefusal, reasonSentence } from './rules/words.ts';

/** What the policy in force says that applications need, with the clauses to cite. */
export interface ApplicationPolicy {
  settings: PolicySettings;
  /** Set when the policy does not permit official accounts (ACC-7): the refusal, citing the clause. */
  notPermitted?: string;
  operatorsCitation?: string | undefined;
}

export async function applicationPolicy(
  db: Kysely<Database>,
  school: { trustId: string; schoolId: string },
  now: Date,
  doing: 'apply' | 'approve' = 'apply',
): Promise<ApplicationPolicy> {
  // Both citations in one look-up of the policy in force.
  const { settings, citations } = await settingsAndCitations(
    db,
    school,
    ['accounts.operators', 'business-use.not-permitted'],
    now,
  );
  const operatorsCitation = citations.get('accounts.operators');
  if (settings.businessUse !== 'not-permitted') return { settings, operatorsCitation };
  return {
    settings,
    operatorsCitation,
    notPermitted: businessUseRefusal(citations.get('business-use.not-permitted'), doing),
  };
}

/** Each named operator of each account, with whether they may run it and why not (ACC-3); eligibility is read for everyone at once. */
export async function standingsOf(
  db: Kysely<Database>,
  school: { trustId: string; schoolId: string },
  accountIds: readonly string[],
  now: Date,
) {
  const operators = await Promise.all(accountIds.map((id) => currentOperators(db, id)));
  const eligibility = await operatorsEligibility(
    db,
    school,
    operators.flat().map((o) => o.person_id),
    now,
  );
  const standings = new Map<string, Standing[]>();
  accountIds.forEach((accountId, i) => {
    standings.set(
      accountId,
      operators[i]!.map((o) => {
        const name = `${o.given_name} ${o.family_name}`;
        const found = eligibility.get(o.person_id);
        const reasons = !found || found.eligible ? [] : found.reasons;
        return {
          personId: o.person_id,
          name,
          jobTitle: o.job_title,
          isLead: o.is_lead,
          reasons,
          sentences: reasons.map((r) => reasonSentence(name, r)),
        };
      }),
    );
  });
  return standings;
}

export interface Standing {
  personId: string;
  name: string;
  jobTitle: string | null;
  isLead: boolean;
  /** Empty when they may run the account. */
  reasons: string[];
  sentences: string[];
}

/** Each named operator with whether they may run the account, and why not (ACC-3). */
export async function operatorStandings(
  db: Kysely<Database>,
  school: { trustId: string; schoolId: string },
  accountId: string,
  now: Date,
): Promise<Standing[]> {
  return (await standingsOf(db, school, [accountId], now)).get(accountId)!;
}

/** What stops an application with these operators being approved under this policy, each as a sentence. */
export function blockersWith(policy: ApplicationPolicy, operators: readonly Standing[]): string[] {
  const blockers = approvalBlockers({
    businessUseNotPermitted: false,
    minimum: policy.settings.minimumOperators,
    operatorsCitation: policy.operatorsCitation,
    operators,
  });
  return policy.notPermitted ? [policy.notPermitted, ...blockers] : blockers;
}

/** What stops the application being approved now, each as a sentence; empty when nothing does. */
export async function blockersFor(
  db: Kysely<Database>,
  school: { trustId: string; schoolId: string },
  now: Date,
  operators: readonly Standing[],
): Promise<string[]> {
  return blockersWith(await applicationPolicy(db, school, now, 'approve'), operators);
}

/** What stops one application being approved now. */
export async function blockersOf(
  db: Kysely<Database>,
  school: { trustId: string; schoolId: string },
  accountId: string,
  now: Date,
): Promise<string[]> {
  return blockersFor(db, school, now, await operatorStandings(db, school, accountId, now));
}
