// What the register's and an account's pages show, gathered from the repos and the rules.
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { ukDate } from '../../../platform/clock.ts';
import type { RequestContext } from '../../../platform/http/types.ts';
import { SETUP_CHECKLIST, STATUSES, platformName } from '../model.ts';
import { timelineOf, type AccountRow, type OperatorRow } from '../repo.ts';
import { timelineItems } from '../timeline.ts';
import { accountActions } from './rules/access.ts';
import { isReviewOverdue } from './rules/dates.ts';
import { webAddress } from './rules/setup.ts';
import { accountsWithOpenHandover, personName, secretStatus } from './repo.ts';
import type { RegisterRow } from './service.ts';

/** Only an https address becomes a link, whatever is stored. */
function safeHref(address: string | null): string | undefined {
  return address ? webAddress(address) : undefined;
}

/** The viewer's part in an account: "You applied for it; you run it (lead)". */
function partOf(r: RegisterRow, viewerId: string): string {
  const parts: string[] = [];
  if (r.applicant_id === viewerId) parts.push('You applied for it');
  const me = r.operators.find((o) => o.personId === viewerId);
  if (me) parts.push(me.isLead ? 'You run it as lead operator' : 'You help to run it');
  return parts.join('. ');
}

export function registerRowsForView(rows: readonly RegisterRow[], viewerId: string) {
  return rows.map((r) => ({
    ...r,
    part: partOf(r, viewerId),
    platformText: platformName(r.platform),
    statusText: STATUSES[r.status].text,
    statusTag: STATUSES[r.status].tag,
    href: safeHref(r.address),
  }));
}

export async function describeAccount(
  db: Kysely<Database>,
  ctx: RequestContext,
  account: AccountRow,
  operators: OperatorRow[],
  now: Date,
) {
  const today = ukDate(now);
  const [secret, handovers, events, applicantName, school] = await Promise.all([
    secretStatus(db, account.id),
    accountsWithOpenHandover(db, [account.id]),
    timelineOf(db, account.id),
    personName(db, account.applicant_id),
    db.selectFrom('school').select('name').where('id', '=', account.school_id).executeTakeFirstOrThrow(),
  ]);
  const openHandover = handovers.has(account.id);
  const decision = events.find((e) => e.kind === 'application.rejected' || e.kind === 'application.head-rejected');
  const checklistDone = SETUP_CHECKLIST.filter((c) => (account.setup_checklist ?? []).includes(c.value)).length;
  const isViewer = (personId: string) => personId === ctx.person.id;
  return {
    pageTitle: account.name,
    account,
    schoolName: school.name,
    trustView: ctx.school === null,
    status: STATUSES[account.status],
    platformText: platformName(account.platform),
    addressHref: safeHref(account.address),
    applicantName: applicantName ?? 'Unknown',
    checklist: { done: checklistDone, total: SETUP_CHECKLIST.length },
    taggingText: account.tagging_disabled === null ? 'Not recorded yet' : account.tagging_disabled ? 'Yes' : 'No',
    twoFactorText: account.two_factor_enabled === null ? 'Not recorded yet' : account.two_factor_enabled ? 'On' : 'Off',
    overdue: isReviewOverdue(account.status, account.review_due, today),
    openHandover,
    rejection: account.status === 'rejected' ? decision : undefined,
    operators: operators.map((o) => ({
      name: `${o.given_name} ${o.family_name}`,
      jobTitle: o.job_title,
      isLead: o.is_lead,
      isYou: isViewer(o.person_id),
      left: o.leaving_date !== null && o.leaving_date <= today,
      leavingDate: o.leaving_date,
    })),
    secret,
    actions: accountActions({
      id: account.id,
      status: account.status,
      permissions: ctx.permissions,
      inSchool: ctx.school !== null,
      hasSecret: secret !== undefined,
      openHandover,
      isOperator: operators.some((o) => isViewer(o.person_id)),
    }),
    timeline: timelineItems(events),
  };
}
