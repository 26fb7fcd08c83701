// Reads a tip's multipart form: text fields as text, each file streamed through the tips
// module's sealing store (constant memory: nothing is held but the chunk in flight). A file
// that is refused (its type, its size, the tip's total) is listed with its reason and the rest
// of the tip goes on; a broken request removes everything it wrote and fails.
import { finished } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { receiveTipFile, removeTipFiles, TIP_FILE_MAX_BYTES, TIP_FILES_MAX, TIP_FILES_MAX_BYTES, type RefusedTipFile, type StoredTipFile, type TipFileStore } from '../modules/tips/index.ts';

export interface TipUpload {
  fields: Record<string, string>;
  files: StoredTipFile[];
  refused: RefusedTipFile[];
}

const FIELD_BYTES = 100_000;

export async function receiveTipUpload(request: FastifyRequest, store: TipFileStore): Promise<TipUpload> {
  if (!request.isMultipart()) throw new AppError('UPLOAD_INVALID', 'Send the form as a file upload (multipart/form-data).');
  const upload: TipUpload = { fields: {}, files: [], refused: [] };
  let total = 0;
  try {
    const limits = { fileSize: TIP_FILE_MAX_BYTES, files: 20, fields: 16, fieldSize: FIELD_BYTES, parts: 36 };
    // The area registers multipart with throwFileSizeLimit off: a file over the limit is cut off and
    // marked truncated (not an error), so it is refused and the rest of the tip kept.
    for await (const part of request.parts({ limits })) {
      if (part.type === 'field') {
        if (typeof part.value === 'string' && !(part.fieldname in upload.fields)) upload.fields[part.fieldname] = part.value;
        continue;
      }
      // An empty file input arrives as a part without a name.
      if (part.fieldname !== 'file' || !part.filename) {
        await finished(part.file.resume());
        continue;
      }
      if (upload.files.length >= TIP_FILES_MAX) {
        await finished(part.file.resume());
        upload.refused.push({ name: part.filename, code: 'TIP_TOO_MANY_FILES', reason: `${part.filename} was not kept: a tip carries at most ${TIP_FILES_MAX} files` });
        continue;
      }
      const result = await receiveTipFile(store, part.file, { name: part.filename, claimedType: part.mimetype, truncated: () => part.file.truncated });
      if (!result.ok) {
        upload.refused.push(result.refused);
        continue;
      }
      if (total + result.stored.bytes > TIP_FILES_MAX_BYTES) {
        await removeTipFiles(store, [result.stored.storedAs, result.stored.previewAs]);
        upload.refused.push({ name: result.stored.name, code: 'TIP_FILES_TOO_LARGE', reason: `${result.stored.name} was not kept: the files together would pass ${TIP_FILES_MAX_BYTES / 1024 / 1024} MB` });
        continue;
      }
      total += result.stored.bytes;
      upload.files.push(result.stored);
    }
  } catch (error) {
    await removeTipFiles(store, upload.files.flatMap((f) => [f.storedAs, f.previewAs]));
    const code = (error as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw new AppError('UPLOAD_INVALID', 'The form sent more than a tip can hold.');
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('TIP_FILES_TOO_LARGE', `A file is larger than ${TIP_FILE_MAX_BYTES / 1024 / 1024} MB.`);
    const incomplete = code === 'FST_PROTO_VIOLATION' || code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' || /end of form|unexpected end|malformed|boundary/i.test(String((error as Error).message));
    if (incomplete) throw new AppError('UPLOAD_INVALID', 'The form arrived incomplete; nothing was kept. Send it again.');
    throw error;
  }
  return upload;
}
