// The only reader of process.env. Everything else receives a validated, frozen Config.
import path from 'node:path';
import { ConfigError } from './errors.ts';

export type DatabaseConfig =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string };

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly database: DatabaseConfig;
  readonly demo: boolean;
  readonly publicUrl: string;
  readonly dataDir: string;
  readonly mediaDir: string;
  /** Where outgoing email is written until SMTP is configured. */
  readonly outboxDir: string;
  /** The keys that seal tips: a file outside the data directory (made on first start if missing). */
  readonly tipKeyFile: string;
  /** Where tips' sealed attachments are kept (never under the public media folder). */
  readonly tipsDir: string;
  /** Days a closed tip (used, declined, duplicate, spam) and its files are kept before deletion. */
  readonly tipRetentionDays: number;
  readonly logLevel: string;
  /** Rendered pages kept in memory; 0 turns the page cache off. */
  /** Memory for rendered pages and their parts, in bytes (0 turns the cache off). */
  readonly pageCacheBytes: number;
  /** How long a page's freshness check is reused, in ms: the most a page can lag a change. */
  readonly stampTtlMs: number;
  /** smtp:// or smtps:// URL of the mail server; null writes mail to outboxDir instead. */
  readonly smtpUrl: string | null;
  /** The From address of outgoing mail. */
  readonly mailFrom: string;
  /** How long a sending process holds the outbox rows it took; a process that dies frees them after this. */
  readonly emailLeaseMs: number;
  /** How often each process looks for email to send, in ms. */
  readonly emailIntervalMs: number;
  /** redis:// URL: live updates and rate limits go through Redis instead of the database. */
  readonly redisUrl: string | null;
  /** Starts every Redis key and channel, so several sites can share one Redis. */
  readonly redisPrefix: string;
  /** Per-address limits on sign-in, sign-up, resets, comment posting and push ingest. */
  readonly httpRateLimit: boolean;
  /** The longest a client may take to send a whole request (headers and body), in ms. */
  readonly requestTimeoutMs: number;
  /** A bearer token that opens /metrics; without one, only metricsAllow's addresses may read it. */
  readonly metricsToken: string | null;
  readonly metricsAllow: string[];
  /** The toxicity scorer may be on the station's own network (loopback, private addresses). */
  readonly scorerAllowPrivate: boolean;
  /** Which proxies' X-Forwarded-For is believed (see parseTrustProxy). */
  readonly trustProxy: TrustProxy;
}

function parseOnOff(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on') return true;
  if (raw === 'off') return false;
  throw new ConfigError(`${name} must be on or off, got "${raw}"`);
}

/**
 * TRUST_PROXY, as Fastify's trustProxy takes it: off (the default: the connecting address is
 * the reader's), a hop count ("1": one proxy in front), or a list of proxy addresses and
 * networks ("127.0.0.1,10.0.0.0/8") whose X-Forwarded-For is believed.
 */
export type TrustProxy = false | number | string[];

function parseTrustProxy(raw: string | undefined): TrustProxy {
  if (raw === undefined || raw.trim() === '' || raw.trim() === 'off') return false;
  const value = raw.trim();
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops < 1 || hops > 10) throw new ConfigError(`TRUST_PROXY as a hop count must be 1 to 10, got "${raw}"`);
    return hops;
  }
  const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
  const address = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f:]+)(?:\/\d{1,3})?$/i;
  for (const entry of entries) {
    if (!address.test(entry)) throw new ConfigError(`TRUST_PROXY must be off, a hop count or a list of proxy addresses, got "${entry}"`);
  }
  return entries;
}

function parseRedisPrefix(raw: string | undefined): string {
  if (raw === undefined || raw === '') return 'masthead:';
  if (!/^[\w:.-]{1,64}$/.test(raw)) throw new ConfigError(`REDIS_PREFIX may use letters, digits and _ : . - (up to 64), got "${raw}"`);
  return raw;
}

