import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import session from '@fastify/session';
import helmet from '@fastify/helmet';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import { ukDate } from './platform/clock.ts';
import { deriveKey } from './platform/crypto/keys.ts';
import { DatabaseSessionStore } from './platform/auth/session-store.ts';
import { resolveContext } from './platform/auth/context.ts';
import { createViewEnvironment, moduleViewDirs } from './platform/views/nunjucks.ts';
import { createRenderer, type Render } from './platform/http/render.ts';
import { registerAssets } from './platform/views/assets.ts';
import { NotFoundError, UserFacingError } from './platform/http/errors.ts';
import type { Access } from './platform/http/types.ts';
import { authenticateApiToken } from './platform/api/tokens.ts';
import { problem } from './platform/api/problem.ts';
import { describeRefusal, edgeValidatorFactory, markMultipartReading, registerEdge } from './platform/http/edge.ts';
import { installSafetyNet } from './platform/http/safety-net.ts';
import { fastifyTrustProxy } from './platform/http/trust-proxy.ts';
import { registerPlatformRoutes } from './platform/http/platform-routes.ts';
import { registerAuthRoutes } from './platform/auth/routes.ts';
import { registerSecondFactorRoutes } from './platform/auth/second-factor/routes.ts';
import { registerProviderRoutes } from './platform/auth/provider/routes.ts';
import { registerSessionRoutes } from './platform/auth/sessions/routes.ts';
import { STEP_UP_PERMISSIONS } from './platform/auth/permissions.ts';
import {
  SecondFactorCheckNeeded,
  enrolmentGate,
  requireRecentSecondFactor,
} from './platform/auth/second-factor/flow.ts';
import { registerDirectory } from './modules/directory/index.ts';
import { registerPolicies } from './modules/policies/index.ts';
import { registerAccounts } from './modules/accounts/index.ts';
import { registerApi } from './platform/api/routes.ts';
import { registerPublishing } from './modules/publishing/index.ts';
import { registerIncidents } from './modules/incidents/index.ts';
import { registerGovernance } from './modules/governance/index.ts';
import { registerInbox } from './modules/inbox/index.ts';
import { registerPersonalUse } from './modules/personal-use/index.ts';
import { registerOversight } from './modules/oversight/index.ts';
import { registerMonitoring } from './modules/monitoring/index.ts';
import { registerMentions } from './modules/mentions/index.ts';
import type { AppDeps, ModuleContext } from './platform/http/module-context.ts';
import './platform/http/types.ts';

export type { AppDeps, ModuleContext };

