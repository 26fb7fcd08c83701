// The tip line: the public form, the receipt, the source's status pages (reached with the receipt
// code, sent in a form body so it never sits in an address or a log), and the desk's inbox and
// tip pages (writers; the tips module decides who may open which tip). Never cached. Files are
// handed to staff only as downloads, with a sandboxing policy; picture previews are re-encoded.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fastifyMultipart from '@fastify/multipart';
import { AppError } from '../../errors.ts';
import type { User } from '../../modules/accounts/index.ts';
import {
  addToTipAsSource,
  assignTip,
  contactAddress,
  createChallenge,
  deleteTip,
  deleteTipAsSource,
  downloadTipFile,
  linkTipStory,
  listTips,
  markTipDuplicate,
  noteOnTip,
  openTip,
  readTipAsSource,
  replyToSource,
  setTipStatus,
  submitTip,
  TIP_FOLDERS,
  tipAssignees,
  tipReference,
  type RefusedTipFile,
  type TipFolder,
  type TipStaff,
} from '../../modules/tips/index.ts';
import { defineArea } from '../areas.ts';
import { formBody } from '../form-schema.ts';
import { csrfToken } from '../plugins/forms.ts';
import { limited } from '../plugins/rate-limit.ts';
import { requireRole, staffOf, WRITERS } from '../session.ts';
import { receiveTipUpload } from '../tip-uploads.ts';
import { TipPage, TipsInboxPage } from '../views/desk/tips.tsx';
import { renderDocument } from '../views/layout.tsx';
import { EMPTY_TIP, TipDeletedPage, TipFormPage, TipReceiptPage, TipStatusEntryPage, TipStatusPage, type TipFormValues } from '../views/tips.tsx';

const RECEIPT_FORM = formBody({ receipt: 200, sure: 10 });
const TEXT_FORM = formBody({ text: 20_000 });
const tipParams = { type: 'object', properties: { id: { type: 'string', pattern: '^[0-9a-f-]{36}$' } }, required: ['id'] } as const;
const fileParams = { type: 'object', properties: { id: { type: 'string', pattern: '^[0-9a-f-]{36}$' }, fileId: { type: 'string', pattern: '^[0-9a-f-]{36}$' } }, required: ['id', 'fileId'] } as const;
const DONE: Record<string, string> = {
  assigned: 'Assigned.',
  status: 'Status changed.',
  note: 'Note added.',
  reply: 'Reply sent: the source reads it with their receipt code.',
  story: 'Story link saved.',
  duplicate: 'Merged: this tip is filed as a duplicate.',
  deleted: 'The tip and its files are deleted.',
};
// A downloaded file can never run as a page of this site, whatever it holds.
const SANDBOX = "default-src 'none'; sandbox";

