// The newsroom's use cases on stories: write a draft, save it (never over someone else's newer
// save), submit it, publish, schedule, unpublish, withdraw, and release or spike wire copy the
// source held. Each runs in one transaction, writes the desk log, and tells the bus after
// commit. Who may do what is decided here, not in the routes: reporters write and submit their
// own stories; editors and admins do everything.
import fs from 'node:fs/promises';
import { AppError } from '../../errors.ts';
import { EDITOR_ROLES, WRITER_ROLES, type Role } from '../accounts/index.ts';
import { ensureAuthor } from '../authors/index.ts';
import { requestUpdateAlert } from '../follows/index.ts';
import type { EventBus } from '../events/index.ts';
import { logMedia, setVideoPoster, storeImage, storeUploadedFile, type ImageMetadata } from '../media/index.ts';
import { bodyMediaIds, escapeHtml, mergeBodies, mergeField, sanitizeWireHtml, SLUG_PATTERN, textToHtml, videoEmbedFromUrl, type BylineAuthor } from '../text/index.ts';
import { nowIso, timeOrderedId, withTransaction, type Queryable, type Tx } from '../../storage/index.ts';
import type { StoryStatus } from './domain.ts';
import { createStory, storiesChanged } from './stories.service.ts';

/** The signed-in staff member doing the work. */
export interface DeskActor {
  id: string;
  name: string;
  role: Role;
}

/** What the story editor sends. */
export interface DeskStoryInput {
  headline: string;
  standfirst: string;
  dateline: string;
  /** HTML from the rich editor, or plain text (paragraphs split by blank lines) from the textarea. */
  body: string;
  /** Names in byline order. */
  authors: string[];
  /** The outlet after the names ("Kestrel Valley 7"); empty for none. */
  outlet: string;
  /** The primary topic's slug first; topics must exist. */
  topicSlugs: string[];
  rightsLine: string;
  /** The story's address (/stories/<slug>); absent or empty keeps it as it is. */
  slug?: string;
  /** Breaking news: a label on the page, and (with issue #12) alerts. Absent keeps it as it is. */
  breaking?: boolean;
  /** Canonical policy for this story; null follows the source's. Absent keeps it as it is. */
  canonicalPolicy?: CanonicalPolicy | null;
  /** A major update of a public breaking story: its followers are alerted again (editors only). */
  majorUpdate?: boolean;
}

export type CanonicalPolicy = 'original' | 'self' | 'noindex';
export const CANONICAL_POLICIES: readonly CanonicalPolicy[] = ['original', 'self', 'noindex'];

/** The story options the input sets (each only when given). */
const optionsOf = (input: DeskStoryInput) => ({
  ...(input.breaking !== undefined ? { breaking: input.breaking ? 1 : 0 } : {}),
  ...(input.canonicalPolicy !== undefined ? { canonical_policy: input.canonicalPolicy } : {}),
});

/** The actions that move a story from one status to another. */
type Transition = 'submit' | 'publish' | 'schedule' | 'unpublish' | 'withdraw' | 'release' | 'spike';
export type DeskAction = Transition | 'create' | 'save' | 'alert' | 'photo' | 'photo-removed' | 'correct' | 'restore' | `wire-${WireChoice}`;

/** What the desk does with a wire version that arrived after it edited the story. */
export type WireChoice = 'accept' | 'merge' | 'keep';
export const WIRE_CHOICES: readonly WireChoice[] = ['accept', 'merge', 'keep'];

const isEditor = (actor: Pick<DeskActor, 'role'>) => EDITOR_ROLES.includes(actor.role);

/**
 * Whether this person may change this story's text or photo: editors any station story,
 * reporters their own until it is published. The one statement of the rule; the editor page
 * asks it too, to show or hide the form.
 */
export function canWriteStory(actor: Pick<DeskActor, 'id' | 'role'>, story: { createdBy: string | null; status: StoryStatus }): boolean {
  return isEditor(actor) || (actor.role === 'reporter' && story.createdBy === actor.id && (story.status === 'draft' || story.status === 'review'));
}

/** Whether the story's text can change at all (copy the desk spiked or withdrew is kept as it was). */
export const isTextEditable = (status: StoryStatus): boolean => EDITABLE.includes(status);

/** Someone saved the story since this editor opened it: both texts are kept for the choice. */
export class StoryEditConflict extends AppError {
  constructor(
    readonly current: { version: number; headline: string; bodyHtml: string; savedBy: string | null },
    readonly yours: DeskStoryInput,
  ) {
    super('STORY_EDIT_CONFLICT', `Someone else saved this story (version ${current.version}) after you opened it. Nothing was overwritten: compare the two texts below, then save again.`);
  }
}

/** Statuses each action starts from. */
const FROM: Record<Transition, readonly StoryStatus[]> = {
  submit: ['draft'],
  publish: ['draft', 'review', 'scheduled', 'held', 'withheld'],
  schedule: ['draft', 'review', 'held'],
  unpublish: ['published', 'scheduled'],
  withdraw: ['published'],
  release: ['held', 'withheld', 'embargoed'],
  spike: ['held', 'withheld', 'embargoed', 'draft', 'review'],
};

/** Statuses whose text the desk may change: everything but copy it spiked or withdrew. */
const EDITABLE: readonly StoryStatus[] = ['draft', 'review', 'scheduled', 'published', 'held', 'embargoed', 'withheld'];

