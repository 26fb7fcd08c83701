// One clear line for a command that failed: what went wrong in the operator's terms. Errors the
// product expects (bad settings, a port in use, an unreachable database) need no stack trace.
import { AppError } from '../errors.ts';
import { isDatabaseUnavailable } from '../storage/index.ts';

type SystemError = NodeJS.ErrnoException & { address?: string; port?: number };

export function isExpected(error: unknown): boolean {
  if (error instanceof AppError) return true;
  const code = (error as SystemError | null)?.code ?? '';
  return code.startsWith('ERR_PARSE_ARGS') || ['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL'].includes(code) || isDatabaseUnavailable(error);
}

export function failureLine(error: unknown): string {
  if (error instanceof AppError) return error.message;
  const e = error as SystemError;
  const where = e?.port !== undefined ? `port ${e.port} on ${e.address ?? 'this machine'}` : 'the address';
  switch (e?.code) {
    case 'EADDRINUSE':
      return `${where} is already in use: stop what is using it, or set PORT to another port`;
    case 'EACCES':
      return e.syscall === 'listen' ? `not allowed to listen on ${where}: choose a PORT above 1023, or give the process the right` : `permission denied: ${e.message}`;
    case 'EADDRNOTAVAIL':
      return `${where} is not an address of this machine: check HOST`;
  }
  if (isDatabaseUnavailable(error)) return `the database did not answer (${e instanceof Error ? e.message : String(error)}): check DATABASE_URL and that the server is running`;
  if (e?.code?.startsWith('ERR_PARSE_ARGS')) return e.message;
  return `failed: ${error instanceof Error ? error.message : String(error)}`;
}