export const area = defineArea('tips', async (app) => {
  const forms = app.withTypeProvider<TypeBoxTypeProvider>();
  const page = (reply: FastifyReply, node: preact.VNode, status = 200) =>
    reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').send(renderDocument(node));
  const script = () => app.assets.get('tip-form.js')!.url;
  const retentionDays = app.config.tipRetentionDays;
  // A file over its limit is marked truncated instead of failing the request (tip-uploads.ts).
  await app.register(fastifyMultipart, { throwFileSizeLimit: false });

  const formPage = async (request: FastifyRequest, reply: FastifyReply, values: TipFormValues, error: string | null, refused: RefusedTipFile[], status = 200) => {
    const ctx = await app.site.load(app.db);
    const challenge = createChallenge(app.tips.challengeSecret);
    return page(reply, <TipFormPage ctx={ctx} csrf={csrfToken(request, reply)} challenge={challenge} values={values} error={error} refused={refused} retentionDays={retentionDays} script={script()} />, status);
  };

  app.get('/tips', (request, reply) => formPage(request, reply, EMPTY_TIP, null, []));

  app.post('/tips', { ...limited('tip') }, async (request, reply) => {
    const upload = await receiveTipUpload(request, app.tips.store);
    const f = upload.fields;
    const values: TipFormValues = { what: f.what ?? '', whereWhen: f.whereWhen ?? '', name: f.name ?? '', contact: f.contact ?? '', consent: f.consent === '1' };
    try {
      const receipt = await submitTip(app.tips, { ...values, honeypot: f.website ?? '', proof: f.proof || undefined, network: request.ip, files: upload.files, refused: upload.refused });
      const ctx = await app.site.load(app.db);
      return page(reply, <TipReceiptPage ctx={ctx} code={receipt.code} reference={tipReference(receipt.tipId)} kept={receipt.kept} refused={receipt.refused} emailGiven={contactAddress(values) !== null} />);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      return formPage(request, reply, values, error.message, upload.refused, error.status);
    }
  });

  app.get('/tips/status', async (request, reply) => {
    const ctx = await app.site.load(app.db);
    return page(reply, <TipStatusEntryPage ctx={ctx} csrf={csrfToken(request, reply)} error={null} />);
  });

  const statusPage = async (request: FastifyRequest, reply: FastifyReply, receipt: string, options: { notice?: string; error?: string; refused?: RefusedTipFile[]; status?: number } = {}) => {
    const ctx = await app.site.load(app.db);
    try {
      const view = await readTipAsSource(app.tips, receipt);
      return page(reply, <TipStatusPage ctx={ctx} csrf={csrfToken(request, reply)} receipt={receipt} view={view} notice={options.notice ?? null} error={options.error ?? null} refused={options.refused ?? []} script={script()} />, options.status);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      return page(reply, <TipStatusEntryPage ctx={ctx} csrf={csrfToken(request, reply)} error={error.message} />, error.status);
    }
  };

  forms.post('/tips/status', { schema: { body: RECEIPT_FORM }, ...limited('tipStatus') }, (request, reply) => statusPage(request, reply, request.body.receipt ?? ''));

  app.post('/tips/status/add', { ...limited('tipStatus') }, async (request, reply) => {
    const upload = await receiveTipUpload(request, app.tips.store);
    const receipt = upload.fields.receipt ?? '';
    try {
      const added = await addToTipAsSource(app.tips, { receipt, text: upload.fields.text ?? '', files: upload.files, refused: upload.refused });
      const notice = `Added to your tip${added.kept.length ? ` with ${added.kept.length === 1 ? 'one file' : `${added.kept.length} files`}` : ''}. The newsroom is told.`;
      return statusPage(request, reply, receipt, { notice, refused: added.refused });
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      return statusPage(request, reply, receipt, { error: error.message, refused: upload.refused, status: error.status });
    }
  });

  forms.post('/tips/status/delete', { schema: { body: RECEIPT_FORM }, ...limited('tipStatus') }, async (request, reply) => {
    const receipt = request.body.receipt ?? '';
    if (request.body.sure !== '1') return statusPage(request, reply, receipt, { error: 'Tick the box to say you want the tip deleted.', status: 400 });
    try {
      await deleteTipAsSource(app.tips, receipt);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      return statusPage(request, reply, receipt, { error: error.message, status: error.status });
    }
    return page(reply, <TipDeletedPage ctx={await app.site.load(app.db)} />);
  });

  // The desk.
  const writers = { preHandler: requireRole(app, WRITERS) };
  const staffOfRequest = (request: FastifyRequest): TipStaff => {
    const user: User = staffOf(request);
    return { id: user.id, name: user.displayName, role: user.role };
  };

  app.get<{ Querystring: { folder?: string; mine?: string; cursor?: string; done?: string } }>('/desk/tips', writers, async (request, reply) => {
    const actor = staffOfRequest(request);
    const folder = (TIP_FOLDERS as readonly string[]).includes(request.query.folder ?? '') ? (request.query.folder as TipFolder) : 'open';
    const mine = request.query.mine === '1';
    const [ctx, list] = await Promise.all([app.site.load(app.db), listTips(app.db, actor, { folder, mine, cursor: request.query.cursor?.slice(0, 300) ?? null })]);
    return page(reply, <TipsInboxPage ctx={ctx} role={actor.role} list={list} folder={folder} mine={mine} folders={TIP_FOLDERS} flash={DONE[request.query.done ?? ''] ?? null} />);
  });

  const tipPage = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, error: AppError | null = null) => {
    const actor = staffOfRequest(request);
    const [ctx, tip, assignees] = await Promise.all([app.site.load(app.db), openTip(app.tips, actor, request.params.id), tipAssignees(app.db)]);
    const flash = DONE[(request.query as { done?: string }).done ?? ''] ?? null;
    return page(reply, <TipPage ctx={ctx} role={actor.role} userId={actor.id} csrf={csrfToken(request, reply)} tip={tip} assignees={assignees} flash={error ? null : flash} error={error?.message ?? null} />, error?.status ?? 200);
  };

  app.get<{ Params: { id: string } }>('/desk/tips/:id', { ...writers, schema: { params: tipParams } }, (request, reply) => tipPage(request, reply));

  /** A desk action: run it, then back to the tip with a notice, or the tip again with the reason. */
  const act = (done: string, run: (actor: TipStaff, id: string, body: Record<string, string | undefined>) => Promise<unknown>) =>
    async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
      try {
        await run(staffOfRequest(request), request.params.id, (request.body ?? {}) as Record<string, string | undefined>);
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500 || error.code === 'TIP_NOT_FOUND' || error.code === 'TIP_NOT_ASSIGNED_TO_YOU' || error.code === 'ROLE_REQUIRED') throw error;
        return tipPage(request, reply, error);
      }
      return reply.redirect(done === 'deleted' ? '/desk/tips?done=deleted' : `/desk/tips/${request.params.id}?done=${done}`, 303);
    };
  const post = (path: string, body: ReturnType<typeof formBody>, handler: ReturnType<typeof act>) =>
    forms.post<{ Params: { id: string } }>(`/desk/tips/:id/${path}`, { ...writers, schema: { params: tipParams, body } }, handler);

  post('assign', formBody({ userId: 64 }), act('assigned', (actor, id, body) => assignTip(app.tips, actor, id, body.userId || null)));
  post('status', formBody({ status: 20 }), act('status', (actor, id, body) => setTipStatus(app.tips, actor, id, body.status ?? '')));
  post('note', TEXT_FORM, act('note', (actor, id, body) => noteOnTip(app.tips, actor, id, body.text ?? '')));
  post('reply', TEXT_FORM, act('reply', (actor, id, body) => replyToSource(app.tips, actor, id, body.text ?? '')));
  post('story', formBody({ story: 500 }), act('story', (actor, id, body) => linkTipStory(app.tips, actor, id, body.story ?? '')));
  post('duplicate', formBody({ of: 40 }), act('duplicate', (actor, id, body) => markTipDuplicate(app.tips, actor, id, body.of ?? '')));
  post(
    'delete',
    formBody({ sure: 10 }),
    act('deleted', async (actor, id, body) => {
      if (body.sure !== '1') throw new AppError('BAD_REQUEST', 'Tick the box to say you want the tip deleted.');
      await deleteTip(app.tips, actor, id);
    }),
  );

  const sendFile = (preview: boolean) => async (request: FastifyRequest<{ Params: { id: string; fileId: string } }>, reply: FastifyReply) => {
    const file = await downloadTipFile(app.tips, staffOfRequest(request), request.params.id, request.params.fileId, preview);
    // The name as the source's computer gave it, safely quoted (RFC 6266 / 5987).
    const ascii = file.name.replace(/[^\x20-\x7e]|["\\]/g, '_');
    reply
      .header('content-type', preview ? 'image/webp' : file.type)
      .header('content-disposition', `${preview ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', SANDBOX)
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .header('cross-origin-resource-policy', 'same-origin');
    if (file.bytes !== null) reply.header('content-length', file.bytes);
    return reply.send(file.stream);
  };
  app.get<{ Params: { id: string; fileId: string } }>('/desk/tips/:id/files/:fileId', { ...writers, schema: { params: fileParams } }, sendFile(false));
  app.get<{ Params: { id: string; fileId: string } }>('/desk/tips/:id/files/:fileId/preview', { ...writers, schema: { params: fileParams } }, sendFile(true));
});
