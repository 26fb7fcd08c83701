// Security review #10.19: five wrong passwords locked any account for 15 minutes, repeatably,
// from anywhere. Past the limit an account is now slowed (a delay that doubles from 15 s),
// and an address the owner signed in from before is not held back by guesses made elsewhere.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser, LIMITS } from '../../src/modules/accounts/index.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { FormClient } from '../helpers/form-client.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';

const PASSWORD = 'first secret of mine';

for (const dialect of DIALECTS) {
  describe(`slowing down password guesses [${dialect}]`, { skip: skipReason(dialect) }, () => {
    let site: TestSite;
    before(async () => {
      site = await createTestSite(dialect, { demo: false });
      await createUser(site.web.db, { email: 'owner@example.org', displayName: 'Owen Owner', password: PASSWORD, verified: true });
    });
    after(() => site?.close());

    const attempt = (address: string, password: string) => {
      const client = new FormClient(site, address);
      return client.submit('/account/sign-in', '/account/sign-in', { email: 'owner@example.org', password });
    };

    it('keeps the owner signing in from a known address while someone else guesses, and doubles the wait for the guesser', async () => {
      assert.equal((await attempt('198.51.100.50', PASSWORD)).statusCode, 303, 'the owner signs in: this address is now known');
      for (let i = 0; i < LIMITS.signInFailuresPerAccount.max; i++) assert.equal((await attempt('203.0.113.66', `guess ${i}`)).statusCode, 401);
      const first = await attempt('203.0.113.66', 'guess again');
      assert.equal(first.statusCode, 429);
      assert.ok(Number(first.headers['retry-after']) <= 30, 'a short wait, not a quarter-hour lock');
      assert.equal((await attempt('192.0.2.10', PASSWORD)).statusCode, 429, 'an unknown address waits, even with the right password');
      assert.equal((await attempt('198.51.100.50', PASSWORD)).statusCode, 303, 'the owner, from the known address, is not held back');
      // (A successful sign-in clears the count: the guesser starts again, and is slowed again.)
      for (let i = 0; i < LIMITS.signInFailuresPerAccount.max; i++) await attempt('203.0.113.66', `guess ${i}`);
      assert.equal((await attempt('203.0.113.66', 'guess again')).statusCode, 429);

      // The first delay runs out: one more attempt goes ahead, and the next delay is longer.
      await site.web.db.updateTable('rate_limits').set({ window_start: new Date(Date.now() - 10 * 60_000).toISOString() }).where('key', '=', 'sign-in-delay:account:owner@example.org').execute();
      assert.equal((await attempt('203.0.113.66', 'guess after the wait')).statusCode, 401);
      const second = await attempt('203.0.113.66', 'and again');
      assert.equal(second.statusCode, 429);
      assert.ok(Number(second.headers['retry-after']) > 30, `the wait grew (${second.headers['retry-after']} s)`);
    });
  });
}