interface StoryState {
  id: string;
  status: StoryStatus;
  version: number;
  headline: string;
  standfirst: string | null;
  dateline: string | null;
  body_html: string;
  source_id: string | null;
  created_by: string | null;
  updated_by: string | null;
  published_at: string;
  slug: string;
  rights_line: string | null;
  wire_version: number | null;
}

async function loadForUpdate(tx: Tx, storyId: string): Promise<StoryState> {
  const row = await tx
    .selectFrom('stories')
    .select(['id', 'status', 'version', 'headline', 'standfirst', 'dateline', 'body_html', 'source_id', 'created_by', 'updated_by', 'published_at', 'slug', 'rights_line', 'wire_version'])
    .where('id', '=', storyId)
    .executeTakeFirst();
  if (!row) throw new AppError('STORY_NOT_FOUND', 'There is no such story.');
  return row;
}

function mayWrite(actor: DeskActor, story: StoryState): void {
  if (canWriteStory(actor, { createdBy: story.created_by, status: story.status })) return;
  throw new AppError('STORY_NOT_YOURS', 'Reporters change their own stories until an editor publishes them.');
}

function mayDo(actor: DeskActor, action: Transition, story: StoryState): void {
  if (action === 'submit') mayWrite(actor, story);
  else if (!isEditor(actor)) throw new AppError('DESK_EDITORS_ONLY', 'Only editors can do that.');
  if (!FROM[action].includes(story.status)) throw new AppError('STORY_TRANSITION_REFUSED', `A story that is ${story.status} cannot be given that action.`);
}

/**
 * Plain text from the textarea becomes paragraphs; alone on its line, a YouTube or Vimeo address
 * becomes a video and a library item's line (its library page gives it) the item. HTML passes
 * through the wire allow-list either way.
 */
export function bodyHtmlFrom(body: string): string {
  const trimmed = body.trim();
  if (trimmed.startsWith('<')) return sanitizeWireHtml(trimmed);
  const html = textToHtml(trimmed)
    .replace(/<p>&lt;figure data-media=(?:"|&quot;)([0-9a-f-]{36})(?:"|&quot;)&gt;&lt;\/figure&gt;<\/p>/g, '<figure data-media="$1"></figure>')
    .replace(/<p>(https?:\/\/[^\s<]+)<\/p>/g, (line, url: string) => {
      const address = url.replace(/&amp;/g, '&');
      return videoEmbedFromUrl(address) ? `<iframe src="${escapeHtml(address)}"></iframe>` : line;
    });
  return sanitizeWireHtml(html);
}

function checkInput(input: DeskStoryInput): void {
  if (input.headline.trim().length === 0) throw new AppError('STORY_HEADLINE_REQUIRED', 'Give the story a headline.');
  if (input.headline.trim().length > 300) throw new AppError('STORY_FIELD_TOO_LONG', 'Keep the headline under 300 characters.');
}

const bylineOf = (input: DeskStoryInput): BylineAuthor[] =>
  input.authors.map((name) => name.trim()).filter(Boolean).map((name) => ({ name, affiliation: input.outlet.trim() || null }));

async function topicIds(tx: Tx, slugs: string[]): Promise<string[]> {
  const wanted = [...new Set(slugs.map((s) => s.trim()).filter(Boolean))];
  if (wanted.length === 0) return [];
  const rows = await tx.selectFrom('topics').select(['id', 'slug']).where('slug', 'in', wanted).execute();
  const missing = wanted.filter((slug) => !rows.some((r) => r.slug === slug));
  if (missing.length > 0) throw new AppError('TOPIC_NOT_FOUND', `There is no topic “${missing[0]}”.`);
  return wanted.map((slug) => rows.find((r) => r.slug === slug)!.id);
}

/**
 * Logs a desk action, the last step of every desk use case that changes a story; so it is also
 * where the story's search row is rewritten, in the same transaction (decision 0020).
 */
async function log(tx: Tx, actor: DeskActor | null, action: DeskAction, storyId: string, version: number, detail: string | null = null): Promise<void> {
  await tx
    .insertInto('desk_log')
    .values({ id: timeOrderedId(), at: nowIso(), actor_id: actor?.id ?? null, actor_name: actor?.name ?? 'Scheduler', action, story_id: storyId, version, detail })
    .execute();
  await storiesChanged(tx, [storyId]);
}

export interface DeskContext {
  db: Queryable;
  events?: EventBus | undefined;
}

/** A new story of the station's own, as a draft (never shown until published). */
export async function createDraft(ctx: DeskContext, actor: DeskActor, input: DeskStoryInput): Promise<{ id: string; slug: string }> {
  if (!WRITER_ROLES.includes(actor.role)) throw new AppError('DESK_EDITORS_ONLY', 'Only reporters and editors write stories.');
  checkInput(input);
  return withTransaction(ctx.db, async (tx) => {
    const ids = await topicIds(tx, input.topicSlugs);
    const now = nowIso();
    const saved = await createStory(tx, {
      headline: input.headline,
      standfirst: input.standfirst,
      dateline: input.dateline,
      bodyHtml: bodyHtmlFrom(input.body),
      rightsLine: input.rightsLine,
      authors: bylineOf(input),
      topics: [],
      publishedAt: now,
      status: 'draft',
    });
    await tx.updateTable('stories').set({ created_by: actor.id, updated_by: actor.id, primary_topic_id: ids[0] ?? null, ...optionsOf(input) }).where('id', '=', saved.id).execute();
    await tx.updateTable('story_versions').set({ saved_by: actor.id }).where('story_id', '=', saved.id).execute();
    await writeTopics(tx, saved.id, ids, now);
    await writeBodyMedia(tx, saved.id, bodyHtmlFrom(input.body), false);
    await log(tx, actor, 'create', saved.id, 1);
    return saved;
  });
}

