import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import { ukDate } from '../../../platform/clock.ts';
import { NotFoundError, ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { actorOf, formFields, formList, requireCtx, tenantOf } from '../../../platform/http/forms.ts';
import { addHomeTasks } from '../../../platform/http/home-tasks.ts';
import type { RequestContext } from '../../../platform/http/types.ts';
import { settingsFor } from '../../policies/index.ts';
import { PLATFORMS, SETUP_CHECKLIST, STATUSES } from '../model.ts';
import { currentOperators, findAccount, type AccountRow } from '../repo.ts';
import { describeAccount, registerRowsForView } from './present.ts';
import { registerCsv } from './csv.ts';
import { schoolsOfTrust, type Scope } from './repo.ts';
import { accountsOf, operatorReadiness, register, setUpAccount } from './service.ts';
import { mayViewAccount, setupMode } from './rules/access.ts';
import { REGISTER_STATUSES, SORTS, parseRegisterQuery, registerQuery, selectedFilters } from './rules/filter.ts';
import { LIMITS, addressExample, type SetupForm } from './rules/setup.ts';
import { setupTasks } from './tasks.ts';

function scopeOf(ctx: RequestContext): Scope {
  return { trustId: ctx.trust.id, schoolId: ctx.school?.id ?? null };
}

function readSetupForm(request: FastifyRequest): SetupForm {
  const f = formFields(request);
  return {
    handle: f.handle ?? '',
    address: f.address ?? '',
    recoveryEmail: f.recoveryEmail ?? '',
    tagging: f.tagging ?? '',
    twoFactor: f.twoFactor ?? '',
    visibility: f.visibility ?? '',
    checklist: formList(request, 'checklist'),
  };
}

function formOf(account: AccountRow): SetupForm {
  const yesNo = (v: boolean | null) => (v === null ? '' : v ? 'yes' : 'no');
  return {
    handle: account.handle ?? '',
    address: account.address ?? '',
    recoveryEmail: account.recovery_email ?? '',
    tagging: yesNo(account.tagging_disabled),
    twoFactor: yesNo(account.two_factor_enabled),
    visibility: account.visibility,
    checklist: account.setup_checklist ?? [],
  };
}

/** The official accounts pages are for people who may apply for one or see the register; anyone else is told they are not found. */
function mayUseAccounts(ctx: RequestContext): RequestContext {
  if (!ctx.permissions.has('accounts.apply') && !ctx.permissions.has('accounts.view')) throw new NotFoundError();
  return ctx;
}

/** The register of official accounts, each account's page, and recording a created account (ACC-6). */
export function registerRegisterRoutes(app: FastifyInstance, { db, clock, render }: ModuleContext): void {
  addHomeTasks(setupTasks);

  // Anyone who may apply sees their own accounts; those who see the register (governors, trust leaders) see it all.
  app.get('/accounts', { config: { access: 'signed-in', scope: 'any' } }, async (request, reply) => {
    const ctx = mayUseAccounts(requireCtx(request));
    const scope = scopeOf(ctx);
    const today = ukDate(clock.now());
    if (!ctx.permissions.has('accounts.view')) {
      const mine = await accountsOf(db, scope, ctx.person.id, today);
      return render(request, reply, 'accounts/register/views/mine.njk', {
        pageTitle: 'Your official accounts',
        rows: registerRowsForView(mine, ctx.person.id),
      });
    }
    const schools = scope.schoolId ? null : await schoolsOfTrust(db, scope.trustId);
    const filter = parseRegisterQuery(request.query, schools ? schools.map((s) => s.id) : null);
    const { rows, total } = await register(db, scope, filter, today);
    const schoolName = (id: string) => schools?.find((s) => s.id === id)?.name ?? '';
    return render(request, reply, 'accounts/register/views/list.njk', {
      pageTitle: 'Official accounts',
      trustView: scope.schoolId === null,
      rows: registerRowsForView(rows, ctx.person.id),
      total,
      filter,
      selected: selectedFilters(filter, schoolName),
      clearHref: '/accounts',
      csvHref: `/accounts.csv${registerQuery(filter)}`,
      statusItems: [
        { value: '', text: 'Any status' },
        ...REGISTER_STATUSES.map((s) => ({ value: s, text: STATUSES[s].text, selected: s === filter.status })),
      ],
      platformItems: [
        { value: '', text: 'Any platform' },
        ...PLATFORMS.map((p) => ({ value: p.value, text: p.text, selected: p.value === filter.platform })),
      ],
      schoolItems: schools
        ? [
            { value: '', text: 'Every school' },
            ...schools.map((s) => ({ value: s.id, text: s.name, selected: s.id === filter.school })),
          ]
        : undefined,
      sortItems: SORTS.filter((s) => !s.trustOnly || schools).map((s) => ({
        value: s.value,
        text: s.text,
        selected: s.value === filter.sort,
      })),
    });
  });

  app.get('/accounts.csv', { config: { access: 'accounts.view', scope: 'any' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const scope = scopeOf(ctx);
    const schools = scope.schoolId ? null : await schoolsOfTrust(db, scope.trustId);
    const filter = parseRegisterQuery(request.query, schools ? schools.map((s) => s.id) : null);
    const today = ukDate(clock.now());
    const { rows } = await register(db, scope, filter, today);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="official-accounts-${today}.csv"`)
      .header('cache-control', 'no-store')
      .send(registerCsv(rows, scope.schoolId === null));
  });

  app.get('/accounts/:id', { config: { access: 'signed-in', scope: 'any' } }, async (request, reply) => {
    const ctx = mayUseAccounts(requireCtx(request));
    const account = await findAccount(db, ctx, (request.params as { id: string }).id);
    if (!account) throw new NotFoundError();
    const operators = await currentOperators(db, account.id);
    if (
      !mayViewAccount({
        viewerId: ctx.person.id,
        permissions: ctx.permissions,
        applicantId: account.applicant_id,
        operatorIds: operators.map((o) => o.person_id),
      })
    )
      throw new NotFoundError();
    return render(
      request,
      reply,
      'accounts/register/views/show.njk',
      await describeAccount(db, ctx, account, operators, clock.now()),
    );
  });

  /** The account, if it is the school's; otherwise not found. */
  async function accountOr404(request: FastifyRequest) {
    const ctx = requireCtx(request);
    const account = await findAccount(db, ctx, (request.params as { id: string }).id);
    if (!account) throw new NotFoundError();
    return { ctx, account };
  }

  async function notReadyFlash(ctx: RequestContext, account: AccountRow): Promise<string> {
    if (account.status === 'rejected') return `‘${account.name}’ was rejected, so there is no account to set up.`;
    if (account.status === 'closed')
      return `‘${account.name}’ has been closed, so its details can no longer be changed.`;
    const { headTitle } = await settingsFor(db, tenantOf(ctx), clock.now());
    return `‘${account.name}’ cannot be set up yet: the senior leadership team and the ${headTitle} must approve the application first.`;
  }

  async function setupPage(ctx: RequestContext, account: AccountRow, values: SetupForm, errors?: FieldError[]) {
    const mode = setupMode(account.status)!;
    const platform = PLATFORMS.find((p) => p.value === account.platform);
    const readiness =
      mode === 'set-up' ? await operatorReadiness(db, tenantOf(ctx), account.id, clock.now()) : undefined;
    const yesNo = (name: 'tagging' | 'twoFactor') => [
      { value: 'yes', text: 'Yes', checked: values[name] === 'yes' },
      { value: 'no', text: 'No', checked: values[name] === 'no' },
    ];
    return {
      pageTitle:
        mode === 'set-up' ? `Record the account: ${account.name}` : `Change the account’s details: ${account.name}`,
      mode,
      account,
      platformText: platform?.text ?? account.platform,
      handleHint: platform ? `Its ${platform.handle}.` : 'The name the platform shows.',
      addressHint: `The full web address, starting with https://. For example, ${addressExample(account.platform)}`,
      limits: LIMITS,
      values,
      readiness,
      taggingItems: yesNo('tagging'),
      twoFactorItems: yesNo('twoFactor'),
      visibilityItems: [
        {
          value: 'open',
          text: 'Open',
          hint: { text: 'Anyone can see what it posts and follow it.' },
          checked: values.visibility === 'open',
        },
        {
          value: 'closed',
          text: 'Closed',
          hint: { text: 'Only people the account accepts can see what it posts.' },
          checked: values.visibility === 'closed',
        },
      ],
      checklistItems: SETUP_CHECKLIST.map((c) => ({
        value: c.value,
        text: c.text,
        checked: values.checklist.includes(c.value),
      })),
      ...(errors ? { errors } : {}),
    };
  }

  app.get('/accounts/:id/setup', { config: { access: 'accounts.manage' } }, async (request, reply) => {
    const { ctx, account } = await accountOr404(request);
    if (!setupMode(account.status)) {
      request.session.flash = await notReadyFlash(ctx, account);
      return reply.redirect(`/accounts/${account.id}`);
    }
    return render(request, reply, 'accounts/register/views/setup.njk', await setupPage(ctx, account, formOf(account)));
  });

  app.post('/accounts/:id/setup', { config: { access: 'accounts.manage' } }, async (request, reply) => {
    const { ctx, account } = await accountOr404(request);
    const form = readSetupForm(request);
    try {
      const result = await setUpAccount(db, clock.now(), tenantOf(ctx), actorOf(ctx), account.id, form);
      switch (result.kind) {
        case 'not-found':
          throw new NotFoundError();
        case 'not-ready':
          request.session.flash = await notReadyFlash(ctx, result.account);
          break;
        case 'set-up':
          request.session.flash = `‘${account.name}’ is now active and on the register. Its first review is due by ${new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${result.reviewDue}T12:00:00Z`))}.`;
          break;
        case 'changed':
          request.session.flash = `The account’s details have been saved (${result.fields.join(', ')}).`;
          break;
        case 'unchanged':
          request.session.flash = 'Nothing was changed.';
          break;
      }
      return reply.redirect(`/accounts/${account.id}`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(
        request,
        reply,
        'accounts/register/views/setup.njk',
        await setupPage(ctx, account, form, error.errors),
        400,
      );
    }
  });
}
