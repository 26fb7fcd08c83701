import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PageCache } from './page-cache.ts';

const page = (text: string, stamp = 's1') => ({ stamp, status: 200, body: Buffer.from(text), lastModified: null });

describe('PageCache', () => {
  it('returns an entry only while its stamp matches', () => {
    const cache = new PageCache(10_000);
    cache.set('a', page('A'));
    assert.equal(cache.get('a', 's1')?.body.toString(), 'A');
    assert.equal(cache.get('a', 's2'), undefined);
  });

  it('is bounded by bytes: the least recently used pages go first, and a page larger than the bound is not kept', () => {
    const cache = new PageCache(3_000);
    const kb = (c: string) => c.repeat(1_000);
    cache.set('a', page(kb('A')));
    cache.set('b', page(kb('B')));
    cache.get('a', 's1');
    cache.set('c', page(kb('C')));
    assert.equal(cache.size, 2);
    assert.ok(cache.bytes <= 3_000);
    assert.ok(cache.get('a', 's1'));
    assert.equal(cache.get('b', 's1'), undefined);
    const huge = cache.set('huge', page('H'.repeat(10_000)));
    assert.equal(huge.body.length, 10_000, 'the caller still gets the page');
    assert.equal(cache.get('huge', 's1'), undefined);
    assert.ok(cache.get('a', 's1'), 'and nothing else was pushed out for it');
  });

  it('keeps fragments under their own stamps, made once for callers that miss together', async () => {
    const cache = new PageCache(10_000);
    let makes = 0;
    const make = async () => {
      makes++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { html: '<p>part</p>', bytes: 11 };
    };
    const parts = await Promise.all(Array.from({ length: 10 }, () => cache.fragment('article:x', 'v1', make)));
    assert.equal(makes, 1);
    assert.ok(parts.every((p) => p?.html === '<p>part</p>'));
    await cache.fragment('article:x', 'v1', make);
    assert.equal(makes, 1, 'a hit while the stamp holds');
    await cache.fragment('article:x', 'v2', make);
    assert.equal(makes, 2, 'a new stamp makes it again');
    assert.equal(await cache.fragment('gone', 'v1', async () => null), null);
    assert.equal(cache.get('article:x', 'v2'), undefined, 'fragments and pages do not share keys');
  });

  it('gives equal bodies equal ETags and different bodies different ones', () => {
    const cache = new PageCache(0);
    assert.equal(cache.set('x', page('same')).etag, cache.set('y', page('same')).etag);
    assert.notEqual(cache.set('x', page('one')).etag, cache.set('x', page('two')).etag);
    assert.equal(cache.size, 0, 'capacity 0 keeps nothing');
  });

  it('renders once for every request that misses at the same time', async () => {
    const cache = new PageCache(10_000);
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
