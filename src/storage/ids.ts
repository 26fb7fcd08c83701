// Row ids for tables written at a high rate. A random (v4) UUID lands each new row on a random
// leaf of every index keyed by it, so each insert dirties pages all over the file; a UUIDv7
// (RFC 9562: a millisecond timestamp, then randomness) sorts by creation, so new rows append
// to the same few pages and a group commit writes those pages once.
import { randomFillSync } from 'node:crypto';

const bytes = Buffer.alloc(16);
let lastMs = 0;
let sequence = 0;

/**
 * Monotonic within this process (RFC 9562, method 1): ids made in the same millisecond count up
 * in the 12-bit rand_a field, and a clock that steps back keeps the last time, so every id sorts
 * after the one before it. Across processes, time orders them and randomness keeps them apart.
 */
export function timeOrderedId(at: number = Date.now()): string {
  if (at > lastMs) {
    lastMs = at;
    sequence = 0;
  } else if (++sequence > 0xfff) {
    lastMs += 1;
    sequence = 0;
  }
  randomFillSync(bytes);
  bytes.writeUIntBE(lastMs, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8); // version 7, then the sequence's high bits
  bytes[7] = sequence & 0xff;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
