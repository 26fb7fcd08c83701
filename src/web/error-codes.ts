// What an error thrown during a request stands for: the HTTP status and the stable code, for
// the site's error pages and the JSON API alike. Our own errors carry both; Fastify's (a body too
// large, a failed schema check) and the database's (unreachable) are mapped here, once.
import type { FastifyError } from 'fastify';
import { AppError, type ErrorCode } from '../errors.ts';
import { isDatabaseUnavailable } from '../storage/index.ts';

export function classifyError(error: FastifyError | Error): { status: number; code: ErrorCode } {
  if (error instanceof AppError) return { status: error.status, code: error.code };
  if ('validation' in error && error.validation) return { status: 400, code: 'VALIDATION_FAILED' };
  if (isDatabaseUnavailable(error)) return { status: 503, code: 'DATABASE_UNAVAILABLE' };
  const given = (error as FastifyError).statusCode;
  const status = typeof given === 'number' && given >= 400 && given < 500 ? given : 500;
  const code: ErrorCode = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 404 ? 'NOT_FOUND' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL';
  return { status, code };
}
