import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileWordList } from './words.ts';

describe('word-list matching', () => {
  const list = compileWordList(['crook', 'ass', 'go away']);

  it('finds listed words in disguise', () => {
    for (const text of ['What a CROOK', 'crooook!', 'cr00k', 'c.r.o.o.k', 'c r o o k', 'crоok' /* Cyrillic o */, 'cr\u200Book', 'crõok', 'ｃｒｏｏｋ', 'a$$', 'you 4ss']) {
      assert.deepEqual(list.find(text), text.includes('ss') || text.includes('$') ? ['ass'] : ['crook'], text);
    }
    assert.deepEqual(list.find('Just go   away now'), ['go away']);
  });

  it('respects word boundaries in every script', () => {
    for (const text of ['a crooked path', 'the class assembled', 'passing by', 'as seen', 'Crookston is a town', 'go awayward']) {
      assert.deepEqual(list.find(text), [], text);
    }
    const accented = compileWordList(['niño']);
    assert.deepEqual(accented.find('el NINO llegó'), ['niño']);
    assert.deepEqual(accented.find('niños'), []);
  });

  it('matches nothing with an empty list', () => {
    assert.deepEqual(compileWordList([]).find('anything at all'), []);
  });
});
