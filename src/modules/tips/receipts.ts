// A tipster's receipt: seven words drawn at random from 1,024 (70 bits), the only key to their
// tip from outside the newsroom. Stored as a hash, so a copy of the database cannot be used to
// read replies; typed back in any case and with any separators.
import { randomInt } from 'node:crypto';
import { sha256Hex } from '../text/index.ts';
import { RECEIPT_WORDS } from './receipt-words.ts';

export const RECEIPT_WORD_COUNT = 7;

export function newReceiptCode(): string {
  return Array.from({ length: RECEIPT_WORD_COUNT }, () => RECEIPT_WORDS[randomInt(RECEIPT_WORDS.length)]!).join(' ');
}

/** The code as the tipster typed it, in its one written form; null when it cannot be a receipt. */
export function normalReceipt(typed: string): string | null {
  const words = typed.toLowerCase().split(/[^a-z]+/).filter(Boolean);
  return words.length === RECEIPT_WORD_COUNT ? words.join(' ') : null;
}

export function receiptHash(code: string): string {
  return sha256Hex(`masthead-tip-receipt:${code}`);
}
