import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { FetchRefused, isPrivateAddress, safeFetch } from './safe-fetch.ts';

describe('isPrivateAddress', () => {
  it('knows private, loopback, link-local and mapped addresses', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '100.64.0.1']) {
      assert.equal(isPrivateAddress(a), true, a);
    }
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8']) assert.equal(isPrivateAddress(a), false, a);
  });
});

describe('safeFetch', () => {
  let server: http.Server;
  let base: string;
  before(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(Buffer.alloc(5000, 'x'));
      } else if (req.url === '/redirect') {
        res.writeHead(302, { location: '/feed' });
        res.end();
      } else if (req.url === '/slow') {
        setTimeout(() => res.end('late'), 2000);
      } else {
        res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' });
        res.end('<rss/>');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('refuses loopback and private addresses unless the source is local', async () => {
    await assert.rejects(safeFetch(`${base}/feed`, { maxBytes: 1000 }), (e: unknown) => e instanceof FetchRefused && /private or loopback/.test(e.message));
    await assert.rejects(safeFetch(`http://localhost:${new URL(base).port}/feed`, { maxBytes: 1000 }), /private or loopback/);
    const ok = await safeFetch(`${base}/feed`, { maxBytes: 1000, allowPrivate: true });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.toString(), '<rss/>');
    assert.equal(ok.headers.etag, '"v1"');
  });

  it('follows redirects, and enforces the size and time limits', async () => {
    assert.equal((await safeFetch(`${base}/redirect`, { maxBytes: 1000, allowPrivate: true })).url, `${base}/feed`);
    await assert.rejects(safeFetch(`${base}/big`, { maxBytes: 1000, allowPrivate: true }), /larger than the limit of 1000 bytes/);
    await assert.rejects(safeFetch(`${base}/slow`, { maxBytes: 1000, allowPrivate: true, timeoutMs: 200 }), /no answer from .* within 200 ms/);
  });

  it('fetches only http and https', async () => {
    await assert.rejects(safeFetch('file:///etc/passwd', { maxBytes: 1000 }), /only http and https/);
    await assert.rejects(safeFetch('not a url', { maxBytes: 1000 }), /not a URL/);
  });
});
