// The newsroom desk: stories, the story editor, the wire queue and the desk log. Reporters,
// editors and admins only (one role hook on the area); what each may do to a story is decided
// by the stories module. Never cached.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fastifyMultipart from '@fastify/multipart';
import { AppError, NotFoundError } from '../../errors.ts';
import type { User } from '../../modules/accounts/index.ts';
import {
  CANONICAL_POLICIES,
  canWriteStory,
  correctStory,
  createDraft,
  getDeskStory,
  isStoryStatus,
  listDeskActors,
  listDeskLog,
  listDeskStories,
  listStoryVersions,
  publishStory,
  releaseStory,
  removeStoryPhoto,
  restoreVersion,
  saveStory,
  setStoryPhoto,
  settleWireUpdate,
  scheduleStory,
  spikeStory,
  StoryEditConflict,
  submitStory,
  unpublishStory,
  withdrawFromDesk,
  WIRE_CHOICES,
  type DeskActor,
  type DeskStory,
  type DeskStoryInput,
  type WireChoice,
  type StoryStatus,
} from '../../modules/stories/index.ts';
import { loadMedia, MAX_IMAGE_BYTES } from '../../modules/media/index.ts';
import { listAllTopics, listNavTopics, NAV_PLACES, setNavigation } from '../../modules/topics/index.ts';
import { listStaffAuthorNames } from '../../modules/authors/index.ts';
import { loadSettings, setSiteImage, settingsProblem, updateSiteSettings, type EditableSettings } from '../../modules/settings/index.ts';
import { SiteSettingsPage } from '../views/desk/site-settings.tsx';
import { csrfToken } from '../plugins/forms.ts';
import { ADMINS, EDITORS, MODERATORS, requireRole, staffOf, WRITERS } from '../session.ts';
import { blocksText, bodyMediaIds, escapeHtml, wordDiff } from '../../modules/text/index.ts';
import { mediaPreview } from '../views/partials/media-shown.tsx';
import { CompareVersionsPage, DeskLogPage, DeskStoriesPage, STATUS_LABELS, EditConflictPage, EditStoryPage, emptyStoryForm, NewStoryPage, storyFormValues, WireQueuePage, type RichEditor, type StoryFormValues } from '../views/desk/stories.tsx';
import { editorBundle } from '../editor-bundle.ts';
import { zonedWallClock } from '../views/format-time.ts';
import { fillSlots, renderAssembled, renderDocument } from '../views/layout.tsx';
import { storyPageParts, StoryShell } from '../views/story.tsx';
import { getStoryBySlug, getStoryVersion } from '../../modules/stories/index.ts';
import { formBody, formProblem } from '../form-schema.ts';
import { Type } from 'typebox';
import { defineArea } from '../areas.ts';

const ID = '^[0-9a-z][0-9a-z-]{0,63}$';
const idParams = { type: 'object', properties: { id: { type: 'string', pattern: ID } }, required: ['id'] } as const;
const STORY_TEXT = formBody({ headline: 300, standfirst: 1000, dateline: 100, body: 60_000, authors: 500, outlet: 120, topic: 120, rights: 300, slug: 200, version: 12, breaking: 2, canonical: 20, majorUpdate: 2 });
// "Also files under" is a row of checkboxes: one value, several, or none.
const TOPIC_SLUG = Type.String({ maxLength: 120, pattern: '^[^\\u0000]*$' });
const STORY_FORM = Type.Object({ ...STORY_TEXT.properties, also: Type.Optional(Type.Union([TOPIC_SLUG, Type.Array(TOPIC_SLUG, { maxItems: 50 })])) });
type StoryForm = Partial<Record<Exclude<keyof StoryFormValues, 'also'>, string>> & { also?: string | string[]; majorUpdate?: string };
const listOf = (value: string | string[] | undefined): string[] => (Array.isArray(value) ? value : value ? [value] : []);
const RESTORE_FORM = formBody({ version: 12 });
const SITE_FORM = formBody({ siteName: 200, tagline: 400, about: 12_000, contactEmail: 254, tipsEmail: 254, contactPhone: 100, contactAddress: 600, timezone: 100, language: 20, brandColour: 20 });
const ACTION_FORM = formBody({ at: 40, reason: 1000, kind: 20, note: 2100 });
const WIRE_UPDATE_FORM = formBody({ version: 12, choice: 10 });
/** Statuses whose edits are not public yet, so the editor may save them by itself. */
const AUTOSAVED: readonly StoryStatus[] = ['draft', 'review'];
const ACTIONS = ['submit', 'publish', 'release', 'schedule', 'unpublish', 'withdraw', 'spike', 'correct'] as const;
type Action = (typeof ACTIONS)[number];
const DONE: Record<Action | 'created' | 'saved' | 'photo' | 'photo-removed' | 'restore' | `wire-${WireChoice}`, string> = {
  created: 'Draft saved.',
  photo: 'Photo saved.',
  'photo-removed': 'Photo removed.',
  saved: 'Saved.',
  submit: 'Submitted to the editors.',
  publish: 'Published.',
  release: 'Published.',
  schedule: 'Scheduled.',
  unpublish: 'Taken off the site; it is a draft again.',
  withdraw: 'Withdrawn: its page now gives readers the reason.',
  spike: 'Spiked: kept, and never shown.',
  correct: 'The note is on the story and on the corrections page.',
  restore: 'The earlier text is now the newest version.',
  'wire-accept': 'The wire’s version is now the story’s text.',
  'wire-merge': 'Merged: the station’s edits are kept with the wire’s other changes.',
  'wire-keep': 'Kept the station’s text; the wire’s version is set aside.',
};