function parseServiceUrl(name: string, raw: string | undefined, schemes: string[]): string | null {
  if (raw === undefined || raw === '') return null;
  try {
    const url = new URL(raw);
    if (!schemes.includes(url.protocol.replace(/:$/, ''))) throw new Error('scheme');
    return raw;
  } catch {
    throw new ConfigError(`${name} must be a ${schemes.map((s) => `${s}://`).join(' or ')} URL, got "${redactUrl(raw)}"`);
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function parsePort(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`PORT must be a whole number from 0 to 65535, got "${raw}"`);
  const port = Number(raw);
  if (port > 65535) throw new ConfigError(`PORT must be a whole number from 0 to 65535, got "${raw}"`);
  return port;
}

export function parseDatabaseUrl(raw: string | undefined, dataDir: string): DatabaseConfig {
  if (raw === undefined || raw === '') return { kind: 'sqlite', file: path.join(dataDir, 'masthead.db') };
  if (raw.startsWith('sqlite:')) {
    const file = raw.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (file === '') throw new ConfigError('DATABASE_URL "sqlite:" needs a file path, e.g. sqlite:data/masthead.db');
    return { kind: 'sqlite', file: file === ':memory:' ? file : path.resolve(file) };
  }
  if (raw.startsWith('postgres://') || raw.startsWith('postgresql://')) {
    try {
      const url = new URL(raw);
      if (!url.hostname && !url.searchParams.get('host')) throw new Error('no host');
    } catch {
      throw new ConfigError(`DATABASE_URL is not a valid PostgreSQL URL: "${redactUrl(raw)}"`);
    }
    return { kind: 'postgres', url: raw };
  }
  throw new ConfigError(
    `DATABASE_URL must start with sqlite: or postgres://, got "${redactUrl(raw)}"`,
  );
}

/** Hides a password so URLs can be printed in errors and logs. */
export function redactUrl(raw: string): string {
  return raw.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}

function parseDemo(raw: string | undefined): boolean {
  if (raw === undefined || raw === '') return true;
  const value = raw.toLowerCase();
  if (['on', 'true', '1', 'yes'].includes(value)) return true;
  if (['off', 'false', '0', 'no'].includes(value)) return false;
  throw new ConfigError(`MASTHEAD_DEMO must be "on" or "off", got "${raw}"`);
}

function parsePublicUrl(raw: string | undefined, port: number): string {
  const value = raw && raw !== '' ? raw : `http://localhost:${port === 0 ? 3000 : port}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an absolute http(s) URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`PUBLIC_URL must be an absolute http(s) URL, got "${value}"`);
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

function parseNonNegativeInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  return Number(raw);
}

const inside = (file: string, dir: string) => {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
};

/** The tip keys never sit beside what they protect: a copy of the data folder must not carry them. */
function checkTipKeyPlace(config: Config): void {
  for (const [dir, name] of [[config.dataDir, 'MASTHEAD_DATA_DIR'], [config.mediaDir, 'MASTHEAD_MEDIA_DIR'], [config.tipsDir, 'MASTHEAD_TIPS_DIR']] as const) {
    if (inside(config.tipKeyFile, dir)) throw new ConfigError(`MASTHEAD_TIP_KEY_FILE (${config.tipKeyFile}) is inside ${name} (${dir}); keep the tip keys outside the folders they protect.`);
  }
}

export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const port = parsePort(env.PORT, 3000);
  const dataDir = path.resolve(env.MASTHEAD_DATA_DIR || 'data');
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const host = env.HOST || '127.0.0.1';
  if (!/^[\w.:-]+$/.test(host)) throw new ConfigError(`HOST must be a host name or address, got "${host}"`);
  const publicUrl = parsePublicUrl(env.PUBLIC_URL, port);
  const config: Config = {
    port,
    host,
    database: parseDatabaseUrl(env.DATABASE_URL, dataDir),
    demo: parseDemo(env.MASTHEAD_DEMO),
    publicUrl,
    dataDir,
    mediaDir: path.resolve(env.MASTHEAD_MEDIA_DIR || path.join(dataDir, 'media')),
    outboxDir: path.resolve(env.MASTHEAD_OUTBOX_DIR || path.join(dataDir, 'outbox')),
    tipKeyFile: path.resolve(env.MASTHEAD_TIP_KEY_FILE || path.join('keys', 'tips.key')),
    tipsDir: path.resolve(env.MASTHEAD_TIPS_DIR || path.join(dataDir, 'tips')),
    tipRetentionDays: parseNonNegativeInt('MASTHEAD_TIP_RETENTION_DAYS', env.MASTHEAD_TIP_RETENTION_DAYS, 90),
    logLevel,
    pageCacheBytes: parseNonNegativeInt('MASTHEAD_PAGE_CACHE_MB', env.MASTHEAD_PAGE_CACHE_MB, 64) * 1024 * 1024,
    stampTtlMs: parseNonNegativeInt('MASTHEAD_STAMP_TTL_MS', env.MASTHEAD_STAMP_TTL_MS, 1000),
    smtpUrl: parseServiceUrl('SMTP_URL', env.SMTP_URL, ['smtp', 'smtps']),
    mailFrom: env.MAIL_FROM || `newsroom@${new URL(publicUrl).hostname}`,
    emailLeaseMs: parseNonNegativeInt('MASTHEAD_EMAIL_LEASE_MS', env.MASTHEAD_EMAIL_LEASE_MS, 300_000),
    emailIntervalMs: parseNonNegativeInt('MASTHEAD_EMAIL_INTERVAL_MS', env.MASTHEAD_EMAIL_INTERVAL_MS, 1000),
    redisUrl: parseServiceUrl('REDIS_URL', env.REDIS_URL, ['redis', 'rediss']),
    redisPrefix: parseRedisPrefix(env.REDIS_PREFIX),
    httpRateLimit: parseOnOff('MASTHEAD_HTTP_RATE_LIMIT', env.MASTHEAD_HTTP_RATE_LIMIT, true),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    scorerAllowPrivate: parseOnOff('MASTHEAD_SCORER_ALLOW_PRIVATE', env.MASTHEAD_SCORER_ALLOW_PRIVATE, false),
    metricsToken: env.MASTHEAD_METRICS_TOKEN ? env.MASTHEAD_METRICS_TOKEN : null,
    metricsAllow: (env.MASTHEAD_METRICS_ALLOW || '127.0.0.1,::1,::ffff:127.0.0.1').split(',').map((a) => a.trim()).filter(Boolean),
    requestTimeoutMs: parseNonNegativeInt('MASTHEAD_REQUEST_TIMEOUT_MS', env.MASTHEAD_REQUEST_TIMEOUT_MS, 60_000),
    ...overrides,
  };
  checkTipKeyPlace(config);
  return Object.freeze(config);
}
