import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SLUG_PATTERN, slugify } from './slug.ts';

describe('slugify', () => {
  it('makes readable ASCII slugs', () => {
    assert.equal(slugify('Bridge Vote: Council Says “Yes”'), 'bridge-vote-council-says-yes');
    assert.equal(slugify('Café owner’s rent & taxes'), 'cafe-owners-rent-and-taxes');
    assert.equal(slugify('  '), 'item');
  });

  it('cuts long titles at a word boundary', () => {
    const slug = slugify('word '.repeat(40));
    assert.ok(slug.length <= 80);
    assert.ok(!slug.endsWith('-'));
    assert.match(slug, SLUG_PATTERN);
  });
});