const actorOf = (user: User): DeskActor => ({ id: user.id, name: user.displayName, role: user.role });

function inputOf(form: StoryForm): DeskStoryInput {
  const primary = form.topic ?? '';
  return {
    headline: form.headline ?? '',
    standfirst: form.standfirst ?? '',
    dateline: form.dateline ?? '',
    body: form.body ?? '',
    authors: (form.authors ?? '').split(','),
    outlet: form.outlet ?? '',
    // The primary topic first, then the others it also files under.
    topicSlugs: [primary, ...listOf(form.also).filter((slug) => slug !== primary)].filter(Boolean),
    rightsLine: form.rights ?? '',
    slug: form.slug ?? '',
    breaking: form.breaking === '1',
    canonicalPolicy: CANONICAL_POLICIES.find((p) => p === form.canonical) ?? null,
    majorUpdate: form.majorUpdate === '1',
  };
}

function valuesOf(form: StoryForm): StoryFormValues {
  return {
    headline: form.headline ?? '',
    standfirst: form.standfirst ?? '',
    dateline: form.dateline ?? '',
    body: form.body ?? '',
    authors: form.authors ?? '',
    outlet: form.outlet ?? '',
    topic: form.topic ?? '',
    rights: form.rights ?? '',
    slug: form.slug ?? '',
    also: listOf(form.also).join(','),
    breaking: form.breaking ?? '',
    canonical: form.canonical ?? '',
  };
}