/**
 * The library items the body shows are the story's inline media: the library counts them as
 * uses, and a story does not go out with one that has no alt text. Wire copy keeps the pictures
 * its wire attached as well.
 */
async function writeBodyMedia(tx: Tx, storyId: string, bodyHtml: string, wire: boolean): Promise<void> {
  const ids = bodyMediaIds(bodyHtml);
  const found = ids.length > 0 ? await tx.selectFrom('media').select('id').where('id', 'in', ids).execute() : [];
  if (found.length !== ids.length) throw new AppError('MEDIA_NOT_FOUND', 'The body shows a picture or video that is no longer in the library; take it out and save again.');
  const rows = await tx.selectFrom('story_media').select(['media_id', 'role', 'position']).where('story_id', '=', storyId).execute();
  const hero = rows.filter((r) => r.role === 'hero');
  const kept = wire ? rows.filter((r) => r.role === 'inline').map((r) => r.media_id) : [];
  const wanted = [...new Set([...kept, ...ids])].filter((id) => !hero.some((h) => h.media_id === id));
  await tx.deleteFrom('story_media').where('story_id', '=', storyId).where('role', '=', 'inline').execute();
  const first = Math.max(-1, ...hero.map((h) => h.position)) + 1;
  if (wanted.length > 0) await tx.insertInto('story_media').values(wanted.map((mediaId, i) => ({ story_id: storyId, media_id: mediaId, role: 'inline' as const, position: first + i }))).execute();
}

async function writeTopics(tx: Tx, storyId: string, ids: string[], publishedAt: string): Promise<void> {
  await tx.deleteFrom('story_topics').where('story_id', '=', storyId).execute();
  if (ids.length > 0) await tx.insertInto('story_topics').values(ids.map((topicId, i) => ({ story_id: storyId, topic_id: topicId, is_primary: i === 0 ? 1 : 0, published_at: publishedAt }))).execute();
}

async function writeByline(tx: Tx, storyId: string, input: DeskStoryInput, publishedAt: string): Promise<void> {
  await tx.deleteFrom('story_authors').where('story_id', '=', storyId).execute();
  const seen = new Set<string>();
  let position = 0;
  for (const author of bylineOf(input)) {
    const { id } = await ensureAuthor(tx, author);
    if (seen.has(id)) continue;
    seen.add(id);
    await tx.insertInto('story_authors').values({ story_id: storyId, author_id: id, position: position++, affiliation: author.affiliation, published_at: publishedAt }).execute();
  }
}

/**
 * Saves the editor's text as a new version. `baseVersion` is the version the editor opened: when
 * someone saved since, nothing is written and StoryEditConflict carries both texts. A save of a
 * published story is live at once (readers see "Updated").
 */
export async function saveStory(ctx: DeskContext, actor: DeskActor, storyId: string, baseVersion: number, input: DeskStoryInput): Promise<{ version: number }> {
  const result = await withTransaction(ctx.db, async (tx) => {
    const story = await loadForUpdate(tx, storyId);
    // Who may, before what they sent: someone refused learns nothing about the form.
    mayWrite(actor, story);
    checkInput(input);
    if (!EDITABLE.includes(story.status)) throw new AppError('STORY_NOT_EDITABLE', `A ${story.status} story is kept as it was; its text cannot change.`);
    if (story.version !== baseVersion) {
      const savedBy = story.updated_by ? ((await tx.selectFrom('users').select('display_name').where('id', '=', story.updated_by).executeTakeFirst())?.display_name ?? null) : null;
      throw new StoryEditConflict({ version: story.version, headline: story.headline, bodyHtml: story.body_html, savedBy }, input);
    }
    const version = story.version + 1;
    const now = nowIso();
    const content = { headline: input.headline.trim(), standfirst: input.standfirst.trim() || null, dateline: input.dateline.trim() || null, body_html: bodyHtmlFrom(input.body) };
    const ids = await topicIds(tx, input.topicSlugs);
    // Claimed by version: of two saves from the same base, only the first writes.
    const updated = await tx
      .updateTable('stories')
      .set({
        ...content,
        rights_line: input.rightsLine.trim() || null,
        ...optionsOf(input),
        version,
        primary_topic_id: ids[0] ?? null,
        updated_by: actor.id,
        modified_at: now,
        ...(story.status === 'published' ? { updated_at: now } : {}),
      })
      .where('id', '=', storyId)
      .where('version', '=', baseVersion)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new StoryEditConflict({ version: story.version, headline: story.headline, bodyHtml: story.body_html, savedBy: null }, input);
    await keepWireBase(tx, story, now);
    await changeSlug(tx, story, input.slug);
    await writeTopics(tx, storyId, ids, story.published_at);
    await writeByline(tx, storyId, input, story.published_at);
    await writeBodyMedia(tx, storyId, content.body_html, story.source_id !== null);
    await tx.insertInto('story_versions').values({ story_id: storyId, version, ...content, recorded_at: now, saved_by: actor.id }).execute();
    await log(tx, actor, 'save', storyId, version);
    if (input.majorUpdate) {
      if (!isEditor(actor)) throw new AppError('ROLE_REQUIRED', 'Only an editor alerts followers of a major update.');
      const round = await requestUpdateAlert(tx, storyId, actor.id);
      await log(tx, actor, 'alert', storyId, version, `major update: followers alerted again (round ${round})`);
    }
    return { version, live: story.status === 'published' };
  });
  if (result.live) ctx.events?.emit({ type: 'story.changed', storyId, change: 'updated', via: 'desk' });
  return { version: result.version };
}

