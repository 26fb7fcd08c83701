import assert from 'node:assert/strict';
import { it } from 'node:test';
import { visibleText } from './visible-text.ts';

it('folds compatibility forms and removes direction overrides and invisible characters', () => {
  assert.equal(visibleText('Ｆｕｌｌ ｗｉｄｔｈ'), 'Full width');
  assert.equal(visibleText('admin\u202Egnp.exe'), 'admingnp.exe', 'no right-to-left override');
  assert.equal(visibleText('a\u2066b\u2069c\u200Fd'), 'abcd');
  assert.equal(visibleText('in\u200Bvis\u200Cible\u2060\uFEFF\u00AD'), 'invisible');
  assert.equal(visibleText('\u200B\u200D\u2060\u202E  '), '  ', 'only invisible characters leaves nothing but the spaces');
  assert.equal(visibleText('family: 👩\u200D👩\u200D👧'), 'family: 👩\u200D👩\u200D👧', 'emoji sequences keep their joiners');
  assert.equal(visibleText('line one\nline two'), 'line one\nline two');
});
