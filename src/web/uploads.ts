// Uploads streamed to disk as they arrive (a video can be hundreds of megabytes): each file part
// is written to the media directory's incoming/ folder and handed to the module, which moves it
// into place or removes it. A file over the limit, or a request that fails half-way, leaves
// nothing behind. The form carries its CSRF token in its action (the hook runs before the body
// is read), as `?_csrf=`.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

export interface ReceivedFile {
  field: string;
  /** The file on disk; the caller takes it over (moves or removes it). */
  path: string;
  bytes: number;
}

export interface ReceivedUpload {
  files: ReceivedFile[];
  fields: Record<string, string>;
}

/** Reads a multipart form: the named file fields to disk (each at most `maxBytes`), the rest as text. */
export async function receiveUpload(request: FastifyRequest, options: { mediaDir: string; fileFields: readonly string[]; maxBytes: number }): Promise<ReceivedUpload> {
  if (!request.isMultipart()) throw new AppError('UPLOAD_INVALID', 'Send the form as a file upload (multipart/form-data).');
  const dir = path.join(options.mediaDir, 'incoming');
  await fs.mkdir(dir, { recursive: true });
  const received: ReceivedUpload = { files: [], fields: {} };
  try {
    const limits = { fileSize: options.maxBytes, files: options.fileFields.length, fields: 12, fieldSize: 4096, parts: options.fileFields.length + 12 };
    for await (const part of request.parts({ limits })) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') received.fields[part.fieldname] = part.value;
        continue;
      }
      if (!options.fileFields.includes(part.fieldname) || received.files.some((f) => f.field === part.fieldname)) {
        part.file.resume();
        continue;
      }
      const file = path.join(dir, `${randomUUID()}.partial`);
      received.files.push({ field: part.fieldname, path: file, bytes: 0 });
      await pipeline(part.file, createWriteStream(file, { flags: 'wx' }));
      if (part.file.truncated) throw new AppError('UPLOAD_TOO_LARGE', `The file is larger than ${Math.round(options.maxBytes / 1024 / 1024)} MB; send a smaller one.`);
      received.files[received.files.length - 1]!.bytes = (await fs.stat(file)).size;
    }
  } catch (error) {
    await discardUpload(received);
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('UPLOAD_TOO_LARGE', `The file is larger than ${Math.round(options.maxBytes / 1024 / 1024)} MB; send a smaller one.`);
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw new AppError('UPLOAD_INVALID', 'The form sent more than it should; send one file at a time.');
    throw error;
  }
  // An empty file input arrives as a part with no bytes: it is no file.
  for (const file of received.files.filter((f) => f.bytes === 0)) await fs.rm(file.path, { force: true });
  received.files = received.files.filter((f) => f.bytes > 0);
  return received;
}

/** Removes what receiveUpload wrote that nobody took over. */
export async function discardUpload(upload: ReceivedUpload): Promise<void> {
  await Promise.all(upload.files.map((f) => fs.rm(f.path, { force: true })));
}
