// Security review #10.4: behind a reverse proxy every request came from the proxy, so 31
// sign-ins from anyone locked every reader out. With TRUST_PROXY naming the proxy, its
// X-Forwarded-For is believed and each reader is counted apart; without it the header is
// ignored, so a reader cannot choose their own address. A real proxy runs on loopback here.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createUser } from '../../src/modules/accounts/index.ts';
import type { Config } from '../../src/config.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';

const PASSWORD = 'lantern over the ferry';

/** A reverse proxy that sets X-Forwarded-For to the reader named by the test's X-Reader header. */
function startProxy(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const reader = String(req.headers['x-reader'] ?? '203.0.113.1');
    // The reader's Host header is passed on, as nginx's `proxy_set_header Host $host` does.
    const headers: http.OutgoingHttpHeaders = { ...req.headers, 'x-forwarded-for': reader };
    delete headers['x-reader'];
    const forward = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((done) => server.close(() => done())) }),
    ),
  );
}

/** Signs in through the proxy as `reader` (no CSRF token is needed to be refused or counted). */
async function signIn(proxy: string, reader: string, email: string, password: string): Promise<number> {
  const form = await fetch(`${proxy}/account/sign-in`, { headers: { 'x-reader': reader } });
  const cookies = (form.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const res = await fetch(`${proxy}/account/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'x-reader': reader, 'content-type': 'application/x-www-form-urlencoded', cookie: cookies, origin: proxy },
    body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
  });
  await res.arrayBuffer();
  return res.status;
}

for (const dialect of DIALECTS) {
  for (const [label, config] of [
    ['with TRUST_PROXY naming the proxy', { trustProxy: ['127.0.0.1'] }],
    ['with TRUST_PROXY off', { trustProxy: false }],
  ] as [string, Partial<Config>][]) {
    describe(`a reverse proxy in front, ${label} [${dialect}]`, { skip: skipReason(dialect) }, () => {
      let site: TestSite;
      let proxy: { url: string; close(): Promise<void> };
      before(async () => {
        site = await createTestSite(dialect, { demo: false, config: { ...config, publicUrl: 'http://127.0.0.1' } });
        await createUser(site.web.db, { email: 'reader@example.org', displayName: 'Rita Reader', password: PASSWORD, verified: true });
        const address = await site.app.listen({ port: 0, host: '127.0.0.1' });
        proxy = await startProxy(address);
      });
      after(async () => {
        await proxy?.close();
        await site?.close();
      });

      it(config.trustProxy ? 'counts each reader apart: one reader at the limit locks out only themselves' : 'counts everyone as the proxy, and ignores a forged X-Forwarded-For', async () => {
        // 31 sign-ins (30 a quarter hour is the per-address limit) from one reader, for unknown accounts.
        const statuses: number[] = [];
        for (let i = 0; i < 31; i++) statuses.push(await signIn(proxy.url, '198.51.100.7', `nobody${i}@example.org`, 'wrong password here'));
        assert.equal(statuses.at(-1), 429, 'the 31st is refused');
        const other = await signIn(proxy.url, '198.51.100.99', 'reader@example.org', PASSWORD);
        if (config.trustProxy) assert.equal(other, 303, 'another reader still signs in');
        else assert.equal(other, 429, 'without trusting the proxy, everyone shares its address');
      });
    });
  }
}
