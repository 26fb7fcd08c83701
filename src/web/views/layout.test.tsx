import assert from 'node:assert/strict';
import { it } from 'node:test';
import { fillSlots, renderAssembled, renderFragment, slot } from './layout.tsx';

it('puts each part in its slot, and no text on the page can pose as a slot', () => {
  const forged = '\u0000article\u0000 and :article';
  const shell = (
    <main>
      <h1>{forged}</h1>
      {slot('article')}
      <footer>{slot('count')}</footer>
    </main>
  );
  const html = renderAssembled(shell, { count: '3 comments', article: '<article><p>Body</p></article>' }).toString();
  assert.equal(html, `<!doctype html><main><h1>${forged}</h1><article><p>Body</p></article><footer>3 comments</footer></main>`);
  assert.throws(() => renderAssembled(<p>none</p>, { article: 'x' }), /no slot "article"/);
  // A part is inserted as it is: a slot inside it is filled first, by the caller.
  const part = renderFragment(<span>{slot('inner')}</span>);
  assert.equal(fillSlots(part, { inner: 'in' }), '<span>in</span>');
});
