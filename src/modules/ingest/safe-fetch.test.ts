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

  // Security review #10.10: the time limit counted only silence, so a server sending a byte
  // every few seconds held a fetch (and with it all polling) for minutes.
  it('gives up on a server that trickles its answer, within the whole-fetch deadline', async () => {
    const trickle = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const timer = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => trickle.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(trickle.address() as AddressInfo).port}/feed`;
      const started = Date.now();
      await assert.rejects(safeFetch(url, { maxBytes: 100_000, allowPrivate: true, timeoutMs: 1000, deadlineMs: 600 }), /did not finish answering within 600 ms/);
      assert.ok(Date.now() - started < 3000);
    } finally {
      trickle.closeAllConnections();
      await new Promise<void>((resolve) => trickle.close(() => resolve()));
    }
  });
});

// Security review #10.22: a source's Authorization header went to whatever host a redirect
// named. Two loopback servers on different ports are two origins.
describe('safeFetch credentials across redirects', () => {
  const seen: { at: string; authorization: string | undefined; cookie: string | undefined }[] = [];
  let wire: http.Server;
  let elsewhere: http.Server;
  let wireBase: string;
  let elsewhereBase: string;
  before(async () => {
    const record = (at: string) => (req: http.IncomingMessage, res: http.ServerResponse) => {
      seen.push({ at: `${at}${req.url}`, authorization: req.headers.authorization, cookie: req.headers.cookie });
      if (req.url === '/away') {
        res.writeHead(302, { location: `${elsewhereBase}/feed` });
        res.end();
      } else if (req.url === '/here') {
        res.writeHead(302, { location: '/feed' });
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end('<rss/>');
      }
    };
    wire = http.createServer(record('wire'));
    elsewhere = http.createServer(record('elsewhere'));
    await Promise.all([wire, elsewhere].map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))));
    wireBase = `http://127.0.0.1:${(wire.address() as AddressInfo).port}`;
    elsewhereBase = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
  });
  after(() => Promise.all([wire, elsewhere].map((s) => new Promise<void>((resolve) => s.close(() => resolve())))));

  it('keeps credentials on the same origin and drops them on a redirect to another', async () => {
    const headers = { Authorization: 'Bearer wire-secret', Cookie: 'session=1', accept: 'application/rss+xml' };
    await safeFetch(`${wireBase}/here`, { maxBytes: 1000, allowPrivate: true, headers });
    await safeFetch(`${wireBase}/away`, { maxBytes: 1000, allowPrivate: true, headers });
    assert.deepEqual(seen, [
      { at: 'wire/here', authorization: 'Bearer wire-secret', cookie: 'session=1' },
      { at: 'wire/feed', authorization: 'Bearer wire-secret', cookie: 'session=1' },
      { at: 'wire/away', authorization: 'Bearer wire-secret', cookie: 'session=1' },
      { at: 'elsewhere/feed', authorization: undefined, cookie: undefined },
    ]);
  });
});
