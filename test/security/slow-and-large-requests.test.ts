// Security review #10.3: an unauthenticated push made the server buffer up to 50 MB before it
// looked at the secret, and request bodies never timed out. A push is now refused from its
// headers, before its body is read, and a request that trickles in is cut off.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { hashSecret, upsertSource } from '../../src/modules/ingest/index.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';

/** Sends `head` and the first bytes of a body, and resolves with what the server says (or null when it says nothing within `waitMs`). */
function partialRequest(port: number, head: string, firstBytes: string, waitMs: number): Promise<{ answer: string; closed: boolean } | null> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    let closed = false;
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(answer || closed ? { answer, closed } : null);
    }, waitMs);
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => {
      closed = true;
      clearTimeout(timer);
      resolve({ answer, closed });
    });
    socket.on('error', () => {});
    socket.write(head + firstBytes);
  });
}

for (const dialect of DIALECTS) {
  describe(`slow and large requests [${dialect}]`, { skip: skipReason(dialect) }, () => {
    let site: TestSite;
    let port: number;
    before(async () => {
      site = await createTestSite(dialect, { demo: false, config: { requestTimeoutMs: 1500 } });
      await upsertSource(site.database.handle.db, { kind: 'wire', defaultRights: null, canonicalPolicy: 'original', pushSecretSha256: hashSecret('right-secret'), slug: 'push-wire', name: 'Push Wire', shortName: 'PW' });
      const address = await site.app.listen({ port: 0, host: '127.0.0.1' });
      port = Number(new URL(address).port);
    });
    after(() => site?.close());

    const pushHead = (slug: string, secret: string | null) =>
      `POST /ingest/${slug} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 48000000\r\n${secret ? `Authorization: Bearer ${secret}\r\n` : ''}\r\n`;

    for (const [label, slug, secret] of [
      ['an unknown source', 'no-such-wire', 'right-secret'],
      ['a known source with a wrong secret', 'push-wire', 'wrong-secret'],
      ['a known source with no secret', 'push-wire', null],
    ] as const) {
      it(`refuses ${label} from its headers, without waiting for a 48 MB body`, async () => {
        const result = await partialRequest(port, pushHead(slug, secret), '{"items": [', 1000);
        assert.ok(result, 'the server answered before the body arrived');
        assert.match(result.answer, /^HTTP\/1\.1 401/);
        assert.match(result.answer, /"code":"PUSH_BAD_SECRET"/);
      });
    }

    it('cuts off a sign-in that sends 7 of 60,000 bytes and stalls', async () => {
      const head = 'POST /account/sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 60000\r\n\r\n';
      const started = performance.now();
      const result = await partialRequest(port, head, 'email=a', 8000);
      assert.ok(result?.closed, 'the connection was closed');
      assert.ok(performance.now() - started < 7000, 'within the request timeout, not minutes later');
    });

    it('still answers the site while those are refused', async () => {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      assert.equal(res.status, 200);
    });
  });
}
