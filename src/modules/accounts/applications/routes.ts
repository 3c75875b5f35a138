import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import { ukDate } from '../../../platform/clock.ts';
import { NotFoundError, ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { actorOf, formFields, requireCtx, tenantOf } from '../../../platform/http/forms.ts';
import { addHomeTasks } from '../../../platform/http/home-tasks.ts';
import type { RequestContext } from '../../../platform/http/types.ts';
import { employmentTypeLabel } from '../../directory/people.ts';
import { PLATFORMS, STATUSES, platformName } from '../model.ts';
import { currentOperators, findAccount, type AccountRow } from '../repo.ts';
import { applicationsOf, choosablePeople, type ApplicationListRow } from './repo.ts';
import {
  applicationPolicy,
  decide,
  describeApplication,
  draftProblems,
  formOf,
  sendApplication,
  startApplication,
  updateApplication,
  type ApplicationForm,
} from './service.ts';
import { decisionQueue, type BlockedRow } from './queue.ts';
import { mayEditApplication, mayOpenApplication } from './rules/access.ts';
import { VISIBILITIES } from './rules/business-case.ts';
import { approvesBothSteps, stepRefusal, type Step } from './rules/decision.ts';
import { MAX_OPERATORS, slotCount, slotId, slotLabel } from './rules/operators.ts';
import { applicationTasks } from './tasks.ts';

/** Signed in through the web, so the person is the actor. */
function personActor(ctx: RequestContext) {
  return { ...actorOf(ctx), id: ctx.person.id };
}

type FormAction = 'draft' | 'check' | 'add-operator';

/** The form as sent: the business case, one field per operator list, what was pressed, and how many lists were shown. */
function readForm(request: FastifyRequest): { form: ApplicationForm; action: FormAction; shownSlots: number } {
  const f = formFields(request);
  const numbers = Object.keys(f)
    .map((k) => /^operator-(\d{1,2})$/.exec(k)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .filter((n) => n >= 1);
  const last = numbers.length ? Math.max(...numbers) : 0;
  const operators = Array.from({ length: last }, (_, i) => (f[slotId(i + 1)] ?? '').trim());
  const action: FormAction =
    f.action === 'add-operator' ? 'add-operator' : f.action === 'check' || f.action === 'send' ? 'check' : 'draft';
  return {
    form: {
      name: f.name ?? '',
      platform: f.platform ?? '',
      aim: f.aim ?? '',
      audience: f.audience ?? '',
      promotion: f.promotion ?? '',
      visibility: f.visibility ?? '',
      operators,
    },
    action,
    shownSlots: Number.parseInt(f.operatorSlots ?? '', 10),
  };
}

function listRows<T extends ApplicationListRow>(rows: T[]) {
  return rows.map((r) => ({
    ...r,
    platformText: platformName(r.platform),
    statusText: STATUSES[r.status].text,
    statusTag: STATUSES[r.status].tag,
  }));
}

const EMPTY_FORM: ApplicationForm = {
  name: '',
  platform: '',
  aim: '',
  audience: '',
  promotion: '',
  visibility: '',
  operators: [],
};

const STEP_PAGES: Record<Step, { path: string; template: string }> = {
  slt: { path: 'decision', template: 'accounts/applications/views/decision.njk' },
  head: { path: 'head-approval', template: 'accounts/applications/views/decision.njk' },
};

/** Routes for official accounts: applications and decisions (ACC-1, ACC-2, ACC-3, ACC-7). */
export function registerApplicationsRoutes(app: FastifyInstance, { db, clock, render, config }: ModuleContext): void {
  addHomeTasks(applicationTasks);
  const FORM = 'accounts/applications/views/form.njk';

  /**
   * The application form, new or a draft being finished, with the school's people in each operator
   * list. `requestedSlots` is how many operator lists to show at least (the add-another button asks
   * for one more); `focusSlot` is the list just added, which takes the focus.
   */
  async function formPage(
    request: FastifyRequest,
    values: ApplicationForm,
    options: { account?: AccountRow; errors?: FieldError[]; requestedSlots?: number; focusSlot?: number } = {},
  ) {
    const ctx = requireCtx(request);
    const school = tenantOf(ctx);
    const now = clock.now();
    const [policy, people] = await Promise.all([
      applicationPolicy(db, school, now),
      choosablePeople(db, school.schoolId, ukDate(now)),
    ]);
    const count = slotCount({
      minimum: policy.settings.minimumOperators,
      filled: values.operators,
      requested: options.requestedSlots ?? 0,
    });
    const personItems = (chosen: string | undefined) => [
      { value: '', text: 'Select a person' },
      ...people.map((p) => {
        const about =
          p.job_title ??
          (['full-time', 'part-time', 'fixed-term'].includes(p.employment_type)
            ? null
            : employmentTypeLabel(p.employment_type));
        return {
          value: p.id,
          text: `${p.given_name} ${p.family_name}${about ? ` (${about})` : ''}`,
          selected: p.id === chosen,
        };
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
      platformItems: [
        { value: '', text: 'Select a platform' },
        ...PLATFORMS.map((p) => ({ value: p.value, text: p.text, selected: p.value === values.platform })),
      ],
      visibilityItems: VISIBILITIES.map((v) => ({
        value: v.value,
        text: v.text,
        hint: { text: v.hint },
        checked: v.value === values.visibility,
      })),
      operatorSelects: Array.from({ length: count }, (_, i) => i + 1).map((slot) => ({
        id: slotId(slot),
        label: slotLabel(slot),
        items: personItems(values.operators[slot - 1]),
        hint: slot === 1 ? 'The lead answers for the account day to day.' : undefined,
        focus: slot === options.focusSlot,
      })),
      operatorSlots: count,
      canAddOperator: count < MAX_OPERATORS,
      ...(options.errors ? { errors: options.errors } : {}),
    };
  }

  /** "Add another operator": the same form again with one more list, nothing saved. */
  async function withAnotherOperator(
    request: FastifyRequest,
    reply: FastifyReply,
    form: ApplicationForm,
    shownSlots: number,
    account?: AccountRow,
  ) {
    const ctx = requireCtx(request);
    const { settings } = await applicationPolicy(db, tenantOf(ctx), clock.now());
    const shown = slotCount({ minimum: settings.minimumOperators, filled: form.operators, requested: shownSlots });
    const requested = Math.min(MAX_OPERATORS, shown + 1);
    return render(
      request,
      reply,
      FORM,
      await formPage(request, form, {
        ...(account ? { account } : {}),
        requestedSlots: requested,
        focusSlot: requested,
      }),
    );
  }

  app.get('/accounts/apply', { config: { access: 'accounts.apply' } }, async (request, reply) => {
    const page = await formPage(request, EMPTY_FORM);
    return render(request, reply, page.notPermitted ? 'accounts/applications/views/not-permitted.njk' : FORM, page);
  });

  app.post('/accounts/apply', { config: { access: 'accounts.apply' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const school = tenantOf(ctx);
    const { form, action, shownSlots } = readForm(request);
    if (action === 'add-operator') return withAnotherOperator(request, reply, form, shownSlots);
    try {
      const id = await startApplication(
        db,
        clock.now(),
        { ...school, schoolName: ctx.school!.name },
        personActor(ctx),
        form,
        action,
      );
      if (action === 'check') return reply.redirect(`/accounts/${id}/check`);
      request.session.flash =
        'Your application has been saved as a draft. You can finish it and send it for a decision later.';
      return reply.redirect(`/accounts/${id}/application`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const page = await formPage(request, form, { errors: error.errors, requestedSlots: shownSlots });
      return render(
        request,
        reply,
        page.notPermitted ? 'accounts/applications/views/not-permitted.njk' : FORM,
        page,
        400,
      );
    }
  });

  /** The account, if the viewer's school has it and they may open its application; otherwise not found. */
  async function applicationOr404(request: FastifyRequest) {
    const ctx = requireCtx(request);
    const { id } = request.params as { id: string };
    const account = await findAccount(db, ctx, id);
    if (!account) throw new NotFoundError();
    const operators = await currentOperators(db, account.id);
    if (
      !mayOpenApplication({
        viewerId: ctx.person.id,
        permissions: ctx.permissions,
        applicantId: account.applicant_id,
        operatorIds: operators.map((o) => o.person_id),
      })
    )
      throw new NotFoundError();
    return { ctx, account, operators };
  }

  /** The applicant's own application; anyone else, even someone who may read it, is told it is not found. */
  async function ownApplicationOr404(request: FastifyRequest) {
    const found = await applicationOr404(request);
    if (found.account.applicant_id !== found.ctx.person.id) throw new NotFoundError();
    return found;
  }

  const caseFacts = (account: AccountRow) => ({
    platformText: platformName(account.platform),
    visibilityText: VISIBILITIES.find((v) => v.value === account.visibility)?.text ?? account.visibility,
  });

  async function showPage(ctx: RequestContext, account: AccountRow, errors?: FieldError[]) {
    const described = await describeApplication(db, account, clock.now());
    const operatorIdList = described.operators.map((o) => o.personId);
    const canStep = (step: Step, permission: 'accounts.decide' | 'accounts.approve') =>
      ctx.permissions.has(permission) &&
      !stepRefusal({
        step,
        status: account.status,
        viewerId: ctx.person.id,
        applicantId: account.applicant_id,
        operatorIds: operatorIdList,
        headTitle: described.headTitle,
      });
    const rejection = described.timeline.find(
      (e) => e.kind === 'application.rejected' || e.kind === 'application.head-rejected',
    );
    return {
      pageTitle: account.name,
      account,
      ...described,
      ...caseFacts(account),
      status: STATUSES[account.status],
      isApplicant: account.applicant_id === ctx.person.id,
      rejection: account.status === 'rejected' ? rejection : undefined,
      decideHref: canStep('slt', 'accounts.decide') ? `/accounts/${account.id}/decision` : undefined,
      approveHref: canStep('head', 'accounts.approve') ? `/accounts/${account.id}/head-approval` : undefined,
      ...(errors ? { errors } : {}),
    };
  }

  const SENT = [
    { href: '#status', text: 'This application has been sent for a decision, so it can no longer be changed' },
  ];

  app.get('/accounts/:id/application', { config: { access: 'accounts.apply' } }, async (request, reply) => {
    const { ctx, account, operators } = await applicationOr404(request);
    if (mayEditApplication({ viewerId: ctx.person.id, applicantId: account.applicant_id, status: account.status })) {
      return render(request, reply, FORM, await formPage(request, formOf(account, operators), { account }));
    }
    return render(request, reply, 'accounts/applications/views/show.njk', await showPage(ctx, account));
  });

  app.post('/accounts/:id/application', { config: { access: 'accounts.apply' } }, async (request, reply) => {
    const { ctx, account } = await ownApplicationOr404(request);
    if (account.status !== 'draft')
      return render(request, reply, 'accounts/applications/views/show.njk', await showPage(ctx, account, SENT), 400);
    const { form, action, shownSlots } = readForm(request);
    if (action === 'add-operator') return withAnotherOperator(request, reply, form, shownSlots, account);
    try {
      const result = await updateApplication(
        db,
        clock.now(),
        { ...tenantOf(ctx), schoolName: ctx.school!.name },
        personActor(ctx),
        account.id,
        form,
        action,
      );
      if (result === 'not-found') throw new NotFoundError();
      if (result === 'not-draft')
        return render(request, reply, 'accounts/applications/views/show.njk', await showPage(ctx, account, SENT), 400);
      if (action === 'check') return reply.redirect(`/accounts/${account.id}/check`);
      request.session.flash = 'Your draft application has been saved.';
      return reply.redirect(`/accounts/${account.id}/application`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(
        request,
        reply,
        FORM,
        await formPage(request, form, { account, errors: error.errors, requestedSlots: shownSlots }),
        400,
      );
    }
  });

  /** Check your answers, then send: the applicant's complete draft as the deciders will read it. */
  async function checkPage(_ctx: RequestContext, account: AccountRow, errors?: FieldError[]) {
    const described = await describeApplication(db, account, clock.now());
    return {
      pageTitle: `Check your answers before sending your application: ${account.name}`,
      account,
      ...described,
      ...caseFacts(account),
      changeHref: `/accounts/${account.id}/application`,
      ...(errors ? { errors } : {}),
    };
  }

  app.get('/accounts/:id/check', { config: { access: 'accounts.apply' } }, async (request, reply) => {
    // Checking answers is the applicant's step; anyone else who may read the application is shown it instead.
    const { ctx, account, operators } = await applicationOr404(request);
    if (account.status !== 'draft' || account.applicant_id !== ctx.person.id)
      return reply.redirect(`/accounts/${account.id}/application`);
    // A draft that is not complete (opened here from a link, say) goes back to the form, saying what is missing.
    const problems = await draftProblems(db, clock.now(), { ...tenantOf(ctx), schoolName: ctx.school!.name }, account);
    if (problems.length)
      return render(
        request,
        reply,
        FORM,
        await formPage(request, formOf(account, operators), { account, errors: problems }),
      );
    return render(request, reply, 'accounts/applications/views/check.njk', await checkPage(ctx, account));
  });

  app.post('/accounts/:id/send', { config: { access: 'accounts.apply' } }, async (request, reply) => {
    const { ctx, account, operators } = await ownApplicationOr404(request);
    if (account.status !== 'draft')
      return render(request, reply, 'accounts/applications/views/show.njk', await showPage(ctx, account, SENT), 400);
    try {
      const sent = await sendApplication(
        db,
        clock.now(),
        { ...tenantOf(ctx), schoolName: ctx.school!.name },
        personActor(ctx),
        account.id,
        config.baseUrl,
      );
      if (sent.result !== 'sent') {
        if (sent.result === 'not-found') throw new NotFoundError();
        return render(request, reply, 'accounts/applications/views/show.njk', await showPage(ctx, account, SENT), 400);
      }
      request.session.flash =
        sent.told > 0
          ? `Your application has been sent to the senior leadership team for a decision. ${sent.told === 1 ? 'The 1 person' : `The ${sent.told} people`} who can decide it have been emailed, and you will get an email when they have decided.`
          : 'Your application has been sent to the senior leadership team for a decision. Nobody who can decide it has an email address in Postwarden, so let them know it is waiting.';
      return reply.redirect(`/accounts/${account.id}/application`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      // Something changed since the answers were checked (someone left, the policy changed): back to the form to put it right.
      return render(
        request,
        reply,
        FORM,
        await formPage(request, formOf(account, operators), { account, errors: error.errors }),
        400,
      );
    }
  });

  app.get('/accounts/applications', { config: { access: 'accounts.apply' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const school = tenantOf(ctx);
    const me = ctx.person.id;
    const now = clock.now();
    const [toDecide, toApprove, mine, policy] = await Promise.all([
      ctx.permissions.has('accounts.decide') ? decisionQueue(db, school, me, 'slt', now) : Promise.resolve(undefined),
      ctx.permissions.has('accounts.approve') ? decisionQueue(db, school, me, 'head', now) : Promise.resolve(undefined),
      applicationsOf(db, school.schoolId, me),
      applicationPolicy(db, school, now),
    ]);
    const queue = (q: { ready: ApplicationListRow[]; blocked: BlockedRow[] } | undefined) =>
      q && { ready: listRows(q.ready), blocked: listRows(q.blocked) };
    return render(request, reply, 'accounts/applications/views/list.njk', {
      pageTitle: 'Applications',
      toDecide: queue(toDecide),
      toApprove: queue(toApprove),
      mine: listRows(mine),
      headTitle: policy.settings.headTitle,
      notPermitted: policy.notPermitted,
    });
  });

  async function decisionPage(
    ctx: RequestContext,
    account: AccountRow,
    step: Step,
    values: { decision: string; reason: string },
    errors?: FieldError[],
  ) {
    const described = await describeApplication(db, account, clock.now());
    const refusal = stepRefusal({
      step,
      status: account.status,
      viewerId: ctx.person.id,
      applicantId: account.applicant_id,
      operatorIds: described.operators.map((o) => o.personId),
      headTitle: described.headTitle,
    });
    const heading = step === 'slt' ? 'Decide this application' : `${described.headTitle}’s approval`;
    const both = approvesBothSteps(step, ctx.permissions.has('accounts.approve'));
    const approveText =
      step === 'head'
        ? 'Approve: the account administrator can set it up'
        : both
          ? 'Approve'
          : `Approve, and send it to the ${described.headTitle}`;
    return {
      pageTitle: `${heading}: ${account.name}`,
      heading,
      step,
      bothSteps: both,
      action: `/accounts/${account.id}/${STEP_PAGES[step].path}`,
      account,
      ...described,
      ...caseFacts(account),
      status: STATUSES[account.status],
      refusal,
      values,
      decisionItems: [
        {
          value: 'approve',
          text: approveText,
          checked: values.decision === 'approve',
          ...(both
            ? {
                hint: {
                  text: `As ${described.headTitle}, your approval is the final one: the account administrator can then set the account up.`,
                },
              }
            : {}),
        },
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
      return render(
        request,
        reply,
        STEP_PAGES[step].template,
        await decisionPage(ctx, account, step, { decision: '', reason: '' }),
      );
    });

    app.post(url, { config: { access } }, async (request, reply) => {
      const ctx = requireCtx(request);
      const account = await findAccount(db, ctx, (request.params as { id: string }).id);
      if (!account) throw new NotFoundError();
      const f = formFields(request);
      const values = { decision: f.decision ?? '', reason: f.reason ?? '' };
      try {
        const actor = { ...personActor(ctx), mayApprove: ctx.permissions.has('accounts.approve') };
        const result = await decide(db, clock.now(), tenantOf(ctx), actor, account.id, step, values, config.baseUrl);
        if (result === 'not-found') throw new NotFoundError();
        request.session.flash =
          result.outcome === 'reject'
            ? `You rejected the application for ‘${account.name}’. ${result.applicantName} will see your reason.`
            : result.final
              ? `You approved the application for ‘${account.name}’. The account administrator can now set it up.`
              : `You approved the application for ‘${account.name}’. It now needs the ${result.headTitle}’s approval.`;
        return reply.redirect(`/accounts/${account.id}/application`);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return render(
          request,
          reply,
          STEP_PAGES[step].template,
          await decisionPage(ctx, account, step, values, error.errors),
          400,
        );
      }
    });
  }
}