/**
 * The first local edit of wire copy keeps the wire text it started from, so a later wire version
 * is measured against it (a diff, a merge) instead of overwriting the station's words.
 */
async function keepWireBase(tx: Tx, story: StoryState, at: string): Promise<void> {
  if (story.source_id === null) return;
  await tx
    .insertInto('story_wire_texts')
    .values({
      story_id: story.id,
      kind: 'base',
      wire_version: story.wire_version ?? story.version,
      headline: story.headline,
      standfirst: story.standfirst,
      dateline: story.dateline,
      body_html: story.body_html,
      rights_line: story.rights_line,
      correction_note: null,
      received_at: at,
    })
    .onConflict((oc) => oc.columns(['story_id', 'kind']).doNothing())
    .execute();
}

/**
 * A new address for the story. Before publication it simply changes; once readers have had the
 * old one, it stays, answering with a 301 to the new (story_redirects).
 */
async function changeSlug(tx: Tx, story: StoryState, requested: string | undefined): Promise<void> {
  const slug = (requested ?? '').trim().toLowerCase();
  if (slug === '' || slug === story.slug) return;
  if (slug.length > 120 || !SLUG_PATTERN.test(slug)) throw new AppError('STORY_SLUG_INVALID', 'Use lower-case letters, digits and single hyphens in the address, e.g. river-crests-at-record-level.');
  const taken = await tx.selectFrom('stories').select('id').where('slug', '=', slug).executeTakeFirst();
  const redirect = await tx.selectFrom('story_redirects').select('story_id').where('old_slug', '=', slug).executeTakeFirst();
  if (taken || (redirect && redirect.story_id !== story.id)) throw new AppError('STORY_SLUG_TAKEN', 'Another story has that address; choose another.');
  // Back to one of its own old addresses: that one is the story's again.
  if (redirect) await tx.deleteFrom('story_redirects').where('old_slug', '=', slug).execute();
  if (story.status === 'published') await tx.insertInto('story_redirects').values({ old_slug: story.slug, story_id: story.id, created_at: nowIso() }).execute();
  await tx.updateTable('stories').set({ slug }).where('id', '=', story.id).execute();
}

/** Moves a story from one status to another, as `action` allows, and logs it. */
async function transition(
  ctx: DeskContext,
  actor: DeskActor,
  storyId: string,
  action: Transition,
  apply: (tx: Tx, story: StoryState) => Promise<{ status: StoryStatus; detail?: string | null }>,
): Promise<StoryStatus> {
  const { status, change } = await withTransaction(ctx.db, async (tx) => {
    const story = await loadForUpdate(tx, storyId);
    mayDo(actor, action, story);
    const next = await apply(tx, story);
    const claimed = await tx.updateTable('stories').set({ status: next.status, updated_by: actor.id, modified_at: nowIso() }).where('id', '=', storyId).where('status', '=', story.status).executeTakeFirst();
    // Another editor moved it first: this action answers from what it found.
    if (Number(claimed.numUpdatedRows) !== 1) throw new AppError('STORY_TRANSITION_REFUSED', 'Someone else changed this story a moment ago. Look at it again.');
    await log(tx, actor, action, storyId, story.version, next.detail ?? null);
    const wasPublic = story.status === 'published';
    return { status: next.status, change: next.status === 'published' && !wasPublic ? ('released' as const) : wasPublic && next.status !== 'published' ? ('withdrawn' as const) : null };
  });
  if (change) ctx.events?.emit({ type: 'story.changed', storyId, change, via: 'desk' });
  return status;
}

/** A reporter hands a draft to the editors. */
export function submitStory(ctx: DeskContext, actor: DeskActor, storyId: string): Promise<StoryStatus> {
  return transition(ctx, actor, storyId, 'submit', async () => ({ status: 'review' }));
}

/** Dated now, and its bylines and topics with it, so it leads the lists it belongs to. */
async function goLive(tx: Tx, storyId: string, at: string): Promise<void> {
  await tx.updateTable('stories').set({ published_at: at, publish_at: null, embargo_until: null, withdrawn_at: null, withdrawn_reason: null }).where('id', '=', storyId).execute();
  await tx.updateTable('story_topics').set({ published_at: at }).where('story_id', '=', storyId).execute();
  await tx.updateTable('story_authors').set({ published_at: at }).where('story_id', '=', storyId).execute();
}

/** Readers who cannot see the photo are told what it shows: no station story goes out without it. */
async function requireAltText(tx: Tx, story: StoryState): Promise<void> {
  if (story.source_id !== null) return;
  const missing = await tx
    .selectFrom('story_media as sm')
    .innerJoin('media as m', 'm.id', 'sm.media_id')
    .select('m.id')
    .where('sm.story_id', '=', story.id)
    .where((eb) => eb.or([eb('m.alt_text', 'is', null), eb('m.alt_text', '=', '')]))
    .executeTakeFirst();
  if (missing) throw new AppError('STORY_ALT_TEXT_REQUIRED', 'Describe every picture and video on the story (its alt text) before the story goes out.');
}

