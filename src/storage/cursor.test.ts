import assert from 'node:assert/strict';
import { it } from 'node:test';
import { decodeCursor, encodeCursor } from './cursor.ts';

it('reads back what it wrote, and refuses a cursor of another shape or a forged one', () => {
  const id = '019ad1c2-7b3e-7000-8000-00000000abcd';
  const raw = encodeCursor(['2026-11-27T09:00:00.000Z', id, 3]);
  assert.deepEqual(decodeCursor(raw, ['time', 'id', 'count']), ['2026-11-27T09:00:00.000Z', id, 3]);
  assert.equal(decodeCursor(raw, ['time', 'id']), null, 'another shape');
  for (const bad of ['', '!!', 'bm90IGpzb24', encodeCursor(['yesterday', id]), encodeCursor(['2026-11-27T09:00:00.000Z', "1' or 1=1"]), encodeCursor(['2026-11-27T09:00:00.000Z', id, -1]), 'A'.repeat(400)]) {
    assert.equal(decodeCursor(bad, ['time', 'id']), null, bad);
    assert.equal(decodeCursor(bad, ['time', 'id', 'count']), null, bad);
  }
});

it('carries a relevance score exactly, and refuses one that is not a finite number', () => {
  const score = -3.141592653589793e-7;
  assert.deepEqual(decodeCursor(encodeCursor([score, '42']), ['score', 'id']), [score, '42']);
  for (const bad of [encodeCursor(['-1', '42']), Buffer.from('[1e999,"42"]').toString('base64url'), Buffer.from('[null,"42"]').toString('base64url')]) {
    assert.equal(decodeCursor(bad, ['score', 'id']), null, bad);
  }
});
