import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../http/module-context.ts';
import { formFields, requireCtx } from '../../http/forms.ts';
import { safeNextPath } from '../next-path.ts';
import { howLong, timeOfDay } from '../limits/rules.ts';
import { findPerson } from '../repo.ts';
import { addAuthenticatorApp, checkCode, hasSecondFactor, needsSecondFactor, type CheckResult } from './service.ts';
import { requireRecentSecondFactor } from './flow.ts';
import { registerManageSecondFactorRoutes } from './manage-routes.ts';
import { newTotpSecret, totpFor } from './rules.ts';
import {
  addPasskey,
  authenticationOptions,
  checkPasskey,
  hasPasskey,
  registrationOptions,
  relyingPartyOf,
} from './passkeys.ts';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';

declare module 'fastify' {
  interface Session {
    /** The WebAuthn challenge last handed out: a passkey's answer must sign it. */
    webauthnChallenge?: string;
    /** Recovery codes made with a first passkey, shown once on the next page. */
    newRecoveryCodes?: string[];
  }
}

/** A passkey's answer, as @simplewebauthn/browser sends it; the library checks its inside. */
const PASSKEY_BODY = {
  type: 'object',
  required: ['response'],
  properties: {
    response: { type: 'object', required: ['id', 'response'], properties: { id: { type: 'string', maxLength: 1400 } } },
    next: { type: 'string', maxLength: 2000 },
  },
} as const;

export function codeProblem(result: Exclude<CheckResult, { ok: true }>, now: Date): string {
  if (result.reason === 'reused')
    return 'That recovery code has already been used. Each recovery code works once: use another one';
  if (result.reason === 'paused')
    return `You have entered a wrong code too many times, so codes for your account are paused until ${timeOfDay(result.pause.until)} (in ${howLong(result.pause.until.getTime() - now.getTime())}). Try again then.`;
  return 'Enter the code your authenticator app shows now, or a recovery code';
}

