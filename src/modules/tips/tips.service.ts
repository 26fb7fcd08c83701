// The source's side of the tip line: send a tip (with the files already sealed on disk), read
// the newsroom's replies with the receipt code, add to the tip, or delete it. Each runs in one
// transaction, writes the access log and tells the bus after commit. The source is never asked
// who they are; a tip is only ever refused with a reason they see, and a bot's tip is kept in the
// spam folder, never dropped.
import { AppError } from '../../errors.ts';
import { queueEmail } from '../notify/index.ts';
import { sha256Hex } from '../text/index.ts';
import { loadSettings } from '../settings/index.ts';
import { nowIso, timeOrderedId, withTransaction, type Queryable, type Tx } from '../../storage/index.ts';
import { logTipAccess } from './access-log.ts';
import { checkSolution, spendSolution } from './challenge.ts';
import type { TipStatus } from './domain.ts';
import { newReceiptCode, normalReceipt, receiptHash } from './receipts.ts';
import { openJson, openText, sealJson, sealText } from './sealing.ts';
import { fileMetaContext, messageContext, tipContext, type TipContent, type TipFileMeta, type TipsContext } from './tips-context.ts';
import { removeTipFiles, TIP_FILES_MAX, TIP_FILES_MAX_BYTES, type RefusedTipFile, type StoredTipFile } from './tip-files.ts';

export const TIP_LIMITS = { what: 20_000, whereWhen: 2_000, name: 200, contact: 500, message: 20_000 } as const;

/** Tips one network may send an hour: with the browser's proof of work, and without it. */
export const TIPS_PER_HOUR = { solved: 10, unsolved: 3 } as const;
const HOUR = 3_600_000;

export interface TipSubmission {
  what: string;
  whereWhen: string;
  name: string;
  contact: string;
  consent: boolean;
  /** The field people cannot see; a bot fills it. */
  honeypot: string;
  /** The proof-of-work answer, absent when JavaScript was off. */
  proof: string | undefined;
  /** The sender's network (their address), counted, never stored with the tip. */
  network: string;
  files: StoredTipFile[];
  refused: RefusedTipFile[];
}

