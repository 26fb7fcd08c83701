// The cleanup job on both engines: expired sessions, email links, ended counters and old
// finished outbox rows go; live ones stay.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { cleanUp } from '../../src/jobs/cleanup.ts';
import { createUser, issueVerifyToken, KNOWN_ADDRESS_PREFIX, sessionUser, signIn } from '../../src/modules/accounts/index.ts';
import { describeEachDialect } from '../helpers/databases.ts';

describeEachDialect('cleanup job', (database) => {
  it('removes what has expired and keeps what still counts', async () => {
    const db = database().handle.db;
    const user = await createUser(db, { email: 'clean@example.org', displayName: 'Cleo', password: 'lantern over the ferry' });
    const live = await signIn(db, 'clean@example.org', 'lantern over the ferry');
    assert.ok(live);
    await db.insertInto('sessions').values({ token_sha256: 'f'.repeat(64), user_id: user.id, created_at: '2026-01-01T00:00:00.000Z', expires_at: '2026-01-31T00:00:00.000Z' }).execute();
    await issueVerifyToken(db, user.id);
    await db.insertInto('email_tokens').values({ token_sha256: 'e'.repeat(64), user_id: user.id, purpose: 'verify-email', expires_at: '2026-01-03T00:00:00.000Z', used_at: null, detail: null }).execute();
    const now = new Date();
    await db.insertInto('rate_limits').values([
      { key: 'old', window_start: new Date(now.getTime() - 2 * 86_400_000).toISOString(), hits: 9 },
      { key: 'current', window_start: now.toISOString(), hits: 1 },
      // An address the account signed in from is remembered for months, not a day.
      { key: `${KNOWN_ADDRESS_PREFIX}clean@example.org:198.51.100.4`, window_start: new Date(now.getTime() - 30 * 86_400_000).toISOString(), hits: 1 },
      { key: `${KNOWN_ADDRESS_PREFIX}clean@example.org:198.51.100.5`, window_start: new Date(now.getTime() - 200 * 86_400_000).toISOString(), hits: 1 },
    ]).execute();
    const old = new Date(now.getTime() - 40 * 86_400_000).toISOString();
    const mail = (key: string, status: 'queued' | 'sent', at: string) => ({ key, to_address: 'clean@example.org', template: 'note', data: '{}', subscriber_id: null, status, next_attempt_at: at, lease_owner: null, lease_until: null, created_at: at, sent_at: null, last_error: null });
    await db.insertInto('email_outbox').values([mail('old-sent', 'sent', old), mail('old-queued', 'queued', old), mail('new-sent', 'sent', now.toISOString())]).execute();

    assert.deepEqual(await cleanUp(db, now), { sessions: 1, emailTokens: 1, rateLimits: 2, emails: 1 });
    assert.deepEqual((await db.selectFrom('email_outbox').select('key').orderBy('key').execute()).map((r) => r.key), ['new-sent', 'old-queued'], 'a message still to send is never removed');
    assert.equal((await sessionUser(db, live.token))?.id, user.id, 'a live session still signs in');
    assert.equal((await db.selectFrom('email_tokens').select('token_sha256').execute()).length, 1);
    assert.deepEqual((await db.selectFrom('rate_limits').select('key').orderBy('key').execute()).map((r) => r.key), ['current', `${KNOWN_ADDRESS_PREFIX}clean@example.org:198.51.100.4`]);
    assert.deepEqual(await cleanUp(db, now), { sessions: 0, emailTokens: 0, rateLimits: 0, emails: 0 }, 'a second pass finds nothing');
  });
});