export function publishStory(ctx: DeskContext, actor: DeskActor, storyId: string): Promise<StoryStatus> {
  return transition(ctx, actor, storyId, 'publish', async (tx, story) => {
    await requireAltText(tx, story);
    await goLive(tx, storyId, nowIso());
    return { status: 'published' };
  });
}

/** Wire copy the source held (or an embargo not yet over), published now by an editor. */
export function releaseStory(ctx: DeskContext, actor: DeskActor, storyId: string): Promise<StoryStatus> {
  return transition(ctx, actor, storyId, 'release', async (tx) => {
    // An embargo is the wire's condition for the story: the desk cannot lift it early.
    const row = await tx.selectFrom('stories').select('embargo_until').where('id', '=', storyId).executeTakeFirstOrThrow();
    if (row.embargo_until && row.embargo_until > nowIso()) throw new AppError('STORY_EMBARGOED', 'This story is under embargo until its time; the release job publishes it then.');
    await goLive(tx, storyId, nowIso());
    return { status: 'published' };
  });
}

export async function scheduleStory(ctx: DeskContext, actor: DeskActor, storyId: string, at: Date): Promise<StoryStatus> {
  if (Number.isNaN(at.getTime()) || at.getTime() <= Date.now()) throw new AppError('STORY_SCHEDULE_INVALID', 'Choose a time in the future.');
  return transition(ctx, actor, storyId, 'schedule', async (tx, story) => {
    await requireAltText(tx, story);
    await tx.updateTable('stories').set({ publish_at: at.toISOString() }).where('id', '=', storyId).execute();
    return { status: 'scheduled', detail: at.toISOString() };
  });
}

/** Off the site (its URL answers 404) until published again: a draft again, or wire copy held again. */
export function unpublishStory(ctx: DeskContext, actor: DeskActor, storyId: string): Promise<StoryStatus> {
  return transition(ctx, actor, storyId, 'unpublish', async (tx, story) => {
    await tx.updateTable('stories').set({ publish_at: null }).where('id', '=', storyId).execute();
    return { status: story.source_id === null ? 'draft' : 'held' };
  });
}

/** Off every list; its URL answers 410 with the public reason. */
export async function withdrawFromDesk(ctx: DeskContext, actor: DeskActor, storyId: string, reason: string): Promise<StoryStatus> {
  const text = reason.trim();
  if (text.length < 5) throw new AppError('WITHDRAW_REASON_REQUIRED', 'Give readers the reason the story was withdrawn.');
  return transition(ctx, actor, storyId, 'withdraw', async (tx) => {
    await tx.updateTable('stories').set({ withdrawn_at: nowIso(), withdrawn_reason: text }).where('id', '=', storyId).execute();
    return { status: 'withdrawn', detail: text };
  });
}

/** Kept, and logged, and never shown: a later wire version does not bring it back. */
export function spikeStory(ctx: DeskContext, actor: DeskActor, storyId: string): Promise<StoryStatus> {
  return transition(ctx, actor, storyId, 'spike', async () => ({ status: 'spiked' }));
}

/**
 * Publishes every scheduled story whose time has come, once, whichever app process gets there
 * first (each is claimed by an update that succeeds only while it is still scheduled).
 */
export async function publishDue(db: Queryable, now: string = nowIso()): Promise<string[]> {
  const due = await db.selectFrom('stories').select(['id', 'publish_at', 'version']).where('status', '=', 'scheduled').where('publish_at', '<=', now).execute();
  const published: string[] = [];
  for (const story of due) {
    const at = story.publish_at ?? now;
    const claimed = await withTransaction(db, async (tx) => {
      const result = await tx.updateTable('stories').set({ status: 'published', modified_at: nowIso() }).where('id', '=', story.id).where('status', '=', 'scheduled').executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      await goLive(tx, story.id, at);
      await log(tx, null, 'publish', story.id, story.version, 'on schedule');
      return true;
    });
    if (claimed) published.push(story.id);
  }
  return published;
}

export interface PhotoUpload extends ImageMetadata {
  bytes: Buffer;
}

/**
 * The story's photo, uploaded on the spot: stored once by content (renditions without EXIF or
 * GPS), then made the story's hero, replacing any before it. Reporters may do this on their own
 * drafts. The picture files are written before the transaction; a refused image writes nothing.
 */
export async function setStoryPhoto(ctx: DeskContext & { mediaDir: string }, actor: DeskActor, storyId: string, upload: PhotoUpload): Promise<{ mediaId: string }> {
  const before = await withTransaction(ctx.db, (tx) => loadForUpdate(tx, storyId));
  mayWrite(actor, before);
  if (before.source_id !== null) throw new AppError('STORY_NOT_EDITABLE', 'Wire copy keeps the wire’s pictures.');
  const mediaId = await storeUpload(ctx, upload, actor);
  await attachHero(ctx, actor, storyId, mediaId, upload.caption?.trim().slice(0, 200) || null);
  return { mediaId };
}

