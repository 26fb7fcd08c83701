import assert from 'node:assert/strict';
import { it } from 'node:test';
import { highlight, snippet } from './snippet.ts';

const marked = (parts: { text: string; hit: boolean }[]) => parts.map((p) => (p.hit ? `[${p.text}]` : p.text)).join('');

it('marks the words searched for, whatever their case, accents or usual English ending', () => {
  assert.equal(marked(highlight('Élection night: the ELECTIONS office counts', ['election'])), '[Élection] night: the [ELECTIONS] office counts');
  assert.equal(marked(highlight('Ferries ferry ferried', ['ferry'])), '[Ferries] [ferry] [ferried]');
  assert.equal(marked(highlight('Nothing here', ['river'])), 'Nothing here');
});

it('cuts about thirty words around the stretch with the most different words, saying where text was left out', () => {
  const text = `${Array.from({ length: 50 }, (_, i) => `w${i}`).join(' ')} the bridge vote and the budget ${Array.from({ length: 50 }, (_, i) => `x${i}`).join(' ')}`;
  const cut = snippet(text, ['bridge', 'budget']);
  assert.ok(cut.cutBefore && cut.cutAfter);
  assert.match(marked(cut.parts), /^w47 w48 w49 the \[bridge\] vote and the \[budget\] x0/);
  assert.equal(cut.parts.filter((p) => p.hit).length, 2);
  const none = snippet('A short text.', ['river']);
  assert.deepEqual(none, { parts: [{ text: 'A short text.', hit: false }], cutBefore: false, cutAfter: false });
  assert.deepEqual(snippet('', ['river']), { parts: [], cutBefore: false, cutAfter: false });
});
