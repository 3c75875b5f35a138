/**
 * Demo cases at both schools, made through the same services as the pages (INC-1..9): a restricted
 * safeguarding case, an overdue takedown, an allegation waiting for the LADO's advice, a possible
 * personal data breach with its 72-hour clock running, and cases new, open and closed. Sign in as
 * the DSL, the head, a teacher and the administrator to see who sees what.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { reportConcern, type ReportForm } from './report/service.ts';
import { addAction, completeAction, recordAssessment } from './actions/service.ts';
import { addOutcome, closeCase } from './outcomes/service.ts';
import type { Viewer } from './rules/visibility.ts';

const HOUR = 3_600_000;

export async function seedCasesDemo(
  trx: Kysely<Database>,
  now: Date,
  trustId: string,
  schools: { primary: string; secondary: string },
  people: Record<string, string>,
): Promise<void> {
  const name = async (key: string) => {
    const p = await trx
      .selectFrom('person')
      .select(['given_name', 'family_name'])
      .where('id', '=', people[key]!)
      .executeTakeFirstOrThrow();
    return `${p.given_name} ${p.family_name}`;
  };
  // The chair of governors at Larkfield receives anything about its head.
  await trx
    .insertInto('role_assignment')
    .values({ person_id: people.governor!, trust_id: trustId, school_id: schools.primary, role: 'chair_of_governors' })
    .execute();
  const pupil = async (school: string, offset: number) => {
    const p = await trx
      .selectFrom('pupil')
      .select(['id', 'given_name', 'family_name'])
      .where('school_id', '=', school)
      .where('never_publish', '=', false)
      .where('leaving_date', 'is', null)
      .orderBy('upn')
      .offset(offset)
      .limit(1)
      .executeTakeFirstOrThrow();
    return { text: `${p.given_name} ${p.family_name}`, pick: `pupil:${p.id}` };
  };
  const staff = async (key: string) => ({ text: await name(key), pick: `staff:${people[key]!}` });
  /** Names the people involved by their records, as a reporter does by choosing among matches. */
  const involving = (...named: { text: string; pick: string }[]) => ({
    involved: [0, 1, 2].map((i) => named[i]?.text ?? ''),
    picks: [0, 1, 2].map((i) => named[i]?.pick ?? ''),
  });
  const form = (f: Partial<ReportForm>): ReportForm => ({
    kind: '',
    description: '',
    disclosure: '',
    atRisk: 'no',
    where: '',
    whereSite: '',
    day: '',
    month: '',
    year: '',
    time: '',
    involved: ['', '', ''],
    picks: ['', '', ''],
    outside: '',
    postId: '',
    ...f,
  });
  const options = { uploadLimitMb: 20, baseUrl: 'http://localhost:3000' };
  const actor = async (key: string) => ({ id: people[key]!, label: await name(key) });
  const viewer = (key: string, roles: Partial<Viewer> = {}): Viewer => ({
    id: people[key]!,
    seesSchoolCases: true,
    dslTeam: false,
    head: false,
    chair: false,
    ...roles,
  });
  const ago = (hours: number) => new Date(now.getTime() - hours * HOUR);
  const primary = { trustId, schoolId: schools.primary };
  const secondary = { trustId, schoolId: schools.secondary };
  const screenshot = (text: string) => [
    { fileName: 'screenshot.txt', declaredType: 'text/plain', bytes: Buffer.from(text), truncated: false },
  ];

  // Larkfield Primary ---------------------------------------------------------------------------
  // A restricted safeguarding concern, just reported: urgent for the DSL, invisible to everyone else.
  await reportConcern(
    trx,
    ago(0.3),
    primary,
    await actor('teacher-primary'),
    form({
      kind: 'child-safeguarding',
      atRisk: 'no',
      ...involving(await pupil(schools.primary, 40)),
      description:
        'A Year 5 pupil showed me a message on her tablet from an adult she met in an online game, asking her to keep their chats secret and move to another app.',
      where: 'https://game-chat.example/messages',
      whereSite: 'Chat inside an online game',
    }),
    screenshot('Message: "dont tell ur mum about our chats, add me on the other app"'),
    options,
  );

  // Cyberbullying of a teacher, three days old: the takedown request is overdue.
  const bullying = await reportConcern(
    trx,
    ago(72),
    primary,
    await actor('teacher-primary'),
    form({
      kind: 'staff-cyberbullying',
      ...involving(await staff('teacher-primary')),
      outside: 'A parent posting as "LarkfieldMum22"',
      description:
        'A post in a public local community group names me and says I should be sacked, with a photo of me taken at the school gate. It has many shares.',
      where: 'https://community.example/groups/larkfield-village/posts/5521',
      whereSite: 'A public local community group',
    }),
    screenshot('Post by LarkfieldMum22: "Miss M at Larkfield should be sacked..."'),
    options,
  );
  await recordAssessment(
    trx,
    ago(70),
    primary,
    viewer('dsl-primary', { dslTeam: true }),
    await actor('dsl-primary'),
    bullying.caseId,
    {
      summary:
        'Public post about Ms Marsden with her photo, shared widely. Ask the site to remove it; offer support; consider the parent code of conduct.',
      nature: '2',
      natureNote: 'Hurtful and untrue',
      visibility: '2',
      visibilityNote: '',
      recirculation: '3',
      recirculationNote: 'Over 40 shares',
      impact: '2',
      impactNote: '',
      unlawful: 'no',
      significant: '',
    },
  );

  // An allegation about a member of staff, referred to the LADO: no outcome can be recorded until the advice is in.
  const staffMember = Object.keys(people).find((k) => k.startsWith('staff-'))!;
  const allegation = await reportConcern(
    trx,
    ago(30),
    primary,
    await actor('dsl-primary'),
    form({
      kind: 'allegation-adult',
      ...involving(await staff(staffMember)),
      description:
        'A pupil told me at lunchtime that a member of staff follows her on a personal account and sent her a private message.',
      disclosure: 'He said "that\'s our secret" when he messaged me, and he follows me on my account.',
    }),
    [],
    options,
  );
  const lado = await trx
    .selectFrom('case_action')
    .select('id')
    .where('case_id', '=', allegation.caseId)
    .where('kind', '=', 'lado-referral')
    .executeTakeFirstOrThrow();
  await completeAction(
    trx,
    ago(28),
    primary,
    viewer('head-primary', { head: true }),
    await actor('head-primary'),
    allegation.caseId,
    lado.id,
    {
      result: 'Phoned the LADO and sent the referral form; waiting for their advice.',
      removed: '',
      unlawful: '',
      consent: '',
      response: '',
      sentTo: '',
    },
  );

  // A press enquiry, dealt with and closed.
  const press = await reportConcern(
    trx,
    ago(200),
    primary,
    await actor('office-primary'),
    form({
      kind: 'journalist-contact',
      description: 'A reporter from the local paper rang the office asking about the new car park plans.',
    }),
    [],
    options,
  );
  await recordAssessment(
    trx,
    ago(198),
    primary,
    viewer('head-primary', { head: true }),
    await actor('head-primary'),
    press.caseId,
    {
      summary: 'Routine enquiry. The head will reply with the agreed statement.',
      nature: '1',
      natureNote: '',
      visibility: '1',
      visibilityNote: '',
      recirculation: '1',
      recirculationNote: '',
      impact: '1',
      impactNote: '',
      unlawful: 'no',
      significant: '',
    },
  );
  await addOutcome(
    trx,
    ago(190),
    primary,
    viewer('head-primary', { head: true }),
    await actor('head-primary'),
    press.caseId,
    { kind: 'no-further-action', note: 'Statement sent by the head.', day: '', month: '', year: '' },
  );
  await closeCase(
    trx,
    ago(189),
    primary,
    viewer('head-primary', { head: true }),
    await actor('head-primary'),
    press.caseId,
    { note: 'Answered with the agreed statement.' },
  );

  // Harbour Bridge Academy ----------------------------------------------------------------------
  // Personal data posted: a possible breach with the 72-hour clock running.
  await reportConcern(
    trx,
    ago(20),
    secondary,
    await actor('comms-secondary'),
    form({
      kind: 'personal-data-posted',
      description:
        'A photo of the Year 11 exam seating plan, with full names and access arrangements, was posted to a public account.',
      where: 'https://photos.example/p/88213',
      whereSite: 'A public photo-sharing account',
    }),
    screenshot('Photo of the seating plan, names visible'),
    options,
  );

  // Abuse received by a teacher: assessed, the takedown request sent, the removal check waiting.
  const abuse = await reportConcern(
    trx,
    ago(50),
    secondary,
    await actor('pe-teacher'),
    form({
      kind: 'abuse-received',
      description: 'Abusive replies to the PE department account after the fixtures post, some naming me.',
      where: 'https://social.example/harbourpe/status/310',
      whereSite: 'The PE department’s official account',
    }),
    [],
    options,
  );
  const sltViewer = viewer('slt-secondary');
  await recordAssessment(trx, ago(48), secondary, sltViewer, await actor('slt-secondary'), abuse.caseId, {
    summary:
      'Abusive replies from two accounts. Report them to the site; hide the replies; offer support to Mr Fairclough.',
    nature: '2',
    natureNote: '',
    visibility: '1',
    visibilityNote: 'Hidden within the day',
    recirculation: '2',
    recirculationNote: '',
    impact: '2',
    impactNote: '',
    unlawful: 'no',
    significant: '',
  });
  const takedown = await trx
    .selectFrom('case_action')
    .select('id')
    .where('case_id', '=', abuse.caseId)
    .where('kind', '=', 'takedown-request')
    .executeTakeFirstOrThrow();
  await completeAction(trx, ago(40), secondary, sltViewer, await actor('slt-secondary'), abuse.caseId, takedown.id, {
    result: '',
    removed: '',
    unlawful: '',
    consent: '',
    response: '',
    sentTo: 'The site’s report form, both accounts',
  });
  await addAction(
    trx,
    ago(39),
    secondary,
    sltViewer,
    await actor('slt-secondary'),
    abuse.caseId,
    {
      kind: 'police-report',
      title: '',
      ownerId: people['slt-secondary']!,
      day: '',
      month: '',
      year: '',
      time: '',
      consent: 'given',
    },
    new Set([people['slt-secondary']!]),
  );

  // A restricted concern for the DSL team: a pupil's contact on a teacher's personal account.
  await reportConcern(
    trx,
    ago(5),
    secondary,
    await actor('pe-teacher'),
    form({
      kind: 'child-contact-personal',
      ...involving(await pupil(schools.secondary, 120)),
      description:
        'A Year 10 pupil sent me a follow request and a message on my personal account last night. I have not accepted or replied.',
    }),
    [],
    options,
  );

  // A friend request reported by a teacher, new for the head.
  await reportConcern(
    trx,
    ago(2),
    secondary,
    await actor('pe-teacher'),
    form({
      kind: 'pupil-friend-request',
      description: 'A former pupil (left last summer, 16) sent me a friend request. I have not accepted it.',
    }),
    [],
    options,
  );
}
