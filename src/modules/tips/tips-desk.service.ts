// The newsroom's side of the tip line. Editors (and admins) see every tip, assign them, and
// decide; a reporter sees only the tips assigned to them. Every look (a tip opened, a file
// downloaded or previewed) and every change is written to the access log in the same
// transaction as the change, so there is no way to read a tip without leaving a line.
import type { Readable } from 'node:stream';
import { AppError } from '../../errors.ts';
import { EDITOR_ROLES, type Role } from '../accounts/index.ts';
import { queueEmail } from '../notify/index.ts';
import { decodeCursor, encodeCursor, nowIso, timeOrderedId, withTransaction, type Queryable, type Tx } from '../../storage/index.ts';
import { logTipAccess, tipAccessLog, type TipAccessEntry } from './access-log.ts';
import { CLOSED_TIP_STATUSES, TIP_STATUSES, type TipFileKind, type TipMessageKind, type TipSpamReason, type TipStatus } from './domain.ts';
import { openJson, openText, sealText } from './sealing.ts';
import { fileMetaContext, messageContext, tipContext, type TipContent, type TipFileMeta, type TipsContext } from './tips-context.ts';
import { openTipFile, openTipPreview, removeTipFiles } from './tip-files.ts';
import { contactAddress, removeTipRows, sourcePlaceholder, TIP_LIMITS, tipReference } from './tips.service.ts';

export interface TipStaff {
  id: string;
  name: string;
  role: Role;
}

const isEditor = (actor: TipStaff) => EDITOR_ROLES.includes(actor.role);
const TIP_ROLES: readonly Role[] = ['reporter', 'editor', 'admin'];

function mayOpen(actor: TipStaff, tip: { assigned_to: string | null }): void {
  if (!TIP_ROLES.includes(actor.role)) throw new AppError('ROLE_REQUIRED', 'Tips are for editors and the reporters they assign.');
  if (!isEditor(actor) && tip.assigned_to !== actor.id) throw new AppError('TIP_NOT_ASSIGNED_TO_YOU', 'This tip is not assigned to you; an editor can assign it.');
}

function editorsOnly(actor: TipStaff): void {
  if (!isEditor(actor)) throw new AppError('DESK_EDITORS_ONLY', 'Only an editor can do that.');
}

async function tipRow(tx: Queryable, actor: TipStaff, tipId: string) {
  const tip = await tx.selectFrom('tips').selectAll().where('id', '=', tipId).executeTakeFirst();
  if (!tip) throw new AppError('TIP_NOT_FOUND', 'There is no such tip (it may have been deleted).');
  mayOpen(actor, tip);
  return tip;
}

/** Which tips the inbox lists. */
export type TipFolder = 'open' | 'closed' | 'spam' | TipStatus;
export const TIP_FOLDERS: readonly TipFolder[] = ['open', ...TIP_STATUSES.filter((s) => s !== 'spam'), 'closed', 'spam'];

export interface TipListItem {
  id: string;
  reference: string;
  status: TipStatus;
  receivedAt: string;
  assignee: string | null;
  files: number;
  /** The source wrote after the last time staff changed the tip. */
  newFromSource: boolean;
  challengeSolved: boolean;
  spamReason: TipSpamReason | null;
}

export interface TipList {
  items: TipListItem[];
  next: string | null;
  counts: Partial<Record<TipStatus, number>>;
}

export const TIP_PAGE = 50;
/** The inbox counts each status up to this; the view shows more as "1,000+". */
export const COUNT_CAP = 1000;

/**
 * The inbox: tips newest first, without their words (opening one is what the log records).
 * Reporters see the tips assigned to them; `mine` narrows an editor's list the same way.
 */
