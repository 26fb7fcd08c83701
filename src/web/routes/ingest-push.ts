// POST /ingest/:source — a wire pushes a payload (any format) with its per-source secret.
// The answer says what became of every item, as JSON.
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  findSourceBySlug,
  httpPictureFetcher,
  ingestPayload,
  MAX_PAYLOAD_BYTES,
  pushSecretMatches,
} from '../../modules/ingest/index.ts';
import { MAX_IMAGE_BYTES } from '../../modules/media/index.ts';
import { storyPath } from '../views/urls.ts';
import type { WebContext } from '../web-context.ts';
import { slugParams } from './schemas.ts';

function problem(reply: FastifyReply, status: number, error: string) {
  return reply.code(status).header('cache-control', 'no-store').send({ error });
}

export async function ingestPushRoutes(app: FastifyInstance, web: WebContext): Promise<void> {
  await app.register(async (scope) => {
    // Payloads arrive as XML, JSON or anything else; they are read as raw bytes.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_PAYLOAD_BYTES }, (_request, body, done) => done(null, body));
    scope.setErrorHandler((error: { statusCode?: number; message: string; validation?: unknown }, request, reply) => {
      const status = error.validation ? 400 : error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
      if (status >= 500) request.log.error({ err: error }, 'push ingest failed');
      return problem(reply, status, status === 413 ? `the payload is larger than ${MAX_PAYLOAD_BYTES} bytes` : status >= 500 ? 'the payload could not be stored; send it again' : error.message);
    });

    scope.post<{ Params: { slug: string } }>('/ingest/:slug', { schema: { params: slugParams } }, async (request, reply) => {
      const source = await findSourceBySlug(web.db, request.params.slug);
      if (!source) return problem(reply, 404, `no source "${request.params.slug}"`);
      const header = request.headers.authorization;
      const presented = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
      if (!pushSecretMatches(source, presented)) {
        return problem(reply.header('www-authenticate', 'Bearer'), 401, 'a valid push secret for this source is required');
      }
      const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const report = await ingestPayload(
        { db: web.db, mediaDir: web.config.mediaDir },
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
            url: item.slug ? `${web.config.publicUrl}${storyPath(item.slug)}` : null,
            reason: item.reason ?? (item.warnings.length ? item.warnings.join('; ') : null),
          })),
        });
    });
  });
}
