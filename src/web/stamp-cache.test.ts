import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StampCache } from './stamp-cache.ts';

describe('StampCache', () => {
  it('reuses a stamp within its lifetime and asks again after it', async () => {
    let clock = 5;
    let loads = 0;
    const cache = new StampCache<string>(1000, 10, () => clock);
    const load = async () => `v${++loads}`;
    assert.equal(await cache.get('a', load), 'v1');
    clock = 1004;
    assert.equal(await cache.get('a', load), 'v1');
    clock = 1006;
    assert.equal(await cache.get('a', load), 'v2');
  });

  it('shares one lookup between concurrent requests', async () => {
    let loads = 0;
    const cache = new StampCache<number>(1000);
    const load = () => new Promise<number>((resolve) => setTimeout(() => resolve(++loads), 10));
    const values = await Promise.all(Array.from({ length: 20 }, () => cache.get('k', load)));
    assert.deepEqual(new Set(values), new Set([1]));
    assert.equal(loads, 1);
  });

  it('does not remember a failed lookup', async () => {
    const cache = new StampCache<string>(1000);
    await assert.rejects(cache.get('k', () => Promise.reject(new Error('database down'))));
    assert.equal(await cache.get('k', async () => 'ok'), 'ok');
  });

  it('asks every time when the lifetime is 0, and forgets on clear()', async () => {
    let loads = 0;
    const load = async () => ++loads;
    const off = new StampCache<number>(0);
    await off.get('k', load);
    await off.get('k', load);
    assert.equal(loads, 2);
    const on = new StampCache<number>(60_000);
    await on.get('k', load);
    on.clear();
    assert.equal(await on.get('k', load), 4);
  });

  it('keeps at most its capacity', async () => {
    let loads = 0;
    const cache = new StampCache<number>(60_000, 2);
    const load = async () => ++loads;
    await cache.get('a', load);
    await cache.get('b', load);
    await cache.get('c', load);
    await cache.get('a', load);
    assert.equal(loads, 4, '"a" was evicted and loaded again');
  });
});