export async function listTips(db: Queryable, actor: TipStaff, options: { folder: TipFolder; mine?: boolean; cursor?: string | null }): Promise<TipList> {
  if (!TIP_ROLES.includes(actor.role)) throw new AppError('ROLE_REQUIRED', 'Tips are for editors and the reporters they assign.');
  const onlyMine = options.mine || !isEditor(actor);
  const statuses: readonly TipStatus[] =
    options.folder === 'open' ? ['new', 'assigned', 'in_progress'] : options.folder === 'closed' ? CLOSED_TIP_STATUSES.filter((s) => s !== 'spam') : options.folder === 'spam' ? ['spam'] : [options.folder];
  const after = options.cursor ? decodeCursor(options.cursor, ['time', 'id'] as const) : null;
  // One ordered read of the (status, created_at, id) index per status, merged here: a single
  // query over several statuses would sort every matching row to find the newest.
  const perStatus = await Promise.all(
    statuses.map((status) =>
      db
        .selectFrom('tips')
        .select(['id', 'status', 'created_at', 'files', 'tipster_at', 'updated_at', 'challenge_solved', 'spam_reason', 'assigned_to'])
        .where('status', '=', status)
        .$if(onlyMine, (q) => q.where('assigned_to', '=', actor.id))
        .$if(after !== null, (q) => q.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(after![0], after![1]))))
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(TIP_PAGE + 1)
        .execute(),
    ),
  );
  const newestFirst = (a: { created_at: string; id: string }, b: { created_at: string; id: string }) => (a.created_at === b.created_at ? (a.id < b.id ? 1 : -1) : a.created_at < b.created_at ? 1 : -1);
  const rows = perStatus.flat().sort(newestFirst).slice(0, TIP_PAGE + 1);
  const assigneeIds = [...new Set(rows.map((r) => r.assigned_to).filter((id): id is string => id !== null))];
  const names = new Map(
    assigneeIds.length ? (await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', assigneeIds).execute()).map((u) => [u.id, u.display_name] as const) : [],
  );
  // Counts stop at COUNT_CAP: each is a short read of the same index, never a scan of every tip.
  const counts = await Promise.all(
    TIP_STATUSES.map(async (status) => {
      const capped = db
        .selectFrom('tips')
        .select('id')
        .where('status', '=', status)
        .$if(onlyMine, (q) => q.where('assigned_to', '=', actor.id))
        .limit(COUNT_CAP);
      const row = await db.selectFrom(capped.as('t')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return [status, Number(row.n)] as const;
    }),
  );
  const page = rows.slice(0, TIP_PAGE);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      reference: tipReference(r.id),
      status: r.status,
      receivedAt: r.created_at,
      assignee: r.assigned_to ? (names.get(r.assigned_to) ?? null) : null,
      files: Number(r.files),
      newFromSource: r.tipster_at !== null && r.tipster_at > r.created_at && r.tipster_at >= r.updated_at,
      challengeSolved: Number(r.challenge_solved) === 1,
      spamReason: r.spam_reason,
    })),
    next: rows.length > TIP_PAGE && last ? encodeCursor([last.created_at, last.id]) : null,
    counts: Object.fromEntries(counts.filter(([, n]) => n > 0)),
  };
}

export interface TipFileView {
  id: string;
  name: string;
  type: string;
  kind: TipFileKind;
  bytes: number;
  hasPreview: boolean;
  at: string;
}

export interface TipMessageView {
  id: string;
  kind: TipMessageKind;
  author: string | null;
  at: string;
  text: string;
  files: TipFileView[];
}

export interface TipView {
  id: string;
  reference: string;
  status: TipStatus;
  spamReason: TipSpamReason | null;
  challengeSolved: boolean;
  receivedAt: string;
  content: TipContent;
  canEmail: boolean;
  assignee: { id: string; name: string } | null;
  story: { id: string; slug: string; headline: string } | null;
  duplicateOf: { id: string; reference: string } | null;
  duplicates: { id: string; reference: string }[];
  files: TipFileView[];
  messages: TipMessageView[];
  log: TipAccessEntry[];
}

