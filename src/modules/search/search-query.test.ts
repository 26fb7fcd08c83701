import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { foldText, fts5Match, pairLexeme, parseSearch, postgresPairsQuery, searchTokens, websearchText, wordPairs, SEARCH_PARTS_MAX } from './search-query.ts';

const parsed = (input: string) => {
  const result = parseSearch(input);
  assert.ok(result.ok, `"${input.slice(0, 40)}" gives a query`);
  return result.query;
};

describe('the search box, translated', () => {
  it('folds case, accents and letters NFKD keeps whole, the same for text and queries', () => {
    assert.equal(foldText('Café Crème ÉCOLE'), 'cafe creme ecole');
    assert.equal(foldText('Straße Ærø Łódź'), 'strasse aero lodz');
    assert.deepEqual(searchTokens('The mayor’s “new” budget: $4.5m, 2027!'), ['the', 'mayor', 's', 'new', 'budget', '4', '5m', '2027']);
  });

  it('reads words, quoted phrases and exclusions', () => {
    assert.deepEqual(parsed('river bridge'), { required: [['river'], ['bridge']], excluded: [] });
    assert.deepEqual(parsed('"school board" vote -budget -"town hall"'), { required: [['school', 'board'], ['vote']], excluded: [['budget'], ['town', 'hall']] });
    // A hyphen inside a word is not an exclusion: the word's pieces stand together.
    assert.deepEqual(parsed('covid-19 well-known'), { required: [['covid', '19'], ['well', 'known']], excluded: [] });
  });

  it('writes the same query for FTS5 and for websearch_to_tsquery, phrases by their word pairs', () => {
    const query = parsed('"school board" vote -budget');
    assert.equal(fts5Match(query), '("school_board_" AND "vote") NOT "budget"');
    assert.equal(websearchText(query), '"school board" "vote" -"budget"');
    assert.equal(postgresPairsQuery(query), `'${pairLexeme('school_board_')}'`);
    // A longer phrase is its pairs side by side; an excluded phrase narrows nothing on PostgreSQL's index.
    assert.deepEqual(wordPairs(['north', 'shore', 'ferry']), ['north_shore_', 'shore_ferry_']);
    assert.equal(fts5Match(parsed('"north shore ferry" -"town hall"')), '("north_shore_ shore_ferry_") NOT "town_hall_"');
    assert.equal(postgresPairsQuery(parsed('"north shore ferry" ferry -"town hall"')), `'${pairLexeme('north_shore_')}' & '${pairLexeme('shore_ferry_')}'`);
    // PostgreSQL's pair lexemes: buckets no word can be, the same for the same pair, apart for others.
    assert.match(pairLexeme('north_shore_'), /^_[0-9a-z]{1,4}$/);
    assert.equal(pairLexeme('north_shore_'), pairLexeme('north_shore_'));
    assert.equal(new Set(['north_shore_', 'shore_ferry_', 'ferry_north_', 'school_board_'].map(pairLexeme)).size, 4);
    assert.equal(postgresPairsQuery(parsed('ferry')), null);
    // "or" is a word to look for, not PostgreSQL's operator.
    assert.equal(websearchText(parsed('salt or pepper')), '"salt" "or" "pepper"');
  });

  it('turns hostile input into plain words, never syntax', () => {
    const hostile = ['NEAR(a b', 'cat*', '"', '((((river', 'a AND OR NOT b', 'x:y^z', "'; drop table stories; --", 'col:"open', '\u0000\u0007river\u001b[31m', 'ri\ud800ver', '{}[]()<>', '"unclosed phrase here'];
    for (const input of hostile) {
      const result = parseSearch(input);
      if (!result.ok) continue;
      for (const part of [...result.query.required, ...result.query.excluded]) for (const word of part) assert.match(word, /^[\p{L}\p{N}]+$/u, `${JSON.stringify(input)} gave the word ${JSON.stringify(word)}`);
      assert.doesNotMatch(fts5Match(result.query).replace(/"[^"]*"/g, ''), /[^ ()ANDOT]/, 'outside the quotes only the operators the translator wrote');
    }
    assert.deepEqual(parsed('NEAR(a b').required, [['near', 'a'], ['b']]);
    assert.deepEqual(parsed('"unclosed phrase here').required, [['unclosed', 'phrase', 'here']]);
  });

  it('bounds what it reads: ten kilobytes give at most a dozen parts', () => {
    const query = parsed(Array.from({ length: 2_000 }, (_, i) => `word${i}`).join(' '));
    assert.equal(query.required.length, SEARCH_PARTS_MAX);
    assert.equal(parsed('a'.repeat(10_000)).required[0]![0]!.length, 64);
  });

  it('says why there is nothing to look for', () => {
    assert.deepEqual(parseSearch(''), { ok: false, code: 'SEARCH_EMPTY' });
    assert.deepEqual(parseSearch('  *** ((( "" '), { ok: false, code: 'SEARCH_EMPTY' });
    assert.deepEqual(parseSearch('-budget -"town hall"'), { ok: false, code: 'SEARCH_ONLY_EXCLUDED' });
  });

  it('lists each word once for highlighting', () => {
    const result = parseSearch('river "river bridge" bridge -flood');
    assert.ok(result.ok);
    assert.deepEqual(result.words, ['river', 'bridge']);
  });
});
