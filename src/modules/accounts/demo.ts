// Demo official accounts (ACC-1..6) for the demonstration trust: accounts at every step of their
// life at both schools, each with its timeline. Set-up and credentials go through the services;
// the application steps and the history from before the policy was in force are written as rows,
// each with its timeline event and audit entry.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AccountStatus, Database } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/audit/audit.ts';
import { ukDate } from '../../platform/clock.ts';
import { operatorEligibility, signingStatusFor } from '../policies/index.ts';
import { recordAccountEvent } from './events.ts';
import { SETUP_CHECKLIST, platformName, type PlatformValue } from './model.ts';
import { addMonths } from './register/rules/dates.ts';
import { setUpAccount } from './register/service.ts';
import { storeCredentials } from './credentials/service.ts';
import { SYSTEM_ACTOR, openHandover } from './handover/service.ts';
import { handoversCalledFor, leftHandover, leftReason } from './handover/rules/handovers.ts';

const DAY = 86_400_000;
const ALL_CHECKS = SETUP_CHECKLIST.map((c) => c.value);

type SchoolKey = 'primary' | 'secondary';

interface Spec {
  school: SchoolKey;
  name: string;
  platform: PlatformValue;
  visibility: 'open' | 'closed';
  applicant: string;
  /** Person keys; the first is the lead. */
  operators: string[];
  aim: string;
  audience: string;
  promotion: string;
  /** Days before now the application was started. */
  startedDaysAgo: number;
}

