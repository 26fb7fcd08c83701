import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { wordDiff } from './word-diff.ts';

const render = (parts: ReturnType<typeof wordDiff>) => parts.map((p) => (p.op === 'same' ? p.text : p.op === 'added' ? `{+${p.text}+}` : `[-${p.text}-]`)).join('');

describe('word diff', () => {
  it('shows a changed word as removed and added, the rest the same', () => {
    assert.equal(render(wordDiff('The vote was 5-2 on Monday.', 'The vote was 4-3 on Monday.')), 'The vote was [-5-2-]{+4-3+} on Monday.');
  });

  it('shows added and removed sentences', () => {
    assert.equal(render(wordDiff('Roads are closed.', 'Roads are closed. Schools open late.')), 'Roads are closed.{+ Schools open late.+}');
    assert.equal(render(wordDiff('A first. A second.', 'A second.')), 'A [-first. A -]second.');
  });

  it('puts the two texts back together from its parts', () => {
    const before = 'Crews loaded salt on Monday and the county has 30 trucks ready.';
    const after = 'On Monday crews loaded salt; the county has 40 trucks and a new dome.';
    const parts = wordDiff(before, after);
    assert.equal(parts.filter((p) => p.op !== 'added').map((p) => p.text).join(''), before);
    assert.equal(parts.filter((p) => p.op !== 'removed').map((p) => p.text).join(''), after);
  });

  it('gives up on the middle of two huge, different texts instead of taking the time', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join(' ');
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join(' ');
    const parts = wordDiff(a, b);
    assert.deepEqual(parts.map((p) => p.op), ['removed', 'added']);
  });
});
