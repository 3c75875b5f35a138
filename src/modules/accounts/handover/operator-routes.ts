import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import { ukDate } from '../../../platform/clock.ts';
import { ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { actorOf, formFields, isUuid, requireCtx, tenantOf } from '../../../platform/http/forms.ts';
import { clauseCitation, settingsFor } from '../../policies/index.ts';
import { currentOperators, type AccountRow, type OperatorRow } from '../repo.ts';
import { accountOr404, heading, renderNotLive } from './load.ts';
import { openHandoversOf, pastOperators, peopleOfSchool } from './repo.ts';
import { addOperator, nameOf, removeOperator, transferLead, type AddForm, type RemoveForm } from './service.ts';
import { hasLeft } from './rules/handovers.ts';
import { isLive } from './rules/live.ts';
import { REMOVE_REASON_MAX } from './rules/operators.ts';

interface OperatorsValues {
  personId?: string;
  lead?: boolean;
  operator?: string;
}

/** Who runs an account: add someone the policy allows, take someone off with a reason, change the lead (ACC-3, ACC-5). */
export function registerOperatorRoutes(app: FastifyInstance, { db, clock, render }: ModuleContext): void {
  const actor = (request: FastifyRequest) => {
    const ctx = requireCtx(request);
    return { ...actorOf(ctx), id: ctx.person.id };
  };

  async function operatorsPage(
    request: FastifyRequest,
    account: AccountRow,
    values: OperatorsValues = {},
    errors?: FieldError[],
  ) {
    const school = tenantOf(requireCtx(request));
    const now = clock.now();
    const today = ukDate(now);
    const [settings, citation, operators, past, people, open] = await Promise.all([
      settingsFor(db, school, now),
      clauseCitation(db, school, 'accounts.operators', now),
      currentOperators(db, account.id),
      pastOperators(db, account.id),
      peopleOfSchool(db, school.trustId, school.schoolId, today),
      openHandoversOf(db, account.id),
    ]);
    const running = new Set(operators.map((o) => o.person_id));
    return {
      pageTitle: `Who runs ${account.name}`,
      ...heading(account),
      minimumOperators: settings.minimumOperators,
      citation,
      operators: operators.map((o) => ({
        id: o.id,
        name: nameOf(o),
        isLead: o.is_lead,
        addedAt: o.added_at,
        jobTitle: o.job_title,
        leaving: o.leaving_date && !hasLeft(o.leaving_date, today) ? o.leaving_date : null,
      })),
      past: past.map((o) => ({
        name: nameOf(o),
        addedAt: o.added_at,
        removedAt: o.removed_at,
        reason: o.removed_reason,
      })),
      personItems: [
        { value: '', text: 'Select a person' },
        ...people
          .filter((p) => !running.has(p.id))
          .map((p) => ({
            value: p.id,
            text: `${nameOf(p)}${p.job_title ? ` (${p.job_title})` : ''}`,
            selected: p.id === values.personId,
          })),
      ],
      leadItems: operators
        .filter((o) => !o.is_lead)
        .map((o) => ({ value: o.id, text: nameOf(o), checked: o.id === values.operator })),
      hasLead: operators.some((o) => o.is_lead),
      openHandovers: open.length,
      values,
      ...(errors ? { errors } : {}),
    };
  }

  async function removePage(
    account: AccountRow,
    operator: OperatorRow,
    operators: OperatorRow[],
    values: Partial<RemoveForm> = {},
    errors?: FieldError[],
    minimumOperators?: number,
  ) {
    const others = operators.filter((o) => o.id !== operator.id);
    return {
      pageTitle: `Take ${nameOf(operator)} off ${account.name}`,
      ...heading(account),
      operator: { id: operator.id, name: nameOf(operator), isLead: operator.is_lead },
      leftAfter: others.length,
      minimumOperators,
      newLeadItems: [
        { value: '', text: 'Nobody for now (a handover opens until someone is)' },
        ...others.map((o) => ({ value: o.id, text: nameOf(o), selected: o.id === values.newLead })),
      ],
      hasOthers: others.length > 0,
      reasonMax: REMOVE_REASON_MAX,
      values,
      ...(errors ? { errors } : {}),
    };
  }

  /** Loads a live account, or answers with the not-live page. */
  async function liveAccount(
    request: FastifyRequest,
    reply: FastifyReply,
    sent: boolean,
  ): Promise<AccountRow | undefined> {
    const account = await accountOr404(db, request);
    if (isLive(account.status)) return account;
    await renderNotLive(render, request, reply, account, 'operators', sent);
    return undefined;
  }

  app.get('/accounts/:id/operators', { config: { access: 'accounts.manage' } }, async (request, reply) => {
    const account = await liveAccount(request, reply, false);
    if (!account) return reply;
    return render(request, reply, 'accounts/handover/views/operators.njk', await operatorsPage(request, account));
  });

  app.post('/accounts/:id/operators/add', { config: { access: 'accounts.manage' } }, async (request, reply) => {
    const account = await liveAccount(request, reply, true);
    if (!account) return reply;
    const f = formFields(request);
    const form: AddForm = { personId: f.personId ?? '', lead: f.lead === 'yes' };
    try {
      const name = await addOperator(db, clock.now(), tenantOf(requireCtx(request)), actor(request), account, form);
      request.session.flash = `${name} now runs ‘${account.name}’${form.lead ? ' as its lead operator' : ''}.`;
      return reply.redirect(`/accounts/${account.id}/operators`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(
        request,
        reply,
        'accounts/handover/views/operators.njk',
        await operatorsPage(request, account, form, error.errors),
        400,
      );
    }
  });

  app.post('/accounts/:id/operators/lead', { config: { access: 'accounts.manage' } }, async (request, reply) => {
    const account = await liveAccount(request, reply, true);
    if (!account) return reply;
    const operator = formFields(request).operator ?? '';
    try {
      const name = await transferLead(db, clock.now(), actor(request), account, operator);
      request.session.flash = `${name} is now the lead operator of ‘${account.name}’.`;
      return reply.redirect(`/accounts/${account.id}/operators`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(
        request,
        reply,
        'accounts/handover/views/operators.njk',
        await operatorsPage(request, account, { operator }, error.errors),
        400,
      );
    }
  });

  app.get('/accounts/:id/operators/remove', { config: { access: 'accounts.manage' } }, async (request, reply) => {
    const account = await liveAccount(request, reply, false);
    if (!account) return reply;
    const chosen = String((request.query as Record<string, unknown>).operator ?? '');
    const operators = await currentOperators(db, account.id);
    const operator = isUuid(chosen) ? operators.find((o) => o.id === chosen) : undefined;
    if (!operator) return reply.redirect(`/accounts/${account.id}/operators`);
    const { minimumOperators } = await settingsFor(db, tenantOf(requireCtx(request)), clock.now());
    return render(
      request,
      reply,
      'accounts/handover/views/remove.njk',
      await removePage(account, operator, operators, {}, undefined, minimumOperators),
    );
  });

  app.post('/accounts/:id/operators/remove', { config: { access: 'accounts.manage' } }, async (request, reply) => {
    const account = await liveAccount(request, reply, true);
    if (!account) return reply;
    const f = formFields(request);
    const form: RemoveForm = { operatorId: f.operator ?? '', reason: f.reason ?? '', newLead: f.newLead ?? '' };
    const school = tenantOf(requireCtx(request));
    try {
      const { name, opened } = await removeOperator(db, clock.now(), school, actor(request), account, form);
      request.session.flash = `${name} no longer runs ‘${account.name}’${opened.length ? ', so a handover is open' : ''}.`;
      return reply.redirect(`/accounts/${account.id}/${opened.length ? 'handover' : 'operators'}`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const operators = await currentOperators(db, account.id);
      const operator = operators.find((o) => o.id === form.operatorId);
      if (!operator)
        return render(
          request,
          reply,
          'accounts/handover/views/operators.njk',
          await operatorsPage(request, account, {}, error.errors),
          400,
        );
      const { minimumOperators } = await settingsFor(db, school, clock.now());
      return render(
        request,
        reply,
        'accounts/handover/views/remove.njk',
        await removePage(account, operator, operators, form, error.errors, minimumOperators),
        400,
      );
    }
  });
}
