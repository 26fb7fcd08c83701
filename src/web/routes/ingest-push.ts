// POST /ingest/:source — a wire pushes a payload (any format) with its per-source secret.
// The answer says what became of every item, as JSON.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import {
  findSourceBySlug,
  httpPictureFetcher,
  ingestPayload,
  MAX_PAYLOAD_BYTES,
  pushSecretMatches,
} from '../../modules/ingest/index.ts';
import { MAX_IMAGE_BYTES } from '../../modules/media/index.ts';
import { errorBody, statusOfCode, type ErrorCode } from '../../errors.ts';
import { classifyError } from '../error-codes.ts';
import { limited } from '../plugins/rate-limit.ts';
import { storyPath } from '../views/urls.ts';
import { slugParams } from './schemas.ts';
import { defineArea } from '../areas.ts';

function problem(reply: FastifyReply, code: ErrorCode, message: string, status = statusOfCode(code)) {
  return reply.code(status).header('cache-control', 'no-store').send(errorBody(code, message));
}

export const area = defineArea('ingest-push', async (app) => {
  {
    // Payloads arrive as XML, JSON or anything else; they are read as raw bytes.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_PAYLOAD_BYTES }, (_request, body, done) => done(null, body));
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const classified = classifyError(error);
      const status = classified.status;
      // A failure on our side means the payload was not stored: the wire should send it again.
      const code: ErrorCode = status >= 500 ? 'PUSH_NOT_STORED' : classified.code;
      if (status >= 500) request.log.error({ err: error, code }, 'push ingest failed');
      const message =
        code === 'PAYLOAD_TOO_LARGE' ? `the payload is larger than ${MAX_PAYLOAD_BYTES} bytes` : status >= 500 ? 'the payload could not be stored; send it again' : error.message;
      return problem(reply, code, message, status);
    });

    // The source and its secret are checked from the headers, before a byte of the body is
    // read: an unauthenticated sender cannot make the server hold up to 50 MB for it.
    const sources = new WeakMap<object, NonNullable<Awaited<ReturnType<typeof findSourceBySlug>>>>();
    // preParsing: after the rate limit (onRequest) has counted the request, before the body is read.
    const authenticate = async (request: FastifyRequest<{ Params: { slug: string } }>, reply: FastifyReply, payload: NodeJS.ReadableStream) => {
      const source = /^[a-z0-9-]{1,100}$/.test(request.params.slug) ? await findSourceBySlug(app.db, request.params.slug) : null;
      const header = request.headers.authorization;
      const presented = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
      // An unknown source and a wrong secret get the same answer: the endpoint does not say
      // which source names exist.
      if (!source || !pushSecretMatches(source, presented)) {
        // The unread body is not wanted: close the connection once answered.
        reply.header('connection', 'close');
        void problem(reply.header('www-authenticate', 'Bearer'), 'PUSH_BAD_SECRET', 'a valid push secret for this source is required');
        return payload;
      }
      sources.set(request, source);
      return payload;
    };

    // A wire authenticates with its bearer secret and sends no cookies: no CSRF token to check.
    app.post<{ Params: { slug: string } }>('/ingest/:slug', { schema: { params: slugParams }, preParsing: authenticate, ...limited('push', { csrf: false }) }, async (request, reply) => {
      const source = sources.get(request);
      if (!source) throw new Error('push reached its handler without an authenticated source');
      const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const report = await ingestPayload(
        { db: app.db, mediaDir: app.config.mediaDir, events: app.events, log: request.log },
        {
          source,
          bytes,
          transport: 'push',
          origin: request.headers['user-agent'] ?? null,
          fetchPicture: httpPictureFetcher({ allowPrivate: source.allowLocal, maxBytes: MAX_IMAGE_BYTES }),
        },
      );
      return reply
        .code(report.refused ? 422 : 200)
        .header('cache-control', 'no-store')
        .send({
          payload: report.payloadId,
          format: report.format,
          refused: report.refused,
          items: report.items.map((item) => ({
            guid: item.guid,
            version: item.version,
            outcome: item.outcome,
            story: item.storyId,
            url: item.slug ? `${app.config.publicUrl}${storyPath(item.slug)}` : null,
            headline: item.headline,
            reason: item.reason,
            warnings: item.warnings,
          })),
        });
    });
  }
});