/** Makes a picture the story's photo, in place of any before it, and logs it. */
async function attachHero(ctx: DeskContext, actor: DeskActor, storyId: string, mediaId: string, detail: string | null): Promise<void> {
  const live = await withTransaction(ctx.db, async (tx) => {
    const story = await loadForUpdate(tx, storyId);
    mayWrite(actor, story);
    if (story.source_id !== null) throw new AppError('STORY_NOT_EDITABLE', 'Wire copy keeps the wire’s pictures.');
    await tx.deleteFrom('story_media').where('story_id', '=', storyId).where('role', '=', 'hero').execute();
    await tx.deleteFrom('story_media').where('story_id', '=', storyId).where('media_id', '=', mediaId).execute();
    const last = await tx.selectFrom('story_media').select((eb) => eb.fn.max('position').as('p')).where('story_id', '=', storyId).executeTakeFirst();
    await tx.insertInto('story_media').values({ story_id: storyId, media_id: mediaId, role: 'hero', position: last?.p === null || last?.p === undefined ? 0 : Number(last.p) + 1 }).execute();
    await tx.updateTable('stories').set({ updated_by: actor.id, modified_at: nowIso() }).where('id', '=', storyId).execute();
    await log(tx, actor, 'photo', storyId, story.version, detail);
    return story.status === 'published';
  });
  if (live) ctx.events?.emit({ type: 'story.changed', storyId, change: 'updated', via: 'desk' });
}

/** A picture already in the media library becomes the story's photo (reused, not copied). */
export async function useLibraryPhoto(ctx: DeskContext, actor: DeskActor, storyId: string, mediaId: string): Promise<void> {
  const media = await ctx.db.selectFrom('media').select(['id', 'caption']).where('id', '=', mediaId).executeTakeFirst();
  if (!media) throw new AppError('MEDIA_NOT_FOUND', 'There is no such picture in the library.');
  await attachHero(ctx, actor, storyId, mediaId, `from the library: ${(media.caption ?? 'no caption').slice(0, 180)}`);
}

/** A file streamed to disk by the upload form, with the words typed beside it. */
export interface FileUpload extends ImageMetadata {
  path: string;
}

/**
 * A picture or a video for the library, not yet on any story (reporters and editors add them),
 * with a poster picture for a video if one came with it. The files are taken over: stored or removed.
 */
export async function uploadToLibrary(ctx: DeskContext & { mediaDir: string }, actor: DeskActor, upload: FileUpload, poster?: string): Promise<{ mediaId: string; kind: 'image' | 'video'; posterRefused: AppError | null }> {
  try {
    if (!WRITER_ROLES.includes(actor.role)) throw new AppError('DESK_EDITORS_ONLY', 'Only reporters and editors add to the library.');
    const { id, kind } = await storeUploadedFile(ctx.db, ctx.mediaDir, upload.path, cleanWords(upload), actor);
    // The video is kept either way; a poster that is no picture is refused on its own, with its reason.
    let posterRefused: AppError | null = null;
    if (poster && kind === 'video') {
      try {
        await setVideoPoster(ctx.db, id, await posterFromFile(ctx, actor, poster, upload.caption ?? null), actor);
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error;
        posterRefused = error;
      }
    }
    return { mediaId: id, kind, posterRefused };
  } finally {
    await Promise.all([fs.rm(upload.path, { force: true }), poster ? fs.rm(poster, { force: true }) : null]);
  }
}

/** A new poster picture for a library video, from a file streamed to disk (taken over). */
export async function setPosterFromUpload(ctx: DeskContext & { mediaDir: string }, actor: DeskActor, videoId: string, poster: string): Promise<void> {
  try {
    if (!WRITER_ROLES.includes(actor.role)) throw new AppError('DESK_EDITORS_ONLY', 'Only reporters and editors change the library.');
    const video = await ctx.db.selectFrom('media').select(['kind', 'caption']).where('id', '=', videoId).executeTakeFirst();
    if (!video) throw new AppError('MEDIA_NOT_FOUND', 'There is no such item in the library.');
    if (video.kind !== 'video') throw new AppError('MEDIA_NOT_VIDEO', 'Only a video has a poster picture.');
    const posterId = await posterFromFile(ctx, actor, poster, video.caption);
    // The poster and every story showing the video change together.
    const live = await withTransaction(ctx.db, async (tx) => {
      await setVideoPoster(tx, videoId, posterId, actor);
      return touchStoriesShowing(tx, actor, videoId, 'the video’s poster picture changed in the library');
    });
    announceUpdated(ctx, live);
  } finally {
    await fs.rm(poster, { force: true });
  }
}

/** Stores a poster picture (only a picture) in the library; returns its id. */
async function posterFromFile(ctx: DeskContext & { mediaDir: string }, actor: DeskActor, poster: string, caption: string | null): Promise<string> {
  const stored = await storeUploadedFile(ctx.db, ctx.mediaDir, poster, { caption: caption ? `Poster: ${caption}`.slice(0, 1000) : 'Poster picture', credit: null, altText: null, rights: null }, actor, 'image');
  return stored.id;
}

const cleanWords = (words: ImageMetadata): ImageMetadata => {
  const clean = (text: string | null | undefined, max: number) => (text ?? '').trim().slice(0, max) || null;
  return { caption: clean(words.caption, 1000), credit: clean(words.credit, 300), altText: clean(words.altText, 1000), rights: clean(words.rights, 300) };
};

/** Stores an uploaded picture with its words trimmed to their limits. */
function storeUpload(ctx: DeskContext & { mediaDir: string }, upload: PhotoUpload, actor: DeskActor): Promise<string> {
  return storeImage(ctx.db, ctx.mediaDir, upload.bytes, cleanWords(upload), actor);
}

/**
 * A picture's caption, credit, alt text and rights, wherever it is used: every story showing it
 * is marked changed in the same transaction, so its page shows the new words at once.
 */
