// Feed polling on both engines: conditional GET, no writes for an unchanged feed, backoff on
// errors, credentials, and exactly one poller per feed when two processes share the database.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { fetchOnce, findSourceBySlug, pollDueSources, upsertSource } from '../../src/modules/ingest/index.ts';
import { createDb } from '../../src/storage/index.ts';
import { describeEachDialect } from '../helpers/databases.ts';

describeEachDialect('feed poller', (db) => {
  let server: http.Server;
  let url: string;
  let feed = { etag: '"v1"', body: '' };
  let failNext = false;
  const hits: { conditional: boolean; auth: string | undefined }[] = [];
  const rss = (items: string[]) => `<rss><channel><title>Polled</title>${items.map((t, i) => `<item><guid>p-${i}</guid><title>${t}</title><description>Text ${i}.</description><pubDate>Tue, 24 Nov 2026 1${i}:00:00 GMT</pubDate></item>`).join('')}</channel></rss>`;

  before(async () => {
    feed = { etag: '"v1"', body: rss(['First polled story', 'Second polled story']) };
    server = http.createServer((req, res) => {
      hits.push({ conditional: req.headers['if-none-match'] === feed.etag, auth: req.headers.authorization });
      if (req.headers.authorization !== 'Bearer poll-key') return void res.writeHead(401).end();
      if (failNext) {
        failNext = false;
        return void res.writeHead(500).end('boom');
      }
      if (req.headers['if-none-match'] === feed.etag) return void res.writeHead(304).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: feed.etag });
      res.end(feed.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const ctx = () => ({ db: db().handle.db, mediaDir: path.join(db().dir, 'media') });
  const at = (seconds: number) => new Date(Date.UTC(2026, 10, 28, 12, 0, seconds));
  const payloadCount = async () => (await db().handle.db.selectFrom('wire_payloads').select('id').execute()).length;

  it('fetches a due feed with the source credentials and ingests it', async () => {
    await upsertSource(db().handle.db, {
      slug: 'polled', name: 'Polled Wire', shortName: 'PW', kind: 'wire', defaultRights: null, canonicalPolicy: 'original',
      transport: 'http', location: url, pollSeconds: 60, authHeader: 'Bearer poll-key', allowLocal: true,
    });
    const results = await pollDueSources(ctx(), { now: at(0) });
    assert.deepEqual(results.map((r) => [r.source, r.status, r.detail]), [['polled', 'fetched', '200 (2 items)']]);
    assert.deepEqual(results[0]?.report?.items.map((i) => i.outcome), ['created', 'created']);
    assert.equal(hits.at(-1)?.auth, 'Bearer poll-key');
    assert.deepEqual(await pollDueSources(ctx(), { now: at(30) }), [], 'not due again before its interval');
  });

  it('sends the ETag back, and a 304 writes nothing but the claim', async () => {
    const before = await payloadCount();
    const stories = await db().handle.db.selectFrom('stories').select(['id', 'modified_at']).orderBy('id').execute();
    const results = await pollDueSources(ctx(), { now: at(61) });
    assert.deepEqual(results.map((r) => r.status), ['not-modified']);
    assert.equal(hits.at(-1)?.conditional, true);
    assert.equal(await payloadCount(), before);
    assert.deepEqual(await db().handle.db.selectFrom('stories').select(['id', 'modified_at']).orderBy('id').execute(), stories);
  });

  it('takes a changed feed', async () => {
    feed = { etag: '"v2"', body: rss(['First polled story', 'Second polled story', 'Third polled story']) };
    const results = await pollDueSources(ctx(), { now: at(122) });
    assert.deepEqual(results[0]?.report?.items.map((i) => i.outcome), ['unchanged', 'unchanged', 'created']);
  });

  it('backs off exponentially after errors, and resets after a success', async () => {
    failNext = true;
    const failed = await pollDueSources(ctx(), { now: at(183) });
    assert.equal(failed[0]?.status, 'failed');
    assert.match(failed[0]?.detail ?? '', /answered 500/);
    const state = await db().handle.db.selectFrom('source_poll_state').selectAll().executeTakeFirstOrThrow();
    assert.equal(state.failures, 1);
    assert.equal(state.due_at, at(183 + 120).toISOString(), 'twice the interval after one failure');
    assert.deepEqual(await pollDueSources(ctx(), { now: at(250) }), []);
    const ok = await pollDueSources(ctx(), { now: at(303) });
    assert.equal(ok[0]?.status, 'not-modified');
  });

  it('lets exactly one of two processes poll a due feed', async () => {
    const second = await createDb({ database: db().database });
    try {
      const hitsBefore = hits.length;
      const [a, b] = await Promise.all([
        pollDueSources(ctx(), { now: at(400) }),
        pollDueSources({ db: second.db, mediaDir: path.join(db().dir, 'media') }, { now: at(400) }),
      ]);
      assert.equal(a.length + b.length, 1);
      assert.equal(hits.length - hitsBefore, 1);
    } finally {
      await second.close();
    }
  });

  it('fetches a URL once for masthead ingest URL', async () => {
    const source = await findSourceBySlug(db().handle.db, 'polled');
    assert.ok(source);
    const report = await fetchOnce(ctx(), source, url);
    assert.equal(report.format, 'rss');
    assert.deepEqual(report.items.map((i) => i.outcome), ['unchanged', 'unchanged', 'unchanged']);
    failNext = true;
    await assert.rejects(fetchOnce(ctx(), source, url), /answered 500/);
  });

  it('refuses a private address unless the source is local', async () => {
    await upsertSource(db().handle.db, { slug: 'polled', name: 'Polled Wire', shortName: 'PW', kind: 'wire', defaultRights: null, canonicalPolicy: 'original', allowLocal: false });
    const results = await pollDueSources(ctx(), { now: at(600) });
    assert.equal(results[0]?.status, 'failed');
    assert.match(results[0]?.detail ?? '', /private or loopback/);
  });

  // Security review #10.10: a server sending a byte every few seconds held all polling.
  it('polls sources side by side, and cuts off one that trickles its answer', async () => {
    const trickle = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const timer = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => trickle.listen(0, '127.0.0.1', resolve));
    try {
      const trickleUrl = `http://127.0.0.1:${(trickle.address() as AddressInfo).port}/feed.xml`;
      const base = { kind: 'wire' as const, defaultRights: null, canonicalPolicy: 'original' as const, transport: 'http' as const, pollSeconds: 60, allowLocal: true };
      await upsertSource(db().handle.db, { ...base, slug: 'trickling', name: 'Trickling Wire', shortName: 'TW', location: trickleUrl });
      await upsertSource(db().handle.db, { ...base, slug: 'prompt', name: 'Prompt Wire', shortName: 'PR', location: url, authHeader: 'Bearer poll-key' });
      const started = Date.now();
      const results = await pollDueSources(ctx(), { now: at(3600), timeoutMs: 300 });
      const byName = new Map(results.map((r) => [r.source, r]));
      assert.equal(byName.get('prompt')?.status, 'fetched');
      assert.equal(byName.get('trickling')?.status, 'failed');
      assert.match(byName.get('trickling')?.detail ?? '', /did not finish answering within 900 ms/);
      assert.ok(Date.now() - started < 5000, 'the trickling feed was cut off, not waited for');
    } finally {
      trickle.closeAllConnections();
      await new Promise<void>((resolve) => trickle.close(() => resolve()));
    }
  });
});
