// The media library for reporters and editors: every picture and video, searched by caption and
// credit, described once for every story that shows it, and reused on any story. Uploads are
// streamed to disk (web/uploads.ts; a video may be 500 MB); the role and the CSRF token are
// checked before the body is read.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fastifyMultipart from '@fastify/multipart';
import { AppError, NotFoundError } from '../../errors.ts';
import type { User } from '../../modules/accounts/index.ts';
import { getLibraryItem, listLibrary, loadMedia, MAX_VIDEO_BYTES } from '../../modules/media/index.ts';
import { mediaPreview } from '../views/partials/media-shown.tsx';
import { canWriteStory, describeMedia, getDeskStory, setPosterFromUpload, uploadToLibrary, useLibraryPhoto } from '../../modules/stories/index.ts';
import { defineArea } from '../areas.ts';
import { formBody } from '../form-schema.ts';
import { csrfToken } from '../plugins/forms.ts';
import { requireRole, staffOf, WRITERS } from '../session.ts';
import { MediaItemPage, MediaLibraryPage } from '../views/desk/media.tsx';
import { renderDocument } from '../views/layout.tsx';
import { discardUpload, receiveUpload } from '../uploads.ts';

const ID = '^[0-9a-z][0-9a-z-]{0,63}$';
/** The rich editor's uploads ask for JSON; a plain form gets the page. */
const wantsJson = (request: FastifyRequest) => (request.headers.accept ?? '').startsWith('application/json');
const idParams = { type: 'object', properties: { id: { type: 'string', pattern: ID } }, required: ['id'] } as const;
const WORDS_FORM = formBody({ caption: 1200, credit: 400, alt: 1200, rights: 400 });
const USE_FORM = formBody({ media: 64 });
const DONE: Record<string, string> = { added: 'Added to the library.', saved: 'Saved: every story with it shows the new words.', poster: 'Saved: the video shows the new poster picture.' };