export async function describeMedia(ctx: DeskContext, actor: DeskActor, mediaId: string, details: Required<ImageMetadata>): Promise<{ stories: number }> {
  if (!WRITER_ROLES.includes(actor.role)) throw new AppError('DESK_EDITORS_ONLY', 'Only reporters and editors describe pictures.');
  const clean = (text: string | null, max: number) => (text ?? '').trim().replace(/\s+/g, ' ').slice(0, max) || null;
  const live = await withTransaction(ctx.db, async (tx) => {
    const media = await tx.selectFrom('media').select('id').where('id', '=', mediaId).executeTakeFirst();
    if (!media) throw new AppError('MEDIA_NOT_FOUND', 'There is no such picture in the library.');
    await tx
      .updateTable('media')
      .set({ caption: clean(details.caption, 1000), credit: clean(details.credit, 300), alt_text: clean(details.altText, 1000), rights: clean(details.rights, 300) })
      .where('id', '=', mediaId)
      .execute();
    const using = await touchStoriesShowing(tx, actor, mediaId, 'the picture’s caption, credit or alt text changed in the library');
    await logMedia(tx, actor, 'describe', mediaId, using.length > 0 ? `shown on ${using.length} stor${using.length === 1 ? 'y' : 'ies'}` : null);
    return using;
  });
  announceUpdated(ctx, live);
  return { stories: live.length };
}

/** In the caller's transaction: every story showing a library item is marked changed (its pages render again) and logged. */
async function touchStoriesShowing(tx: Tx, actor: DeskActor, mediaId: string, detail: string): Promise<{ id: string; status: StoryStatus }[]> {
  const using = await tx.selectFrom('story_media as sm').innerJoin('stories as s', 's.id', 'sm.story_id').select(['s.id', 's.status', 's.version']).where('sm.media_id', '=', mediaId).execute();
  if (using.length > 0) await tx.updateTable('stories').set({ modified_at: nowIso() }).where('id', 'in', using.map((u) => u.id)).execute();
  for (const story of using) await log(tx, actor, 'photo', story.id, story.version, detail);
  return using;
}

/** After commit: the published ones among them are announced as updated. */
function announceUpdated(ctx: DeskContext, stories: { id: string; status: StoryStatus }[]): void {
  for (const story of stories) if (story.status === 'published') ctx.events?.emit({ type: 'story.changed', storyId: story.id, change: 'updated', via: 'desk' });
}

/** Takes the photo off the story (the picture stays in the library). */
export async function removeStoryPhoto(ctx: DeskContext, actor: DeskActor, storyId: string): Promise<void> {
  const live = await withTransaction(ctx.db, async (tx) => {
    const story = await loadForUpdate(tx, storyId);
    mayWrite(actor, story);
    if (story.source_id !== null) throw new AppError('STORY_NOT_EDITABLE', 'Wire copy keeps the wire’s pictures.');
    await tx.deleteFrom('story_media').where('story_id', '=', storyId).where('role', '=', 'hero').execute();
    await tx.updateTable('stories').set({ updated_by: actor.id, modified_at: nowIso() }).where('id', '=', storyId).execute();
    await log(tx, actor, 'photo-removed', storyId, story.version);
    return story.status === 'published';
  });
  if (live) ctx.events?.emit({ type: 'story.changed', storyId, change: 'updated', via: 'desk' });
}

/**
 * A dated public note on a published station story: a new version (the text as it stands), shown
 * on the story, in its JSON-LD and on /corrections. Wire copy is corrected by the wire.
 */
export async function correctStory(ctx: DeskContext, actor: DeskActor, storyId: string, input: { kind: 'correction' | 'clarification'; note: string }): Promise<{ version: number }> {
  const note = input.note.trim().replace(/\s+/g, ' ');
  const version = await withTransaction(ctx.db, async (tx) => {
    const story = await loadForUpdate(tx, storyId);
    if (!isEditor(actor)) throw new AppError('DESK_EDITORS_ONLY', 'Only editors can do that.');
    if (story.status !== 'published') throw new AppError('STORY_TRANSITION_REFUSED', 'Only a published story takes a correction.');
    if (story.source_id !== null) throw new AppError('STORY_NOT_EDITABLE', 'Wire copy is corrected by the wire.');
    if (note.length < 10 || note.length > 2000) throw new AppError('CORRECTION_NOTE_INVALID', 'Write the note readers will see, in 10 to 2,000 characters.');
    const now = nowIso();
    const next = story.version + 1;
    const current = { headline: story.headline, standfirst: story.standfirst, dateline: story.dateline, body_html: story.body_html };
    await tx.updateTable('stories').set({ version: next, updated_at: now, updated_by: actor.id, modified_at: now }).where('id', '=', storyId).execute();
    await tx.insertInto('story_versions').values({ story_id: storyId, version: next, ...current, recorded_at: now, saved_by: actor.id }).execute();
    const text = input.kind === 'clarification' ? `Clarification: ${note}` : note;
    await tx.insertInto('story_corrections').values({ story_id: storyId, version: next, noted_at: now, note: text }).execute();
    await log(tx, actor, 'correct', storyId, next, text);
    return next;
  });
  ctx.events?.emit({ type: 'story.changed', storyId, change: 'updated', via: 'desk' });
  return { version };
}

/**
 * An earlier version's text (headline, standfirst, dateline, body) becomes the newest version;
 * nothing in between is lost, since every version stays in the history. Station stories only.
 */
