import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../http/module-context.ts';
import { ukDate } from '../../clock.ts';
import { recordAudit } from '../../audit/audit.ts';
import { ValidationError, type FieldError } from '../../http/errors.ts';
import { formFields, requireCtx } from '../../http/forms.ts';
import { safeNextPath } from '../next-path.ts';
import { finishSignIn } from '../second-factor/flow.ts';
import { amrShowsSecondFactor } from '../second-factor/rules.ts';
import { discover, finishSignIn as finishProviderSignIn, startSignIn } from './oidc.ts';
import { PROVIDER_LABELS, refusalMessage, type ProviderEndpoints } from './rules.ts';
import {
  markTested,
  matchPerson,
  openClientSecret,
  providerOf,
  saveProvider,
  saveSignInRules,
  theProvider,
  type ProviderInput,
} from './service.ts';

declare module 'fastify' {
  interface Session {
    /** One sign-in with the provider under way: what the answer must match. */
    oidc?: { state: string; nonce: string; verifier: string; next: string; mode: 'sign-in' | 'test' };
  }
}

/** openid-client's message is generic; the causes beneath it say which check failed (state, "iss", "exp"…). */
function describeFailure(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const e = current as { message?: string; code?: string; claim?: string; parameter?: string; cause?: unknown };
    for (const part of [
      e.message,
      e.code,
      e.claim && `claim "${e.claim}"`,
      e.parameter && `parameter "${e.parameter}"`,
    ])
      if (typeof part === 'string' && part) parts.push(part);
    current = e.cause;
  }
  return (parts.join('; ') || String(error)).slice(0, 300);
}

const SETTINGS = { access: 'school.settings.manage', scope: 'trust' } as const;

