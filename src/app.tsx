// buildApp(config, database, options) → a Fastify instance, not yet listening: server.ts listens, tests inject().
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Config } from './config.ts';
import { AppError } from './errors.ts';
import { databaseAttemptCounter, ensureWritableDir, openRedis, type DbHandle } from './storage/index.ts';
import { bruteForceGuard } from './modules/accounts/index.ts';
import { loadAssets } from './web/assets.ts';
import { PageCache } from './web/page-cache.ts';
import { metrics } from './web/plugins/metrics.ts';
import { securityHeaders } from './web/plugins/security-headers.ts';
import { createConversation } from './modules/comments/index.ts';
import type { ToxicityScorer } from './modules/moderation/index.ts';
import { EventBus } from './modules/events/index.ts';
import { commentEmails, fileOutbox, smtpMailer, subscribeCommentEmails, type Mailer } from './modules/notify/index.ts';
import { LiveComments } from './web/live-comments.tsx';
import { forms } from './web/plugins/forms.ts';
import { rateLimits } from './web/plugins/rate-limit.ts';
import { siteSecret } from './modules/settings/index.ts';
import { registerAreas } from './web/areas.ts';
import { classifyError } from './web/error-codes.ts';
import { formProblem } from './web/form-schema.ts';
import { SiteContext } from './web/site-context.ts';
import { SignInRequired } from './web/session.ts';
import { StampCache } from './web/stamp-cache.ts';
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

export async function buildApp(config: Config, database: DbHandle, options: AppOptions = {}): Promise<BuiltApp> {
  // Every folder the site writes to is checked at start, so a bad one is one line now, not an
  // error (or a hang under /proc) at the first upload or email.
  if (!options.mailer && !config.smtpUrl) ensureWritableDir(config.outboxDir, 'MASTHEAD_OUTBOX_DIR');
  const mailer = options.mailer ?? (config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom) : fileOutbox(config.outboxDir, config.mailFrom));
  const app = Fastify({
    logger: { level: config.logLevel, ...(options.logStream ? { stream: options.logStream } : {}) },
    // Access logs belong to the proxy in front; the app logs what goes wrong.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    frameworkErrors: (error, request, reply) => {
      void sendError(request, reply, 400, error.message);
    },
  });

  const assets = loadAssets();
  const stylesheet = assets.get('site.css');
  const liveScript = assets.get('live-comments.js');
  const favicon = assets.get('favicon.svg');
  if (!stylesheet || !liveScript || !favicon) throw new Error('web/assets/site.css, live-comments.js or favicon.svg is missing');
  const site = new SiteContext(config.publicUrl, { stylesheet: stylesheet.url, favicon: favicon.url, scripts: { liveComments: liveScript.url } });
  // With REDIS_URL, live updates and rate limits go through Redis; otherwise through the database.
  const redis = config.redisUrl ? await openRedis(config.redisUrl, config.redisPrefix) : null;
  if (redis) app.addHook('onClose', () => redis.close());
  const live = new LiveComments(database.db, redis?.broadcast ?? database.broadcast, () => site.lastKnown().timeZone);
  const contentStamps = new StampCache<string>(config.stampTtlMs);
  // Any process's change to a thread (heard over the broadcast) makes the next page fresh at once.
  live.onEvent = (event) => contentStamps.forget(`thread:${event.storyId}`);
  const events = new EventBus((error, event) => app.log.warn({ err: error, event: event.type }, 'an event handler failed'));
  events.on('thread.changed', (event) => {
    contentStamps.forget(`thread:${event.storyId}`);
    live.publish(event);
  });
  subscribeCommentEmails(events, commentEmails({ db: database.db, mailer, publicUrl: config.publicUrl, siteName: () => site.lastKnown().settings.siteName }));
  const web: WebContext = {
    config,
    db: database.db,
    cache: new PageCache(config.pageCacheBytes),
    site,
    storyStamps: new StampCache(config.stampTtlMs),
    contentStamps,
    conversation: createConversation({
      db: database.db,
      events,
      // Word-list edits on another process show as soon as cached pages would.
      wordListTtlMs: config.stampTtlMs,
      ...(options.scorer ? { scorer: options.scorer } : {}),
    }),
    live,
    guard: bruteForceGuard(redis?.attempts ?? databaseAttemptCounter(database.db)),
    events,
    mailer,
    assets,
  };
  await live.start();
  // Before the server stops accepting: open event streams would otherwise hold close() open.
  app.addHook('preClose', () => live.stop());

  function sendError(request: FastifyRequest, reply: FastifyReply, status: number, detail: string | null) {
    reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store');
    if (status === 503) reply.header('retry-after', '30');
    if (request.method === 'HEAD') return reply.send();
    return reply.send(renderDocument(<ErrorPage ctx={web.site.lastKnown()} status={status} detail={detail} />));
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
  securityHeaders(app, { https: config.publicUrl.startsWith('https:') });
  metrics(app);
  await forms(app, { secret: await siteSecret(database.db, 'csrf'), publicUrl: config.publicUrl });
  await rateLimits(app, { enabled: config.httpRateLimit, redis: redis?.client ?? null, prefix: config.redisPrefix });

  ensureWritableDir(config.mediaDir, 'MASTHEAD_MEDIA_DIR');
  await app.register(fastifyStatic, {
    root: config.mediaDir,
    prefix: '/media/',
    // Media file names carry their content hash, so they never change.
    maxAge: '365d',
    immutable: true,
    index: false,
    list: false,
  });

  await registerAreas(app, web);
  return { app, web };
}