export async function seedAccountsDemo(
  trx: Kysely<Database>,
  now: Date,
  trustId: string,
  schools: { primary: string; secondary: string },
  people: Record<string, string>,
  masterKey: Buffer | undefined,
): Promise<void> {
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const today = ukDate(now);
  const names = new Map(
    (
      await trx
        .selectFrom('person')
        .select(['id', 'given_name', 'family_name', 'leaving_date'])
        .where('trust_id', '=', trustId)
        .execute()
    ).map((p) => [p.id, { name: `${p.given_name} ${p.family_name}`, leavingDate: p.leaving_date }]),
  );
  const id = (key: string) => {
    const personId = people[key];
    if (!personId) throw new Error(`Demo accounts: no demo person '${key}'`);
    return personId;
  };
  const nameOf = (key: string) => names.get(id(key))!.name;
  const actor = (key: string): Actor => ({ id: id(key), label: nameOf(key) });
  const schoolOf = (s: SchoolKey) => ({ trustId, schoolId: schools[s] });

  // Operators of live accounts have signed the policy; the demo gives them the operator course too.
  const course = await trx
    .selectFrom('training_course as c')
    .innerJoin('training_requirement as r', 'r.course_id', 'c.id')
    .select(['c.id', 'c.valid_months'])
    .where('c.trust_id', '=', trustId)
    .where('r.requirement', '=', 'account-operator')
    .executeTakeFirst();
  async function makeReady(key: string): Promise<void> {
    const personId = id(key);
    if ((await signingStatusFor(trx, { id: personId, trustId }, today)).kind !== 'signed') {
      throw new Error(`Demo accounts: ${nameOf(key)} has not signed the demo policy, so cannot run an account`);
    }
    if (!course) return;
    const current = await trx
      .selectFrom('training_completion')
      .select('id')
      .where('course_id', '=', course.id)
      .where('person_id', '=', personId)
      .where((eb) => eb.or([eb('expires_on', 'is', null), eb('expires_on', '>', today)]))
      .executeTakeFirst();
    if (current) return;
    const completedOn = ukDate(ago(120));
    await trx
      .insertInto('training_completion')
      .values({
        course_id: course.id,
        person_id: personId,
        trust_id: trustId,
        completed_on: completedOn,
        expires_on: course.valid_months ? addMonths(completedOn, course.valid_months) : null,
        evidence: 'Completed the trust’s twilight session',
        recorded_by: people['trust-admin'] ?? null,
        recorded_at: ago(120),
      })
      .execute();
  }

  /**
   * The first `n` of `candidates` who have signed the policy. The demo policy's signatures depend on
   * the order of people who share a family name, so operators are chosen rather than fixed.
   */
  async function pick(candidates: string[], n = 1): Promise<string[]> {
    const chosen: string[] = [];
    for (const key of candidates) {
      if (chosen.length === n) break;
      if ((await signingStatusFor(trx, { id: id(key), trustId }, today)).kind === 'signed') chosen.push(key);
    }
    if (chosen.length < n)
      throw new Error(`Demo accounts: fewer than ${n} of ${candidates.join(', ')} have signed the demo policy`);
    return chosen;
  }

  /** The application, as its applicant wrote it and sent it. Returns the account. */
  async function apply(spec: Spec, sent = true) {
    const at = ago(spec.startedDaysAgo);
    const school = schoolOf(spec.school);
    const account = await trx
      .insertInto('official_account')
      .values({
        trust_id: trustId,
        school_id: school.schoolId,
        name: spec.name,
        platform: spec.platform,
        status: sent ? 'proposed' : 'draft',
        applicant_id: id(spec.applicant),
        aim: spec.aim,
        audience: spec.audience,
        promotion: spec.promotion,
        visibility: spec.visibility,
        submitted_at: sent ? at : null,
        created_at: at,
        updated_at: at,
      })
      .returning(['id', 'trust_id', 'school_id', 'name'])
      .executeTakeFirstOrThrow();
    for (const [i, key] of spec.operators.entries()) {
      await trx
        .insertInto('account_operator')
        .values({
          account_id: account.id,
          person_id: id(key),
          trust_id: trustId,
          school_id: school.schoolId,
          is_lead: i === 0,
          added_at: at,
          added_by: id(spec.applicant),
        })
        .execute();
    }
    await recordAccountEvent(trx, at, account, actor(spec.applicant), 'application.started', {
      detail: {
        name: spec.name,
        platform: platformName(spec.platform),
        operators: spec.operators.map(nameOf),
        lead: nameOf(spec.operators[0]!),
      },
    });
    if (sent)
      await recordAccountEvent(
        trx,
        new Date(at.getTime() + 600_000),
        account,
        actor(spec.applicant),
        'application.submitted',
      );
    return account;
  }

  type Ref = Awaited<ReturnType<typeof apply>>;
  async function step(
    account: Ref,
    status: AccountStatus,
    daysAgo: number,
    by: string,
    kind: string,
    comment: string | null,
  ) {
    const at = ago(daysAgo);
    await trx
      .updateTable('official_account')
      .set({ status, decided_at: at, updated_at: at })
      .where('id', '=', account.id)
      .execute();
    await recordAccountEvent(trx, at, account, actor(by), kind, { comment });
  }
  const endorse = (a: Ref, daysAgo: number, by: string, comment: string) =>
    step(a, 'endorsed', daysAgo, by, 'application.endorsed', comment);
  const approve = (a: Ref, daysAgo: number, by: string, comment: string) =>
    step(a, 'approved', daysAgo, by, 'application.approved', comment);

  /** The account administrator records the created account, through the set-up service (ACC-3, ACC-6). */
  async function setUp(
    account: Ref,
    school: SchoolKey,
    operators: string[],
    daysAgo: number,
    by: string,
    details: { handle: string; address: string; recoveryEmail: string; visibility: 'open' | 'closed' },
  ) {
    for (const key of operators) await makeReady(key);
    const result = await setUpAccount(trx, ago(daysAgo), schoolOf(school), actor(by), account.id, {
      ...details,
      tagging: 'yes',
      twoFactor: 'yes',
      checklist: ALL_CHECKS,
    });
    if (result.kind !== 'set-up')
      throw new Error(`Demo accounts: ${account.name} could not be set up (${result.kind})`);
  }

  async function credentials(account: Ref, school: SchoolKey, daysAgo: number, by: string, username: string) {
    if (!masterKey) return;
    const result = await storeCredentials(trx, masterKey, ago(daysAgo), schoolOf(school), actor(by), account.id, {
      username,
      password: `${randomBytes(9).toString('base64url')}-${randomBytes(3).toString('hex')}`,
      notes: 'Two-factor backup codes are in the envelope in the school office safe.',
    });
    if (result.kind !== 'stored')
      throw new Error(`Demo accounts: could not store the sign-in details of ${account.name}`);
  }

  async function review(account: Ref, daysAgo: number, by: string, outcome: 'keep' | 'changes-needed', notes: string) {
    const at = ago(daysAgo);
    const reviewedOn = ukDate(at);
    await trx
      .insertInto('account_review')
      .values({
        account_id: account.id,
        trust_id: trustId,
        school_id: account.school_id,
        reviewed_on: reviewedOn,
        reviewer_id: id(by),
        still_needed: true,
        operators_right: outcome === 'keep',
        settings_safe: true,
        notes,
        outcome,
        recorded_at: at,
      })
      .execute();
    await trx
      .updateTable('official_account')
      .set({
        last_reviewed_on: reviewedOn,
        review_due: addMonths(reviewedOn, outcome === 'keep' ? 12 : 1),
        updated_at: at,
        ...(outcome === 'changes-needed' ? { status: 'under_review' as const } : {}),
      })
      .where('id', '=', account.id)
      .execute();
    await recordAccountEvent(trx, at, account, actor(by), 'review.recorded', {
      comment: notes,
      detail: { outcome: outcome === 'keep' ? 'Keep the account' : 'Changes needed' },
    });
  }

  const monitored = (account: Ref, hoursAgo: number) =>
    trx
      .updateTable('official_account')
      .set({ last_monitored_at: new Date(now.getTime() - hoursAgo * 3_600_000) })
      .where('id', '=', account.id)
      .execute();

  /** History from before Postwarden: the account was already live, so it is recorded as it stood. */
  async function alreadyLive(
    account: Ref,
    daysAgo: number,
    by: string,
    details: { handle: string; address: string; recoveryEmail: string },
  ) {
    const at = ago(daysAgo);
    const activatedOn = ukDate(at);
    await trx
      .updateTable('official_account')
      .set({
        status: 'active',
        decided_at: at,
        handle: details.handle,
        address: details.address,
        recovery_email: details.recoveryEmail,
        tagging_disabled: true,
        two_factor_enabled: true,
        setup_checklist: ALL_CHECKS,
        activated_on: activatedOn,
        review_due: addMonths(activatedOn, 12),
        updated_at: at,
      })
      .where('id', '=', account.id)
      .execute();
    await recordAccountEvent(trx, at, account, actor(by), 'account.set-up', {
      comment: 'Recorded from the school’s list of accounts kept before Postwarden.',
      detail: { handle: details.handle, address: details.address },
    });
  }

  // ── Larkfield Primary School ───────────────────────────────────────────────────────────────
  const parents = await apply({
    school: 'primary',
    name: 'Larkfield Primary for parents',
    platform: 'facebook',
    visibility: 'open',
    applicant: 'office-primary',
    operators: ['office-primary', 'teacher-primary'],
    startedDaysAgo: 84,
    aim: 'News, reminders and celebrations for families: term dates, clubs, trips and closures on snow days.',
    audience: 'Parents and carers of Larkfield pupils, and families joining in Reception.',
    promotion: 'The weekly newsletter, the website and the welcome pack for new families.',
  });
  await endorse(parents, 82, 'dsl-primary', 'Families already ask for this; it replaces the old unofficial group.');
  await approve(parents, 80, 'head-primary', 'Approved. Gareth to lead, with Chloe covering when he is away.');
  await setUp(parents, 'primary', ['office-primary', 'teacher-primary'], 76, 'office-primary', {
    handle: 'LarkfieldPrimarySchool',
    address: 'https://www.facebook.com/LarkfieldPrimarySchool',
    recoveryEmail: 'office@larkfield.sch.uk',
    visibility: 'open',
  });
  await credentials(parents, 'primary', 76, 'office-primary', 'socialmedia@larkfield.sch.uk');
  await review(
    parents,
    9,
    'office-primary',
    'keep',
    'Still the main way families hear from us. Comments are answered within the day.',
  );
  await monitored(parents, 3);

  const residential = await apply({
    school: 'primary',
    name: 'Year 6 residential trip',
    platform: 'instagram',
    visibility: 'closed',
    applicant: 'teacher-primary',
    operators: ['teacher-primary', 'office-primary'],
    startedDaysAgo: 60,
    aim: 'Daily photos and updates from the Year 6 residential so families know the children have arrived safely and what they have done.',
    audience: 'Families of the Year 6 pupils on the trip only.',
    promotion: 'A letter home before the trip with how to request to follow the account.',
  });
  await endorse(
    residential,
    58,
    'dsl-primary',
    'Closed account, and only pupils with consent for social media in photos.',
  );
  await approve(
    residential,
    57,
    'head-primary',
    'Approved for the trip. Review after the summer whether to keep it for next year.',
  );
  await setUp(residential, 'primary', ['teacher-primary', 'office-primary'], 50, 'office-primary', {
    handle: '@larkfield.year6.trip',
    address: 'https://www.instagram.com/larkfield.year6.trip',
    recoveryEmail: 'office@larkfield.sch.uk',
    visibility: 'closed',
  });
  await credentials(residential, 'primary', 50, 'office-primary', 'larkfield.year6.trip@larkfield.sch.uk');
  await monitored(residential, 26);

  // Live since before Postwarden; its yearly review has gone by (overdue).
  const library = await apply({
    school: 'primary',
    name: 'Larkfield library reads',
    platform: 'bluesky',
    visibility: 'open',
    applicant: 'teacher-primary',
    operators: ['teacher-primary', 'office-primary'],
    startedDaysAgo: 420,
    aim: 'Book recommendations from the school library and the reading volunteers.',
    audience: 'Families and the local library.',
    promotion: 'The newsletter and posters in the library.',
  });
  await alreadyLive(library, 410, 'office-primary', {
    handle: 'larkfieldreads.bsky.social',
    address: 'https://bsky.app/profile/larkfieldreads.bsky.social',
    recoveryEmail: 'office@larkfield.sch.uk',
  });
  for (const key of ['teacher-primary', 'office-primary']) await makeReady(key);
  await credentials(library, 'primary', 405, 'office-primary', 'larkfieldreads@larkfield.sch.uk');
  await monitored(library, 30);

  // Waiting for the senior leadership team.
  await apply({
    school: 'primary',
    name: 'Larkfield Eco Club',
    platform: 'instagram',
    visibility: 'open',
    applicant: 'staff-0',
    operators: ['staff-0', 'teacher-primary'],
    startedDaysAgo: 4,
    aim: 'Show what the Eco Club grows, recycles and saves, and ask families for donations of seeds and pots.',
    audience: 'Families and neighbours of the school.',
    promotion: 'The newsletter and a poster at the school gate.',
  });

  // Approved by SLT and the Head of School: the account administrator can set it up now.
  const sports = await apply({
    school: 'primary',
    name: 'Larkfield sports teams',
    platform: 'x',
    visibility: 'open',
    applicant: 'staff-10',
    operators: ['teacher-primary', 'office-primary'],
    startedDaysAgo: 20,
    aim: 'Fixtures, results and celebrations for the school’s football, netball and cross-country teams.',
    audience: 'Families, other local schools and the sports partnership.',
    promotion: 'Match letters and the newsletter.',
  });
  await endorse(sports, 15, 'dsl-primary', 'First names only in results, please.');
  await approve(sports, 12, 'head-primary', 'Approved.');
  for (const key of ['teacher-primary', 'office-primary']) await makeReady(key);

  // Rejected by the senior leadership team, with the reason the applicant sees.
  const tiktok = await apply({
    school: 'primary',
    name: 'Year 2 class videos',
    platform: 'tiktok',
    visibility: 'open',
    applicant: 'staff-2',
    operators: ['staff-2', 'teacher-primary'],
    startedDaysAgo: 30,
    aim: 'Short videos of Year 2 lessons and assemblies.',
    audience: 'Year 2 families.',
    promotion: 'The class newsletter.',
  });
  await step(
    tiktok,
    'rejected',
    27,
    'dsl-primary',
    'application.rejected',
    'TikTok is not a good fit: its users must be 13 or over, and open videos of 6 and 7 year olds could be shared anywhere. Please share Year 2 news through the parents’ Facebook page instead.',
  );

  // ── Harbour Bridge Academy ─────────────────────────────────────────────────────────────────
  const peTeam = ['pe-teacher', ...(await pick(['staff-15', 'staff-5', 'staff-21', 'staff-9', 'staff-1']))];
  const historyTeam = ['deputy-dsl-secondary', ...(await pick(['staff-1', 'staff-21', 'staff-9', 'staff-11']))];
  const careersTeam = ['deputy-dsl-secondary', ...(await pick(['staff-5', 'staff-21', 'staff-9', 'staff-1']))];
  const [musicLead] = await pick(['staff-17', 'staff-27', 'staff-7', 'pe-teacher']);
  const sixthTeam = ['deputy-dsl-secondary', ...(await pick(['staff-11', 'staff-21', 'staff-1', 'staff-9']))];
  const pe = await apply({
    school: 'secondary',
    name: 'Harbour Bridge PE',
    platform: 'instagram',
    visibility: 'open',
    applicant: 'pe-teacher',
    operators: peTeam,
    startedDaysAgo: 78,
    aim: 'Fixtures, results, clubs and sports day, and celebrating students’ achievements in sport.',
    audience: 'Students’ families and the local sports clubs we work with.',
    promotion: 'Assemblies, the newsletter and the PE noticeboard.',
  });
  await endorse(pe, 75, 'slt-secondary', 'Good idea. Check photo consent before every post.');
  await approve(pe, 73, 'head-secondary', 'Approved.');
  await setUp(pe, 'secondary', peTeam, 70, 'comms-secondary', {
    handle: '@harbourbridgepe',
    address: 'https://www.instagram.com/harbourbridgepe',
    recoveryEmail: 'pe@harbourbridge.sch.uk',
    visibility: 'open',
  });
  await credentials(pe, 'secondary', 70, 'comms-secondary', 'pe@harbourbridge.sch.uk');
  await review(pe, 6, 'comms-secondary', 'keep', 'Posting two or three times a week; no complaints. Keep as it is.');
  await monitored(pe, 5);

  const history = await apply({
    school: 'secondary',
    name: 'Harbour Bridge History',
    platform: 'bluesky',
    visibility: 'open',
    applicant: 'deputy-dsl-secondary',
    operators: historyTeam,
    startedDaysAgo: 66,
    aim: 'Share the department’s trips, local history projects and students’ prize-winning work.',
    audience: 'Students, families and local history groups.',
    promotion: 'The newsletter and the local history society.',
  });
  await endorse(history, 63, 'slt-secondary', 'Endorsed by SLT at the meeting on the history trips.');
  await approve(history, 61, 'head-secondary', 'Approved.');
  await setUp(history, 'secondary', historyTeam, 58, 'comms-secondary', {
    handle: 'harbourbridgehistory.bsky.social',
    address: 'https://bsky.app/profile/harbourbridgehistory.bsky.social',
    recoveryEmail: 'history@harbourbridge.sch.uk',
    visibility: 'open',
  });
  await credentials(history, 'secondary', 58, 'comms-secondary', 'harbourbridgehistory.bsky.social');
  await monitored(history, 50);

  // Needs changes after its review: under review.
  const careers = await apply({
    school: 'secondary',
    name: 'Harbour Bridge careers',
    platform: 'linkedin',
    visibility: 'open',
    applicant: 'deputy-dsl-secondary',
    operators: careersTeam,
    startedDaysAgo: 74,
    aim: 'Work experience, apprenticeships and employers’ talks for older students.',
    audience: 'Local employers, families and former students.',
    promotion: 'The careers fair and the website.',
  });
  await endorse(careers, 72, 'slt-secondary', 'Endorsed.');
  await approve(careers, 71, 'head-secondary', 'Approved for a year.');
  await setUp(careers, 'secondary', careersTeam, 68, 'comms-secondary', {
    handle: 'Harbour Bridge Academy Careers',
    address: 'https://www.linkedin.com/company/harbour-bridge-careers',
    recoveryEmail: 'careers@harbourbridge.sch.uk',
    visibility: 'open',
  });
  await credentials(careers, 'secondary', 68, 'comms-secondary', 'careers@harbourbridge.sch.uk');
  await review(
    careers,
    3,
    'comms-secondary',
    'changes-needed',
    'Hardly used since the careers fair. Decide by the end of term whether to keep it, and find a second operator from the careers team.',
  );
  await monitored(careers, 120);

  // An operator has left: a handover is open and the password must be changed (ACC-5).
  const leaver = await trx
    .selectFrom('person')
    .select(['id', 'given_name', 'family_name', 'leaving_date'])
    .where('school_id', '=', schools.secondary)
    .where('leaving_date', 'is not', null)
    .where('leaving_date', '<=', today)
    .orderBy('family_name')
    .executeTakeFirst();
  const music = await apply({
    school: 'secondary',
    name: 'Harbour Bridge Music',
    platform: 'youtube',
    visibility: 'open',
    applicant: musicLead!,
    operators: [musicLead!, ...(leaver ? [] : ['pe-teacher'])],
    startedDaysAgo: 300,
    aim: 'Recordings of concerts and the school musical, with consent for every student shown.',
    audience: 'Families and the wider community.',
    promotion: 'Concert programmes and the newsletter.',
  });
  await alreadyLive(music, 290, 'comms-secondary', {
    handle: '@HarbourBridgeMusic',
    address: 'https://www.youtube.com/@HarbourBridgeMusic',
    recoveryEmail: 'music@harbourbridge.sch.uk',
  });
  if (leaver) {
    const leaverName = `${leaver.given_name} ${leaver.family_name}`;
    await trx
      .insertInto('account_operator')
      .values({
        account_id: music.id,
        person_id: leaver.id,
        trust_id: trustId,
        school_id: schools.secondary,
        is_lead: false,
        added_at: ago(290),
        added_by: id('comms-secondary'),
      })
      .execute();
    await recordAccountEvent(trx, ago(290), music, actor('comms-secondary'), 'operator.added', {
      detail: { operator: leaverName },
    });
    await makeReady(musicLead!);
    await credentials(music, 'secondary', 289, 'comms-secondary', 'music@harbourbridge.sch.uk');
    // What the hourly check did the morning after they left (ACC-5): took them off the account,
    // opened the handovers and marked the password to be changed.
    const leftOn = leaver.leaving_date!;
    const checkedAt = new Date(Date.parse(`${leftOn}T06:30:00Z`) + DAY);
    await trx
      .updateTable('account_operator')
      .set({ removed_at: checkedAt, removed_reason: leftReason(leftOn) })
      .where('account_id', '=', music.id)
      .where('person_id', '=', leaver.id)
      .execute();
    await recordAccountEvent(trx, checkedAt, music, SYSTEM_ACTOR, 'operator.removed', {
      detail: { operator: leaverName, reason: leftReason(leftOn) },
    });
    await openHandover(
      trx,
      checkedAt,
      music,
      SYSTEM_ACTOR,
      leftHandover({ personId: leaver.id, name: leaverName }, leftOn),
    );
    for (const need of handoversCalledFor({
      status: 'active',
      minimumOperators: 2,
      operators: [{ personId: id(musicLead!), name: nameOf(musicLead!), isLead: true }],
    })) {
      await openHandover(trx, checkedAt, music, SYSTEM_ACTOR, need);
    }
  }
  await monitored(music, 40);

  // Waiting for the headteacher's approval.
  const sixth = await apply({
    school: 'secondary',
    name: 'Harbour Bridge Sixth Form',
    platform: 'instagram',
    visibility: 'open',
    applicant: 'deputy-dsl-secondary',
    operators: sixthTeam,
    startedDaysAgo: 10,
    aim: 'Open evening, applications and life in the sixth form, for students choosing where to study after Year 11.',
    audience: 'Year 10 and 11 students at local schools and their families.',
    promotion: 'Open evening leaflets and the website.',
  });
  await endorse(sixth, 6, 'slt-secondary', 'Endorsed. Students appear only with their own and their parents’ consent.');

  // Closed: the department moved its news elsewhere.
  const drama = await apply({
    school: 'secondary',
    name: 'Harbour Bridge Drama',
    platform: 'x',
    visibility: 'open',
    applicant: 'comms-secondary',
    operators: ['comms-secondary', 'slt-secondary'],
    startedDaysAgo: 520,
    aim: 'Rehearsals, performances and ticket sales for school productions.',
    audience: 'Families and the local community.',
    promotion: 'Programmes and posters.',
  });
  await alreadyLive(drama, 510, 'comms-secondary', {
    handle: '@HarbourBridgeDrama',
    address: 'https://x.com/HarbourBridgeDrama',
    recoveryEmail: 'drama@harbourbridge.sch.uk',
  });
  const closedAt = ago(130);
  const closedReason =
    'Drama news now goes on the academy’s main accounts. The X account was deleted after its last post was archived.';
  await trx
    .updateTable('official_account')
    .set({ status: 'closed', closed_on: ukDate(closedAt), closed_reason: closedReason, updated_at: closedAt })
    .where('id', '=', drama.id)
    .execute();
  await trx
    .updateTable('account_operator')
    .set({ removed_at: closedAt, removed_reason: 'Account closed' })
    .where('account_id', '=', drama.id)
    .where('removed_at', 'is', null)
    .execute();
  await recordAccountEvent(trx, closedAt, drama, actor('comms-secondary'), 'account.closed', { comment: closedReason });

  // A draft its applicant has not sent yet.
  await apply(
    {
      school: 'secondary',
      name: 'Year 11 revision reminders',
      platform: 'instagram',
      visibility: 'closed',
      applicant: 'pe-teacher',
      operators: ['pe-teacher'],
      startedDaysAgo: 2,
      aim: 'Revision tips and exam reminders.',
      audience: '',
      promotion: '',
    },
    false,
  );

  // Every live account's operators must be able to run it (ACC-3), apart from the leaver above.
  for (const account of [parents, residential, library, pe, history, careers]) {
    const operators = await trx
      .selectFrom('account_operator')
      .select('person_id')
      .where('account_id', '=', account.id)
      .where('removed_at', 'is', null)
      .execute();
    for (const o of operators) {
      const eligibility = await operatorEligibility(trx, { trustId, schoolId: account.school_id }, o.person_id, now);
      if (!eligibility.eligible)
        throw new Error(
          `Demo accounts: ${names.get(o.person_id)?.name} cannot run ${account.name}: ${eligibility.reasons.join('; ')}`,
        );
    }
  }
}
