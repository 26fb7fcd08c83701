import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blocksText, mergeBodies, mergeField, mergeLists, splitBlocks } from './block-merge.ts';

const p = (...texts: string[]) => texts.map((t) => `<p>${t}</p>`).join('\n');

describe('block merge', () => {
  it('splits story HTML into its top-level blocks, nested lists and all', () => {
    assert.deepEqual(splitBlocks('<p>One <em>a</em></p>\n<ul><li>x<ul><li>y</li></ul></li></ul><h2>Two</h2><hr><p>Three</p>'), [
      '<p>One <em>a</em></p>',
      '<ul><li>x<ul><li>y</li></ul></li></ul>',
      '<h2>Two</h2>',
      '<hr>',
      '<p>Three</p>',
    ]);
  });

  it('gives a body as text with a blank line between paragraphs, for diffs', () => {
    assert.equal(blocksText('<p>One &amp; <b>two</b></p><h2>Head</h2><ul><li>a</li><li>b</li></ul>'), 'One & two\n\nHead\n\na b');
  });

  it('takes the wire’s new paragraphs and keeps the station’s edits elsewhere', () => {
    const base = p('Water rose overnight.', 'Roads closed at six.', 'More rain is due.');
    const local = p('Water rose overnight in Kestrel Falls.', 'Roads closed at six.', 'More rain is due.');
    const incoming = p('Water rose overnight.', 'Roads closed at six.', 'More rain is due.', 'Shelters opened at noon.');
    assert.deepEqual(mergeBodies(base, local, incoming), { html: p('Water rose overnight in Kestrel Falls.', 'Roads closed at six.', 'More rain is due.', 'Shelters opened at noon.'), conflicts: 0 });
  });

  it('takes a paragraph the wire rewrote and drops one it removed, when the station left them alone', () => {
    const result = mergeLists(['a', 'b', 'c', 'd', 'e'], ['a2', 'b', 'c', 'd', 'e'], ['a', 'b', 'c3', 'e']);
    assert.deepEqual(result, { merged: ['a2', 'b', 'c3', 'e'], conflicts: 0 });
  });

  it('keeps the station’s text where both changed the same paragraph, and counts the conflict', () => {
    const result = mergeLists(['a', 'b', 'c'], ['a', 'b-local', 'c'], ['a', 'b-wire', 'c']);
    assert.deepEqual(result, { merged: ['a', 'b-local', 'c'], conflicts: 1 });
  });

  it('agrees with itself: the same change on both sides is no conflict', () => {
    assert.deepEqual(mergeLists(['a', 'b'], ['a', 'x'], ['a', 'x']), { merged: ['a', 'x'], conflicts: 0 });
    assert.deepEqual(mergeLists([], ['x'], ['y']), { merged: ['x'], conflicts: 1 });
  });

  it('merges single fields the same way', () => {
    assert.deepEqual(mergeField('Flood', 'Flood', 'Flood warning'), { value: 'Flood warning', conflict: false });
    assert.deepEqual(mergeField('Flood', 'Local flood', 'Flood'), { value: 'Local flood', conflict: false });
    assert.deepEqual(mergeField('Flood', 'Local flood', 'Flood warning'), { value: 'Local flood', conflict: true });
  });
});
