import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../http/module-context.ts';
import { ukDate } from '../clock.ts';
import { ValidationError } from '../http/errors.ts';
import { formFields, requireCtx, returnPath } from '../http/forms.ts';
import { safeNextPath } from './next-path.ts';
import { REGIONS } from '../calendar/calendar.ts';
import { formatDate } from '../views/nunjucks.ts';
import { ROLES } from './permissions.ts';
import {
  PHASES,
  SIGN_IN_FAILED,
  askForPasswordReset,
  completePasswordReset,
  completeSetup,
  findUsableReset,
  signIn,
  type SetupInput,
} from './service.ts';
import { pausedMessage } from './limits/rules.ts';
import { finishSignIn } from './second-factor/flow.ts';
import { passwordSignInRefusal, providerButton } from './provider/service.ts';

// Signing in is limited by failures per account and per address (limits/), not by requests, so a
// staff room behind one address can all sign in at once. These forms only send mail or take a token.
const FORM_LIMIT = { max: 10, timeWindow: '1 minute' };

export async function registerAuthRoutes(app: FastifyInstance, deps: ModuleContext): Promise<void> {
  const { db, clock, render, config } = deps;
  const regionItems = REGIONS.map((r) => ({ value: r.id, text: r.label }));
  // The sign-in page offers the trust's provider when one is connected (AUTH-1).
  const signInPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    data: Record<string, unknown> & { pageTitle: string },
    status?: number,
  ) => {
    const query = request.query as Record<string, string | undefined>;
    return render(
      request,
      reply,
      'auth/sign-in.njk',
      { ...data, provider: await providerButton(db), breakGlass: query.password === '1' },
      status,
    );
  };

  // ---- First-run set-up ----
  app.get('/setup', { config: { access: 'public' } }, async (request, reply) => {
    if (await app.isSetupComplete()) return reply.redirect('/sign-in');
    return render(request, reply, 'auth/setup.njk', {
      pageTitle: 'Set up Postwarden',
      values: { kind: 'school', region: 'england-and-wales' },
      phases: PHASES,
      regions: regionItems,
    });
  });
  app.post('/setup', { config: { access: 'public' } }, async (request, reply) => {
    if (await app.isSetupComplete()) return reply.redirect('/sign-in');
    const f = formFields(request);
    const input: SetupInput = {
      kind: f.kind ?? '',
      trustName: f.trustName ?? '',
      schoolName: f.schoolName ?? '',
      phase: f.phase ?? '',
      region: f.region ?? '',
      givenName: f.givenName ?? '',
      familyName: f.familyName ?? '',
      email: f.email ?? '',
      password: f.password ?? '',
      confirm: f.confirm ?? '',
    };
    try {
      const result = await completeSetup(db, clock.now(), input, {
        secondFactorRequired: config.newTrustRequiresSecondFactor,
      });
      if (result === 'already-done') return reply.redirect('/sign-in');
      await request.session.regenerate();
      request.session.personId = result.personId;
      request.session.schoolId = result.schoolId;
      request.session.flash = 'Postwarden is set up. Next, add your staff and pupils.';
      return reply.redirect('/');
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const { password: _p, confirm: _c, ...values } = input;
      return render(
        request,
        reply,
        'auth/setup.njk',
        { pageTitle: 'Set up Postwarden', errors: error.errors, values, phases: PHASES, regions: regionItems },
        400,
      );
    }
  });

  // ---- Sign in and out ----
  app.get('/sign-in', { config: { access: 'public' } }, async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    if (request.ctx) return reply.redirect('/');
    const notice = query.ended
      ? 'Your access to Postwarden has ended because your leaving date has passed.'
      : query.signedout
        ? 'You have signed out.'
        : query.reset
          ? 'Your password has been changed. Sign in with your new password.'
          : undefined;
    // A session is started here so the form carries a CSRF token.
    request.session.set('flash', undefined);
    return signInPage(request, reply, {
      pageTitle: 'Sign in',
      next: safeNextPath(query.next, config.baseUrl),
      notice,
      values: {},
    });
  });
  app.post('/sign-in', { config: { access: 'public' } }, async (request, reply) => {
    const f = formFields(request);
    const email = (f.email ?? '').trim();
    const errors = [];
    if (!email) errors.push({ href: '#email', text: 'Enter your email address' });
    if (!f.password) errors.push({ href: '#password', text: 'Enter your password' });
    if (errors.length)
      return signInPage(
        request,
        reply,
        { pageTitle: 'Sign in', errors, values: { email }, next: safeNextPath(f.next, config.baseUrl) },
        400,
      );
    const now = clock.now();
    const result = await signIn(db, now, ukDate(now), email, f.password ?? '', request.ip);
    if (!result.ok) {
      if (result.reason === 'paused') {
        reply.header(
          'retry-after',
          String(Math.max(1, Math.ceil((result.pause.until.getTime() - now.getTime()) / 1000))),
        );
        const text = pausedMessage(result.pause.scope, result.pause.until, now);
        return signInPage(
          request,
          reply,
          {
            pageTitle: 'Sign in',
            errors: [{ href: '#email', text }],
            values: { email },
            next: safeNextPath(f.next, config.baseUrl),
          },
          429,
        );
      }
      const text =
        result.reason === 'left'
          ? `Your access to Postwarden ended on ${formatDate(result.leavingDate)}, your leaving date. If this is wrong, ask your school administrator.`
          : SIGN_IN_FAILED;
      return signInPage(
        request,
        reply,
        {
          pageTitle: 'Sign in',
          errors: [{ href: '#email', text }],
          values: { email },
          next: safeNextPath(f.next, config.baseUrl),
        },
        401,
      );
    }
    const refusal = await passwordSignInRefusal(db, result.personId);
    if (refusal)
      return signInPage(
        request,
        reply,
        {
          pageTitle: 'Sign in',
          errors: [{ href: '#email', text: refusal }],
          values: { email },
          next: safeNextPath(f.next, config.baseUrl),
        },
        403,
      );
    return finishSignIn(db, now, request, reply, {
      personId: result.personId,
      schoolId: result.schoolId,
      next: safeNextPath(f.next, config.baseUrl),
      via: 'password',
    });
  });
  app.post('/sign-out', { config: { access: 'public' } }, async (request, reply) => {
    await request.session.destroy();
    return reply.redirect('/sign-in?signedout=1');
  });

  // ---- Forgotten password ----
  app.get('/forgot-password', { config: { access: 'public' } }, async (request, reply) => {
    request.session.set('flash', undefined);
    return render(request, reply, 'auth/forgot-password.njk', { pageTitle: 'Reset your password', values: {} });
  });
  app.post('/forgot-password', { config: { access: 'public', rateLimit: FORM_LIMIT } }, async (request, reply) => {
    const email = (formFields(request).email ?? '').trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      return render(
        request,
        reply,
        'auth/forgot-password.njk',
        {
          pageTitle: 'Reset your password',
          errors: [{ href: '#email', text: 'Enter an email address in the correct format, like name@school.sch.uk' }],
          values: { email },
        },
        400,
      );
    }
    await askForPasswordReset(db, clock.now(), email);
    deps.jobs.kick();
    return render(request, reply, 'auth/forgot-password-sent.njk', { pageTitle: 'Check your email', email });
  });
  const invalidLink = {
    pageTitle: 'This link does not work',
    heading: 'This link does not work',
    paragraphs: ['Password reset links work once, for 1 hour. This one has expired or has already been used.'],
    requestAgain: true,
  };
  app.get('/reset-password/:token', { config: { access: 'public' } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    if (!(await findUsableReset(db, clock.now(), token)))
      return render(request, reply, 'auth/reset-invalid.njk', invalidLink, 410);
    request.session.set('flash', undefined);
    return render(request, reply, 'auth/reset-password.njk', { pageTitle: 'Choose a new password', token });
  });
  app.post(
    '/reset-password/:token',
    { config: { access: 'public', rateLimit: FORM_LIMIT } },
    async (request, reply) => {
      const { token } = request.params as { token: string };
      const f = formFields(request);
      try {
        const result = await completePasswordReset(db, clock.now(), token, f.password ?? '', f.confirm ?? '');
        if (result === 'invalid-link') return render(request, reply, 'auth/reset-invalid.njk', invalidLink, 410);
        await request.session.destroy();
        return reply.redirect('/sign-in?reset=1');
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return render(
          request,
          reply,
          'auth/reset-password.njk',
          { pageTitle: 'Choose a new password', token, errors: error.errors },
          400,
        );
      }
    },
  );

  // ---- Your account and switching school ----
  app.get('/account', { config: { access: 'signed-in', scope: 'any' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    return render(request, reply, 'auth/account.njk', {
      pageTitle: 'Your account',
      roleLabels: ctx.roles.map((r) => ROLES[r].label),
    });
  });
  app.get('/switch', { config: { access: 'signed-in', scope: 'any' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const next = returnPath((request.query as Record<string, unknown>).next);
    return render(request, reply, 'auth/switch.njk', {
      pageTitle: 'Choose a school',
      current: ctx.school?.id ?? 'trust',
      next,
    });
  });
  app.post('/switch', { config: { access: 'signed-in', scope: 'any' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const f = formFields(request);
    const choice = f.school ?? '';
    const next = returnPath(f.next);
    if (choice === 'trust' && ctx.canViewTrust) {
      request.session.schoolId = null;
      return reply.redirect('/trust');
    }
    const school = ctx.schools.find((s) => s.id === choice);
    if (!school) {
      return render(
        request,
        reply,
        'auth/switch.njk',
        {
          pageTitle: 'Choose a school',
          current: ctx.school?.id ?? 'trust',
          next,
          errors: [{ href: '#school', text: 'Select a school' }],
        },
        400,
      );
    }
    request.session.schoolId = school.id;
    request.session.flash = `You are now working in ${school.name}.`;
    return reply.redirect(next ?? '/');
  });
}
