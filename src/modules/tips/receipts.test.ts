import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RECEIPT_WORDS } from './receipt-words.ts';
import { newReceiptCode, normalReceipt, receiptHash, RECEIPT_WORD_COUNT } from './receipts.ts';

describe('receipt codes', () => {
  it('draws seven words from 1,024 distinct ones', () => {
    assert.equal(new Set(RECEIPT_WORDS).size, 1024);
    assert.ok(RECEIPT_WORDS.every((w) => /^[a-z]{3,8}$/.test(w)));
    const code = newReceiptCode();
    assert.equal(code.split(' ').length, RECEIPT_WORD_COUNT);
    assert.notEqual(newReceiptCode(), code);
  });

  it('reads a code back however it is typed, and keeps only its hash', () => {
    const code = 'amber otter quill lantern fjord mango basil';
    assert.equal(normalReceipt('  Amber-OTTER quill,lantern  fjord\nmango basil '), code);
    assert.equal(normalReceipt('amber otter'), null);
    assert.match(receiptHash(code), /^[0-9a-f]{64}$/);
    assert.notEqual(receiptHash(code), receiptHash('amber otter quill lantern fjord basil mango'));
  });
});
