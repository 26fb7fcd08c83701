// Row ids for tables written at a high rate. A random (v4) UUID lands each new row on a random
// leaf of every index keyed by it, so each insert dirties pages all over the file; a UUIDv7
// (RFC 9562: a millisecond timestamp, then randomness) sorts by creation, so new rows append
// to the same few pages and a group commit writes those pages once.
import { randomFillSync } from 'node:crypto';

const bytes = Buffer.alloc(16);

export function timeOrderedId(at: number = Date.now()): string {
  randomFillSync(bytes);
  bytes.writeUIntBE(at, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70; // version 7
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
