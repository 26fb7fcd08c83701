import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatByline, groupByline, parseByline } from './byline.ts';

describe('parseByline', () => {
  it('splits several authors and their outlet', () => {
    assert.deepEqual(parseByline('By Ana Ruiz, Tom Pell and Mei Chen, MNS'), [
      { name: 'Ana Ruiz', affiliation: 'MNS' },
      { name: 'Tom Pell', affiliation: 'MNS' },
      { name: 'Mei Chen', affiliation: 'MNS' },
    ]);
  });

  it('keeps a single author without an outlet', () => {
    assert.deepEqual(parseByline('by  Dana Ortiz'), [{ name: 'Dana Ortiz', affiliation: null }]);
  });

  it('recognises outlets by known names and by wording', () => {
    assert.deepEqual(parseByline('Lee Park, Kestrel Valley 7', ['Kestrel Valley 7']), [
      { name: 'Lee Park', affiliation: 'Kestrel Valley 7' },
    ]);
    assert.equal(parseByline('Lee Park, Meridian News Service')[0]?.affiliation, 'Meridian News Service');
  });

  it('returns nothing for an empty byline', () => {
    assert.deepEqual(parseByline(''), []);
    assert.deepEqual(parseByline(null), []);
  });
});

describe('formatByline', () => {
  it('names authors with a shared outlet once', () => {
    assert.equal(formatByline(parseByline('By A One, B Two and C Three, MNS')), 'By A One, B Two and C Three, MNS');
  });

  it('groups authors from different outlets', () => {
    const authors = [
      { name: 'A', affiliation: 'MNS' },
      { name: 'B', affiliation: 'KV7' },
      { name: 'C', affiliation: 'KV7' },
    ];
    assert.equal(formatByline(authors), 'By A, MNS; B and C, KV7');
    assert.equal(groupByline(authors).length, 2);
  });
});
