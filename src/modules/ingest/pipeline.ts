// Applies one parsed wire item to the newsroom's stories: create, update in place, ignore or withdraw.
import { createHash } from 'node:crypto';
import type { Db, Tx } from '../../storage/index.ts';
import { storeImage } from '../media/index.ts';
import { createStory, findStoryByOrigin, reviseFromWire, setStoryStatus, withdrawStory, type StoryDraft } from '../stories/index.ts';
import { parseByline } from '../text/index.ts';
import { topicsFor, type Source } from './sources.repository.ts';
import type { WireItem, WirePicture } from './wire-item.ts';

export interface KnownStory {
  id: string;
  slug: string;
  version: number;
  status: string;
  originHash: string | null;
}

/** The item's text, hashed: orders versions when the wire gives neither a number nor a time. */
export function contentHash(item: WireItem): string {
  return createHash('sha256').update(JSON.stringify([item.headline, item.standfirst, item.bodyHtml, item.byline, item.pubStatus])).digest('hex');
}

/**
 * The item's version: the wire's number, else its time (as minutes, set by the feed parsers),
 * else — with neither — the stored version when the text is the same, one more when it changed.
 */
function versionOf(item: WireItem, existing: KnownStory | null, hash: string): number {
  if (item.version !== null) return item.version;
  if (!existing) return 1;
  return existing.originHash === hash ? existing.version : existing.version + 1;
}

/** 'update-held': the desk edited the story, so the new version waits on the desk as a diff. */
export type ItemOutcome = 'created' | 'updated' | 'update-held' | 'unchanged' | 'older-ignored' | 'withdrawn' | 'withheld' | 'held-embargo' | 'refused';

export interface ItemResult {
  /** The wire's id for the item; null when a refused item had none. */
  guid: string | null;
  version: number | null;
  outcome: ItemOutcome;
  storyId: string | null;
  slug: string | null;
  reason: string | null;
  /** Problems that did not stop the story, e.g. a picture that could not be fetched. */
  warnings: string[];
}

export interface PipelineContext {
  /** The database, or the transaction a chunk of items is applied in. */
  db: Db | Tx;
  mediaDir: string;
  /** Returns a picture's bytes; the transport decides what hrefs it may follow. */
  fetchPicture(href: string): Promise<Buffer>;
  /**
   * Stories already looked up by wire id for a chunk of items (null: none yet). Saves a query per
   * item; the pipeline adds the stories it creates, so a repeated id in the chunk is seen.
   */
  known?: Map<string, KnownStory | null>;
  now?: () => Date;
}

// "KESTREL FALLS, Ore. (MNS) — Text" or "(MNS) -- Text": an agency dateline leading the body text.
const BODY_DATELINE = /^(<p>)\s*((?:[A-Z][A-Za-z.'’ -]*(?:, [A-Z][A-Za-z.' -]*)?\s)?\([A-Za-z0-9 .&-]{1,40}\))\s*(?:—|–|--|-)\s*/;

export function splitDateline(bodyHtml: string): { dateline: string | null; bodyHtml: string } {
  const match = BODY_DATELINE.exec(bodyHtml.trimStart());
  if (!match?.[2]) return { dateline: null, bodyHtml };
  return { dateline: match[2].trim(), bodyHtml: `${match[1]}${bodyHtml.trimStart().slice(match[0].length)}` };
}

function datelineFor(item: WireItem, source: Source, bodyHtml: string): { dateline: string | null; bodyHtml: string } {
  if (item.dateline) return { dateline: item.dateline, bodyHtml };
  const fromBody = splitDateline(bodyHtml);
  if (fromBody.dateline) return fromBody;
  if (source.kind === 'newsroom') return { dateline: item.located, bodyHtml };
  return { dateline: item.located ? `${item.located} (${source.shortName})` : `(${source.shortName})`, bodyHtml };
}

/** Wire photos are credited "Photographer/Agency via Provider". */
export function creditFor(picture: WirePicture, source: Source): string | null {
  if (source.kind === 'newsroom') return picture.credit;
  if (!picture.credit) return `${source.name}`;
  return picture.credit.toLowerCase().includes(' via ') ? picture.credit : `${picture.credit} via ${source.name}`;
}

function firstSentence(text: string | null): string | null {
  if (!text) return null;
  const match = /^(.{20,200}?[.!?])(\s|$)/.exec(text);
  return (match?.[1] ?? text.slice(0, 200)).trim();
}

