// People running live accounts who are no longer ready to (ACC-3): their training has lapsed, or a
// new version of the policy is in force that they have not signed. Those who keep the records (the
// training and account administrators) are told who and why; an operator whose training has lapsed
// is told on their own home page (signing has its own task).
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { HomeTask } from '../../../platform/http/home-tasks.ts';
import type { RequestContext } from '../../../platform/http/types.ts';
import { operatorsEligibility } from '../../policies/index.ts';
import { isPersonalReason, reasonSentence, yourReasons } from '../applications/rules/words.ts';
import { liveOperatorsOf } from './repo.ts';

const isSigningReason = (reason: string) => reason.startsWith('Has not signed');

/** A named function, so registering it on every app start adds it once (addHomeTasks de-duplicates). */
export async function readinessTasks(db: Kysely<Database>, ctx: RequestContext, now: Date): Promise<HomeTask[]> {
  if (!ctx.school || ctx.via !== 'session') return [];
  const keepsRecords = ctx.permissions.has('training.manage') || ctx.permissions.has('accounts.manage');
  const operators = await liveOperatorsOf(db, ctx.school.id);
  const mine = operators.filter((o) => o.person_id === ctx.person.id);
  if (!keepsRecords && !mine.length) return [];
  const school = { trustId: ctx.trust.id, schoolId: ctx.school.id };
  const people = [
    ...new Map(
      operators.filter((o) => keepsRecords || o.person_id === ctx.person.id).map((o) => [o.person_id, o]),
    ).values(),
  ];
  const eligibility = await operatorsEligibility(
    db,
    school,
    people.map((p) => p.person_id),
    now,
  );
  const notReady = people
    .map((p) => {
      const found = eligibility.get(p.person_id);
      return { ...p, reasons: !found || found.eligible ? [] : found.reasons.filter(isPersonalReason) };
    })
    .filter((p) => p.reasons.length);
  const tasks: HomeTask[] = [];
  const own = notReady.find((p) => p.person_id === ctx.person.id)?.reasons.filter((r) => !isSigningReason(r)) ?? [];
  if (own.length) {
    const accounts = mine.map((m) => `‘${m.account_name}’`).join(', ');
    tasks.push({
      text: `You run ${accounts} but are not ready to: ${yourReasons(own)}. Ask whoever records training at the school`,
      href: `/accounts/${mine[0]!.account_id}`,
      hint: 'Needs you',
      important: true,
    });
  }
  if (keepsRecords && notReady.length) {
    const first = notReady[0]!;
    const name = `${first.given_name} ${first.family_name}`;
    const more = notReady.length > 1 ? ` (and ${notReady.length - 1} more)` : '';
    tasks.push({
      text: `${notReady.length === 1 ? '1 person running an official account is' : `${notReady.length} people running official accounts are`} not ready to: ${reasonSentence(name, first.reasons[0]!)}${more}`,
      href: ctx.permissions.has('training.manage') ? '/training' : `/accounts/${first.account_id}`,
      hint: 'To put right',
      important: true,
    });
  }
  return tasks;
}
