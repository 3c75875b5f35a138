// The register of official accounts and recording a created account (ACC-6, ACC-3). Setting up or
// changing an account is one transaction with its timeline event and audit entry; a refusal writes
// nothing.
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { Actor } from '../../../platform/audit/audit.ts';
import { ukDate } from '../../../platform/clock.ts';
import { isUniqueViolation } from '../../../platform/db/errors.ts';
import { ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { clauseCitation, operatorEligibility, settingsFor } from '../../policies/index.ts';
import { recordAccountEvent } from '../events.ts';
import { platformName } from '../model.ts';
import { currentOperators, type AccountRow } from '../repo.ts';
import { addMonths, isReviewOverdue } from './rules/dates.ts';
import { DEFAULT_FILTER, filterRegister, sortRegister, type RegisterFilter } from './rules/filter.ts';
import { setupMode } from './rules/access.ts';
import {
  changedFields,
  checkSetupForm,
  liveBlockers,
  operatorBlockers,
  type SetupForm,
  type SetupValue,
} from './rules/setup.ts';
import { transact } from '../../../platform/db/transact.ts';
import {
  accountWithHandle,
  accountsOfPerson,
  accountsWithOpenHandover,
  lockAccount,
  operatorsOfAccounts,
  registerAccounts,
  type RegisterAccountRow,
  type Scope,
} from './repo.ts';

export interface RegisterRow extends RegisterAccountRow {
  schoolId: string;
  schoolName: string;
  reviewDue: string | null;
  openHandover: boolean;
  overdue: boolean;
  operators: { personId: string; name: string; isLead: boolean }[];
}

async function withDetails(
  db: Kysely<Database>,
  accounts: RegisterAccountRow[],
  today: string,
): Promise<RegisterRow[]> {
  const ids = accounts.map((a) => a.id);
  const [operators, handovers] = await Promise.all([operatorsOfAccounts(db, ids), accountsWithOpenHandover(db, ids)]);
  const byAccount = new Map<string, RegisterRow['operators']>();
  for (const o of operators) {
    const list = byAccount.get(o.account_id) ?? [];
    list.push({ personId: o.person_id, name: `${o.given_name} ${o.family_name}`, isLead: o.is_lead });
    byAccount.set(o.account_id, list);
  }
  return accounts.map((a) => ({
    ...a,
    schoolId: a.school_id,
    schoolName: a.school_name,
    reviewDue: a.review_due,
    openHandover: handovers.has(a.id),
    overdue: isReviewOverdue(a.status, a.review_due, today),
    operators: byAccount.get(a.id) ?? [],
  }));
}

/** The register (ACC-6): every account of the school or trust but drafts, filtered and sorted. */
export async function register(
  db: Kysely<Database>,
  scope: Scope,
  filter: RegisterFilter,
  today: string,
): Promise<{ rows: RegisterRow[]; total: number }> {
  const all = await withDetails(db, await registerAccounts(db, scope), today);
  const total = filterRegister(all, DEFAULT_FILTER, today).length;
  return { rows: sortRegister(filterRegister(all, filter, today), filter.sort), total };
}

/** "Your accounts": the ones a person applied for or runs, drafts included. */
export async function accountsOf(
  db: Kysely<Database>,
  scope: Scope,
  personId: string,
  today: string,
): Promise<RegisterRow[]> {
  return withDetails(db, await accountsOfPerson(db, scope, personId), today);
}

export interface School {
  trustId: string;
  schoolId: string;
}

export type SetupResult =
  | { kind: 'set-up'; reviewDue: string }
  | { kind: 'changed'; fields: string[] }
  | { kind: 'unchanged' }
  | { kind: 'not-found' }
  /** Not approved yet, rejected or closed: there is nothing to set up. */
  | { kind: 'not-ready'; account: AccountRow };

function currentValue(account: AccountRow): SetupValue {
  return {
    handle: account.handle ?? '',
    address: account.address ?? '',
    recoveryEmail: account.recovery_email ?? '',
    taggingDisabled: account.tagging_disabled ?? false,
    twoFactorEnabled: account.two_factor_enabled ?? false,
    visibility: account.visibility,
    checklist: account.setup_checklist ?? [],
  };
}

async function duplicateMessage(
  db: Kysely<Database>,
  school: School,
  platform: string,
  handle: string,
  accountId: string,
): Promise<FieldError | undefined> {
  const other = await accountWithHandle(db, school.trustId, platform, handle, accountId);
  if (!other) return undefined;
  const where = other.school_id === school.schoolId ? '' : ` at ${other.school_name}`;
  return { href: '#handle', text: `‘${handle}’ is already registered as ${other.name}${where}` };
}

/** Each current operator with why they may not run the account (ACC-3); no reasons when they may. */
export async function operatorReadiness(db: Kysely<Database>, school: School, accountId: string, now: Date) {
  const rows = [];
  for (const o of await currentOperators(db, accountId)) {
    const eligibility = await operatorEligibility(db, school, o.person_id, now);
    rows.push({
      name: `${o.given_name} ${o.family_name}`,
      jobTitle: o.job_title,
      isLead: o.is_lead,
      reasons: eligibility.eligible ? [] : eligibility.reasons,
    });
  }
  return rows;
}

/** ACC-3: every current operator ready, enough of them, and a lead; an empty list when the account may go live. */
async function operatorProblems(
  db: Kysely<Database>,
  school: School,
  accountId: string,
  now: Date,
): Promise<FieldError[]> {
  const [settings, readiness, citation] = await Promise.all([
    settingsFor(db, school, now),
    operatorReadiness(db, school, accountId, now),
    clauseCitation(db, school, 'accounts.operators', now),
  ]);
  return operatorBlockers(readiness, settings.minimumOperators, citation);
}

/**
 * Records a created account (ACC-6). An approved account becomes active, with its first review
 * due a policy review cycle from today; a live account has its details changed. A handle already
 * registered on the platform in the trust is refused, by this check and by the unique index.
 */
export async function setUpAccount(
  db: Kysely<Database>,
  now: Date,
  school: School,
  actor: Actor,
  accountId: string,
  form: SetupForm,
): Promise<SetupResult> {
  const today = ukDate(now);
  let attempted: { platform: string; handle: string } | undefined;
  try {
    return await transact(db, async (trx): Promise<SetupResult> => {
      const account = await lockAccount(trx, school, accountId);
      if (!account) return { kind: 'not-found' };
      const mode = setupMode(account.status);
      if (!mode) return { kind: 'not-ready', account };
      const { value, errors } = checkSetupForm(form, account.platform);
      if (value) {
        attempted = { platform: account.platform, handle: value.handle };
        const duplicate = await duplicateMessage(trx, school, account.platform, value.handle, account.id);
        if (duplicate) errors.unshift(duplicate);
        errors.push(...liveBlockers(value));
      }
      if (mode === 'set-up') errors.push(...(await operatorProblems(trx, school, account.id, now)));
      if (errors.length || !value) throw new ValidationError(errors);
      const columns = {
        handle: value.handle,
        address: value.address,
        recovery_email: value.recoveryEmail,
        tagging_disabled: value.taggingDisabled,
        two_factor_enabled: value.twoFactorEnabled,
        visibility: value.visibility,
        setup_checklist: value.checklist,
        updated_at: now,
      };
      if (mode === 'set-up') {
        const settings = await settingsFor(trx, school, now);
        const reviewDue = addMonths(today, settings.reviewCycleMonths);
        await trx
          .updateTable('official_account')
          .set({ ...columns, status: 'active', activated_on: today, review_due: reviewDue })
          .where('id', '=', account.id)
          .execute();
        await recordAccountEvent(trx, now, account, actor, 'account.set-up', {
          detail: {
            platform: platformName(account.platform),
            handle: value.handle,
            address: value.address,
            reviewDue,
            twoFactor: value.twoFactorEnabled,
            taggingDisabled: value.taggingDisabled,
          },
        });
        return { kind: 'set-up', reviewDue };
      }
      const before = currentValue(account);
      const fields = changedFields(before, value);
      if (!fields.length) return { kind: 'unchanged' };
      await trx.updateTable('official_account').set(columns).where('id', '=', account.id).execute();
      const changes = Object.fromEntries(
        (Object.keys(value) as (keyof SetupValue)[])
          .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(value[k]))
          .map((k) => [k, { from: before[k], to: value[k] }]),
      );
      await recordAccountEvent(trx, now, account, actor, 'account.details-changed', {
        comment: `Changed: ${fields.join(', ')}`,
        detail: { ...(before.handle !== value.handle ? { handle: value.handle } : {}), changes },
      });
      return { kind: 'changed', fields };
    });
  } catch (error) {
    // Two people registering the same handle at once: the unique index refuses the second.
    if (attempted && isUniqueViolation(error, 'official_account_handle')) {
      const duplicate = await duplicateMessage(db, school, attempted.platform, attempted.handle, accountId);
      throw new ValidationError([
        duplicate ?? { href: '#handle', text: `‘${attempted.handle}’ is already registered` },
      ]);
    }
    throw error;
  }
}
