import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sanitizeWireHtml } from '../text/index.ts';
import { bodyText, wordsDigest } from './search-document.ts';

it('reads a stored body as the words a reader sees, paragraphs apart, entities decoded', () => {
  const stored = sanitizeWireHtml('<p>The river rose.</p><p>Inspectors &amp; crews said &quot;hold&quot;<br>at 5 &lt; 6 &#8212; &#x263A;</p><ul><li>one</li><li>two</li></ul><script>alert(1)</script>');
  assert.equal(bodyText(stored), 'The river rose. Inspectors & crews said "hold" at 5 < 6 — ☺ one two');
  assert.equal(bodyText('<p>&bogus; &#0; &#x110000;</p>'), '&bogus; &#0; &#x110000;');
});

it('digests the four fields apart, so words moved between fields are a change', () => {
  const words = { headline: 'river rises', standfirst: 'crews wait', body: 'the river rose', extra: 'kv7' };
  assert.equal(wordsDigest(words), wordsDigest({ ...words }));
  assert.notEqual(wordsDigest(words), wordsDigest({ ...words, headline: 'river', standfirst: 'rises crews wait' }));
  assert.notEqual(wordsDigest(words), wordsDigest({ ...words, extra: 'kv8' }));
});
