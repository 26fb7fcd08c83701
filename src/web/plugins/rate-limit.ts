// Per-address limits at the HTTP edge, in front of the per-account rules of the modules (the
// brute-force guard, the pipeline's rate limit and slow mode): a flood from one address is
// refused before its body is read or its password hashed. Counters live in Redis when REDIS_URL
// is set, so every process shares them; otherwise in each process's memory.
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { AppError } from '../../errors.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Requests per address in each window: a flood guard, looser than the modules' own per-address
 * rules (sign-in 30 per 15 minutes, resets 10 an hour), whose messages readers see first. */
export const HTTP_LIMITS = {
  signIn: { max: 60, timeWindow: 15 * MINUTE },
  signUp: { max: 20, timeWindow: HOUR },
  reset: { max: 40, timeWindow: HOUR },
  resend: { max: 20, timeWindow: HOUR },
  comment: { max: 60, timeWindow: MINUTE },
  report: { max: 30, timeWindow: 10 * MINUTE },
  push: { max: 600, timeWindow: MINUTE },
  newsletter: { max: 20, timeWindow: HOUR },
  // The tips module's own limit (10 an hour with the browser check, 3 without) speaks first.
  tip: { max: 30, timeWindow: HOUR },
  // Receipt codes are 70 bits; this only keeps a guesser from loading the server.
  tipStatus: { max: 60, timeWindow: 10 * MINUTE },
} as const;

export type LimitName = keyof typeof HTTP_LIMITS;

/** Route options for a limited route: `app.post(url, { ...limited('signIn') }, handler)`; `config` adds the route's other settings. */
export const limited = <C extends object>(name: LimitName, config?: C) => ({
  config: { ...config, rateLimit: { ...HTTP_LIMITS[name], keyGenerator: (request: { ip: string }) => `${name}:${request.ip}` } },
});

export async function rateLimits(app: FastifyInstance, options: { enabled: boolean; redis: Redis | null; prefix: string }): Promise<void> {
  if (!options.enabled) return;
  await app.register(fastifyRateLimit, {
    global: false,
    ...(options.redis ? { redis: options.redis, nameSpace: `${options.prefix}http-limit:` } : {}),
    errorResponseBuilder: (_request, context) =>
      new AppError('RATE_LIMITED', `Too many requests from your network. Try again in ${context.after}.`),
  });
}