export async function registerProviderRoutes(app: FastifyInstance, deps: ModuleContext): Promise<void> {
  const { db, clock, render, config, masterKey } = deps;
  const endpoints: ProviderEndpoints = { entraAuthority: config.entraAuthority, googleIssuer: config.googleIssuer };
  const redirectUri = `${config.baseUrl}/sign-in/provider/callback`;
  const connectionOf = (p: { issuer: string; client_id: string; client_secret_sealed: string }) => ({
    issuer: p.issuer,
    clientId: p.client_id,
    clientSecret: openClientSecret(masterKey, p.client_secret_sealed),
  });
  const adminOf = (request: FastifyRequest) => {
    const ctx = requireCtx(request);
    return { id: ctx.person.id, label: ctx.person.name, trustId: ctx.trust.id };
  };

  // ---- The trust administrator's settings page (AUTH-1, AUTH-2) ----
  const settingsPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: FieldError[]; values?: Partial<ProviderInput>; test?: unknown } = {},
    status = 200,
  ) => {
    const ctx = requireCtx(request);
    const provider = await providerOf(db, ctx.trust.id);
    const trust = await db
      .selectFrom('trust')
      .select(['second_factor_required', 'password_sign_in'])
      .where('id', '=', ctx.trust.id)
      .executeTakeFirstOrThrow();
    return render(
      request,
      reply,
      'auth/provider-settings.njk',
      {
        pageTitle: 'Signing in',
        provider,
        trust,
        redirectUri,
        values: extra.values ?? {
          kind: provider?.kind,
          tenantId: provider?.tenant_id ?? '',
          domain: provider?.domain ?? '',
          issuer: provider?.kind === 'oidc' ? provider.issuer : '',
          clientId: provider?.client_id ?? '',
        },
        errors: extra.errors,
        test: extra.test,
      },
      status,
    );
  };
  app.get('/trust/sign-in-settings', { config: SETTINGS }, async (request, reply) => settingsPage(request, reply));
  app.post('/trust/sign-in-settings', { config: SETTINGS }, async (request, reply) => {
    const f = formFields(request);
    const input: ProviderInput = {
      kind: f.kind ?? '',
      tenantId: f.tenantId ?? '',
      domain: f.domain ?? '',
      issuer: f.issuer ?? '',
      clientId: f.clientId ?? '',
      clientSecret: f.clientSecret ?? '',
    };
    try {
      await saveProvider(db, masterKey, endpoints, clock.now(), adminOf(request), input);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const { clientSecret: _s, ...values } = input;
      return settingsPage(request, reply, { errors: error.errors, values }, 400);
    }
    request.session.flash = 'The provider is saved. Next, test the connection.';
    return reply.redirect('/trust/sign-in-settings');
  });
  app.post('/trust/sign-in-settings/rules', { config: SETTINGS }, async (request, reply) => {
    const f = formFields(request);
    try {
      await saveSignInRules(db, clock.now(), adminOf(request), {
        secondFactorRequired: f.secondFactorRequired !== 'no',
        passwordSignIn: f.passwordSignIn !== 'no',
      });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return settingsPage(request, reply, { errors: error.errors }, 400);
    }
    request.session.flash = 'The sign-in rules are saved.';
    return reply.redirect('/trust/sign-in-settings');
  });

  /** Step one of the test: fetch the discovery document and show what came back. */
  app.post('/trust/sign-in-settings/test', { config: SETTINGS }, async (request, reply) => {
    const admin = adminOf(request);
    const provider = await providerOf(db, admin.trustId);
    if (!provider)
      return settingsPage(
        request,
        reply,
        { errors: [{ href: '#kind', text: 'Save the provider before testing it' }] },
        400,
      );
    try {
      const configuration = await discover(connectionOf(provider), clock.now());
      const m = configuration.serverMetadata();
      await markTested(db, clock.now(), admin, 'worked', 'discovery');
      return settingsPage(request, reply, {
        test: {
          ok: true,
          rows: [
            ['Issuer', m.issuer],
            ['Sign-in address', m.authorization_endpoint],
            ['Token address', m.token_endpoint],
            ['Scopes offered', (m.scopes_supported ?? []).join(' ')],
            ['Claims offered', (m.claims_supported ?? []).join(' ')],
          ],
        },
      });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      await markTested(db, clock.now(), admin, 'failed', detail.slice(0, 300));
      return settingsPage(
        request,
        reply,
        {
          errors: [
            {
              href: '#test',
              text: `The provider did not answer as expected: ${detail.slice(0, 200)}. Check the details you entered.`,
            },
          ],
        },
        400,
      );
    }
  });
  /** Step two: sign in at the provider as yourself and see the claims it sends, without signing in here. */
  app.post('/trust/sign-in-settings/try', { config: SETTINGS }, async (request, reply) =>
    startAt(request, reply, '/trust/sign-in-settings', 'test'),
  );

  // ---- Signing in with the provider ----
  const refusedPage = (request: FastifyRequest, reply: FastifyReply, text: string, status: number) =>
    render(
      request,
      reply,
      'error.njk',
      { pageTitle: 'You have not been signed in', heading: 'You have not been signed in', paragraphs: [text] },
      status,
    );

  const startAt = async (request: FastifyRequest, reply: FastifyReply, next: string, mode: 'sign-in' | 'test') => {
    const provider = await theProvider(db);
    if (!provider) return refusedPage(request, reply, refusalMessage('not-connected', 'your organisation'), 404);
    let started: Awaited<ReturnType<typeof startSignIn>>;
    try {
      started = await startSignIn(await discover(connectionOf(provider), clock.now()), redirectUri);
    } catch {
      return refusedPage(
        request,
        reply,
        `${PROVIDER_LABELS[provider.kind]} could not be reached. Try again in a few minutes, or sign in with your password if your school allows it.`,
        502,
      );
    }
    request.session.oidc = { state: started.state, nonce: started.nonce, verifier: started.verifier, next, mode };
    return reply.redirect(started.url);
  };
  app.get('/sign-in/provider', { config: { access: 'public' } }, async (request, reply) =>
    startAt(request, reply, safeNextPath((request.query as Record<string, unknown>).next, config.baseUrl), 'sign-in'),
  );
  app.get('/sign-in/provider/callback', { config: { access: 'public' } }, async (request, reply) => {
    const flow = request.session.oidc;
    // Used once: a replayed answer finds nothing to match.
    request.session.oidc = undefined;
    const provider = await theProvider(db);
    if (!provider) return refusedPage(request, reply, refusalMessage('not-connected', 'your organisation'), 404);
    const label = PROVIDER_LABELS[provider.kind];
    if (!flow) return refusedPage(request, reply, refusalMessage('failed', label), 400);
    const now = clock.now();
    let claims: Record<string, unknown>;
    try {
      const configuration = await discover(connectionOf(provider), now);
      claims = await finishProviderSignIn(configuration, new URL(request.url, config.baseUrl), flow);
    } catch (error) {
      await db.transaction().execute((trx) =>
        recordAudit(trx, now, {
          actor: { id: null, label: 'Unknown provider account' },
          action: 'person.provider-sign-in-refused',
          entityType: 'trust',
          entityId: provider.trust_id,
          trustId: provider.trust_id,
          summary: { reason: 'failed', detail: describeFailure(error) },
        }),
      );
      return refusedPage(request, reply, refusalMessage('failed', label), 400);
    }
    if (flow.mode === 'test') {
      if (!request.ctx) return reply.redirect('/sign-in');
      return render(request, reply, 'auth/provider-claims.njk', {
        pageTitle: 'What your provider sent',
        claims: Object.entries(claims).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      });
    }
    const match = await matchPerson(db, now, ukDate(now), provider, claims);
    if (!match.ok) return refusedPage(request, reply, refusalMessage(match.reason, label, match.leavingDate), 403);
    return finishSignIn(db, now, request, reply, {
      personId: match.personId,
      schoolId: match.schoolId,
      next: flow.next,
      via: 'provider',
      providerSecondFactor: amrShowsSecondFactor(claims.amr),
    });
  });
}