/** Opens a tip for a staff member: the whole of it, and a line in the log that they did. */
export async function openTip(ctx: TipsContext, actor: TipStaff, tipId: string): Promise<TipView> {
  return withTransaction(ctx.db, async (tx) => {
    const tip = await tipRow(tx, actor, tipId);
    const keyring = ctx.store.keyring;
    const [assignee, story, duplicates, files, messages] = await Promise.all([
      tip.assigned_to ? tx.selectFrom('users').select(['id', 'display_name']).where('id', '=', tip.assigned_to).executeTakeFirst() : undefined,
      tip.story_id ? tx.selectFrom('stories').select(['id', 'slug', 'headline']).where('id', '=', tip.story_id).executeTakeFirst() : undefined,
      tx.selectFrom('tips').select('id').where('duplicate_of', '=', tip.id).orderBy('created_at').execute(),
      tx.selectFrom('tip_files').selectAll().where('tip_id', '=', tip.id).orderBy('created_at').orderBy('id').execute(),
      tx.selectFrom('tip_messages').selectAll().where('tip_id', '=', tip.id).orderBy('created_at').orderBy('id').execute(),
    ]);
    const fileViews = files.map((f) => {
      const meta = openJson<TipFileMeta>(keyring, f.sealed_meta, fileMetaContext(f.id));
      return { view: { id: f.id, name: meta.name, type: meta.type, kind: f.kind, bytes: Number(f.bytes), hasPreview: f.preview_as !== null, at: f.created_at }, messageId: f.message_id };
    });
    await logTipAccess(tx, tip.id, actor, 'viewed');
    return {
      id: tip.id,
      reference: tipReference(tip.id),
      status: tip.status,
      spamReason: tip.spam_reason,
      challengeSolved: Number(tip.challenge_solved) === 1,
      receivedAt: tip.created_at,
      content: openJson<TipContent>(keyring, tip.sealed, tipContext(tip.id)),
      canEmail: Number(tip.can_email) === 1,
      assignee: assignee ? { id: assignee.id, name: assignee.display_name } : null,
      story: story ?? null,
      duplicateOf: tip.duplicate_of ? { id: tip.duplicate_of, reference: tipReference(tip.duplicate_of) } : null,
      duplicates: duplicates.map((d) => ({ id: d.id, reference: tipReference(d.id) })),
      files: fileViews.filter((f) => f.messageId === null).map((f) => f.view),
      messages: messages.map((m) => ({
        id: m.id,
        kind: m.kind,
        author: m.author_name,
        at: m.created_at,
        text: openText(keyring, m.sealed, messageContext(m.id)),
        files: fileViews.filter((f) => f.messageId === m.id).map((f) => f.view),
      })),
      log: await tipAccessLog(tx, tip.id),
    };
  });
}

async function changed(tx: Tx, tipId: string, set: Partial<{ status: TipStatus; assigned_to: string | null; story_id: string | null; duplicate_of: string | null; spam_reason: TipSpamReason | null }>): Promise<void> {
  const at = nowIso();
  const closing = set.status === undefined ? {} : { closed_at: CLOSED_TIP_STATUSES.includes(set.status) ? at : null };
  await tx.updateTable('tips').set({ ...set, ...closing, updated_at: at }).where('id', '=', tipId).execute();
}

/** Assigns a tip to a reporter or editor (or nobody); a new tip becomes assigned. Editors only. */
export async function assignTip(ctx: TipsContext, actor: TipStaff, tipId: string, userId: string | null): Promise<void> {
  editorsOnly(actor);
  await withTransaction(ctx.db, async (tx) => {
    const tip = await tipRow(tx, actor, tipId);
    let name = 'nobody';
    if (userId) {
      const user = await tx.selectFrom('users').select(['id', 'display_name', 'role', 'deactivated_at']).where('id', '=', userId).executeTakeFirst();
      if (!user || !TIP_ROLES.includes(user.role) || user.deactivated_at) throw new AppError('TIP_ASSIGNEE_INVALID', 'Tips can be assigned to reporters and editors with an active account.');
      name = user.display_name;
    }
    const status = userId && tip.status === 'new' ? 'assigned' : !userId && tip.status === 'assigned' ? 'new' : tip.status;
    await changed(tx, tip.id, { assigned_to: userId, status });
    await logTipAccess(tx, tip.id, actor, 'assigned', name);
  });
  ctx.events.emit({ type: 'tip.changed', tipId, change: 'assigned' });
}

/** Moves a tip to a status. Reporters may work the tips assigned to them; only editors mark spam or undo it. */
export async function setTipStatus(ctx: TipsContext, actor: TipStaff, tipId: string, status: string): Promise<void> {
  if (!(TIP_STATUSES as readonly string[]).includes(status)) throw new AppError('TIP_STATUS_INVALID', 'Choose one of the statuses listed.');
  const next = status as TipStatus;
  await withTransaction(ctx.db, async (tx) => {
    const tip = await tipRow(tx, actor, tipId);
    if ((next === 'spam' || tip.status === 'spam' || next === 'duplicate') && !isEditor(actor)) throw new AppError('DESK_EDITORS_ONLY', 'Only an editor can file a tip as spam or a duplicate, or take it out of spam.');
    if (next === 'duplicate' && !tip.duplicate_of) throw new AppError('TIP_DUPLICATE_INVALID', 'Say which tip this one repeats: use “Merge into another tip”.');
    if (next === 'assigned' && !tip.assigned_to) throw new AppError('TIP_ASSIGNEE_INVALID', 'Assign the tip to someone first.');
    if (next === tip.status) return;
    await changed(tx, tip.id, { status: next, ...(next === 'spam' ? { spam_reason: 'marked' as const } : tip.status === 'spam' ? { spam_reason: null } : {}), ...(next !== 'duplicate' ? { duplicate_of: null } : {}) });
    await logTipAccess(tx, tip.id, actor, 'status-changed', `${tip.status} → ${next}`);
  });
  ctx.events.emit({ type: 'tip.changed', tipId, change: 'status' });
}

