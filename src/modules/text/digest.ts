// The one way a token, secret or key is reduced to what the database keeps: its sha256, in hex.
import { createHash } from 'node:crypto';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