export interface TipReceipt {
  tipId: string;
  /** The receipt code, shown once and never stored. */
  code: string;
  kept: string[];
  refused: RefusedTipFile[];
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
/** The address to write to, when the source gave one and agreed to be contacted. */
export const contactAddress = (content: TipContent): string | null => (content.consent && EMAIL.test(content.contact.trim()) ? content.contact.trim() : null);

/** A short reference the desk and the source can say aloud ("T-3F9K2C"); not a secret. */
export const tipReference = (tipId: string) => `T-${tipId.replaceAll('-', '').slice(-6).toUpperCase()}`;

function checkText(value: string, limit: number, label: string): string {
  const text = value.replace(/\r\n?/g, '\n').trim();
  if (text.length > limit) throw new AppError('TIP_FIELD_TOO_LONG', `${label} is ${text.length.toLocaleString('en')} characters; keep it under ${limit.toLocaleString('en')}.`);
  return text;
}

function checkFiles(files: readonly StoredTipFile[], already = { count: 0, bytes: 0 }): void {
  if (files.length + already.count > TIP_FILES_MAX) throw new AppError('TIP_TOO_MANY_FILES', `A tip can carry ${TIP_FILES_MAX} files; this one would have ${files.length + already.count}.`);
  const bytes = files.reduce((sum, f) => sum + f.bytes, already.bytes);
  if (bytes > TIP_FILES_MAX_BYTES) throw new AppError('TIP_FILES_TOO_LARGE', `A tip's files can come to ${TIP_FILES_MAX_BYTES / 1024 / 1024} MB together; these come to ${Math.ceil(bytes / 1024 / 1024)} MB.`);
}

async function insertFiles(tx: Tx, ctx: TipsContext, tipId: string, files: readonly StoredTipFile[], messageId: string | null, at: string): Promise<void> {
  if (files.length === 0) return;
  await tx
    .insertInto('tip_files')
    .values(
      files.map((f) => ({
        id: f.id,
        tip_id: tipId,
        kind: f.file.kind,
        bytes: f.bytes,
        sealed_meta: sealJson(ctx.store.keyring, { name: f.name, type: f.file.type } satisfies TipFileMeta, fileMetaContext(f.id)),
        stored_as: f.storedAs,
        preview_as: f.previewAs,
        message_id: messageId,
        created_at: at,
      })),
    )
    .execute();
}

const networkKey = (network: string) => `tip:${sha256Hex(network).slice(0, 32)}`;

/** Sends a tip. On any refusal the files already sealed are removed. */
export async function submitTip(ctx: TipsContext, input: TipSubmission): Promise<TipReceipt> {
  try {
    const content: TipContent = {
      what: checkText(input.what, TIP_LIMITS.what, 'What happened'),
      whereWhen: checkText(input.whereWhen, TIP_LIMITS.whereWhen, 'Where and when'),
      name: checkText(input.name, TIP_LIMITS.name, 'Your name'),
      contact: checkText(input.contact, TIP_LIMITS.contact, 'How to reach you'),
      consent: input.consent,
    };
    if (content.what === '') throw new AppError('TIP_WHAT_REQUIRED', 'Tell us what happened: that box is the one we need.');
    checkFiles(input.files);
    const code = newReceiptCode();
    const tipId = timeOrderedId();
    const check = checkSolution(ctx.challengeSecret, input.proof);
    // Counted before the transaction: the counter may be the database, on a connection of its own.
    const count = await ctx.attempts.hit(networkKey(input.network), HOUR);
    const limit = check.kind === 'checked' ? TIPS_PER_HOUR.solved : TIPS_PER_HOUR.unsolved;
    if (count.hits > limit) {
      throw new AppError('TIP_TOO_MANY_FROM_NETWORK', `Your network has sent ${limit} tips in the last hour. Try again in ${Math.ceil(count.retryAfterSeconds / 60)} minutes, or call the newsroom.`);
    }
    await withTransaction(ctx.db, async (tx) => {
      const challenge = check.kind === 'checked' ? ((await spendSolution(tx, check)) ? 'solved' : 'invalid') : check.kind;
      const spam = input.honeypot.trim() !== '' ? 'honeypot' : challenge === 'invalid' ? 'challenge_invalid' : null;
      const at = nowIso();
      const status: TipStatus = spam ? 'spam' : 'new';
      await tx
        .insertInto('tips')
        .values({
          id: tipId,
          receipt_sha256: receiptHash(code),
          status,
          spam_reason: spam,
          assigned_to: null,
          story_id: null,
          duplicate_of: null,
          sealed: sealJson(ctx.store.keyring, content, tipContext(tipId)),
          can_email: contactAddress(content) ? 1 : 0,
          challenge_solved: challenge === 'solved' ? 1 : 0,
          files: input.files.length,
          created_at: at,
          updated_at: at,
          closed_at: spam ? at : null,
          tipster_at: at,
        })
        .execute();
      await insertFiles(tx, ctx, tipId, input.files, null, at);
      await logTipAccess(tx, tipId, 'source', 'submitted', spam ? `spam: ${spam}` : null);
      if (!spam) await queueDeskNotice(tx, tipId, 'new');
      if (contactAddress(content)) await queueEmail(tx, { key: `tip-receipt:${tipId}`, to: sourcePlaceholder(tipId), template: 'tip-receipt', data: { tipId } });
    });
    ctx.events.emit({ type: 'tip.changed', tipId, change: 'received' });
    return { tipId, code, kept: input.files.map((f) => f.name), refused: input.refused };
  } catch (error) {
    await removeTipFiles(ctx.store, input.files.flatMap((f) => [f.storedAs, f.previewAs]));
    throw error;
  }
}

/** The outbox row's address for mail to a tip's source: the real one stays sealed until sending. */
export const sourcePlaceholder = (tipId: string) => `tip-source:${tipId}`;

/** Tells the desk's tip address that something came in: a link, never the tip's words. */
async function queueDeskNotice(tx: Tx, tipId: string, what: 'new' | 'added'): Promise<void> {
  const settings = await loadSettings(tx);
  const to = settings.tipsEmail.trim() || settings.contactEmail.trim();
  if (!EMAIL.test(to)) return;
  await queueEmail(tx, { key: `tip-desk:${tipId}:${what}:${Date.now()}`, to, template: 'tip-desk', data: { tipId, what } });
}

async function tipByReceipt(db: Queryable, typed: string) {
  const code = normalReceipt(typed);
  const row = code ? await db.selectFrom('tips').selectAll().where('receipt_sha256', '=', receiptHash(code)).executeTakeFirst() : undefined;
  if (!row) throw new AppError('TIP_RECEIPT_UNKNOWN', 'No tip has that receipt code. Check the seven words (their order matters); a tip deleted, or closed long ago, is gone.');
  return row;
}

export interface SourceMessage {
  from: 'you' | 'newsroom';
  at: string;
  text: string;
  files: string[];
}

/** What the source sees with their receipt: where the tip stands and the conversation. */
export interface SourceView {
  reference: string;
  sentAt: string;
  /** In the source's words: received, being looked into, or closed. */
  stage: 'received' | 'in-progress' | 'closed';
  files: string[];
  messages: SourceMessage[];
}

const stageOf = (status: TipStatus): SourceView['stage'] =>
  status === 'new' || status === 'spam' ? 'received' : status === 'assigned' || status === 'in_progress' ? 'in-progress' : 'closed';

export async function readTipAsSource(ctx: TipsContext, typed: string): Promise<SourceView> {
  return withTransaction(ctx.db, async (tx) => {
    const tip = await tipByReceipt(tx, typed);
    const [messages, files] = await Promise.all([
      tx.selectFrom('tip_messages').select(['id', 'kind', 'sealed', 'created_at']).where('tip_id', '=', tip.id).where('kind', '!=', 'note').orderBy('created_at').orderBy('id').execute(),
      tx.selectFrom('tip_files').select(['id', 'sealed_meta', 'message_id']).where('tip_id', '=', tip.id).orderBy('created_at').orderBy('id').execute(),
    ]);
    const fileName = (f: (typeof files)[number]) => openJson<TipFileMeta>(ctx.store.keyring, f.sealed_meta, fileMetaContext(f.id)).name;
    await logTipAccess(tx, tip.id, 'source', 'source-viewed');
    return {
      reference: tipReference(tip.id),
      sentAt: tip.created_at,
      stage: stageOf(tip.status),
      files: files.filter((f) => f.message_id === null).map(fileName),
      messages: messages.map((m) => ({
        from: m.kind === 'tipster' ? 'you' : 'newsroom',
        at: m.created_at,
        text: openText(ctx.store.keyring, m.sealed, messageContext(m.id)),
        files: files.filter((f) => f.message_id === m.id).map(fileName),
      })),
    };
  });
}

export interface SourceAddition {
  receipt: string;
  text: string;
  files: StoredTipFile[];
  refused: RefusedTipFile[];
}

/** The source adds information or files to their tip; the desk is told (a link only). */
export async function addToTipAsSource(ctx: TipsContext, input: SourceAddition): Promise<{ kept: string[]; refused: RefusedTipFile[] }> {
  try {
    const text = checkText(input.text, TIP_LIMITS.message, 'Your message');
    if (text === '' && input.files.length === 0) throw new AppError('TIP_MESSAGE_REQUIRED', 'Write something or choose a file to add.');
    const tipId = await withTransaction(ctx.db, async (tx) => {
      const tip = await tipByReceipt(tx, input.receipt);
      const had = await tx.selectFrom('tip_files').select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.coalesce(eb.fn.sum<number>('bytes'), eb.lit(0)).as('bytes')]).where('tip_id', '=', tip.id).executeTakeFirstOrThrow();
      checkFiles(input.files, { count: Number(had.count), bytes: Number(had.bytes) });
      const at = nowIso();
      const messageId = timeOrderedId();
      await tx.insertInto('tip_messages').values({ id: messageId, tip_id: tip.id, kind: 'tipster', author_id: null, author_name: null, sealed: sealText(ctx.store.keyring, text, messageContext(messageId)), created_at: at }).execute();
      await insertFiles(tx, ctx, tip.id, input.files, messageId, at);
      await tx.updateTable('tips').set((eb) => ({ tipster_at: at, updated_at: at, files: eb('files', '+', input.files.length) })).where('id', '=', tip.id).execute();
      await logTipAccess(tx, tip.id, 'source', 'source-added', input.files.length ? `${input.files.length} file(s)` : null);
      if (tip.status !== 'spam') await queueDeskNotice(tx, tip.id, 'added');
      return tip.id;
    });
    ctx.events.emit({ type: 'tip.changed', tipId, change: 'source-added' });
    return { kept: input.files.map((f) => f.name), refused: input.refused };
  } catch (error) {
    await removeTipFiles(ctx.store, input.files.flatMap((f) => [f.storedAs, f.previewAs]));
    throw error;
  }
}

/** The source deletes their tip: its words, messages and files go; the access log keeps that it happened. */
export async function deleteTipAsSource(ctx: TipsContext, typed: string): Promise<void> {
  const { tipId, files } = await withTransaction(ctx.db, async (tx) => {
    const tip = await tipByReceipt(tx, typed);
    const files = await removeTipRows(tx, tip.id);
    await logTipAccess(tx, tip.id, 'source', 'source-deleted');
    return { tipId: tip.id, files };
  });
  await removeTipFiles(ctx.store, files);
  ctx.events.emit({ type: 'tip.changed', tipId, change: 'deleted' });
}

/** Deletes a tip's rows (messages and files go with it) and answers the files to remove from disk. */
export async function removeTipRows(tx: Tx, tipId: string): Promise<(string | null)[]> {
  const files = await tx.selectFrom('tip_files').select(['stored_as', 'preview_as']).where('tip_id', '=', tipId).execute();
  await tx.updateTable('tips').set({ duplicate_of: null }).where('duplicate_of', '=', tipId).execute();
  // Mail still waiting for it finds no tip when its turn comes, and is not sent.
  await tx.deleteFrom('tips').where('id', '=', tipId).execute();
  return files.flatMap((f) => [f.stored_as, f.preview_as]);
}
