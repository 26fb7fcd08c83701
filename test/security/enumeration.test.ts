// Security review #10.17: sign-up said an address already had an account, a password reset
// answered faster for an unknown address (no email to wait for), and push answered 404 for an
// unknown source, 401 for a known one.
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
      // The answer never involves the mail server: mail is queued with the change and sent after.
      site = await createTestSite(dialect, { demo: false, mailer: { send: (message) => (queued.push(message), Promise.resolve()) } });
      await createUser(site.web.db, { email: 'known@example.org', displayName: 'Kno Wn', password: 'lantern over the ferry', verified: true });
      await upsertSource(site.database.handle.db, { kind: 'wire', defaultRights: null, canonicalPolicy: 'original', pushSecretSha256: hashSecret('s3cret'), slug: 'real-wire', name: 'Real Wire', shortName: 'RW' });
    });
    after(() => site?.close());
    /** Mail is handed over by the outbox sender after the answer: runs a pass, as the job would. */
    const queuedAfter = async (before: number, count: number) => {
      await site.app.outbox.flush();
      assert.equal(queued.length, before + count);
      return queued.slice(before);
    };

    it('answers a reset for a known and an unknown address alike, without waiting for the mail', async () => {
      const answer = async (email: string) => {
        const res = await new FormClient(site).submit('/account/reset', '/account/reset', { email });
        return { status: res.statusCode, body: res.body.replace(/name="_csrf" value="[^"]+"/, '') };
      };
      const known = await answer('known@example.org');
      const unknown = await answer('nobody@example.org');
      assert.equal(known.status, 200);
      assert.deepEqual(known, unknown);
      assert.equal(queued.length, 0, 'no answer waited for the mail server');
      await queuedAfter(0, 1);
      assert.equal(queued[0]?.to, 'known@example.org', 'the mail for the known address alone was sent');
    });

    it('answers a sign-up for a known and a new address alike, and emails the owner instead', async () => {
      const answer = async (email: string) => {
        const res = await new FormClient(site).submit('/account/sign-up', '/account/sign-up', { email, name: 'Some One', password: 'a brand new passphrase' });
        return { status: res.statusCode, location: res.headers.location, session: String(res.headers['set-cookie'] ?? '').includes('mh_session=') };
      };
      const before = queued.length;
      const known = await answer('known@example.org');
      const fresh = await answer('fresh@example.org');
      assert.deepEqual(known, { status: 303, location: '/account/sign-up?sent=1', session: false });
      assert.deepEqual(known, fresh);
      const sent = await queuedAfter(before, 2);
      const toKnown = sent.find((m) => m.to === 'known@example.org');
      const toFresh = sent.find((m) => m.to === 'fresh@example.org');
      assert.equal(toKnown?.to, 'known@example.org');
      assert.match(toKnown?.subject ?? '', /already have/);
      assert.equal(toFresh?.to, 'fresh@example.org');
      assert.match(toFresh?.subject ?? '', /Confirm your email address/);
      // The owner's account is untouched: the old password still works, the one typed at sign-up does not.
      assert.equal((await new FormClient(site).submit('/account/sign-in', '/account/sign-in', { email: 'known@example.org', password: 'a brand new passphrase' })).statusCode, 401);
      assert.equal((await new FormClient(site).submit('/account/sign-in', '/account/sign-in', { email: 'known@example.org', password: 'lantern over the ferry' })).statusCode, 303);
      // Its reset link lets the owner in if they had forgotten.
      const link = /\/account\/reset\/confirm\?token=[\w-]+/.exec(toKnown?.text ?? '')?.[0];
      assert.ok(link, 'the email to the owner carries a reset link');
      const token = new URL(link, 'http://x').searchParams.get('token') ?? '';
      const reset = await new FormClient(site).submit(link, '/account/reset/confirm', { token, password: 'the owner chose this one' });
      assert.equal(reset.headers.location, '/account?done=reset');
    });

    it('sends a few sign-up emails an hour to one address, known or not', async () => {
      const attempt = (email: string) => new FormClient(site).submit('/account/sign-up', '/account/sign-up', { email, name: 'Flo Od', password: 'a brand new passphrase' });
      for (const email of ['flood@example.org', 'known@example.org']) {
        const before = queued.length;
        const statuses = [];
        for (let i = 0; i < 5; i++) statuses.push((await attempt(email)).statusCode);
        // known@ already had one sign-up email in the test above.
        const allowed = email === 'known@example.org' ? 2 : 3;
        assert.deepEqual(statuses, [...Array<number>(allowed).fill(303), ...Array<number>(5 - allowed).fill(429)]);
        assert.equal((await queuedAfter(before, allowed)).length, allowed);
      }
    });

    it('answers a push for an unknown source as for a known one with a wrong secret', async () => {
      const push = (slug: string) => site.app.inject({ method: 'POST', url: `/ingest/${slug}`, headers: { 'content-type': 'application/json', authorization: 'Bearer wrong' }, payload: '{}' });
      const [unknown, known] = await Promise.all([push('no-such-wire'), push('real-wire')]);
      assert.equal(unknown.statusCode, 401);
      assert.deepEqual([unknown.statusCode, unknown.body], [known.statusCode, known.body]);
    });
  });
}
