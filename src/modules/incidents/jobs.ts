/**
 * The clocks' jobs (INC-3): a reminder to an action's owner before it is due, and an alert when it is
 * overdue to the owner and the case's owner. Each runs once per action (dedupe keys) and does nothing
 * if the action is done by then; mail is queued in the same transaction as the mark that it was sent.
 */
import type { Config } from '../../config.ts';
import type { JobRunner } from '../../platform/jobs/jobs.ts';
import { transact } from '../../platform/db/transact.ts';
import { formatDateTime } from '../../platform/views/nunjucks.ts';
import { recordCaseEvent } from './chronology/events.ts';
import { queueCaseMail } from './report/service.ts';
import { ACTION_CLOCK_JOB } from './actions/open.ts';

export function registerCaseJobs(jobs: JobRunner, config: Config): void {
  jobs.register(ACTION_CLOCK_JOB, async (payload, { db, now }) => {
    const stage = payload.stage === 'overdue' ? 'overdue' : 'reminder';
    await transact(db, async (trx) => {
      const action = await trx
        .selectFrom('case_action')
        .selectAll()
        .where('id', '=', String(payload.actionId))
        .forUpdate()
        .executeTakeFirst();
      if (action?.status !== 'open') return;
      if (stage === 'reminder' && action.reminded_at) return;
      if (stage === 'overdue' && action.overdue_alerted_at) return;
      const c = await trx
        .selectFrom('concern_case')
        .selectAll()
        .where('id', '=', action.case_id)
        .executeTakeFirstOrThrow();
      if (c.status === 'closed') return;
      const to = new Set(
        [action.owner_id, ...(stage === 'overdue' ? [c.owner_id] : [])].filter((x): x is string => !!x),
      );
      const people = to.size
        ? await trx
            .selectFrom('person')
            .select(['id', 'email'])
            .where('id', 'in', [...to])
            .execute()
        : [];
      const due = formatDateTime(action.due_at);
      const link = `${config.baseUrl}/cases/${c.id}`;
      for (const p of people) {
        if (!p.email) continue;
        await queueCaseMail(
          trx,
          now,
          c,
          p.email,
          stage === 'reminder'
            ? {
                subject: `Due ${due}: an action on case ${c.reference}`,
                text: `An action on case ${c.reference} is due ${due}:\n\n${action.title}\n\n${link}`,
              }
            : {
                subject: `Overdue: an action on case ${c.reference}`,
                text: `An action on case ${c.reference} was due ${due} and is not done:\n\n${action.title}\n\n${link}`,
              },
        );
      }
      await trx
        .updateTable('case_action')
        .set(stage === 'reminder' ? { reminded_at: now } : { overdue_alerted_at: now })
        .where('id', '=', action.id)
        .execute();
      await recordCaseEvent(
        trx,
        now,
        c,
        { id: null, label: 'Postwarden' },
        stage === 'reminder' ? 'action.reminder' : 'action.overdue',
        { text: action.title, audit: false },
      );
    });
  });
}