export async function restoreVersion(ctx: DeskContext, actor: DeskActor, storyId: string, version: number): Promise<{ version: number }> {
  const result = await withTransaction(ctx.db, async (tx) => {
    const story = await loadForUpdate(tx, storyId);
    mayWrite(actor, story);
    if (!EDITABLE.includes(story.status)) throw new AppError('STORY_NOT_EDITABLE', `A ${story.status} story is kept as it was; its text cannot change.`);
    const old = await tx.selectFrom('story_versions').select(['headline', 'standfirst', 'dateline', 'body_html']).where('story_id', '=', storyId).where('version', '=', version).executeTakeFirst();
    if (!old || version >= story.version) throw new AppError('STORY_VERSION_NOT_FOUND', 'There is no such earlier version of this story.');
    const next = story.version + 1;
    const now = nowIso();
    await tx
      .updateTable('stories')
      .set({ ...old, version: next, updated_by: actor.id, modified_at: now, ...(story.status === 'published' ? { updated_at: now } : {}) })
      .where('id', '=', storyId)
      .where('version', '=', story.version)
      .execute();
    await tx.insertInto('story_versions').values({ story_id: storyId, version: next, ...old, recorded_at: now, saved_by: actor.id }).execute();
    await writeBodyMedia(tx, storyId, old.body_html, story.source_id !== null);
    await keepWireBase(tx, story, now);
    await log(tx, actor, 'restore', storyId, next, `the text of version ${version}`);
    return { version: next, live: story.status === 'published' };
  });
  if (result.live) ctx.events?.emit({ type: 'story.changed', storyId, change: 'updated', via: 'desk' });
  return { version: result.version };
}

/**
 * Settles a wire version that arrived after the desk edited the story: `accept` takes the wire's
 * text (the story is plain wire copy again), `merge` keeps the station's edits and takes the
 * wire's other changes (block by block; where both changed the same stretch the station's words
 * stay, and the result says how many), `keep` sets the wire's version aside. Either way the new
 * wire text becomes the one later versions are measured against.
 */
export async function settleWireUpdate(ctx: DeskContext, actor: DeskActor, storyId: string, baseVersion: number, choice: WireChoice): Promise<{ version: number; conflicts: number }> {
  const result = await withTransaction(ctx.db, async (tx) => {
    const story = await loadForUpdate(tx, storyId);
    if (!isEditor(actor)) throw new AppError('DESK_EDITORS_ONLY', 'Only editors can do that.');
    const texts = await tx.selectFrom('story_wire_texts').selectAll().where('story_id', '=', storyId).execute();
    const incoming = texts.find((t) => t.kind === 'incoming');
    const base = texts.find((t) => t.kind === 'base');
    if (!incoming || !base) throw new AppError('WIRE_UPDATE_NONE', 'No wire version is waiting for this story.');
    if (story.version !== baseVersion) throw new AppError('STORY_TRANSITION_REFUSED', 'Someone else changed this story a moment ago. Look at it again.');
    const now = nowIso();
    let conflicts = 0;
    let text: { headline: string; standfirst: string | null; dateline: string | null; body_html: string; rights_line: string | null } | null = null;
    if (choice === 'accept') text = incoming;
    if (choice === 'merge') {
      const field = (name: 'headline' | 'standfirst' | 'dateline' | 'rights_line') => {
        const merged = mergeField(base[name] ?? '', story[name] ?? '', incoming[name] ?? '');
        if (merged.conflict) conflicts++;
        return merged.value;
      };
      const body = mergeBodies(base.body_html, story.body_html, incoming.body_html);
      conflicts += body.conflicts;
      text = { headline: field('headline'), standfirst: field('standfirst') || null, dateline: field('dateline') || null, body_html: body.html, rights_line: field('rights_line') || null };
    }
    const version = text ? story.version + 1 : story.version;
    const content = text ? { headline: text.headline, standfirst: text.standfirst, dateline: text.dateline, body_html: text.body_html } : null;
    // Claimed by version, as a save is: of two editors settling at once, only the first acts.
    const claimed = await tx
      .updateTable('stories')
      .set({
        ...(content && text ? { ...content, rights_line: text.rights_line, version, ...(story.status === 'published' ? { updated_at: now } : {}) } : {}),
        updated_by: actor.id,
        modified_at: now,
      })
      .where('id', '=', storyId)
      .where('version', '=', story.version)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new AppError('STORY_TRANSITION_REFUSED', 'Someone else changed this story a moment ago. Look at it again.');
    if (content) {
      await tx.insertInto('story_versions').values({ story_id: storyId, version, ...content, recorded_at: now, saved_by: actor.id }).execute();
      await writeBodyMedia(tx, storyId, content.body_html, true);
      if (incoming.correction_note) await tx.insertInto('story_corrections').values({ story_id: storyId, version, noted_at: now, note: incoming.correction_note }).execute();
    }
    await tx.deleteFrom('story_wire_texts').where('story_id', '=', storyId).execute();
    // Still carrying the station's edits: the wire's newest text is what the next version is measured against.
    if (choice !== 'accept') await tx.insertInto('story_wire_texts').values({ ...incoming, kind: 'base', correction_note: null }).execute();
    await log(tx, actor, `wire-${choice}`, storyId, version, `wire version ${incoming.wire_version}${conflicts ? `; ${conflicts} stretch${conflicts === 1 ? '' : 'es'} both changed kept the station’s text` : ''}`);
    return { version, conflicts, live: text !== null && story.status === 'published' };
  });
  if (result.live) ctx.events?.emit({ type: 'story.changed', storyId, change: 'updated', via: 'desk' });
  return { version: result.version, conflicts: result.conflicts };
}
