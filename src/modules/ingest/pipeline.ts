// Applies one parsed wire item to the newsroom's stories: create, update in place, ignore or withdraw.
import { createHash } from 'node:crypto';
import type { Db, Tx } from '../../storage/index.ts';
import { storeImage } from '../media/index.ts';
import { addWireCorrection, createStory, datePublishedNoLaterThan, findStoryByOrigin, reviseFromWire, setStoryStatus, storyMediaIds, withdrawStory, type StoryDraft, type WireCorrection } from '../stories/index.ts';
import { parseByline, sha256Hex } from '../text/index.ts';
import { topicsFor, type Source } from './sources.repository.ts';
import type { WireItem, WirePicture } from './wire-item.ts';
import { legacyRank, primaryVersion, rankOf, rankVersion, type CopyRank } from './copy-rank.ts';
import { dropTombstone, findTombstones, keepTombstone, type Tombstone } from './tombstones.ts';
import { findWirePicture, keepWirePicture } from './wire-pictures.ts';

export interface KnownStory {
  id: string;
  slug: string;
  version: number;
  status: string;
  originHash: string | null;
  /** The rank of the copy that set its standing, and of the usable copy that gave its text. */
  wireRank: CopyRank;
  textRank: CopyRank;
  /** Ingested before ranks were kept (their ranks are rebuilt from version, status and hash). */
  legacy: boolean;
}

