// Security review #10.17 (in part): a password reset answered faster for an unknown address
// (no email to wait for), and push answered 404 for an unknown source, 401 for a known one.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser } from '../../src/modules/accounts/index.ts';
import { hashSecret, upsertSource } from '../../src/modules/ingest/index.ts';
import type { EmailMessage } from '../../src/modules/notify/index.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { FormClient } from '../helpers/form-client.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';

for (const dialect of DIALECTS) {
  describe(`answers that do not tell accounts apart [${dialect}]`, { skip: skipReason(dialect) }, () => {
    let site: TestSite;
    const queued: EmailMessage[] = [];
    before(async () => {
      // A mail server that never answers: the reset must not wait for it.
      site = await createTestSite(dialect, { demo: false, mailer: { send: (message) => (queued.push(message), new Promise<void>(() => {})) } });
      await createUser(site.web.db, { email: 'known@example.org', displayName: 'Kno Wn', password: 'lantern over the ferry', verified: true });
      await upsertSource(site.database.handle.db, { kind: 'wire', defaultRights: null, canonicalPolicy: 'original', pushSecretSha256: hashSecret('s3cret'), slug: 'real-wire', name: 'Real Wire', shortName: 'RW' });
    });
    after(() => site?.close());

    it('answers a reset for a known and an unknown address alike, without waiting for the mail', async () => {
      const answer = async (email: string) => {
        const res = await new FormClient(site).submit('/account/reset', '/account/reset', { email });
        return { status: res.statusCode, body: res.body.replace(/name="_csrf" value="[^"]+"/, '') };
      };
      const known = await answer('known@example.org');
      const unknown = await answer('nobody@example.org');
      assert.equal(known.status, 200);
      assert.deepEqual(known, unknown);
      assert.equal(queued.length, 1, 'the mail for the known address was handed to the mailer');
    });

    it('answers a push for an unknown source as for a known one with a wrong secret', async () => {
      const push = (slug: string) => site.app.inject({ method: 'POST', url: `/ingest/${slug}`, headers: { 'content-type': 'application/json', authorization: 'Bearer wrong' }, payload: '{}' });
      const [unknown, known] = await Promise.all([push('no-such-wire'), push('real-wire')]);
      assert.equal(unknown.statusCode, 401);
      assert.deepEqual([unknown.statusCode, unknown.body], [known.statusCode, known.body]);
    });
  });
}