export const area = defineArea('media', async (app) => {
  const forms = app.withTypeProvider<TypeBoxTypeProvider>();
  const page = (reply: FastifyReply, node: preact.VNode, status = 200) =>
    reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(renderDocument(node));
  const writers = { preHandler: requireRole(app, WRITERS) };
  const actorOf = (user: User) => ({ id: user.id, name: user.displayName, role: user.role });
  const desk = () => ({ db: app.db, events: app.events, mediaDir: app.config.mediaDir });

  async function libraryPage(request: FastifyRequest, reply: FastifyReply, options: { error?: string; status?: number } = {}) {
    const { q = '', cursor, for: forId, done } = request.query as { q?: string; cursor?: string; for?: string; done?: string };
    const user = staffOf(request);
    const story = forId && new RegExp(ID).test(forId) ? await getDeskStory(app.db, forId) : null;
    // Offered only where this person may change the story's photo (the module checks again).
    const forStory = story && story.sourceName === null && canWriteStory(user, story) ? { id: story.id, headline: story.headline } : null;
    const [ctx, list] = await Promise.all([app.site.load(app.db), listLibrary(app.db, { q: q.slice(0, 200), cursor: cursor?.slice(0, 300) })]);
    return page(
      reply,
      <MediaLibraryPage ctx={ctx} role={user.role} csrf={csrfToken(request, reply)} items={list.items} next={list.next} q={q.slice(0, 200)} forStory={forStory} flash={DONE[done ?? ''] ?? null} error={options.error ?? null} />,
      options.status,
    );
  }

  app.get('/desk/media', writers, (request, reply) => libraryPage(request, reply));

  // The rich editor's picker: the library's first page, as JSON.
  app.get('/desk/media/pick', writers, async (request, reply) => {
    const { q = '' } = request.query as { q?: string };
    const list = await listLibrary(app.db, { q: q.slice(0, 200) });
    return reply.header('cache-control', 'no-store').send({ items: list.items.map((m) => ({ id: m.id, ...mediaPreview(m) })) });
  });

  // Limits are set per form by receiveUpload.
  await app.register(fastifyMultipart);
  const receive = (request: FastifyRequest, fileFields: string[]) => receiveUpload(request, { mediaDir: app.config.mediaDir, fileFields, maxBytes: MAX_VIDEO_BYTES });

  app.post('/desk/media', { onRequest: requireRole(app, WRITERS) }, async (request, reply) => {
    try {
      const upload = await receive(request, ['file', 'poster']);
      const file = upload.files.find((f) => f.field === 'file');
      const poster = upload.files.find((f) => f.field === 'poster');
      if (!file) {
        await discardUpload(upload);
        throw new AppError('UPLOAD_INVALID', 'Choose a picture or a video to upload.');
      }
      const words = { caption: upload.fields.caption ?? '', credit: upload.fields.credit ?? '', altText: upload.fields.alt ?? '', rights: upload.fields.rights ?? '' };
      const { mediaId, posterRefused } = await uploadToLibrary(desk(), actorOf(staffOf(request)), { path: file.path, ...words }, poster?.path);
      if (wantsJson(request)) {
        const media = (await loadMedia(app.db, [mediaId])).get(mediaId);
        return reply.code(201).header('cache-control', 'no-store').send({ media: media ? { id: mediaId, ...mediaPreview(media) } : { id: mediaId } });
      }
      if (posterRefused) return itemPage(request, reply, mediaId, { error: `The video is in the library, but not its poster picture: ${posterRefused.message}`, status: 201 });
      return reply.redirect(`/desk/media/${mediaId}?done=added`, 303);
    } catch (error) {
      if (error instanceof AppError && error.status < 500) {
        if (wantsJson(request)) return reply.code(error.status).header('cache-control', 'no-store').send({ error: { code: error.code, message: error.message } });
        return libraryPage(request, reply, { error: error.message, status: error.status });
      }
      throw error;
    }
  });

  app.post('/desk/media/:id/poster', { onRequest: requireRole(app, WRITERS), schema: { params: idParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    try {
      const upload = await receive(request, ['poster']);
      const poster = upload.files[0];
      if (!poster) throw new AppError('UPLOAD_INVALID', 'Choose a picture for the poster.');
      await setPosterFromUpload(desk(), actorOf(staffOf(request)), id, poster.path);
      return reply.redirect(`/desk/media/${id}?done=poster`, 303);
    } catch (error) {
      if (error instanceof AppError && error.status < 500) return itemPage(request, reply, id, { error: error.message, status: error.status });
      throw error;
    }
  });

  async function itemPage(request: FastifyRequest, reply: FastifyReply, id: string, options: { values?: { caption: string; credit: string; alt: string; rights: string }; error?: string; status?: number } = {}) {
    const [ctx, media] = await Promise.all([app.site.load(app.db), getLibraryItem(app.db, id)]);
    if (!media) throw new NotFoundError('There is no such item in the library.');
    const done = (request.query as { done?: string }).done ?? '';
    const values = options.values ?? { caption: media.caption ?? '', credit: media.credit ?? '', alt: media.altText ?? '', rights: media.rights ?? '' };
    return page(reply, <MediaItemPage ctx={ctx} role={staffOf(request).role} csrf={csrfToken(request, reply)} media={media} values={values} flash={DONE[done] ?? null} error={options.error ?? null} />, options.status);
  }

  app.get('/desk/media/:id', { ...writers, schema: { params: idParams } }, (request, reply) => itemPage(request, reply, (request.params as { id: string }).id));

  forms.post('/desk/media/:id', { ...writers, schema: { params: idParams, body: WORDS_FORM } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const values = { caption: request.body.caption ?? '', credit: request.body.credit ?? '', alt: request.body.alt ?? '', rights: request.body.rights ?? '' };
    try {
      await describeMedia(desk(), actorOf(staffOf(request)), id, { caption: values.caption, credit: values.credit, altText: values.alt, rights: values.rights });
      return reply.redirect(`/desk/media/${id}?done=saved`, 303);
    } catch (error) {
      if (error instanceof AppError && error.status < 500) return itemPage(request, reply, id, { values, error: error.message, status: error.status });
      throw error;
    }
  });

  forms.post('/desk/stories/:id/photo-from-library', { ...writers, schema: { params: idParams, body: USE_FORM } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    try {
      await useLibraryPhoto(desk(), actorOf(staffOf(request)), id, request.body.media ?? '');
      return reply.redirect(`/desk/stories/${id}?done=photo`, 303);
    } catch (error) {
      if (error instanceof AppError && error.status < 500) return libraryPage(request, reply, { error: error.message, status: error.status });
      throw error;
    }
  });
});