/** A story row as the pipeline knows it. */
export function knownStory(row: { id: string; slug: string; version: number; status: string; originHash: string | null; wireRank: string | null; wireTextRank: string | null }): KnownStory {
  const legacy = legacyRank(row.version, row.status, row.originHash);
  return { id: row.id, slug: row.slug, version: row.version, status: row.status, originHash: row.originHash, wireRank: row.wireRank ?? legacy, textRank: row.wireTextRank ?? row.wireRank ?? legacyRank(row.version, 'published', row.originHash), legacy: row.wireRank === null };
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
export type ItemOutcome = 'created' | 'updated' | 'update-held' | 'unchanged' | 'older-ignored' | 'withdrawn' | 'withheld' | 'held-embargo' | 'picture-stored' | 'refused';

export interface ItemResult {
  /** The wire's id for the item; null when a refused item had none. */
  guid: string | null;
  /** The item's headline as the wire gave it (null when it had none). */
  headline: string | null;
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
  /** Tombstones looked up for the chunk (absent: none kept for that id). */
  tombstones?: Map<string, Tombstone>;
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
    // A picture the photo wire sent as an item of its own is already in the media library.
    const sent = picture.ref ? await findWirePicture(ctx.db, source.id, picture.ref) : null;
    if (sent) {
      ids.push(sent.mediaId);
      continue;
    }
    if (!picture.href) {
      warnings.push(`picture ${picture.ref ?? '?'}: the item names a picture this site has not received`);
      continue;
    }
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

/** The copy's correction note, keyed by the copy's own version so every order records the same notes. */
function wireCorrection(item: WireItem, now: string): WireCorrection | null {
  const { note } = correctionOf(item);
  if (!note) return null;
  // A copy with neither number nor time is keyed by its note, so two such notes both stay.
  const version = primaryVersion(item) || 1 + parseInt(sha256Hex(note).slice(0, 7), 16);
  return { note, version, at: item.versionCreated ?? now };
}

const CANCELLED_FIRST = 'the wire cancelled this item before it arrived: it is kept as withdrawn and never appears';
const WITHHELD_FIRST = 'the wire withheld this item before it arrived: it stays off the site until a newer usable version';

/**
 * A photo wire's picture item: stored in the media library with its caption, credit and rights
 * (renditions of our own are made from its largest), and kept by its id for the text items
 * that name it. A newer copy of the picture replaces an older one; an older one changes nothing.
 */
async function applyPictureItem(ctx: PipelineContext, source: Source, item: WireItem, rank: CopyRank, result: (outcome: ItemOutcome, story: null, reason?: string | null, warnings?: string[]) => ItemResult): Promise<ItemResult> {
  const kept = await findWirePicture(ctx.db, source.id, item.guid);
  if (kept && kept.rank >= rank) return result(kept.rank === rank ? 'unchanged' : 'older-ignored', null);
  if (item.pubStatus !== 'usable') return result('refused', null, `a ${item.pubStatus} picture is not added to the media library`);
  const picture = item.pictures[0];
  if (!picture?.href) return result('refused', null, 'the picture item has no rendition to fetch');
  const warnings: string[] = [...(item.warnings ?? [])];
  const [mediaId] = await storePictures(ctx, source, { ...item, pictures: [{ ...picture, ref: null }] }, warnings);
  if (!mediaId) return result('refused', null, `the picture could not be stored: ${warnings.join('; ')}`);
  await keepWirePicture(ctx.db, source.id, item.guid, mediaId, rank);
  return result('picture-stored', null, `in the media library as ${mediaId}`, warnings);
}

export async function applyWireItem(ctx: PipelineContext, source: Source, item: WireItem): Promise<ItemResult> {
  const now = (ctx.now ?? (() => new Date()))().toISOString();
  const result = (outcome: ItemOutcome, story: { id: string; slug: string } | null, reason: string | null = null, warnings: string[] = []): ItemResult => ({
    guid: item.guid,
    headline: item.headline || null,
    version: item.version,
    outcome,
    storyId: story?.id ?? null,
    slug: story?.slug ?? null,
    reason,
    warnings,
  });
  const found = ctx.known?.has(item.guid) ? (ctx.known.get(item.guid) ?? null) : await findStoryByOrigin(ctx.db, source.id, item.guid);
  const existing = found && !('textRank' in found) ? knownStory(found) : found;
  const hash = contentHash(item);
  const rank = rankOf(item, hash);
  const version = versionOf(item, existing, hash);
  const remember = (story: KnownStory) => ctx.known?.set(item.guid, story);
  if (item.kind === 'picture' || item.kind === 'graphic') return applyPictureItem(ctx, source, item, rank, result);

  if (!existing) {
    const kept = ctx.tombstones ? (ctx.tombstones.get(item.guid) ?? null) : ((await findTombstones(ctx.db, source.id, [item.guid])).get(item.guid) ?? null);
    if (item.pubStatus !== 'usable') {
      const notice: Tombstone = { rank, pubStatus: item.pubStatus, version: item.version, at: item.versionCreated ?? now };
      const standing = await keepTombstone(ctx.db, source.id, item.guid, notice, kept);
      ctx.tombstones?.set(item.guid, standing);
      return result(standing.pubStatus === 'canceled' ? 'withdrawn' : 'withheld', null, standing.pubStatus === 'canceled' ? CANCELLED_FIRST : WITHHELD_FIRST);
    }
    if (item.kind !== 'text' && item.kind !== 'composite') return result('refused', null, `a ${item.kind} item is not a story`);
    if (!item.headline) return result('refused', null, 'the item has no headline');
    const warnings: string[] = [...(item.warnings ?? [])];
    const mediaIds = await storePictures(ctx, source, item, warnings);
    const publishedAt = item.firstCreated ?? item.versionCreated ?? now;
    const draft = draftFrom(item, source, mediaIds, publishedAt, null, now, version, hash);
    // A notice that outranks this copy keeps the story off the site from its first moment.
    const notice = kept && kept.rank > rank ? kept : null;
    const created = await createStory(ctx.db, { ...draft, ...(notice ? { status: 'held' } : {}), updatedAt: item.versionCreated, wireRank: notice?.rank ?? rank, wireTextRank: rank });
    const correction = wireCorrection(item, now);
    if (correction) await addWireCorrection(ctx.db, created.id, correction);
    const story: KnownStory = { id: created.id, slug: created.slug, version, status: draft.status ?? 'published', originHash: hash, wireRank: notice?.rank ?? rank, textRank: rank, legacy: false };
    // The story takes the notice before the tombstone goes: stopped between the two, it is
    // held (never public) and the notice is still kept.
    if (notice?.pubStatus === 'canceled') await withdrawStory(ctx.db, created.id, { reason: `${source.name} withdrew this story.`, at: notice.at, version: notice.version ?? version, wireRank: notice.rank });
    else if (notice) await setStoryStatus(ctx.db, created.id, 'withheld', notice.version ?? version, notice.rank);
    if (kept) await dropTombstone(ctx.db, source.id, item.guid);
    ctx.tombstones?.delete(item.guid);
    if (notice) {
      const status = notice.pubStatus === 'canceled' ? 'withdrawn' : 'withheld';
      remember({ ...story, status });
      return result(status, created, status === 'withdrawn' ? CANCELLED_FIRST : WITHHELD_FIRST, warnings);
    }
    remember(story);
    return result(draft.status === 'embargoed' ? 'held-embargo' : 'created', created, draft.status === 'embargoed' ? `embargoed until ${draft.embargoUntil}` : null, warnings);
  }

  // The same copy again: a stored legacy story knows its version and text, not its time.
  const legacyRepeat = existing.legacy && primaryVersion(item) === existing.version && (existing.originHash === hash || existing.originHash === null);
  const standingWins = !legacyRepeat && rank > existing.wireRank;
  const textWins = !legacyRepeat && item.pubStatus === 'usable' && rank > existing.textRank;
  if (!standingWins && !textWins) {
    // An older copy still brings its correction note, which the story would have had in order.
    // And its first publication time, when it was first.
    const correction = item.pubStatus === 'usable' ? wireCorrection(item, now) : null;
    const firstSeen = item.pubStatus === 'usable' ? (item.firstCreated ?? item.versionCreated) : null;
    const noted = correction ? await addWireCorrection(ctx.db, existing.id, correction) : false;
    const dated = firstSeen ? await datePublishedNoLaterThan(ctx.db, existing.id, firstSeen) : false;
    if (noted || dated) return result('updated', existing, `an older copy ${noted ? 'added its correction note' : 'dated the story from its first publication'}`);
    if (legacyRepeat || rank === existing.wireRank) return result('unchanged', existing);
    return result('older-ignored', existing, `version ${primaryVersion(item)} is older than ${rankVersion(existing.wireRank)}`);
  }
  if (item.pubStatus === 'canceled') {
    await withdrawStory(ctx.db, existing.id, { reason: `${source.name} withdrew this story.`, at: item.versionCreated ?? now, version, wireRank: rank });
    remember({ ...existing, version, status: 'withdrawn', wireRank: rank });
    return result('withdrawn', existing);
  }
  if (item.pubStatus === 'withheld') {
    // Off the site until a newer usable version arrives; an older one cannot return it.
    await setStoryStatus(ctx.db, existing.id, 'withheld', version, rank);
    remember({ ...existing, version, status: 'withheld', wireRank: rank });
    return result('withheld', existing, 'the wire withheld this story until a usable version arrives');
  }
  if (item.kind !== 'text' && item.kind !== 'composite') return result('refused', existing, `a ${item.kind} item is not a story`);
  if (!item.headline) return result('refused', existing, 'the item has no headline');

  const warnings: string[] = [...(item.warnings ?? [])];
  const mediaIds = await storePictures(ctx, source, item, warnings);
  const publishedAt = item.firstCreated ?? item.versionCreated ?? now;
  const draft = draftFrom(item, source, mediaIds, publishedAt, existing.status, now, version, hash);
  // A version that names no picture (or whose pictures could not be read) keeps the story's
  // photo; only a wire that says it has none takes it away.
  if (mediaIds.length === 0 && !item.picturesRemoved) Object.assign(draft, await storyMediaIds(ctx.db, existing.id));
  // Newer text under a newer cancel or withhold: the text is taken, the story stays off the site.
  const held = !standingWins;
  const revision: StoryDraft = { ...draft, keepStanding: held, wireRank: held ? existing.wireRank : rank, wireTextRank: rank };
  const applied = await reviseFromWire(ctx.db, existing.id, revision, item.versionCreated ?? now, wireCorrection(item, now));
  const firstSeen = item.firstCreated ?? item.versionCreated;
  if (firstSeen) await datePublishedNoLaterThan(ctx.db, existing.id, firstSeen);
  const status = held ? existing.status : (draft.status ?? 'published');
  remember({ ...existing, version, status, originHash: hash, wireRank: held ? existing.wireRank : rank, textRank: rank, legacy: false });
  if (applied === 'held-for-desk') return result('update-held', existing, `the desk edited this story: version ${version} waits there as a diff`, warnings);
  if (held) return result('updated', existing, `the text is newer, but a newer ${existing.status === 'withdrawn' ? 'cancel' : 'withhold'} keeps the story off the site`, warnings);
  return result(draft.status === 'embargoed' ? 'held-embargo' : 'updated', existing, draft.status === 'embargoed' ? `embargoed until ${draft.embargoUntil}` : null, warnings);
}