async function addMessage(ctx: TipsContext, actor: TipStaff, tipId: string, kind: 'note' | 'reply', typed: string): Promise<void> {
  const text = typed.replace(/\r\n?/g, '\n').trim();
  if (text === '') throw new AppError('TIP_MESSAGE_REQUIRED', kind === 'note' ? 'Write the note first.' : 'Write the reply first.');
  if (text.length > TIP_LIMITS.message) throw new AppError('TIP_FIELD_TOO_LONG', `Keep it under ${TIP_LIMITS.message.toLocaleString('en')} characters.`);
  await withTransaction(ctx.db, async (tx) => {
    const tip = await tipRow(tx, actor, tipId);
    if (kind === 'reply' && tip.status === 'spam') throw new AppError('TIP_CLOSED', 'Take the tip out of spam before replying to it.');
    const id = timeOrderedId();
    const at = nowIso();
    await tx.insertInto('tip_messages').values({ id, tip_id: tip.id, kind, author_id: actor.id, author_name: actor.name, sealed: sealText(ctx.store.keyring, text, messageContext(id)), created_at: at }).execute();
    await tx.updateTable('tips').set({ updated_at: at }).where('id', '=', tip.id).execute();
    await logTipAccess(tx, tip.id, actor, kind === 'note' ? 'noted' : 'replied');
    // The email says a reply is waiting; the words stay behind the receipt code.
    if (kind === 'reply' && Number(tip.can_email) === 1) await queueEmail(tx, { key: `tip-reply:${tip.id}:${id}`, to: sourcePlaceholder(tip.id), template: 'tip-reply', data: { tipId: tip.id } });
  });
  ctx.events.emit({ type: 'tip.changed', tipId, change: kind === 'note' ? 'noted' : 'replied' });
}

/** An internal note: staff only, never shown to the source. */
export const noteOnTip = (ctx: TipsContext, actor: TipStaff, tipId: string, text: string) => addMessage(ctx, actor, tipId, 'note', text);
/** A reply the source reads with their receipt code (and hears of by email, when they gave an address). */
export const replyToSource = (ctx: TipsContext, actor: TipStaff, tipId: string, text: string) => addMessage(ctx, actor, tipId, 'reply', text);

