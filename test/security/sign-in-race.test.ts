// Security review #10.5: the per-account sign-in limit was checked before the attempt was
// counted, so 39 wrong guesses and the right one sent together all passed the check (also
// across two processes sharing Redis). Attempts are now counted atomically first.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createUser, LIMITS } from '../../src/modules/accounts/index.ts';
import { skipReason, DIALECTS } from '../helpers/databases.ts';
import { FormClient } from '../helpers/form-client.ts';
import { clearRedisPrefix, REDIS_TEST_URL, redisSkipReason } from '../helpers/redis.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';

const PASSWORD = 'lantern over the ferry';

/** 39 wrong passwords and the right one, all at once, each from its own address. */
async function burst(sites: TestSite[]): Promise<number[]> {
  const clients = await Promise.all(
    sites.map(async (site) => {
      const client = new FormClient(site);
      await client.get('/account/sign-in');
      return { site, client };
    }),
  );
  const attempts = Array.from({ length: 40 }, (_, i) => {
    const { site, client } = clients[i % clients.length]!;
    const password = i === 39 ? PASSWORD : `wrong guess number ${i}`;
    return site.app.inject({
      method: 'POST',
      url: '/account/sign-in',
      remoteAddress: `198.51.100.${i + 1}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      payload: new URLSearchParams({ _csrf: client.csrf, email: 'target@example.org', password }).toString(),
    });
  });
  return (await Promise.all(attempts)).map((r) => r.statusCode);
}

for (const dialect of DIALECTS) {
  describe(`parallel sign-in guesses [${dialect}]`, { skip: skipReason(dialect) }, () => {
    let site: TestSite;
    before(async () => {
      site = await createTestSite(dialect, { demo: false });
      await createUser(site.web.db, { email: 'target@example.org', displayName: 'Tara Target', password: PASSWORD, verified: true });
    });
    after(() => site?.close());

    it('lets no more than the limit of a burst be checked against the password', async () => {
      const statuses = await burst([site]);
      const checked = statuses.filter((s) => s !== 429);
      assert.ok(checked.length <= LIMITS.signInFailuresPerAccount.max + 1, `${checked.length} of 40 were checked (${statuses.join(',')})`);
    });
  });
}

describe('parallel sign-in guesses across two processes [postgres+redis]', { skip: skipReason('postgres') || redisSkipReason() }, () => {
  const prefix = `masthead-test-${randomBytes(4).toString('hex')}:`;
  let a: TestSite;
  let b: TestSite;
  before(async () => {
    a = await createTestSite('postgres', { demo: false, config: { redisUrl: REDIS_TEST_URL, redisPrefix: prefix } });
    b = await createTestSite('postgres', { demo: false, config: { redisUrl: REDIS_TEST_URL, redisPrefix: prefix } });
    await createUser(a.web.db, { email: 'target@example.org', displayName: 'Tara Target', password: PASSWORD, verified: true });
    await createUser(b.web.db, { email: 'target@example.org', displayName: 'Tara Target', password: PASSWORD, verified: true });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await clearRedisPrefix(prefix);
  });

  it('shares the count through Redis: the limit holds for both together', async () => {
    const statuses = await burst([a, b]);
    const checked = statuses.filter((s) => s !== 429);
    assert.ok(checked.length <= LIMITS.signInFailuresPerAccount.max + 1, `${checked.length} of 40 were checked (${statuses.join(',')})`);
  });
});