const SETUP_OPEN_PATHS = ['/setup', '/health', '/assets/', '/accessibility'];

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, db, clock } = deps;
  const app = Fastify({
    logger:
      deps.logger === false
        ? false
        : {
            level: config.logLevel,
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            ...(deps.logStream ? { stream: deps.logStream } : {}),
          },
    trustProxy: fastifyTrustProxy(config.trustProxy),
    bodyLimit: 1024 * 1024,
    // Unknown fields in an API request are refused, not silently dropped, so an integrator learns at once.
    ajv: { customOptions: { removeAdditional: false } },
    // Query strings are text and are converted to their schema's types; JSON bodies are taken as sent.
    schemaController: { compilersFactory: { buildValidator: edgeValidatorFactory() } },
  });
  installSafetyNet(app.log);

  const routeAccess = new Map<string, Access>();
  // Deny by default: a route that does not say who may reach it stops the app from starting.
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    const isStaticAsset = route.url.startsWith('/assets/');
    if (!access && !isStaticAsset && !route.url.startsWith('/api/docs')) {
      throw new Error(`Route ${route.method} ${route.url} does not declare its access`);
    }
    for (const method of [route.method].flat()) routeAccess.set(`${method} ${route.url}`, access ?? 'public');
  });
  app.decorate('routeAccess', routeAccess);

  const secure = config.baseUrl.startsWith('https://');
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: secure ? [] : null,
      },
    },
    strictTransportSecurity: secure ? { maxAge: 31536000, includeSubDomains: true } : false,
    // Agrees with frame-ancestors 'none': no page is shown inside a frame, even on this site.
    frameguard: { action: 'deny' },
  });
  await registerAssets(app);
  await app.register(formbody);
  markMultipartReading(app);
  await app.register(multipart, {
    attachFieldsToBody: true,
    throwFileSizeLimit: false,
    limits: { fileSize: config.uploadLimitMb * 1024 * 1024, files: 1, fields: 20 },
  });
  registerEdge(app);
  await app.register(cookie);
  const sessions = new DatabaseSessionStore(db, clock, config.sessionIdleMinutes * 60_000, (error) =>
    app.log.error({ err: error }, 'session store callback failed'),
  );
  await app.register(session, {
    secret: deriveKey(deps.masterKey, 'session-cookie').toString('hex'),
    cookieName: 'pw_session',
    store: sessions,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: secure ? true : 'auto',
      path: '/',
      maxAge: config.sessionIdleMinutes * 60_000,
    },
  });
  await app.register(csrf, {
    sessionPlugin: '@fastify/session',
    getToken: (request: FastifyRequest) => {
      const body = request.body as Record<string, unknown> | undefined;
      const field = body?._csrf as string | { value?: string } | undefined;
      return (
        (typeof field === 'object' ? field?.value : field) ??
        (request.headers['x-csrf-token'] as string | undefined) ??
        ''
      );
    },
  });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Postwarden API',
        version: '1',
        description:
          'School integrations: MIS sync and reporting. Authenticate with a school API token: Authorization: Bearer <token>.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    hideUntagged: true,
  });

  const env = createViewEnvironment(moduleViewDirs());
  const render = createRenderer(env, { serviceName: 'Postwarden', demoMode: config.demoMode });
  app.decorate('render', render);

  let setupComplete = false;
  const isSetupComplete = async () => {
    if (!setupComplete)
      setupComplete = (await db.selectFrom('trust').select('id').limit(1).executeTakeFirst()) !== undefined;
    return setupComplete;
  };
  app.decorate('isSetupComplete', isSetupComplete);

  // Fixed order for every request: set-up gate → who is asking → may they → (CSRF in preHandler).
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (
      !(await isSetupComplete()) &&
      !SETUP_OPEN_PATHS.some((p) => path === p || (p.endsWith('/') && path.startsWith(p)))
    ) {
      if (request.routeOptions.config?.api)
        return reply
          .code(503)
          .type('application/problem+json')
          .send(problem(503, 'Postwarden has not been set up yet'));
      return reply.redirect('/setup');
    }
    const config_ = request.routeOptions.config;
    const access = config_?.access ?? (request.routeOptions.url?.startsWith('/assets/') ? 'public' : undefined);
    if (config_?.api) {
      const ctx = await authenticateApiToken(db, request.headers.authorization, clock.now());
      if (!ctx)
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer')
          .type('application/problem+json')
          .send(problem(401, 'Send a valid school API token: Authorization: Bearer <token>'));
      request.ctx = ctx;
      if (access !== 'signed-in' && access !== 'public' && !ctx.permissions.has(access!)) {
        return reply.code(403).type('application/problem+json').send(problem(403, 'This API token may not do that'));
      }
      return;
    }
    if (request.session?.personId) {
      const result = await resolveContext(db, request.session.personId, request.session.schoolId, ukDate(clock.now()));
      if (result.kind === 'ok') request.ctx = result.ctx;
      else {
        await request.session.destroy();
        if (access !== 'public') {
          return reply.redirect(result.kind === 'left' ? '/sign-in?ended=1' : '/sign-in');
        }
      }
    }
    if (access === 'public' || access === undefined) return;
    const ctx = request.ctx;
    if (!ctx) return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`);
    if (enrolmentGate(request, reply)) return reply;
    // Permission first: a page someone may not see is not found, wherever they are working.
    if (
      access !== 'signed-in' &&
      !ctx.permissions.has(access) &&
      !(ctx.school === null && (config_?.scope ?? 'school') === 'school')
    )
      throw new NotFoundError();
    const scope = config_?.scope ?? 'school';
    // In the trust view, a school's page asks which school first, then comes back here (a link in an email, say).
    if (scope === 'school' && !ctx.school)
      return reply.redirect(request.method === 'GET' ? `/switch?next=${encodeURIComponent(request.url)}` : '/switch');
    if (scope === 'trust' && ctx.school) {
      if (!ctx.canViewTrust) throw new NotFoundError();
      return reply.redirect('/switch');
    }
    if (access !== 'signed-in' && !ctx.permissions.has(access)) throw new NotFoundError();
    if (STEP_UP_PERMISSIONS.includes(access as never)) await requireRecentSecondFactor(db, clock.now(), request);
  });

  app.addHook('preHandler', (request, reply, done) => {
    if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(request.method) && !request.routeOptions.config?.api) {
      return app.csrfProtection(request, reply, done);
    }
    done();
  });

  app.setNotFoundHandler(async (request, reply) => {
    if (request.url.startsWith('/api/'))
      return reply.code(404).type('application/problem+json').send(problem(404, 'Not found'));
    return render(
      request,
      reply,
      'error.njk',
      {
        pageTitle: 'Page not found',
        heading: 'Page not found',
        paragraphs: [
          'If you typed the web address, check it is correct.',
          'If you pasted the web address, check you copied the entire address.',
        ],
      },
      404,
    );
  });

  app.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const api = request.url.startsWith('/api/');
    if (error instanceof SecondFactorCheckNeeded && !api)
      return reply.redirect(`/second-factor/check?next=${encodeURIComponent(error.next)}`);
    const refused = describeRefusal(error, request);
    if (refused) {
      if (api)
        return reply
          .code(refused.status)
          .type('application/problem+json')
          .send(problem(refused.status, refused.detail, refused.errors ? { errors: refused.errors } : {}));
      return render(
        request,
        reply,
        'error.njk',
        { pageTitle: refused.heading, heading: refused.heading, paragraphs: refused.paragraphs },
        refused.status,
      );
    }
    let status = error instanceof UserFacingError ? error.statusCode : (error.statusCode ?? 500);
    let heading = error instanceof UserFacingError ? error.title : 'Sorry, there is a problem with the service';
    let paragraphs =
      error instanceof UserFacingError
        ? [error.message]
        : ['Try again later. If it keeps happening, tell your school administrator the time it happened.'];
    if (error.code === 'FST_CSRF_MISSING_SECRET' || error.code === 'FST_CSRF_INVALID_TOKEN') {
      status = 403;
      heading = 'This form has expired';
      paragraphs = [
        'For your security, forms stop working after a while or after you sign in again. Go back, refresh the page and try again.',
      ];
    } else if (status === 429) {
      heading = 'Too many attempts';
      paragraphs = ['You have tried too many times in a short while. Wait a minute, then try again.'];
    } else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) {
      status = 413;
      heading = 'The file or form is too large';
      paragraphs = [`Upload a file smaller than ${config.uploadLimitMb} MB.`];
    } else if (status === 400 && !(error instanceof UserFacingError)) {
      heading = 'There is a problem with what was sent';
      paragraphs = ['The form could not be read. Go back, refresh the page and try again.'];
    } else if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      if (process.env.PW_DEBUG) console.error(error);
      status = 500;
    }
    if (api)
      return reply
        .code(status)
        .type('application/problem+json')
        .send(problem(status, status === 500 ? 'Internal error' : error.message));
    return render(request, reply, 'error.njk', { pageTitle: heading, heading, paragraphs }, status);
  });

  const moduleContext: ModuleContext = { ...deps, render, sessions };
  await registerPlatformRoutes(app, moduleContext);
  await registerAuthRoutes(app, moduleContext);
  await registerSecondFactorRoutes(app, moduleContext);
  await registerProviderRoutes(app, moduleContext);
  await registerSessionRoutes(app, moduleContext);
  await registerDirectory(app, moduleContext);
  await registerPolicies(app, moduleContext);
  await registerAccounts(app, moduleContext);
  await registerPublishing(app, moduleContext);
  await registerIncidents(app, moduleContext);
  await registerGovernance(app, moduleContext);
  await registerInbox(app, moduleContext);
  await registerPersonalUse(app, moduleContext);
  await registerOversight(app, moduleContext);
  await registerMonitoring(app, moduleContext);
  await registerMentions(app, moduleContext);
  await registerApi(app, moduleContext);
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    render: Render;
    routeAccess: Map<string, Access>;
    isSetupComplete: () => Promise<boolean>;
  }
}

export type { FastifyReply, FastifyRequest };
