// Sealing with AES-256-GCM. A value is "<key id>:<nonce>.<ciphertext>.<tag>" (base64url), bound to
// where it belongs (the row's id and column as associated data), so a sealed value copied onto
// another tip does not open. A file is sealed in chunks of 64 KiB, each with its own tag and a
// nonce made of a random prefix, the chunk's number and a last-chunk flag (the STREAM
// construction): it is written and read in constant memory, nothing is handed out before its
// chunk is authenticated, and a file cut short, reordered or extended does not open.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { AppError } from '../../errors.ts';
import type { TipKey, TipKeyring } from './keyring.ts';

const b64 = (b: Buffer) => b.toString('base64url');

export function sealText(keyring: TipKeyring, plaintext: string, context: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyring.current.key, nonce);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${keyring.current.id}:${b64(nonce)}.${b64(body)}.${b64(cipher.getAuthTag())}`;
}

function keyOf(keyring: TipKeyring, id: string): TipKey {
  const key = keyring.byId.get(id);
  if (!key) throw new AppError('TIP_KEY_INVALID', `This tip was sealed with key ${id}, which is not in ${keyring.file}.`);
  return key;
}

export function openText(keyring: TipKeyring, sealed: string, context: string): string {
  const match = /^([a-z0-9-]+):([\w-]+)\.([\w-]*)\.([\w-]+)$/.exec(sealed);
  if (!match) throw new AppError('TIP_SEAL_BROKEN', 'A sealed tip value is not in the expected form.');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(keyring, match[1]!).key, Buffer.from(match[2]!, 'base64url'));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(match[4]!, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(match[3]!, 'base64url')), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new AppError('TIP_SEAL_BROKEN', 'A sealed tip value failed its check (changed, or moved from another tip).', { cause: error });
  }
}

/** The key id a sealed value names (for rotation). */
export const sealedKeyId = (sealed: string): string => sealed.slice(0, sealed.indexOf(':'));

export const sealJson = (keyring: TipKeyring, value: unknown, context: string) => sealText(keyring, JSON.stringify(value), context);
export const openJson = <T>(keyring: TipKeyring, sealed: string, context: string): T => JSON.parse(openText(keyring, sealed, context)) as T;

// Sealed files: "MHTIP1" | key id length (1 byte) | key id | nonce prefix (7) | chunks.
// Each chunk: ciphertext (CHUNK bytes, the last one 0..CHUNK) | tag (16).
const MAGIC = Buffer.from('MHTIP1');
const CHUNK = 64 * 1024;
const TAG = 16;

function chunkNonce(prefix: Buffer, index: number, last: boolean): Buffer {
  const nonce = Buffer.alloc(12);
  prefix.copy(nonce, 0);
  nonce.writeUInt32BE(index, 7);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

function chunkAad(context: string): Buffer {
  return Buffer.from(`file:${context}`);
}

/** A stream that seals what passes through it. */
export function sealingStream(keyring: TipKeyring, context: string): Transform {
  const { id, key } = keyring.current;
  const prefix = randomBytes(7);
  const aad = chunkAad(context);
  let pending: Buffer = Buffer.alloc(0);
  let index = 0;
  const sealChunk = (plain: Buffer, last: boolean): Buffer => {
    const cipher = createCipheriv('aes-256-gcm', key, chunkNonce(prefix, index++, last));
    cipher.setAAD(aad);
    return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  };
  return new Transform({
    construct(callback) {
      this.push(Buffer.concat([MAGIC, Buffer.from([id.length]), Buffer.from(id), prefix]));
      callback();
    },
    transform(data: Buffer, _encoding, callback: TransformCallback) {
      pending = pending.length ? Buffer.concat([pending, data]) : data;
      // Keep the last full chunk back: only the end of the input says which chunk is last.
      while (pending.length > CHUNK) {
        this.push(sealChunk(pending.subarray(0, CHUNK), false));
        pending = pending.subarray(CHUNK);
      }
      callback();
    },
    flush(callback: TransformCallback) {
      this.push(sealChunk(pending, true));
      callback();
    },
  });
}

/** A stream that opens a sealed file; it fails (TIP_SEAL_BROKEN) on the first chunk that does not check. */
export function openingStream(keyring: TipKeyring, context: string): Transform {
  const aad = chunkAad(context);
  let header: { key: Buffer; prefix: Buffer } | null = null;
  let pending: Buffer = Buffer.alloc(0);
  let index = 0;
  const broken = (why: string) => new AppError('TIP_SEAL_BROKEN', `A sealed tip file ${why}.`);
  const openChunk = (sealed: Buffer, last: boolean): Buffer => {
    const decipher = createDecipheriv('aes-256-gcm', header!.key, chunkNonce(header!.prefix, index++, last));
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
    try {
      return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG)), decipher.final()]);
    } catch {
      throw broken('failed its check (changed, cut short or moved from another tip)');
    }
  };
  return new Transform({
    transform(data: Buffer, _encoding, callback: TransformCallback) {
      try {
        pending = pending.length ? Buffer.concat([pending, data]) : data;
        if (!header) {
          if (pending.length < MAGIC.length + 1) return callback();
          if (!pending.subarray(0, MAGIC.length).equals(MAGIC)) throw broken('is not a sealed tip file');
          const idLength = pending[MAGIC.length]!;
          const start = MAGIC.length + 1;
          if (pending.length < start + idLength + 7) return callback();
          const keyId = pending.subarray(start, start + idLength).toString();
          header = { key: keyOf(keyring, keyId).key, prefix: Buffer.from(pending.subarray(start + idLength, start + idLength + 7)) };
          pending = pending.subarray(start + idLength + 7);
        }
        // A full sealed chunk followed by more bytes is not the last one.
        while (pending.length > CHUNK + TAG) {
          this.push(openChunk(pending.subarray(0, CHUNK + TAG), false));
          pending = pending.subarray(CHUNK + TAG);
        }
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        if (!header || pending.length < TAG) throw broken('was cut short');
        this.push(openChunk(pending, true));
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}

/** The key id a sealed file names, from its first bytes. */
export function sealedFileKeyId(head: Buffer): string | null {
  if (head.length < MAGIC.length + 1 || !head.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  const idLength = head[MAGIC.length]!;
  return head.subarray(MAGIC.length + 1, MAGIC.length + 1 + idLength).toString();
}
