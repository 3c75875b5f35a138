import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import { NotFoundError, ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { actorOf, formFields, requireCtx, tenantOf } from '../../../platform/http/forms.ts';
import { platformName } from '../model.ts';
import { findAccount, type AccountRow } from '../repo.ts';
import { mayStoreCredentials } from '../register/rules/access.ts';
import { secretFacts } from './repo.ts';
import { LIMITS, type CredentialsForm } from './rules/credentials.ts';
import { revealCredentials, storeCredentials } from './service.ts';

function readForm(request: FastifyRequest): CredentialsForm {
  const f = formFields(request);
  return { username: f.username ?? '', password: f.password ?? '', notes: f.notes ?? '' };
}

/** Storing and revealing an official account's sign-in details (ACC-4). */
export function registerCredentialsRoutes(app: FastifyInstance, { db, clock, render, masterKey }: ModuleContext): void {
  async function accountOr404(request: FastifyRequest) {
    const ctx = requireCtx(request);
    const account = await findAccount(db, ctx, (request.params as { id: string }).id);
    if (!account) throw new NotFoundError();
    return { ctx, account };
  }

  /** The form never carries the password or notes back: a refused form asks for them again. */
  async function storePage(account: AccountRow, username: string, errors?: FieldError[]) {
    const facts = await secretFacts(db, account.id);
    return {
      pageTitle: `${facts ? 'Replace' : 'Store'} the sign-in details: ${account.name}`,
      account,
      platformText: platformName(account.platform),
      facts,
      limits: LIMITS,
      values: { username },
      ...(errors ? { errors } : {}),
    };
  }

  const notAllowedFlash = (account: AccountRow) =>
    `Sign-in details are kept only for an approved account that has not been closed, and ‘${account.name}’ is not one.`;

  app.get('/accounts/:id/credentials', { config: { access: 'accounts.manage' } }, async (request, reply) => {
    const { account } = await accountOr404(request);
    if (!mayStoreCredentials(account.status)) {
      request.session.flash = notAllowedFlash(account);
      return reply.redirect(`/accounts/${account.id}`);
    }
    return render(request, reply, 'accounts/credentials/views/form.njk', await storePage(account, ''));
  });

  app.post('/accounts/:id/credentials', { config: { access: 'accounts.manage' } }, async (request, reply) => {
    const { ctx, account } = await accountOr404(request);
    const form = readForm(request);
    try {
      const result = await storeCredentials(db, masterKey, clock.now(), tenantOf(ctx), actorOf(ctx), account.id, form);
      if (result.kind === 'not-found') throw new NotFoundError();
      if (result.kind === 'not-allowed') {
        request.session.flash = notAllowedFlash(account);
      } else {
        request.session.flash = `The sign-in details for ‘${account.name}’ have been ${result.replaced ? 'replaced' : 'stored'}.${result.rotationCleared ? ' The account no longer needs its password changed.' : ''}`;
      }
      return reply.redirect(`/accounts/${account.id}`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(
        request,
        reply,
        'accounts/credentials/views/form.njk',
        await storePage(account, form.username, error.errors),
        400,
      );
    }
  });

  async function revealPage(account: AccountRow, reason: string, errors?: FieldError[]) {
    return {
      pageTitle: `Reveal the sign-in details: ${account.name}`,
      account,
      platformText: platformName(account.platform),
      facts: await secretFacts(db, account.id),
      values: { reason },
      reasonMin: LIMITS.reasonMin,
      ...(errors ? { errors } : {}),
    };
  }

  app.get(
    '/accounts/:id/credentials/reveal',
    { config: { access: 'accounts.secrets.reveal' } },
    async (request, reply) => {
      const { account } = await accountOr404(request);
      return render(request, reply, 'accounts/credentials/views/reveal.njk', await revealPage(account, ''));
    },
  );

  app.post(
    '/accounts/:id/credentials/reveal',
    { config: { access: 'accounts.secrets.reveal' } },
    async (request, reply) => {
      const { ctx, account } = await accountOr404(request);
      const reason = formFields(request).reason ?? '';
      try {
        const result = await revealCredentials(
          db,
          masterKey,
          clock.now(),
          tenantOf(ctx),
          actorOf(ctx),
          account.id,
          reason,
        );
        if (result.kind === 'not-found') throw new NotFoundError();
        if (result.kind === 'nothing-stored')
          return render(request, reply, 'accounts/credentials/views/reveal.njk', await revealPage(account, ''));
        // Shown once: in this response only, never cached, never kept in the session.
        reply.header('pragma', 'no-cache').header('referrer-policy', 'no-referrer');
        return render(request, reply, 'accounts/credentials/views/revealed.njk', {
          pageTitle: `Sign-in details: ${account.name}`,
          account,
          platformText: platformName(account.platform),
          credentials: result.credentials,
          facts: await secretFacts(db, account.id),
        });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return render(
          request,
          reply,
          'accounts/credentials/views/reveal.njk',
          await revealPage(account, reason, error.errors),
          400,
        );
      }
    },
  );
}
