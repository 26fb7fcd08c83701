// Headers on every response. The strict CSP (no inline script, no third parties) backs up the
// output escaping: even a missed hole cannot run a script. The one third party allowed is a
// video player in a frame, and only once a reader presses play (partials/story-body.tsx).
import type { FastifyInstance } from 'fastify';
import { EMBED_FRAME_ORIGINS } from '../../modules/text/index.ts';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  `frame-src ${EMBED_FRAME_ORIGINS.join(' ')}`,
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(app: FastifyInstance, options: { https: boolean }): void {
  const headers: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
    'cross-origin-opener-policy': 'same-origin',
    ...(options.https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
  // A callback hook, not an async one: it runs on every response, cached pages included.
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.headers(headers);
    // A route may set a policy of its own, only ever stricter (the desk's sandboxed email preview).
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', CSP);
    done(null, payload);
  });
}