/** Links the story that came of the tip, by its address or slug (or unlinks, with an empty one). */
export async function linkTipStory(ctx: TipsContext, actor: TipStaff, tipId: string, storyRef: string): Promise<void> {
  const slug = storyRef.trim().replace(/[?#].*$/, '').replace(/\/+$/, '').split('/').pop() ?? '';
  await withTransaction(ctx.db, async (tx) => {
    const tip = await tipRow(tx, actor, tipId);
    let storyId: string | null = null;
    if (slug !== '') {
      const story = await tx.selectFrom('stories').select(['id', 'slug']).where((eb) => eb.or([eb('slug', '=', slug), eb('id', '=', slug)])).executeTakeFirst();
      if (!story) throw new AppError('TIP_STORY_UNKNOWN', `No story has the address “${storyRef.slice(0, 200)}”. Paste the story’s address or its slug.`);
      storyId = story.id;
    }
    await changed(tx, tip.id, { story_id: storyId });
    await logTipAccess(tx, tip.id, actor, 'story-linked', storyId ? slug : 'none');
  });
  ctx.events.emit({ type: 'tip.changed', tipId, change: 'linked' });
}

/** Files a tip as a duplicate of another (by its reference, e.g. T-3F9K2C): the other lists it. Editors only. */
export async function markTipDuplicate(ctx: TipsContext, actor: TipStaff, tipId: string, otherRef: string): Promise<void> {
  editorsOnly(actor);
  const ref = otherRef.trim().toUpperCase().replace(/^T-?/, '');
  await withTransaction(ctx.db, async (tx) => {
    const tip = await tipRow(tx, actor, tipId);
    if (!/^[0-9A-F]{6}$/.test(ref)) throw new AppError('TIP_DUPLICATE_INVALID', 'Give the other tip’s reference, e.g. T-3F9K2C.');
    const others = await tx.selectFrom('tips').select(['id', 'duplicate_of']).where('id', 'like', `%${ref.toLowerCase()}`).where('id', '!=', tip.id).limit(2).execute();
    if (others.length !== 1) throw new AppError('TIP_DUPLICATE_INVALID', others.length ? 'More than one tip ends in that reference; open the other tip and merge from there.' : `No other tip is T-${ref}.`);
    // Point at the tip the other one repeats, so chains never form.
    const target = others[0]!.duplicate_of ?? others[0]!.id;
    if (target === tip.id) throw new AppError('TIP_DUPLICATE_INVALID', 'That tip is already filed as a duplicate of this one.');
    await changed(tx, tip.id, { status: 'duplicate', duplicate_of: target });
    await tx.updateTable('tips').set({ duplicate_of: target }).where('duplicate_of', '=', tip.id).execute();
    await logTipAccess(tx, tip.id, actor, 'marked-duplicate', tipReference(target));
  });
  ctx.events.emit({ type: 'tip.changed', tipId, change: 'status' });
}

/** Deletes a tip and its files for good (admins). The access log keeps that it was done, and by whom. */
export async function deleteTip(ctx: TipsContext, actor: TipStaff, tipId: string): Promise<void> {
  if (actor.role !== 'admin') throw new AppError('ROLE_REQUIRED', 'Only an admin can delete a tip.');
  const files = await withTransaction(ctx.db, async (tx) => {
    const tip = await tipRow(tx, actor, tipId);
    const files = await removeTipRows(tx, tip.id);
    await logTipAccess(tx, tip.id, actor, 'deleted');
    return files;
  });
  await removeTipFiles(ctx.store, files);
  ctx.events.emit({ type: 'tip.changed', tipId, change: 'deleted' });
}

export interface TipDownload {
  name: string;
  type: string;
  bytes: number | null;
  stream: Readable;
}

/** A file (or a picture's metadata-free preview) for a staff member, logged before a byte leaves. */
export async function downloadTipFile(ctx: TipsContext, actor: TipStaff, tipId: string, fileId: string, preview: boolean): Promise<TipDownload> {
  const file = await withTransaction(ctx.db, async (tx) => {
    const tip = await tipRow(tx, actor, tipId);
    const file = await tx.selectFrom('tip_files').selectAll().where('id', '=', fileId).where('tip_id', '=', tip.id).executeTakeFirst();
    if (!file || (preview && !file.preview_as)) throw new AppError('TIP_FILE_NOT_FOUND', 'That tip has no such file.');
    await logTipAccess(tx, tip.id, actor, preview ? 'file-previewed' : 'file-downloaded', file.id);
    return file;
  });
  const meta = openJson<TipFileMeta>(ctx.store.keyring, file.sealed_meta, fileMetaContext(file.id));
  if (preview) return { name: `${meta.name.replace(/\.[^.]*$/, '')}-preview.webp`, type: 'image/webp', bytes: null, stream: openTipPreview(ctx.store, file.preview_as!, file.id) };
  return { name: meta.name, type: meta.type, bytes: Number(file.bytes), stream: openTipFile(ctx.store, file.stored_as, file.id) };
}

/** The people a tip can be assigned to. */
export async function tipAssignees(db: Queryable): Promise<{ id: string; name: string; role: Role }[]> {
  const rows = await db.selectFrom('users').select(['id', 'display_name', 'role']).where('role', 'in', TIP_ROLES).where('deactivated_at', 'is', null).orderBy('display_name').execute();
  return rows.map((r) => ({ id: r.id, name: r.display_name, role: r.role }));
}

/** For mail renderers: the address of a tip's source, when they gave one and agreed to contact. */
export async function sourceAddressOf(ctx: Pick<TipsContext, 'db' | 'store'>, tipId: string): Promise<{ address: string; reference: string } | null> {
  const tip = await ctx.db.selectFrom('tips').select(['id', 'sealed', 'status']).where('id', '=', tipId).executeTakeFirst();
  if (!tip || tip.status === 'spam') return null;
  const address = contactAddress(openJson<TipContent>(ctx.store.keyring, tip.sealed, tipContext(tip.id)));
  return address ? { address, reference: tipReference(tip.id) } : null;
}
