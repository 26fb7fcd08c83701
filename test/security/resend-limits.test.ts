// Security review #10.11: verification emails could be sent again without limit (51 to an
// address nobody confirmed). A few an hour per account and per address now.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser, LIMITS } from '../../src/modules/accounts/index.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { FormClient } from '../helpers/form-client.ts';
import { mailsTo } from '../helpers/outbox.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';

const PASSWORD = 'lantern over the ferry';

for (const dialect of DIALECTS) {
  describe(`sending the confirmation email again [${dialect}]`, { skip: skipReason(dialect) }, () => {
    let site: TestSite;
    before(async () => {
      site = await createTestSite(dialect, { demo: false });
      await createUser(site.web.db, { email: 'unconfirmed@example.org', displayName: 'Una Confirmed', password: PASSWORD, verified: false });
    });
    after(() => site?.close());

    it('sends it a few times an hour, then refuses with the wait', async () => {
      const client = new FormClient(site);
      await client.signIn('unconfirmed@example.org', PASSWORD);
      const statuses: number[] = [];
      for (let i = 0; i < LIMITS.resendPerAccount.max + 2; i++) statuses.push((await client.submit('/account', '/account/verify/resend', {})).statusCode);
      assert.deepEqual(statuses.slice(0, LIMITS.resendPerAccount.max), Array(LIMITS.resendPerAccount.max).fill(303));
      const refused = await client.submit('/account', '/account/verify/resend', {});
      assert.equal(refused.statusCode, 429);
      assert.ok(Number(refused.headers['retry-after']) > 0);
      assert.match(refused.body, /sent the confirmation email several times already/);
      assert.equal((await mailsTo(site, 'unconfirmed@example.org')).length, LIMITS.resendPerAccount.max);
    });
  });
}
