import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PageCache } from './page-cache.ts';

const page = (text: string, stamp = 's1') => ({ stamp, status: 200, body: Buffer.from(text), lastModified: null });

describe('PageCache', () => {
  it('returns an entry only while its stamp matches', () => {
    const cache = new PageCache(10);
    cache.set('a', page('A'));
    assert.equal(cache.get('a', 's1')?.body.toString(), 'A');
    assert.equal(cache.get('a', 's2'), undefined);
  });

  it('evicts the least recently used entry past its capacity', () => {
    const cache = new PageCache(2);
    cache.set('a', page('A'));
    cache.set('b', page('B'));
    cache.get('a', 's1');
    cache.set('c', page('C'));
    assert.equal(cache.size, 2);
    assert.ok(cache.get('a', 's1'));
    assert.equal(cache.get('b', 's1'), undefined);
  });

  it('gives equal bodies equal ETags and different bodies different ones', () => {
    const cache = new PageCache(0);
    assert.equal(cache.set('x', page('same')).etag, cache.set('y', page('same')).etag);
    assert.notEqual(cache.set('x', page('one')).etag, cache.set('x', page('two')).etag);
    assert.equal(cache.size, 0, 'capacity 0 keeps nothing');
  });

  it('renders once for every request that misses at the same time', async () => {
    const cache = new PageCache(10);
    let renders = 0;
    const render = async () => {
      renders++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { status: 200, body: Buffer.from('page'), lastModified: null };
    };
    const pages = await Promise.all(Array.from({ length: 25 }, () => cache.getOrRender('k', 's1', render)));
    assert.equal(renders, 1);
    assert.ok(pages.every((p) => p?.body.toString() === 'page'));
    await cache.getOrRender('k', 's2', render);
    assert.equal(renders, 2, 'a new stamp renders again');
    assert.equal(await cache.getOrRender('gone', 's1', async () => null), null);
  });
});
