import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../../app.ts';
import { ukDate } from '../../../platform/clock.ts';
import { NotFoundError, ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { actorOf, formFields, requireCtx, tenantOf } from '../../../platform/http/forms.ts';
import { addHomeTasks } from '../../../platform/http/home-tasks.ts';
import type { RequestContext } from '../../../platform/http/types.ts';
import { employmentTypeLabel } from '../../directory/people.ts';
import { PLATFORMS, STATUSES, platformName } from '../model.ts';
import { currentOperators, findAccount, type AccountRow } from '../repo.ts';
import { applicationsOf, awaitingDecisionBy, choosablePeople, type ApplicationListRow } from './repo.ts';
import { applicationPolicy, decide, describeApplication, startApplication, updateApplication, type ApplicationForm, type Mode } from './service.ts';
import { mayEditApplication, mayOpenApplication } from './rules/access.ts';
import { VISIBILITIES } from './rules/business-case.ts';
import { stepRefusal, type Step } from './rules/decision.ts';
import { MAX_OPERATORS, slotId } from './rules/operators.ts';
import { applicationTasks } from './tasks.ts';

/** Signed in through the web, so the person is the actor. */
function personActor(ctx: RequestContext) {
  return { ...actorOf(ctx), id: ctx.person.id };
}

function readForm(request: FastifyRequest): { form: ApplicationForm; mode: Mode } {
  const f = formFields(request);
  const numbers = Object.keys(f).map((k) => /^operator-(\d{1,2})$/.exec(k)?.[1]).filter((n): n is string => n !== undefined).map(Number).filter((n) => n >= 1);
  const last = numbers.length ? Math.max(...numbers) : 0;
  const operators = Array.from({ length: last }, (_, i) => (f[slotId(i + 1)] ?? '').trim());
  return {
    form: { name: f.name ?? '', platform: f.platform ?? '', aim: f.aim ?? '', audience: f.audience ?? '', promotion: f.promotion ?? '', visibility: f.visibility ?? '', operators, lead: f.lead ?? '' },
    mode: f.action === 'send' ? 'send' : 'draft',
  };
}

function formOf(account: AccountRow, operators: { person_id: string; is_lead: boolean }[]): ApplicationForm {
  const lead = operators.findIndex((o) => o.is_lead);
  return {
    name: account.name, platform: account.platform, aim: account.aim, audience: account.audience, promotion: account.promotion, visibility: account.visibility,
    operators: operators.map((o) => o.person_id), lead: lead >= 0 ? String(lead + 1) : '',
  };
}

function listRows(rows: ApplicationListRow[]) {
  return rows.map((r) => ({ ...r, platformText: platformName(r.platform), statusText: STATUSES[r.status].text, statusTag: STATUSES[r.status].tag }));
}

const STEP_PAGES: Record<Step, { path: string; template: string }> = {
  slt: { path: 'decision', template: 'accounts/applications/views/decision.njk' },
  head: { path: 'head-approval', template: 'accounts/applications/views/decision.njk' },
};

/** Routes for official accounts: applications and decisions (ACC-1, ACC-2, ACC-3, ACC-7). */
export function registerApplicationsRoutes(app: FastifyInstance, { db, clock, render, config }: ModuleContext): void {
  addHomeTasks(applicationTasks);

  /** The application form, new or a draft being finished, with the school's people in each operator list. */
  async function formPage(request: FastifyRequest, values: ApplicationForm, options: { account?: AccountRow; errors?: FieldError[] } = {}) {
    const ctx = requireCtx(request);
    const school = tenantOf(ctx);
    const now = clock.now();
    const [policy, people] = await Promise.all([applicationPolicy(db, school, now), choosablePeople(db, school.schoolId, ukDate(now))]);
    const names = new Map(people.map((p) => [p.id, `${p.given_name} ${p.family_name}`]));
    const filled = values.operators.reduce((last, v, i) => (v ? i + 1 : last), 0);
    const count = Math.min(MAX_OPERATORS, Math.max(policy.settings.minimumOperators, filled + 1, 2));
    const slots = Array.from({ length: count }, (_, i) => i + 1);
    const personItems = (chosen: string | undefined) => [
      { value: '', text: 'Select a person' },
      ...people.map((p) => {
        const about = p.job_title ?? (['full-time', 'part-time', 'fixed-term'].includes(p.employment_type) ? null : employmentTypeLabel(p.employment_type));
        return { value: p.id, text: `${p.given_name} ${p.family_name}${about ? ` (${about})` : ''}`, selected: p.id === chosen };
      }),
    ];
    return {
      pageTitle: options.account ? `Your application: ${options.account.name}` : 'Apply for an official account',
      account: options.account,
      action: options.account ? `/accounts/${options.account.id}/application` : '/accounts/apply',
      values,
      notPermitted: policy.notPermitted,
      minimumOperators: policy.settings.minimumOperators,
      operatorsCitation: policy.operatorsCitation,
      platformItems: [{ value: '', text: 'Select a platform' }, ...PLATFORMS.map((p) => ({ value: p.value, text: p.text, selected: p.value === values.platform }))],
      visibilityItems: VISIBILITIES.map((v) => ({ value: v.value, text: v.text, hint: { text: v.hint }, checked: v.value === values.visibility })),
      operatorSelects: slots.map((slot) => ({ id: slotId(slot), label: `Operator ${slot}`, items: personItems(values.operators[slot - 1]) })),
      leadItems: slots.map((slot) => {
        const name = names.get(values.operators[slot - 1] ?? '');
        return { value: String(slot), text: `Operator ${slot}`, ...(name ? { hint: { text: name } } : {}), checked: values.lead === String(slot) };
      }),
      ...(options.errors ? { errors: options.errors } : {}),
    };
  }

  app.get('/accounts/apply', { config: { access: 'accounts.apply' } }, async (request, reply) => {
    const page = await formPage(request, { name: '', platform: '', aim: '', audience: '', promotion: '', visibility: '', operators: [], lead: '' });
    return render(request, reply, page.notPermitted ? 'accounts/applications/views/not-permitted.njk' : 'accounts/applications/views/form.njk', page);
  });

  app.post('/accounts/apply', { config: { access: 'accounts.apply' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const school = tenantOf(ctx);
    const { form, mode } = readForm(request);
    try {
      const id = await startApplication(db, clock.now(), { ...school, schoolName: ctx.school!.name }, personActor(ctx), form, mode);
      request.session.flash = mode === 'send'
        ? 'Your application has been sent to the senior leadership team for a decision.'
        : 'Your application has been saved as a draft. You can finish it and send it for a decision later.';
      return reply.redirect(`/accounts/${id}/application`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const page = await formPage(request, form, { errors: error.errors });
      return render(request, reply, page.notPermitted ? 'accounts/applications/views/not-permitted.njk' : 'accounts/applications/views/form.njk', page, 400);
    }
  });

  /** The account, if the viewer's school has it and they may open its application; otherwise not found. */
  async function applicationOr404(request: FastifyRequest) {
    const ctx = requireCtx(request);
    const { id } = request.params as { id: string };
    const account = await findAccount(db, ctx, id);
    if (!account) throw new NotFoundError();
    const operators = await currentOperators(db, account.id);
    if (!mayOpenApplication({ viewerId: ctx.person.id, permissions: ctx.permissions, applicantId: account.applicant_id, operatorIds: operators.map((o) => o.person_id) })) throw new NotFoundError();
    return { ctx, account, operators };
  }

  async function showPage(ctx: RequestContext, account: AccountRow, errors?: FieldError[]) {
    const described = await describeApplication(db, account, clock.now());
    const operatorIdList = described.operators.map((o) => o.personId);
    const canStep = (step: Step, permission: 'accounts.decide' | 'accounts.approve') => ctx.permissions.has(permission)
      && !stepRefusal({ step, status: account.status, viewerId: ctx.person.id, applicantId: account.applicant_id, operatorIds: operatorIdList, headTitle: described.headTitle });
    const rejection = described.timeline.find((e) => e.kind === 'application.rejected' || e.kind === 'application.head-rejected');
    return {
      pageTitle: account.name,
      account,
      ...described,
      status: STATUSES[account.status],
      platformText: platformName(account.platform),
      visibilityText: VISIBILITIES.find((v) => v.value === account.visibility)?.text ?? account.visibility,
      isApplicant: account.applicant_id === ctx.person.id,
      rejection: account.status === 'rejected' ? rejection : undefined,
      decideHref: canStep('slt', 'accounts.decide') ? `/accounts/${account.id}/decision` : undefined,
      approveHref: canStep('head', 'accounts.approve') ? `/accounts/${account.id}/head-approval` : undefined,
      ...(errors ? { errors } : {}),
    };
  }

  app.get('/accounts/:id/application', { config: { access: 'accounts.apply' } }, async (request, reply) => {
    const { ctx, account, operators } = await applicationOr404(request);
    if (mayEditApplication({ viewerId: ctx.person.id, applicantId: account.applicant_id, status: account.status })) {
      return render(request, reply, 'accounts/applications/views/form.njk', await formPage(request, formOf(account, operators), { account }));
    }
    return render(request, reply, 'accounts/applications/views/show.njk', await showPage(ctx, account));
  });

  app.post('/accounts/:id/application', { config: { access: 'accounts.apply' } }, async (request, reply) => {
    const { ctx, account } = await applicationOr404(request);
    if (account.applicant_id !== ctx.person.id) throw new NotFoundError();
    const sent = [{ href: '#status', text: 'This application has been sent for a decision, so it can no longer be changed' }];
    if (account.status !== 'draft') return render(request, reply, 'accounts/applications/views/show.njk', await showPage(ctx, account, sent), 400);
    const { form, mode } = readForm(request);
    try {
      const result = await updateApplication(db, clock.now(), { ...tenantOf(ctx), schoolName: ctx.school!.name }, personActor(ctx), account.id, form, mode);
      if (result === 'not-found') throw new NotFoundError();
      if (result === 'not-draft') return render(request, reply, 'accounts/applications/views/show.njk', await showPage(ctx, account, sent), 400);
      request.session.flash = result === 'sent' ? 'Your application has been sent to the senior leadership team for a decision.' : 'Your draft application has been saved.';
      return reply.redirect(`/accounts/${account.id}/application`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(request, reply, 'accounts/applications/views/form.njk', await formPage(request, form, { account, errors: error.errors }), 400);
    }
  });

  app.get('/accounts/applications', { config: { access: 'accounts.apply' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const school = tenantOf(ctx);
    const me = ctx.person.id;
    const [toDecide, toApprove, mine, policy] = await Promise.all([
      ctx.permissions.has('accounts.decide') ? awaitingDecisionBy(db, school.schoolId, 'proposed', me, true) : Promise.resolve(undefined),
      ctx.permissions.has('accounts.approve') ? awaitingDecisionBy(db, school.schoolId, 'endorsed', me, false) : Promise.resolve(undefined),
      applicationsOf(db, school.schoolId, me),
      applicationPolicy(db, school, clock.now()),
    ]);
    return render(request, reply, 'accounts/applications/views/list.njk', {
      pageTitle: 'Applications',
      toDecide: toDecide && listRows(toDecide),
      toApprove: toApprove && listRows(toApprove),
      mine: listRows(mine),
      headTitle: policy.settings.headTitle,
      notPermitted: policy.notPermitted,
    });
  });

  async function decisionPage(ctx: RequestContext, account: AccountRow, step: Step, values: { decision: string; reason: string }, errors?: FieldError[]) {
    const described = await describeApplication(db, account, clock.now());
    const refusal = stepRefusal({ step, status: account.status, viewerId: ctx.person.id, applicantId: account.applicant_id, operatorIds: described.operators.map((o) => o.personId), headTitle: described.headTitle });
    const heading = step === 'slt' ? 'Decide this application' : `${described.headTitle}’s approval`;
    return {
      pageTitle: `${heading}: ${account.name}`,
      heading,
      step,
      action: `/accounts/${account.id}/${STEP_PAGES[step].path}`,
      account,
      ...described,
      status: STATUSES[account.status],
      platformText: platformName(account.platform),
      visibilityText: VISIBILITIES.find((v) => v.value === account.visibility)?.text ?? account.visibility,
      refusal,
      values,
      decisionItems: [
        { value: 'approve', text: step === 'slt' ? 'Approve, and send it to the ' + described.headTitle : 'Approve: the account administrator can set it up', checked: values.decision === 'approve' },
        { value: 'reject', text: 'Reject', checked: values.decision === 'reject' },
      ],
      ...(errors ? { errors } : {}),
    };
  }

  for (const step of ['slt', 'head'] as const) {
    const access = step === 'slt' ? 'accounts.decide' : 'accounts.approve';
    const url = `/accounts/:id/${STEP_PAGES[step].path}`;

    app.get(url, { config: { access } }, async (request, reply) => {
      const ctx = requireCtx(request);
      const account = await findAccount(db, ctx, (request.params as { id: string }).id);
      if (!account) throw new NotFoundError();
      // When it is not at this step, or not theirs to decide, the page says why and offers no form.
      return render(request, reply, STEP_PAGES[step].template, await decisionPage(ctx, account, step, { decision: '', reason: '' }));
    });

    app.post(url, { config: { access } }, async (request, reply) => {
      const ctx = requireCtx(request);
      const account = await findAccount(db, ctx, (request.params as { id: string }).id);
      if (!account) throw new NotFoundError();
      const f = formFields(request);
      const values = { decision: f.decision ?? '', reason: f.reason ?? '' };
      try {
        const result = await decide(db, clock.now(), tenantOf(ctx), personActor(ctx), account.id, step, values, config.baseUrl);
        if (result === 'not-found') throw new NotFoundError();
        request.session.flash = result.outcome === 'reject'
          ? `You rejected the application for ‘${account.name}’. ${result.applicantName} will see your reason.`
          : step === 'slt'
            ? `You approved the application for ‘${account.name}’. It now needs the ${result.headTitle}’s approval.`
            : `You approved the application for ‘${account.name}’. The account administrator can now set it up.`;
        return reply.redirect(`/accounts/${account.id}/application`);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return render(request, reply, STEP_PAGES[step].template, await decisionPage(ctx, account, step, values, error.errors), 400);
      }
    });
  }
}
