// buildApp(config, database, options) → a Fastify instance, not yet listening: server.ts listens, tests inject().
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Config } from './config.ts';
import { AppError, BadRequestError } from './errors.ts';
import { ensureWritableDir, type DbHandle } from './storage/index.ts';
import { metrics } from './web/plugins/metrics.ts';
import { securityHeaders } from './web/plugins/security-headers.ts';
import type { ToxicityScorer } from './modules/moderation/index.ts';
import type { Mailer } from './modules/notify/index.ts';
import { forms } from './web/plugins/forms.ts';
import { rateLimits } from './web/plugins/rate-limit.ts';
import { siteSecret } from './modules/settings/index.ts';
import { registerAreas } from './web/areas.ts';
import { registerServices } from './web/services.ts';
import { classifyError } from './web/error-codes.ts';
import { formProblem } from './web/form-schema.ts';
import { SignInRequired } from './web/session.ts';
import { renderDocument } from './web/views/layout.tsx';
import { ErrorPage } from './web/views/pages.tsx';
import type { WebContext } from './web/web-context.ts';

export interface BuiltApp {
  app: FastifyInstance;
  web: WebContext;
}

export interface AppOptions {
  mailer?: Mailer;
  /** Where logs go (stdout by default); tests read them. */
  logStream?: NodeJS.WritableStream;
  /** Replaces the toxicity scorer chosen from settings (benchmarks). */
  scorer?: ToxicityScorer;
}

/** The `hops` nearest proxies are trusted (proxy-addr asks hop by hop, nearest first). */
const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

export async function buildApp(config: Config, database: DbHandle, options: AppOptions = {}): Promise<BuiltApp> {
  const app = Fastify({
    logger: { level: config.logLevel, ...(options.logStream ? { stream: options.logStream } : {}) },
    // Access logs belong to the proxy in front; the app logs what goes wrong.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    // A client that trickles a request in (a byte every few seconds) is cut off: without it a
    // few dozen stalled uploads hold their buffers for minutes.
    requestTimeout: config.requestTimeoutMs,
    // Behind a reverse proxy every request comes from the proxy: with TRUST_PROXY its
    // X-Forwarded-For names the reader, so per-address limits count readers, not the proxy.
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    // Node checks those deadlines every 30 s by default; every second keeps them near their word.
    http: { connectionsCheckingInterval: 1000, ...(config.requestTimeoutMs > 0 ? { headersTimeout: Math.min(config.requestTimeoutMs, 60_000) } : {}) },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    frameworkErrors: (error, request, reply) => {
      void sendError(request, reply, 400, error.message);
    },
  });

  // The shared services, each a named plugin in web/services/ decorating this instance.
  await registerServices(app, { config, database, mailer: options.mailer, scorer: options.scorer });
  const web: WebContext = app;

  function sendError(request: FastifyRequest, reply: FastifyReply, status: number, detail: string | null) {
    reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store');
    if (status === 503) reply.header('retry-after', '30');
    if (request.method === 'HEAD') return reply.send();
    return reply.send(renderDocument(<ErrorPage ctx={app.site.lastKnown()} status={status} detail={detail} />));
  }

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof SignInRequired && request.method === 'GET') {
      return reply.redirect(`/account/sign-in?next=${encodeURIComponent(error.next)}`, 303);
    }
    const { status, code } = classifyError(error);
    if (status >= 500) request.log.error({ err: error, code, url: request.url }, 'request failed');
    else request.log.debug({ code, url: request.url }, 'request refused');
    const exposed = error instanceof AppError ? error.expose : status === 400;
    // The validator's own sentences ("params/slug must match pattern …") are not for readers.
    const detail =
      code === 'VALIDATION_FAILED' && !(error instanceof AppError)
        ? error.validationContext === 'body'
          ? formProblem(error)
          : 'The address has a part this site cannot read.'
        : exposed && status !== 404
          ? error.message
          : null;
    return sendError(request, reply, status, detail);
  });
  app.setNotFoundHandler((request, reply) => sendError(request, reply, 404, null));

  app.decorateRequest('staff', null);
  // A NUL byte anywhere in the address (a query filter, a token, a cursor) is refused here, on
  // both engines alike: PostgreSQL cannot store or compare text holding one, and answered 500
  // (security review #10.15). Form bodies are checked by their schemas.
  app.addHook('onRequest', async (request) => {
    if (/%00/i.test(request.url) || request.url.includes('\u0000')) throw new BadRequestError('The address has a part this site cannot read.');
  });
  securityHeaders(app, { https: config.publicUrl.startsWith('https:') });
  metrics(app, { token: config.metricsToken, allow: config.metricsAllow });
  await forms(app, { secret: await siteSecret(database.db, 'csrf'), publicUrl: config.publicUrl });
  await rateLimits(app, { enabled: config.httpRateLimit, redis: app.redis?.client ?? null, prefix: config.redisPrefix });

  ensureWritableDir(config.mediaDir, 'MASTHEAD_MEDIA_DIR');
  await app.register(fastifyStatic, {
    root: config.mediaDir,
    prefix: '/media/',
    // Media file names carry their content hash, so they never change.
    maxAge: '365d',
    immutable: true,
    index: false,
    list: false,
    // Originals keep what the camera wrote (EXIF, GPS): only the renditions, which sharp writes
    // without metadata, are served.
    allowedPath: (pathName) => !pathName.startsWith('/originals/'),
  });

  await registerAreas(app);
  return { app, web };
}