export const area = defineArea('newsroom', async (app) => {
  const forms = app.withTypeProvider<TypeBoxTypeProvider>();
  const page = (reply: FastifyReply, node: preact.VNode, status = 200) =>
    reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(renderDocument(node));
  const flashOf = (request: FastifyRequest) => {
    const { done, conflicts } = request.query as { done?: string; conflicts?: string };
    const message = DONE[done as keyof typeof DONE] ?? null;
    const both = Number(conflicts);
    // A merge that met changes on both sides says so: the station's words stayed there.
    return message && done === 'wire-merge' && both > 0 ? `${message} In ${both} place${both === 1 ? '' : 's'} both had changed the same text and the station’s was kept; compare the versions to take the wire’s there by hand.` : message;
  };
  const writers = { preHandler: requireRole(app, WRITERS) };
  const editors = { preHandler: requireRole(app, EDITORS) };
  const desk = () => ({ db: app.db, events: app.events });

  // The desk's front door: the newsroom for those who write, the comment queues for moderators.
  app.get('/desk', { preHandler: requireRole(app, [...WRITERS, ...MODERATORS]) }, async (request, reply) => {
    return reply.redirect(WRITERS.includes(staffOf(request).role) ? '/desk/stories' : '/desk/moderation', 303);
  });

  app.get<{ Querystring: { status?: string; q?: string; origin?: string; cursor?: string; done?: string } }>('/desk/stories', writers, async (request, reply) => {
    const { status = '', q = '', origin = '', cursor } = request.query;
    const filter = {
      status: isStoryStatus(status) ? status : undefined,
      q: typeof q === 'string' ? q.slice(0, 200) : '',
      origin: origin === 'local' || origin === 'wire' ? (origin as 'local' | 'wire') : undefined,
      cursor: cursor?.slice(0, 300),
    };
    const [ctx, list] = await Promise.all([app.site.load(app.db), listDeskStories(app.db, filter)]);
    return page(
      reply,
      <DeskStoriesPage ctx={ctx} role={staffOf(request).role} items={list.items} next={list.next} filter={{ status: filter.status ?? '', q: filter.q, origin: filter.origin ?? '' }} flash={flashOf(request)} />,
    );
  });

  app.get('/desk/stories/new', writers, async (request, reply) => {
    const [ctx, topics, rich, staffNames] = await Promise.all([app.site.load(app.db), listAllTopics(app.db), richEditor('/desk/stories/autosave'), listStaffAuthorNames(app.db)]);
    return page(reply, <NewStoryPage ctx={ctx} role={staffOf(request).role} csrf={csrfToken(request, reply)} values={emptyStoryForm(ctx.settings.siteName)} topics={topics} error={null} rich={rich} staffNames={staffNames} />);
  });

  forms.post('/desk/stories', { ...writers, schema: { body: STORY_FORM }, attachValidation: true }, async (request, reply) => {
    const user = staffOf(request);
    const form = request.validationError ? {} : request.body;
    const refuse = async (message: string) => {
      const [ctx, topics, rich, staffNames] = await Promise.all([app.site.load(app.db), listAllTopics(app.db), richEditor('/desk/stories/autosave', valuesOf(form).body), listStaffAuthorNames(app.db)]);
      return page(reply, <NewStoryPage ctx={ctx} role={user.role} csrf={csrfToken(request, reply)} values={valuesOf(form)} topics={topics} error={message} rich={rich} staffNames={staffNames} />, 400);
    };
    if (request.validationError) return refuse(formProblem(request.validationError));
    try {
      const created = await createDraft(desk(), actorOf(user), inputOf(form));
      return reply.redirect(`/desk/stories/${created.id}?done=created`, 303);
    } catch (error) {
      if (error instanceof AppError && error.status < 500) return refuse(error.message);
      throw error;
    }
  });

  /** The rich editor's script; when it cannot be built the plain textarea still works, and the log says why. */
  async function richEditor(autosave: string | null, body = ''): Promise<RichEditor | null> {
    try {
      const [script, media] = await Promise.all([editorBundle(), loadMedia(app.db, bodyMediaIds(body))]);
      return { script: script.url, autosave, previews: Object.fromEntries([...media].map(([id, m]) => [id, mediaPreview(m)])) };
    } catch (error) {
      app.log.error({ err: error }, 'the rich-text editor could not be bundled; the desk uses the plain textarea');
      return null;
    }
  }

  /** An autosave's answer: JSON for the editor's script, with the stable code when refused. */
  const autosaveRefused = (reply: FastifyReply, error: unknown) => {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    return reply.code(error.status).header('cache-control', 'no-store').send({ error: { code: error.code, message: error.message } });
  };

  // A new story saves itself as a draft once it has a headline; the script then saves to the draft.
  forms.post('/desk/stories/autosave', { ...writers, schema: { body: STORY_FORM } }, async (request, reply) => {
    try {
      const created = await createDraft(desk(), actorOf(staffOf(request)), inputOf(request.body));
      return reply.header('cache-control', 'no-store').send({ id: created.id, version: 1, savedAt: new Date().toISOString(), saveUrl: `/desk/stories/${created.id}/save`, autosaveUrl: `/desk/stories/${created.id}/autosave`, editUrl: `/desk/stories/${created.id}` });
    } catch (error) {
      return autosaveRefused(reply, error);
    }
  });

  forms.post('/desk/stories/:id/autosave', { ...writers, schema: { params: idParams, body: STORY_FORM } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const story = await deskStory(id);
    try {
      if (!AUTOSAVED.includes(story.status)) throw new AppError('STORY_NOT_EDITABLE', 'Only drafts save by themselves; use Save.');
      const { version } = await saveStory(desk(), actorOf(staffOf(request)), id, Number(request.body.version), inputOf(request.body));
      return reply.header('cache-control', 'no-store').send({ version, savedAt: new Date().toISOString() });
    } catch (error) {
      return autosaveRefused(reply, error);
    }
  });

  /** A refusal a person can act on is shown on the editor page with its reason; anything else is a fault. */
  function refusedOnEditor(request: FastifyRequest, reply: FastifyReply, story: DeskStory, error: unknown, values?: StoryFormValues) {
    if (error instanceof AppError && error.status < 500) return editorPage(request, reply, story, { ...(values ? { values } : {}), error: error.message, status: error.status });
    throw error;
  }

  async function deskStory(id: string): Promise<DeskStory> {
    const story = await getDeskStory(app.db, id);
    if (!story) throw new NotFoundError();
    return story;
  }

  async function editorPage(request: FastifyRequest, reply: FastifyReply, story: DeskStory, options: { values?: StoryFormValues; error?: string | null; status?: number } = {}) {
    const user = staffOf(request);
    // Drafts save themselves; a published story's edits go live, so only the Save button does that.
    const autosave = AUTOSAVED.includes(story.status) ? `/desk/stories/${story.id}/autosave` : null;
    const [ctx, topics, versions, log, rich, staffNames] = await Promise.all([
      app.site.load(app.db),
      listAllTopics(app.db),
      listStoryVersions(app.db, story.id),
      listDeskLog(app.db, { storyId: story.id, limit: 50 }),
      richEditor(autosave, (options.values ?? storyFormValues(story)).body),
      listStaffAuthorNames(app.db),
    ]);
    return page(
      reply,
      <EditStoryPage
        ctx={ctx}
        role={user.role}
        userId={user.id}
        csrf={csrfToken(request, reply)}
        story={story}
        values={options.values ?? storyFormValues(story)}
        topics={topics}
        versions={versions}
        log={log}
        wireUpdate={story.wireUpdate ? wireUpdateDiff(story) : null}
        rich={rich}
        staffNames={staffNames}
        flash={flashOf(request)}
        error={options.error ?? null}
      />,
      options.status ?? 200,
    );
  }

  // The station's text changed into the waiting wire version's, word by word.
  function wireUpdateDiff(story: DeskStory) {
    const incoming = story.wireUpdate!;
    return { headline: wordDiff(story.headline, incoming.headline), standfirst: story.standfirst === incoming.standfirst ? [] : wordDiff(story.standfirst, incoming.standfirst), body: wordDiff(blocksText(story.bodyHtml), blocksText(incoming.bodyHtml)) };
  }

  forms.post('/desk/stories/:id/wire-update', { ...editors, schema: { params: idParams, body: WIRE_UPDATE_FORM } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const story = await deskStory(id);
    const choice = WIRE_CHOICES.find((c) => c === request.body.choice);
    try {
      if (!choice) throw new AppError('BAD_REQUEST', 'Choose to merge, take the wire’s version or keep the station’s text.');
      const { conflicts } = await settleWireUpdate(desk(), actorOf(staffOf(request)), id, Number(request.body.version), choice);
      return reply.redirect(`/desk/stories/${id}?done=wire-${choice}${conflicts ? `&conflicts=${conflicts}` : ''}`, 303);
    } catch (error) {
      return refusedOnEditor(request, reply, story, error);
    }
  });

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>('/desk/stories/:id', { ...writers, schema: { params: idParams } }, async (request, reply) => {
    return editorPage(request, reply, await deskStory(request.params.id));
  });

  // The reader's page of a story not yet public (or no longer), for staff only: never cached,
  // never indexed, marked as a preview.
  app.get<{ Params: { id: string } }>('/desk/stories/:id/preview', { ...writers, schema: { params: idParams } }, async (request, reply) => {
    const desk = await deskStory(request.params.id);
    const [ctx, story] = await Promise.all([app.site.load(app.db), getStoryBySlug(app.db, desk.slug)]);
    if (!story) throw new NotFoundError();
    const { head, headTags, article } = storyPageParts(story, ctx, { robots: 'noindex, nofollow', canonical: null });
    const banner = `<p class="preview-banner" role="status">Preview: this story is ${escapeHtml(STATUS_LABELS[story.status].toLowerCase())} and readers cannot see this page. <a href="/desk/stories/${escapeHtml(story.id)}">Back to the editor</a></p>`;
    const body = renderAssembled(<StoryShell ctx={ctx} head={head} current={story.primaryTopic?.slug} />, {
      head: headTags,
      article: banner + fillSlots(article, { 'comment-count': 'Comments open when it is published' }),
      conversation: '',
    });
    return reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow').send(body);
  });

  app.get<{ Params: { id: string }; Querystring: { from?: string; to?: string } }>('/desk/stories/:id/compare', { ...writers, schema: { params: idParams } }, async (request, reply) => {
    const story = await deskStory(request.params.id);
    const [from, to] = await Promise.all([getStoryVersion(app.db, story.id, Number(request.query.from)), getStoryVersion(app.db, story.id, Number(request.query.to ?? story.version))]);
    if (!from || !to) throw new NotFoundError('There is no such version of this story.');
    const user = staffOf(request);
    const canRestore = story.sourceName === null && from.version < story.version && canWriteStory(user, story);
    const ctx = await app.site.load(app.db);
    const text = (v: typeof from) => [v.standfirst ?? '', blocksText(v.bodyHtml)].filter(Boolean).join('\n\n');
    return page(
      reply,
      <CompareVersionsPage ctx={ctx} role={user.role} csrf={csrfToken(request, reply)} story={story} from={from} to={to} headline={wordDiff(from.headline, to.headline)} body={wordDiff(text(from), text(to))} canRestore={canRestore} />,
    );
  });

  forms.post('/desk/stories/:id/restore', { ...writers, schema: { params: idParams, body: RESTORE_FORM } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const story = await deskStory(id);
    try {
      await restoreVersion(desk(), actorOf(staffOf(request)), id, Number(request.body.version));
      return reply.redirect(`/desk/stories/${id}?done=restore`, 303);
    } catch (error) {
      return refusedOnEditor(request, reply, story, error);
    }
  });

  forms.post('/desk/stories/:id/save', { ...writers, schema: { params: idParams, body: STORY_FORM }, attachValidation: true }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const story = await deskStory(id);
    const form = request.validationError ? {} : request.body;
    if (request.validationError) return editorPage(request, reply, story, { values: valuesOf(form), error: formProblem(request.validationError), status: 400 });
    const user = staffOf(request);
    try {
      await saveStory(desk(), actorOf(user), id, Number(form.version), inputOf(form));
      return reply.redirect(`/desk/stories/${id}?done=saved`, 303);
    } catch (error) {
      if (error instanceof StoryEditConflict) {
        const [ctx, topics] = await Promise.all([app.site.load(app.db), listAllTopics(app.db)]);
        return page(reply, <EditConflictPage ctx={ctx} role={user.role} csrf={csrfToken(request, reply)} story={story} message={error.message} current={error.current} yours={valuesOf(form)} topics={topics} />, 409);
      }
      return refusedOnEditor(request, reply, story, error, valuesOf(form));
    }
  });

  forms.post('/desk/stories/:id/:action', { ...writers, schema: { body: ACTION_FORM } }, async (request, reply) => {
    const { id, action } = request.params as { id: string; action: string };
    if (!(ACTIONS as readonly string[]).includes(action) || !new RegExp(ID).test(id)) throw new NotFoundError();
    const story = await deskStory(id);
    const actor = actorOf(staffOf(request));
    try {
      switch (action as Action) {
        case 'submit':
          await submitStory(desk(), actor, id);
          break;
        case 'publish':
          await publishStory(desk(), actor, id);
          break;
        case 'release':
          await releaseStory(desk(), actor, id);
          break;
        case 'schedule': {
          const ctx = await app.site.load(app.db);
          const at = zonedWallClock(request.body.at ?? '', ctx.timeZone);
          await scheduleStory(desk(), actor, id, at ?? new Date(Number.NaN));
          break;
        }
        case 'unpublish':
          await unpublishStory(desk(), actor, id);
          break;
        case 'withdraw':
          await withdrawFromDesk(desk(), actor, id, request.body.reason ?? '');
          break;
        case 'spike':
          await spikeStory(desk(), actor, id);
          break;
        case 'correct':
          await correctStory(desk(), actor, id, { kind: request.body.kind === 'clarification' ? 'clarification' : 'correction', note: request.body.note ?? '' });
          break;
      }
      return reply.redirect(`/desk/stories/${id}?done=${action}`, 303);
    } catch (error) {
      return refusedOnEditor(request, reply, story, error);
    }
  });

  // Photos arrive as multipart forms, here only: whole (at most 25 MB) before the handler runs,
  // so the CSRF hook reads the token from the fields. The role is checked before the body is read.
  await app.register(fastifyMultipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: MAX_IMAGE_BYTES, files: 1, fields: 10, fieldSize: 4096, parts: 12 } });
  app.post<{ Params: { id: string }; Body: { photo?: unknown; caption?: unknown; credit?: unknown; alt?: unknown } }>(
    '/desk/stories/:id/photo',
    {
      onRequest: requireRole(app, WRITERS),
      schema: { params: idParams },
      // Too large is found while the body is read, before the handler: say so on the editor page.
      errorHandler: async (error, request, reply) => {
        const code = (error as { code?: string }).code;
        if (code !== 'FST_REQ_FILE_TOO_LARGE' && code !== 'FST_FILES_LIMIT' && code !== 'FST_PARTS_LIMIT') throw error;
        const message = code === 'FST_REQ_FILE_TOO_LARGE' ? `The photo is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB; send a smaller one.` : 'Send one photo at a time.';
        return editorPage(request, reply, await deskStory((request.params as { id: string }).id), { error: message, status: 413 });
      },
    },
    async (request, reply) => {
      const story = await deskStory(request.params.id);
      const text = (value: unknown) => (typeof value === 'string' ? value : '');
      const bytes = request.body?.photo;
      try {
        if (!Buffer.isBuffer(bytes) || bytes.length === 0) throw new AppError('UPLOAD_INVALID', 'Choose a photo to upload.');
        if (text(request.body.alt).trim() === '') throw new AppError('STORY_ALT_TEXT_REQUIRED', 'Describe the photo (its alt text) before uploading it.');
        await setStoryPhoto({ ...desk(), mediaDir: app.config.mediaDir }, actorOf(staffOf(request)), story.id, { bytes, caption: text(request.body.caption), credit: text(request.body.credit), altText: text(request.body.alt) });
        return reply.redirect(`/desk/stories/${story.id}?done=photo`, 303);
      } catch (error) {
        return refusedOnEditor(request, reply, story, error);
      }
    },
  );

  app.post<{ Params: { id: string } }>('/desk/stories/:id/photo-remove', { ...writers, schema: { params: idParams } }, async (request, reply) => {
    const story = await deskStory(request.params.id);
    try {
      await removeStoryPhoto(desk(), actorOf(staffOf(request)), story.id);
      return reply.redirect(`/desk/stories/${story.id}?done=photo-removed`, 303);
    } catch (error) {
      return refusedOnEditor(request, reply, story, error);
    }
  });

  const admins = { preHandler: requireRole(app, ADMINS) };
  const SETTING_KEYS = ['siteName', 'tagline', 'about', 'contactEmail', 'tipsEmail', 'contactPhone', 'contactAddress', 'timezone', 'language', 'brandColour'] as const;
  const pick = (from: Partial<Record<(typeof SETTING_KEYS)[number], string>>): EditableSettings =>
    Object.fromEntries(SETTING_KEYS.map((k) => [k, from[k] ?? ''])) as EditableSettings;

  const SITE_DONE: Record<string, string> = {
    saved: 'Saved: every page shows the new details.',
    menu: 'Saved: every page shows the new menu.',
    logo: 'Saved: every page shows the new logo.',
    icon: 'Saved: every page has the new icon.',
    'logo-removed': 'The logo is gone: pages show the site’s name.',
    'icon-removed': 'The icon is gone: pages use Masthead’s.',
  };
  async function sitePage(request: FastifyRequest, reply: FastifyReply, options: { values?: EditableSettings; error?: { field: keyof EditableSettings | null; message: string }; menuError?: string; imageError?: string; status?: number } = {}) {
    const [ctx, settings, topics, menu] = await Promise.all([app.site.load(app.db), loadSettings(app.db), listAllTopics(app.db), listNavTopics(app.db)]);
    const flash = SITE_DONE[(request.query as { done?: string }).done ?? ''] ?? null;
    return page(
      reply,
      <SiteSettingsPage ctx={ctx} csrf={csrfToken(request, reply)} values={options.values ?? pick(settings)} error={options.error ?? null} flash={flash} topics={topics} menu={menu.map((t) => t.slug)} places={NAV_PLACES} menuError={options.menuError ?? null} imageError={options.imageError ?? null} />,
      options.status,
    );
  }

  app.get('/desk/site', admins, (request, reply) => sitePage(request, reply));

  const MENU_FORM = formBody(Object.fromEntries(Array.from({ length: NAV_PLACES }, (_, i) => [`nav${i + 1}`, 120])));
  forms.post('/desk/site/navigation', { ...admins, schema: { body: MENU_FORM } }, async (request, reply) => {
    const body = request.body as Record<string, string | undefined>;
    try {
      await setNavigation(app.db, Array.from({ length: NAV_PLACES }, (_, i) => body[`nav${i + 1}`] ?? ''));
      return reply.redirect('/desk/site?done=menu', 303);
    } catch (error) {
      if (error instanceof AppError && error.status < 500) return sitePage(request, reply, { menuError: error.message, status: error.status });
      throw error;
    }
  });

  // The logo and the icon: a picture (the multipart form is read whole, at most 25 MB, as photos are), or taken away.
  for (const which of ['logo', 'icon'] as const) {
    app.post<{ Body: { image?: unknown } }>(
      `/desk/site/${which}`,
      {
        onRequest: requireRole(app, ADMINS),
        errorHandler: async (error, request, reply) => {
          const code = (error as { code?: string }).code;
          if (code !== 'FST_REQ_FILE_TOO_LARGE' && code !== 'FST_FILES_LIMIT' && code !== 'FST_PARTS_LIMIT') throw error;
          return sitePage(request, reply, { imageError: `Send one picture of at most ${MAX_IMAGE_BYTES / 1024 / 1024} MB.`, status: 413 });
        },
      },
      async (request, reply) => {
        const bytes = request.body?.image;
        try {
          if (!Buffer.isBuffer(bytes) || bytes.length === 0) throw new AppError('UPLOAD_INVALID', `Choose a picture for the ${which}.`);
          await setSiteImage(app.db, app.config.mediaDir, which, bytes);
          return reply.redirect(`/desk/site?done=${which}`, 303);
        } catch (error) {
          if (error instanceof AppError && error.status < 500) return sitePage(request, reply, { imageError: error.message, status: error.status });
          throw error;
        }
      },
    );
    app.post(`/desk/site/${which}-remove`, admins, async (_request, reply) => {
      await setSiteImage(app.db, app.config.mediaDir, which, null);
      return reply.redirect(`/desk/site?done=${which}-removed`, 303);
    });
  }

  forms.post('/desk/site', { ...admins, schema: { body: SITE_FORM }, attachValidation: true }, async (request, reply) => {
    const values = pick(request.validationError ? {} : request.body);
    const refuse = (field: keyof EditableSettings | null, message: string) => sitePage(request, reply, { values, error: { field, message }, status: 400 });
    if (request.validationError) return refuse(null, formProblem(request.validationError));
    const problem = settingsProblem(values);
    if (problem) return refuse(problem.field, problem.message);
    await updateSiteSettings(app.db, values);
    return reply.redirect('/desk/site?done=saved', 303);
  });

  app.get<{ Querystring: { cursor?: string; q?: string } }>('/desk/wire', editors, async (request, reply) => {
    const q = typeof request.query.q === 'string' ? request.query.q.slice(0, 200) : '';
    const [ctx, list, updates] = await Promise.all([
      app.site.load(app.db),
      listDeskStories(app.db, { statuses: ['held', 'embargoed', 'withheld'], origin: 'wire', q, cursor: request.query.cursor?.slice(0, 300) }),
      listDeskStories(app.db, { wireUpdateWaiting: true }),
    ]);
    return page(reply, <WireQueuePage ctx={ctx} role={staffOf(request).role} items={list.items} next={list.next} updates={updates.items} q={q} />);
  });

  // The log of the whole desk, of one story, or of one person's actions.
  app.get<{ Querystring: { person?: string; story?: string } }>('/desk/log', editors, async (request, reply) => {
    const person = new RegExp(ID).test(request.query.person ?? '') ? (request.query.person ?? '') : '';
    const storyId = new RegExp(ID).test(request.query.story ?? '') ? (request.query.story ?? '') : '';
    const [ctx, entries, actors, story] = await Promise.all([
      app.site.load(app.db),
      listDeskLog(app.db, { limit: 200, ...(person ? { actorId: person } : {}), ...(storyId ? { storyId } : {}) }),
      listDeskActors(app.db),
      storyId ? getDeskStory(app.db, storyId) : null,
    ]);
    return page(reply, <DeskLogPage ctx={ctx} role={staffOf(request).role} entries={entries} actors={actors} person={person} story={story ? { id: story.id, headline: story.headline } : null} />);
  });
  // The log's first address, kept for bookmarks.
  app.get('/desk/stories/log', editors, async (_request, reply) => reply.redirect('/desk/log', 301));
});
