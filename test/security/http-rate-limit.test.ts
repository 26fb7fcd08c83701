// The per-address HTTP limits in front of the per-account rules: a flood from one address is
// refused with 429 and Retry-After (RATE_LIMITED), other addresses are not, the push API answers
// in JSON, and with Redis two app instances share one count.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { HTTP_LIMITS } from '../../src/web/plugins/rate-limit.ts';
import { skipReason } from '../helpers/databases.ts';
import { clearRedisPrefix, REDIS_TEST_URL, redisSkipReason } from '../helpers/redis.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('HTTP rate limits [sqlite]', () => {
  let site: TestSite;
  before(async () => {
    site = await createTestSite('sqlite', { demo: false });
  });
  after(() => site?.close());

  it('refuses sign-in attempts past the limit from one address, and only from that address', async () => {
    const attempt = (remoteAddress: string) => site.app.inject({ method: 'POST', url: '/account/sign-in', remoteAddress, headers: FORM, payload: 'email=a%40b.org&password=x' });
    for (let i = 0; i < HTTP_LIMITS.signIn.max; i++) assert.notEqual((await attempt('192.0.2.7')).statusCode, 429, `attempt ${i + 1}`);
    const refused = await attempt('192.0.2.7');
    assert.equal(refused.statusCode, 429);
    assert.ok(Number(refused.headers['retry-after']) > 0, 'says when to try again');
    assert.match(refused.body, /Too many requests from your network/);
    assert.notEqual((await attempt('192.0.2.8')).statusCode, 429, 'another address is not limited');
  });

  it('answers the push API past its limit in JSON with the code', async () => {
    let last = null;
    for (let i = 0; i <= HTTP_LIMITS.push.max; i++) last = await site.app.inject({ method: 'POST', url: '/ingest/no-such-wire', remoteAddress: '198.51.100.9', headers: { 'content-type': 'application/json' }, payload: '{}' });
    assert.equal(last?.statusCode, 429);
    assert.equal((last?.json() as { error: { code: string } }).error.code, 'RATE_LIMITED');
  });
});

describe('HTTP rate limits shared through Redis [postgres+redis]', { skip: skipReason('postgres') || redisSkipReason() }, () => {
  const prefix = `masthead-test-${randomBytes(4).toString('hex')}:`;
  let a: TestSite;
  let b: TestSite;
  before(async () => {
    a = await createTestSite('postgres', { demo: false, config: { redisUrl: REDIS_TEST_URL, redisPrefix: prefix } });
    b = await createTestSite('postgres', { demo: false, config: { redisUrl: REDIS_TEST_URL, redisPrefix: prefix } });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await clearRedisPrefix(prefix);
  });

  it('counts one address across two app instances', async () => {
    const attempt = (site: TestSite) => site.app.inject({ method: 'POST', url: '/account/sign-up', remoteAddress: '203.0.113.5', headers: FORM, payload: 'email=x' });
    for (let i = 0; i < HTTP_LIMITS.signUp.max; i++) assert.notEqual((await attempt(i % 2 ? a : b)).statusCode, 429);
    assert.equal((await attempt(a)).statusCode, 429);
    assert.equal((await attempt(b)).statusCode, 429);
  });
});
