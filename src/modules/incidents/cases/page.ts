/** Everything a case's page shows (INC-2..9): its clocks first, then the concern, evidence, assessment, actions, outcomes and chronology. */
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { ukDate } from '../../../platform/clock.ts';
import { formatDateTime } from '../../../platform/views/nunjucks.ts';
import { EVENT_TEXT } from '../chronology/events.ts';
import { GROUP_LABELS, kindLabel, kindShort, type RouteGroup } from '../rules/kinds.ts';
import { clockState, timeLeftText } from '../rules/clocks.ts';
import { LEVEL_TEXT, SCALES, SCALE_NAMES } from '../rules/seriousness.ts';
import { maySeeCase } from '../rules/visibility.ts';
import { ACTION_TEXT, OUTCOME_TEXT, STATUS_TEXT, type ActionKind, type OutcomeKind } from '../model.ts';
import { groupHolders } from '../report/holders.ts';
import { casePageData, type CaseRow, type School } from './repo.ts';

/** What became of an email about the case, for those who may open it (a restricted case's email is in no outbox). */
const MAIL_STATUS: Readonly<Record<'queued' | 'sent' | 'outbox' | 'failed', string>> = {
  queued: 'Waiting to be sent',
  sent: 'Sent',
  outbox: 'Not sent: email is not set up here, so tell them yourself',
  failed: 'Could not be sent: tell them yourself',
};

export async function casePage(db: Kysely<Database>, c: CaseRow, mayAct: boolean, now: Date) {
  const { people, evidence, actions, outcomes, assessment, chronology, mail, reporter, owner } = await casePageData(
    db,
    c,
  );
  const open = actions.filter((a) => a.status === 'open');
  const clocks = open.map((a) => {
    const due = new Date(a.due_at);
    const state = clockState(due, now, false);
    return {
      id: a.id,
      title: a.title,
      due,
      state,
      left: timeLeftText(due, now),
      owner: a.owner_given ? `${a.owner_given} ${a.owner_family}` : 'Nobody yet',
      clockText: a.clock === 'calendar-hours' ? 'counted in hours, weekends included' : 'counted in working days',
      tag: state === 'overdue' ? 'govuk-tag--red' : state === 'due-soon' ? 'govuk-tag--orange' : 'govuk-tag--blue',
    };
  });
  return {
    pageTitle: `Case ${c.reference}`,
    c,
    mayAct,
    reporter,
    owner,
    kindText: kindLabel(c.kind),
    kindShort: kindShort(c.kind),
    statusText: STATUS_TEXT[c.status],
    routedText:
      c.routed_to === 'nobody'
        ? 'Nobody (every receiving role was vacant)'
        : `${GROUP_LABELS[c.routed_to as RouteGroup] ?? c.routed_to}${c.routed_fallback ? ' (fallback)' : ''}`,
    levelText: c.level ? LEVEL_TEXT[c.level] : null,
    clocks,
    people: people.map((p) => ({
      ...p,
      text:
        p.kind === 'outside'
          ? `${p.name} (outside the school)`
          : `${p.name} (${p.kind === 'pupil' ? 'pupil' : (p.job_title ?? 'staff')})${p.is_subject ? ': the concern is about them' : ''}`,
    })),
    evidence,
    assessment: assessment
      ? {
          ...assessment,
          rows: [
            { key: { text: 'Initial assessment' }, value: { text: assessment.summary } },
            ...SCALE_NAMES.map((n) => ({
              key: { text: SCALES[n].question },
              value: {
                text: `${SCALES[n].options[(assessment[n] as number) - 1]}${assessment[`${n}_note` as const] ? `. ${assessment[`${n}_note` as const]}` : ''}`,
              },
            })),
            {
              key: { text: 'May the material be unlawful?' },
              value: { text: assessment.may_be_unlawful ? 'Yes: the police are told without needing consent' : 'No' },
            },
          ],
        }
      : null,
    actions: actions.map((a) => ({
      ...a,
      kindText: ACTION_TEXT[a.kind as ActionKind] ?? a.kind,
      owner: a.owner_given ? `${a.owner_given} ${a.owner_family}` : 'Nobody yet',
    })),
    outcomes: outcomes.map((o) => ({ ...o, text: OUTCOME_TEXT[o.kind as OutcomeKind] ?? o.kind })),
    chronology: chronology.map((e) => ({ ...e, label: EVENT_TEXT[e.kind] ?? e.kind })),
    mail: mail.map((m) => ({ ...m, statusText: MAIL_STATUS[m.status], at: new Date(m.sent_at ?? m.created_at) })),
    isAllegation: c.kind === 'allegation-adult',
    breachDue: c.breach_aware_at ? new Date(new Date(c.breach_aware_at).getTime() + 72 * 3_600_000) : null,
    openActionCount: open.length,
    today: ukDate(now),
    formatDateTime,
  };
}

/** Who may be given an action on a case: people who may see it and act (never the person it is about). */
export async function actionOwners(
  db: Kysely<Database>,
  school: School,
  c: CaseRow,
  now: Date,
): Promise<{ id: string; name: string }[]> {
  const [holders, subjects] = await Promise.all([
    groupHolders(db, school, ukDate(now)),
    db
      .selectFrom('case_person')
      .select('person_id')
      .where('case_id', '=', c.id)
      .where('is_subject', '=', true)
      .execute(),
  ]);
  const subjectIds = subjects.map((s) => s.person_id!).filter(Boolean);
  const candidates = new Map<
    string,
    { id: string; name: string; v: { dslTeam: boolean; head: boolean; chair: boolean; seesSchoolCases: boolean } }
  >();
  const add = (group: RouteGroup, flag: 'dslTeam' | 'head' | 'chair' | 'seesSchoolCases') => {
    for (const h of holders[group]) {
      const entry = candidates.get(h.id) ?? {
        id: h.id,
        name: h.name,
        v: { dslTeam: false, head: false, chair: false, seesSchoolCases: false },
      };
      entry.v[flag] = true;
      if (group !== 'chair') entry.v.seesSchoolCases = true;
      candidates.set(h.id, entry);
    }
  };
  add('dsl-team', 'dslTeam');
  add('head', 'head');
  add('slt', 'seesSchoolCases');
  add('chair', 'chair');
  const facts = {
    restricted: c.restricted,
    aboutHead: c.about_head,
    reporterId: c.reporter_id,
    ownerId: c.owner_id,
    actionOwnerIds: [],
    subjectIds,
  };
  return [...candidates.values()]
    .filter(
      (p) => maySeeCase(facts, { id: p.id, ...p.v }) && (c.restricted || p.v.seesSchoolCases || p.id === c.owner_id),
    )
    .map(({ id, name }) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
