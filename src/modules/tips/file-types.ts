// What an attachment is, decided from its bytes as they stream past (never from its name or the
// type the browser claims): pictures, PDFs, audio, video and plain text. Anything else, and so
// anything executable, is refused. A picture or PDF whose end is missing (an upload cut short
// at the source) is refused as damaged; text must be UTF-8 without control characters or a
// script's "#!" line.
import { StringDecoder } from 'node:string_decoder';
import type { TipFileKind } from './domain.ts';

export interface FileType {
  kind: TipFileKind;
  /** The media type from the bytes, e.g. image/jpeg. */
  type: string;
}

export type Inspection = { ok: true; file: FileType } | { ok: false; code: 'TIP_FILE_TYPE_REFUSED' | 'TIP_FILE_TYPE_MISMATCH' | 'TIP_FILE_DAMAGED'; reason: string };

const HEAD = 4096;
const TAIL = 1024;

const startsWith = (b: Buffer, bytes: number[], at = 0) => bytes.every((v, i) => b[at + i] === v);
const ascii = (b: Buffer, text: string, at = 0) => b.subarray(at, at + text.length).toString('latin1') === text;

export function sniff(head: Buffer): FileType | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { kind: 'image', type: 'image/jpeg' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'image', type: 'image/png' };
  if (ascii(head, 'GIF87a') || ascii(head, 'GIF89a')) return { kind: 'image', type: 'image/gif' };
  if (ascii(head, 'RIFF') && ascii(head, 'WEBP', 8)) return { kind: 'image', type: 'image/webp' };
  if (ascii(head, 'RIFF') && ascii(head, 'WAVE', 8)) return { kind: 'audio', type: 'audio/wav' };
  if (ascii(head, '%PDF-')) return { kind: 'pdf', type: 'application/pdf' };
  if (ascii(head, 'ID3') || (head[0] === 0xff && (head[1]! & 0xe6) === 0xe2)) return { kind: 'audio', type: 'audio/mpeg' };
  if (ascii(head, 'OggS')) return { kind: 'audio', type: 'audio/ogg' };
  if (ascii(head, 'fLaC')) return { kind: 'audio', type: 'audio/flac' };
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return { kind: 'video', type: 'video/webm' };
  if (ascii(head, 'ftyp', 4)) {
    const brand = head.subarray(8, 12).toString('latin1');
    if (brand === 'M4A ' || brand === 'M4B ') return { kind: 'audio', type: 'audio/mp4' };
    if (brand === 'qt  ') return { kind: 'video', type: 'video/quicktime' };
    if (['heic', 'heix', 'mif1', 'avif'].includes(brand)) return { kind: 'image', type: brand === 'avif' ? 'image/avif' : 'image/heic' };
    return { kind: 'video', type: 'video/mp4' };
  }
  return null;
}

/** The family a browser's claimed type names, or null when it claims nothing particular. */
function claimedKind(claimed: string): TipFileKind | null {
  const type = claimed.toLowerCase().split(';')[0]!.trim();
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('audio/')) return 'audio';
  if (type.startsWith('video/')) return 'video';
  if (type === 'application/pdf') return 'pdf';
  if (type === 'text/plain') return 'text';
  return null;
}

/** Looks at a file as it streams: `push` each chunk, then `finish` with the type the browser claimed. */
export class FileInspector {
  private head: Buffer = Buffer.alloc(0);
  private tail: Buffer = Buffer.alloc(0);
  private readonly decoder = new StringDecoder('utf8');
  private textOk = true;
  private bytes = 0;

  push(chunk: Buffer): void {
    if (this.head.length < HEAD) this.head = Buffer.concat([this.head, chunk.subarray(0, HEAD - this.head.length)]);
    this.tail = Buffer.concat([this.tail, chunk]).subarray(-TAIL);
    this.bytes += chunk.length;
    if (this.textOk) this.textOk = plainText(this.decoder.write(chunk));
  }

  finish(claimed: string): Inspection {
    const found = sniff(this.head) ?? this.asText();
    if (!found) return { ok: false, code: 'TIP_FILE_TYPE_REFUSED', reason: 'is not a picture, PDF, audio, video or plain-text file, so it was not kept' };
    const claim = claimedKind(claimed);
    if (claim && claim !== found.kind) {
      return { ok: false, code: 'TIP_FILE_TYPE_MISMATCH', reason: `says it is ${claimed.split(';')[0]} but its contents are ${found.type}, so it was not kept` };
    }
    if (!this.complete(found)) return { ok: false, code: 'TIP_FILE_DAMAGED', reason: `looks like ${found.type} but its end is missing (it may not have finished copying), so it was not kept` };
    return { ok: true, file: found };
  }

  private asText(): FileType | null {
    if (!this.textOk || this.bytes === 0) return null;
    const rest = this.decoder.end();
    // The decoder holds an unfinished character at the end: not UTF-8.
    if (rest.includes('\uFFFD') || !plainText(rest)) return null;
    if (this.head.toString('utf8').replace(/^\uFEFF/, '').startsWith('#!')) return null;
    return { kind: 'text', type: 'text/plain' };
  }

  private complete(found: FileType): boolean {
    const end = this.tail;
    switch (found.type) {
      case 'image/jpeg':
        return end.length >= 2 && end[end.length - 2] === 0xff && end[end.length - 1] === 0xd9;
      case 'image/png':
        return end.subarray(-8).toString('latin1').startsWith('IEND');
      case 'image/gif':
        return end[end.length - 1] === 0x3b;
      case 'application/pdf':
        return end.toString('latin1').includes('%%EOF');
      case 'image/webp':
      case 'audio/wav':
        // RIFF says its own length.
        return this.head.length >= 8 && this.head.readUInt32LE(4) + 8 <= this.bytes;
      default:
        return true;
    }
  }
}

// Tabs, line and page breaks are text; other control characters and the replacement character
// (a byte that is not UTF-8) are not.
// eslint-disable-next-line no-control-regex
const NOT_TEXT = /[\u0000-\u0008\u000B\u000E-\u001F\u007F\uFFFD]/;
const plainText = (decoded: string) => !NOT_TEXT.test(decoded);
