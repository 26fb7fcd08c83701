import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { searchWords } from './contains.ts';

describe('search words', () => {
  it('splits on spaces, lower-cased, at most eight', () => {
    assert.deepEqual(searchWords('  Harbour  AT dawn '), ['harbour', 'at', 'dawn']);
    assert.deepEqual(searchWords(undefined), []);
    assert.equal(searchWords('a b c d e f g h i j').length, 8);
  });
});