export async function registerSecondFactorRoutes(app: FastifyInstance, deps: ModuleContext): Promise<void> {
  const { db, clock, render, config, masterKey } = deps;

  const personOf = async (personId: string) => {
    const p = await findPerson(db, personId);
    if (!p) return undefined;
    return { id: p.id, label: `${p.given_name} ${p.family_name}`, trustId: p.trust_id, schoolId: p.school_id };
  };

  const codePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    view: { action: string; heading: string; intro: string; next: string },
    errors?: { href: string; text: string }[],
    status = 200,
  ) => {
    const personId = request.session.personId ?? request.session.pending?.personId;
    const passkey = personId ? await hasPasskey(db, personId) : false;
    return render(
      request,
      reply,
      'auth/second-factor.njk',
      { pageTitle: view.heading, ...view, errors, passkey },
      status,
    );
  };

  const SIGN_IN_VIEW = {
    action: '/second-factor',
    heading: 'Enter a code to finish signing in',
    intro: 'Open your authenticator app and type the 6-digit code it shows for Postwarden.',
  };
  const CHECK_VIEW = {
    action: '/second-factor/check',
    heading: 'Confirm it is you',
    intro:
      'This page shows restricted information, so we check again when your last check was more than 15 minutes ago. Type the 6-digit code your authenticator app shows.',
  };

  const answer = async (
    request: FastifyRequest,
    reply: FastifyReply,
    personId: string,
    view: typeof SIGN_IN_VIEW,
    next: string,
    onSuccess: () => void,
  ) => {
    const now = clock.now();
    const person = await personOf(personId);
    if (!person) return reply.redirect('/sign-in');
    const code = (formFields(request).code ?? '').trim();
    if (!code) return codePage(request, reply, { ...view, next }, [{ href: '#code', text: 'Enter a code' }], 400);
    const result = await checkCode(db, masterKey, now, person, code, request.ip);
    if (!result.ok) {
      if (result.reason === 'paused')
        reply.header(
          'retry-after',
          String(Math.max(1, Math.ceil((result.pause.until.getTime() - now.getTime()) / 1000))),
        );
      return codePage(
        request,
        reply,
        { ...view, next },
        [{ href: '#code', text: codeProblem(result, now) }],
        result.reason === 'paused' ? 429 : 401,
      );
    }
    onSuccess();
    request.session.checkedAt = now.getTime();
    return reply.redirect(next);
  };

  // ---- At sign-in: the password (or provider) was right, the code is awaited ----
  app.get('/second-factor', { config: { access: 'public' } }, async (request, reply) => {
    const pending = request.session.pending;
    if (!pending) return reply.redirect('/sign-in');
    return codePage(request, reply, { ...SIGN_IN_VIEW, next: pending.next });
  });
  app.post('/second-factor', { config: { access: 'public' } }, async (request, reply) => {
    const pending = request.session.pending;
    if (!pending) return reply.redirect('/sign-in');
    return answer(request, reply, pending.personId, SIGN_IN_VIEW, pending.next, () => {
      request.session.pending = undefined;
      request.session.personId = pending.personId;
      request.session.schoolId = pending.schoolId;
    });
  });

  // ---- Asked again before the most sensitive pages (the guard in flow.ts sends people here) ----
  app.get('/second-factor/check', { config: { access: 'signed-in', scope: 'any' } }, async (request, reply) => {
    const next = safeNextPath((request.query as Record<string, unknown>).next, config.baseUrl);
    return codePage(request, reply, { ...CHECK_VIEW, next });
  });
  app.post('/second-factor/check', { config: { access: 'signed-in', scope: 'any' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const next = safeNextPath(formFields(request).next, config.baseUrl);
    return answer(request, reply, ctx.person.id, CHECK_VIEW, next, () => {});
  });

  // ---- Setting up an authenticator app ----
  // Adding another factor to an account that has one asks for a current one first, so a session left
  // open cannot be used to add someone else's phone.
  const recheckIfAdding = async (request: FastifyRequest) => {
    const personId = request.session.personId;
    if (personId && (await hasSecondFactor(db, personId))) await requireRecentSecondFactor(db, clock.now(), request);
  };
  const setUpPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    next: string,
    errors?: { href: string; text: string }[],
  ) => {
    const ctx = requireCtx(request);
    let secret = request.session.get('enrolSecret') as string | undefined;
    if (!secret) {
      secret = newTotpSecret();
      request.session.set('enrolSecret', secret);
    }
    return render(
      request,
      reply,
      'auth/second-factor-set-up.njk',
      {
        pageTitle: 'Set up an authenticator app',
        groupedSecret: secret.replace(/(.{4})/g, '$1 ').trim(),
        otpauthUri: totpFor(secret, ctx.person.email ?? ctx.person.name).toString(),
        required: request.session.mustEnrol === true || (await needsSecondFactor(db, ctx.person.id)),
        next,
        errors,
      },
      errors ? 400 : 200,
    );
  };
  app.get('/second-factor/set-up', { config: { access: 'signed-in', scope: 'any' } }, async (request, reply) => {
    await recheckIfAdding(request);
    return setUpPage(request, reply, safeNextPath((request.query as Record<string, unknown>).next, config.baseUrl));
  });
  app.post('/second-factor/set-up', { config: { access: 'signed-in', scope: 'any' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    await recheckIfAdding(request);
    const f = formFields(request);
    const next = safeNextPath(f.next, config.baseUrl);
    const secret = request.session.get('enrolSecret') as string | undefined;
    const person = await personOf(ctx.person.id);
    if (!secret || !person) return reply.redirect(`/second-factor/set-up?next=${encodeURIComponent(next)}`);
    const result = await addAuthenticatorApp(db, masterKey, clock.now(), person, secret, f.code ?? '');
    if (!result.ok)
      return setUpPage(request, reply, next, [
        { href: '#code', text: 'Enter the 6-digit code your authenticator app shows now for Postwarden' },
      ]);
    request.session.set('enrolSecret', undefined);
    request.session.mustEnrol = false;
    request.session.checkedAt = clock.now().getTime();
    return render(request, reply, 'auth/recovery-codes.njk', {
      pageTitle: 'Your recovery codes',
      codes: result.recoveryCodes,
      next,
    });
  });

  // ---- Passkeys (WebAuthn) ----
  const rp = relyingPartyOf(config.baseUrl);
  const passkeyPerson = (request: FastifyRequest) => request.session.personId ?? request.session.pending?.personId;

  app.get('/second-factor/passkey/options', { config: { access: 'public' } }, async (request, reply) => {
    const personId = passkeyPerson(request);
    if (!personId) return reply.code(404).send({ message: 'Sign in first' });
    const options = await authenticationOptions(db, rp, personId);
    request.session.webauthnChallenge = options.challenge;
    return reply.send(options);
  });
  app.post(
    '/second-factor/passkey',
    { config: { access: 'public' }, schema: { body: PASSKEY_BODY } },
    async (request, reply) => {
      const personId = passkeyPerson(request);
      const challenge = request.session.webauthnChallenge;
      request.session.webauthnChallenge = undefined;
      const body = request.body as { response: AuthenticationResponseJSON; next?: string };
      const refused = { message: 'Your passkey was not accepted. Try again, or type a code instead.' };
      if (!personId || !challenge) return reply.code(400).send(refused);
      const now = clock.now();
      if (!(await checkPasskey(db, rp, now, personId, challenge, body.response))) return reply.code(401).send(refused);
      const pending = request.session.pending;
      let next = safeNextPath(body.next, config.baseUrl);
      if (pending && pending.personId === personId) {
        request.session.pending = undefined;
        request.session.personId = pending.personId;
        request.session.schoolId = pending.schoolId;
        next = pending.next;
      }
      request.session.checkedAt = now.getTime();
      return reply.send({ next });
    },
  );
  app.get(
    '/second-factor/passkey/register-options',
    { config: { access: 'signed-in', scope: 'any' } },
    async (request, reply) => {
      const ctx = requireCtx(request);
      await recheckIfAdding(request);
      const options = await registrationOptions(db, rp, {
        id: ctx.person.id,
        email: ctx.person.email,
        name: ctx.person.name,
      });
      request.session.webauthnChallenge = options.challenge;
      return reply.send(options);
    },
  );
  app.post(
    '/second-factor/passkey/register',
    { config: { access: 'signed-in', scope: 'any' }, schema: { body: PASSKEY_BODY } },
    async (request, reply) => {
      const ctx = requireCtx(request);
      await recheckIfAdding(request);
      const challenge = request.session.webauthnChallenge;
      request.session.webauthnChallenge = undefined;
      const body = request.body as { response: RegistrationResponseJSON; next?: string };
      const person = await personOf(ctx.person.id);
      const refused = { message: 'Your passkey was not set up. Try again, or set up an authenticator app instead.' };
      if (!challenge || !person) return reply.code(400).send(refused);
      const result = await addPasskey(db, rp, clock.now(), person, challenge, body.response);
      if (!result.ok) return reply.code(400).send(refused);
      request.session.mustEnrol = false;
      request.session.checkedAt = clock.now().getTime();
      request.session.newRecoveryCodes = result.recoveryCodes ?? undefined;
      const next = safeNextPath(body.next, config.baseUrl);
      return reply.send({ next: `/second-factor/passkey/added?next=${encodeURIComponent(next)}` });
    },
  );
  app.get('/second-factor/passkey/added', { config: { access: 'signed-in', scope: 'any' } }, async (request, reply) => {
    const codes = request.session.newRecoveryCodes;
    request.session.newRecoveryCodes = undefined;
    return render(request, reply, 'auth/recovery-codes.njk', {
      pageTitle: 'Your passkey is set up',
      panelTitle: 'Your passkey is set up',
      codes,
      next: safeNextPath((request.query as Record<string, unknown>).next, config.baseUrl),
    });
  });

  registerManageSecondFactorRoutes(app, deps);
}