async function storePictures(ctx: PipelineContext, source: Source, item: WireItem, warnings: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const picture of item.pictures) {
    try {
      const bytes = await ctx.fetchPicture(picture.href);
      ids.push(
        await storeImage(ctx.db, ctx.mediaDir, bytes, {
          caption: picture.caption,
          credit: creditFor(picture, source),
          altText: picture.altText ?? firstSentence(picture.caption),
          rights: picture.rights,
        }),
      );
    } catch (error) {
      warnings.push(`picture ${picture.href}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return ids;
}

/**
 * What a new version's story becomes: live stays live (an update to public copy is public),
 * spiked stays spiked; otherwise a future embargo holds it, and a source that holds copy for the desk holds it.
 */
function statusFor(source: Source, existingStatus: string | null, embargoed: boolean): StoryDraft['status'] {
  if (existingStatus === 'published') return 'published';
  // The desk decided not to run it: later versions are kept, and stay off the site.
  if (existingStatus === 'spiked') return 'spiked';
  if (embargoed) return 'embargoed';
  return source.publishPolicy === 'hold' ? 'held' : 'published';
}

// Agencies mark corrected copy in the headline: "CORRECTED-…", "CORRECTS …", "CORRECTION: …".
const CORRECTED_HEADLINE = /^\s*(?:UPDATE \d+-)?(CORRECTED|CORRECTING|CORRECTS|CORRECTION)\b\s*[-:—–]?\s*/i;

export function correctionOf(item: WireItem): { headline: string; note: string | null } {
  const match = CORRECTED_HEADLINE.exec(item.headline);
  const headline = match ? item.headline.slice(match[0].length) : item.headline;
  if (item.correctionNote) return { headline, note: item.correctionNote };
  return { headline, note: match ? 'An earlier version of this story contained an error that has been corrected.' : null };
}

function draftFrom(item: WireItem, source: Source, mediaIds: string[], publishedAt: string, existingStatus: string | null, now: string, version: number, hash: string): StoryDraft {
  const { dateline, bodyHtml } = datelineFor(item, source, item.bodyHtml);
  const [heroMediaId = null, ...inlineMediaIds] = mediaIds;
  const embargoed = !!item.embargoedUntil && item.embargoedUntil > now;
  return {
    headline: correctionOf(item).headline,
    standfirst: item.standfirst,
    dateline,
    bodyHtml,
    rightsLine: item.rights,
    sourceId: source.id,
    originGuid: item.guid,
    originUrl: item.originUrl,
    authors: parseByline(item.byline, [source.shortName, source.name]),
    topics: topicsFor(source, item.subjects.map((s) => s.name)).map((name) => ({ name })),
    heroMediaId,
    inlineMediaIds,
    publishedAt,
    version,
    originHash: hash,
    status: statusFor(source, existingStatus, embargoed),
    embargoUntil: embargoed ? item.embargoedUntil : null,
    urgency: item.urgency,
  };
}

export async function applyWireItem(ctx: PipelineContext, source: Source, item: WireItem): Promise<ItemResult> {
  const now = (ctx.now ?? (() => new Date()))().toISOString();
  const result = (outcome: ItemOutcome, story: { id: string; slug: string } | null, reason: string | null = null, warnings: string[] = []): ItemResult => ({
    guid: item.guid,
    version: item.version,
    outcome,
    storyId: story?.id ?? null,
    slug: story?.slug ?? null,
    reason,
    warnings,
  });
  const existing = ctx.known?.has(item.guid) ? (ctx.known.get(item.guid) ?? null) : await findStoryByOrigin(ctx.db, source.id, item.guid);

  const hash = contentHash(item);
  const version = versionOf(item, existing, hash);
  if (item.pubStatus === 'canceled') {
    if (!existing) return result('refused', null, 'a cancel for an item this site never received');
    if (existing.status === 'withdrawn') return result('unchanged', existing);
    // A cancel wins even at the same version: wires do not always number their kill notices.
    if (version < existing.version) return result('older-ignored', existing, `version ${version} is older than ${existing.version}`);
    await withdrawStory(ctx.db, existing.id, {
      reason: `${source.name} withdrew this story.`,
      at: item.versionCreated ?? now,
      version,
    });
    ctx.known?.set(item.guid, { ...existing, version, status: 'withdrawn' });
    return result('withdrawn', existing);
  }
  if (existing) {
    // Every status obeys version order: an old usable copy never revives a withdrawn story.
    if (version < existing.version) return result('older-ignored', existing, `version ${version} is older than ${existing.version}`);
    // Same version, same text: a repeat. Same version (or time), other text: the wire changed
    // the copy without moving its number, which is an update all the same.
    if (version === existing.version && (existing.originHash === hash || existing.originHash === null)) return result('unchanged', existing);
  }
  if (item.pubStatus === 'withheld') {
    // Off the site until a usable version arrives; the newer version number is kept so an old copy cannot return it.
    if (existing) {
      await setStoryStatus(ctx.db, existing.id, 'withheld', version);
      ctx.known?.set(item.guid, { ...existing, version, status: 'withheld' });
    }
    return result('withheld', existing, 'the wire withheld this story until a usable version arrives');
  }
  if (item.kind !== 'text' && item.kind !== 'composite') return result('refused', existing, `a ${item.kind} item is not a story`);
  if (!item.headline) return result('refused', existing, 'the item has no headline');

  const warnings: string[] = [];
  const mediaIds = await storePictures(ctx, source, item, warnings);
  const publishedAt = item.firstCreated ?? item.versionCreated ?? now;
  const draft = draftFrom(item, source, mediaIds, publishedAt, existing?.status ?? null, now, version, hash);
  const outcomeFor = (fallback: ItemOutcome): ItemOutcome => (draft.status === 'embargoed' ? 'held-embargo' : fallback);
  if (existing) {
    const updatedAt = item.versionCreated ?? now;
    const { note } = correctionOf(item);
    const applied = await reviseFromWire(ctx.db, existing.id, draft, updatedAt, note);
    if (applied === 'held-for-desk') {
      ctx.known?.set(item.guid, { ...existing, version, originHash: hash });
      return result('update-held', existing, `the desk edited this story: version ${version} waits there as a diff`, warnings);
    }
    ctx.known?.set(item.guid, { ...existing, version, status: draft.status ?? 'published', originHash: hash });
    return result(outcomeFor('updated'), existing, draft.status === 'embargoed' ? `embargoed until ${draft.embargoUntil}` : null, warnings);
  }
  const created = await createStory(ctx.db, draft);
  ctx.known?.set(item.guid, { id: created.id, slug: created.slug, version, status: draft.status ?? 'published', originHash: hash });
  return result(outcomeFor('created'), created, draft.status === 'embargoed' ? `embargoed until ${draft.embargoUntil}` : null, warnings);
}
