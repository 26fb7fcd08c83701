// Sends a rendered page with validators and cache headers suited to a CDN; answers 304 when
// the client already holds the same bytes.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CachedPage } from './page-cache.ts';

const CACHE_CONTROL: Record<number, string> = {
  200: 'public, max-age=60, stale-while-revalidate=300',
  410: 'public, max-age=300',
};

/** The response headers of a cached page, built once when the page is cached. */
export function pageHeaders(page: { status: number; etag: string; lastModified: string | null; contentType?: string }): Record<string, string> {
  return {
    'content-type': page.contentType ?? 'text/html; charset=utf-8',
    etag: page.etag,
    'cache-control': CACHE_CONTROL[page.status] ?? 'no-cache',
    ...(page.lastModified ? { 'last-modified': new Date(page.lastModified).toUTCString() } : {}),
  };
}

export function sendPage(request: FastifyRequest, reply: FastifyReply, page: CachedPage): FastifyReply {
  const gzip = page.gzip && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '') ? page.gzip : null;
  const headers = gzip?.headers ?? page.headers;
  reply.headers(headers);
  const etag = headers.etag ?? page.etag;
  const inm = request.headers['if-none-match'];
  if (inm && (inm === etag || inm.split(/\s*,\s*/).includes(etag))) {
    return reply.code(304).send();
  }
  return reply.code(page.status).send(gzip?.body ?? page.body);
}
