// Security review #10.18: /healthz showed the database's raw error (host and port) to anyone,
// /metrics was public, and moderators saw every commenter's email address on the desk.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser } from '../../src/modules/accounts/index.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { FormClient } from '../helpers/form-client.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';

const PASSWORD = 'lantern over the ferry';

for (const dialect of DIALECTS) {
  describe(`what the site shows about itself [${dialect}]`, { skip: skipReason(dialect) }, () => {
    let site: TestSite;
    let readerId: string;
    before(async () => {
      site = await createTestSite(dialect, { demo: false, config: { metricsToken: null, metricsAllow: ['127.0.0.1'] } });
      readerId = (await createUser(site.web.db, { email: 'private.reader@example.org', displayName: 'Pat Private', password: PASSWORD, verified: true })).id;
      await createUser(site.web.db, { email: 'mod@example.org', displayName: 'Mo Derator', password: PASSWORD, role: 'moderator', verified: true });
      await createUser(site.web.db, { email: 'admin@example.org', displayName: 'Ada Admin', password: PASSWORD, role: 'admin', verified: true });
    });
    after(() => site?.close());

    it('serves /metrics to allowed addresses only', async () => {
      assert.equal((await site.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode, 200);
      const outsider = await site.app.inject({ url: '/metrics', remoteAddress: '203.0.113.9' });
      assert.equal(outsider.statusCode, 403);
      assert.doesNotMatch(outsider.body, /masthead_/);
    });

    it('serves /metrics to a bearer token when one is set', async () => {
      const guarded = await createTestSite(dialect, { demo: false, config: { metricsToken: 'scrape-me-please', metricsAllow: ['127.0.0.1'] } });
      try {
        assert.equal((await guarded.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode, 401, 'with a token, the address is not enough');
        assert.equal((await guarded.app.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong' } })).statusCode, 401);
        assert.equal((await guarded.app.inject({ url: '/metrics', remoteAddress: '203.0.113.9', headers: { authorization: 'Bearer scrape-me-please' } })).statusCode, 200);
      } finally {
        await guarded.close();
      }
    });

    it('shows a commenter\'s email address to admins, not to moderators', async () => {
      const moderator = new FormClient(site);
      await moderator.signIn('mod@example.org', PASSWORD);
      const seenByModerator = await moderator.get(`/desk/users/${readerId}`);
      assert.equal(seenByModerator.statusCode, 200);
      assert.match(seenByModerator.body, /Pat Private/);
      assert.doesNotMatch(seenByModerator.body, /private\.reader@example\.org/);
      const admin = new FormClient(site);
      await admin.signIn('admin@example.org', PASSWORD);
      assert.match((await admin.get(`/desk/users/${readerId}`)).body, /private\.reader@example\.org/);
    });

    it('answers /healthz without the database\'s own error when it is down', async () => {
      const broken = await createTestSite(dialect, { demo: false });
      try {
        await broken.database.handle.close();
        const res = await broken.app.inject('/healthz');
        assert.equal(res.statusCode, 503);
        assert.deepEqual(JSON.parse(res.body), { status: 'unavailable', database: 'unreachable' });
      } finally {
        await broken.app.close();
        await broken.database.destroy().catch(() => {});
      }
    });
  });
}
