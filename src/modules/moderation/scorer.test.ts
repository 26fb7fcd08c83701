// The Perspective-compatible scorer against a stand-in server on loopback: the request it
// sends, the score it reads, and the fallback when the service fails or is slow.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { perspectiveScorer, wordListScorer } from './scorer.ts';
import { compileWordList } from './words.ts';

describe('toxicity scorers', () => {
  let server: http.Server;
  let base: string;
  const requests: { url: string; body: unknown }[] = [];
  let mode: 'ok' | 'error' | 'slow' | 'garbage' = 'ok';

  before(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        requests.push({ url: req.url ?? '', body: JSON.parse(body) });
        if (mode === 'error') return void res.writeHead(503).end('overloaded');
        if (mode === 'slow') return void setTimeout(() => res.writeHead(200).end('{}'), 500);
        if (mode === 'garbage') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"attributeScores":{}}');
        const text = (JSON.parse(body) as { comment: { text: string } }).comment.text;
        const value = text.includes('awful') ? 0.93 : 0.04;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ attributeScores: { TOXICITY: { summaryScore: { value, type: 'PROBABILITY' } } } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1alpha1/comments:analyze`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const offline = wordListScorer({ matcher: compileWordList(['dolt', 'oaf']), weights: new Map([['dolt', 0.6], ['oaf', 0.3]]) });

  it('sums word-list weights offline, capped at 1', async () => {
    assert.deepEqual(await offline.score('a dolt and an oaf'), { value: 0.9, by: 'word list' });
    assert.deepEqual(await offline.score('d0lt d.o.l.t oaf dolt'), { value: 0.9, by: 'word list' });
    assert.equal((await offline.score('kind words')).value, 0);
  });

  it('asks a Perspective-compatible service for TOXICITY, with the key', async () => {
    const scorer = perspectiveScorer({ url: base, key: 'k-123', fallback: offline, allowPrivate: true });
    mode = 'ok';
    assert.deepEqual(await scorer.score('an awful thing to say'), { value: 0.93, by: new URL(base).host });
    const sent = requests.at(-1);
    assert.match(sent?.url ?? '', /\/v1alpha1\/comments:analyze\?key=k-123$/);
    assert.deepEqual(sent?.body, { comment: { text: 'an awful thing to say' }, requestedAttributes: { TOXICITY: {} }, doNotStore: true });
  });

  it('falls back to the offline score when the service fails, answers nonsense or is slow', async () => {
    const scorer = perspectiveScorer({ url: base, key: '', fallback: offline, timeoutMs: 200, allowPrivate: true });
    for (const [m, reason] of [['error', /HTTP 503/], ['garbage', /no TOXICITY summaryScore/], ['slow', /no answer|did not finish/i]] as const) {
      mode = m;
      const score = await scorer.score('what a dolt');
      assert.equal(score.value, 0.6, m);
      assert.match(score.by, /^word list \(127\.0\.0\.1:\d+ failed: /);
      assert.match(score.by, reason);
    }
  });

  // Security review #10.16: the admin-set scorer URL reached loopback and internal addresses.
  it('refuses a scorer on a loopback or internal address unless that is allowed', async () => {
    mode = 'ok';
    const before = requests.length;
    for (const url of [base, 'http://169.254.169.254/latest/meta-data', `http://localhost:${new URL(base).port}/v1alpha1/comments:analyze`]) {
      const score = await perspectiveScorer({ url, key: '', fallback: offline }).score('what a dolt');
      assert.equal(score.value, 0.6, url);
      assert.match(score.by, /private or loopback/, url);
    }
    assert.equal(requests.length, before, 'nothing was sent');
  });
});
