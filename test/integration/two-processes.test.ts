// Two app processes on one PostgreSQL, as a station runs behind a load balancer: a comment
// approved on one appears live on a page served by the other, cached pages there follow at
// once, and rate limits are shared. Once with PostgreSQL LISTEN/NOTIFY, once with Redis.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { createUser } from '../../src/modules/accounts/index.ts';
import { createStory } from '../../src/modules/stories/index.ts';
import { createTestDatabase, skipReason, type TestDatabase } from '../helpers/databases.ts';
import { HttpClient } from '../helpers/http-client.ts';
import { clearRedisPrefix, REDIS_TEST_URL, redisSkipReason } from '../helpers/redis.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

const PASSWORD = 'lantern over the ferry';

/** Reads a Server-Sent Events stream into a growing string. */
function listen(url: string): { text: () => string; close: () => void; ready: Promise<void> } {
  let text = '';
  const request = http.get(url);
  const ready = new Promise<void>((resolve, reject) => {
    request.on('response', (response) => {
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
        resolve();
      });
    });
    request.on('error', reject);
  });
  return { text: () => text, close: () => request.destroy(), ready };
}

async function until(check: () => boolean, ms: number): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - started;
}

for (const variant of ['postgres', 'postgres+redis'] as const) {
  const skip = skipReason('postgres') || (variant === 'postgres+redis' ? redisSkipReason() : false);
  describe(`two app processes on one PostgreSQL [${variant}]`, { skip }, () => {
    let database: TestDatabase;
    let a: ServerProcess;
    let b: ServerProcess;
    let slug: string;
    const tag = randomBytes(4).toString('hex');
    const readerEmail = `reader-${tag}@example.org`;
    const moderatorEmail = `moderator-${tag}@example.org`;
    // Never signed in from here: guesses for it are slowed (a known address would not be).
    const quietEmail = `quiet-${tag}@example.org`;

    before(async () => {
      database = await createTestDatabase('postgres');
      const db = database.handle.db;
      const story = await createStory(db, { headline: `Two processes ${tag}`, bodyHtml: '<p>Body.</p>', authors: [], topics: [], publishedAt: '2026-11-27T09:00:00Z' });
      slug = story.slug;
      await createUser(db, { email: readerEmail, displayName: 'Rhea Reader', password: PASSWORD, verified: true });
      await createUser(db, { email: moderatorEmail, displayName: 'Moe Moderator', password: PASSWORD, role: 'moderator', verified: true });
      await createUser(db, { email: quietEmail, displayName: 'Quinn Quiet', password: PASSWORD, verified: true });
      if (database.database.kind !== 'postgres') throw new Error('postgres expected');
      const env = { DATABASE_URL: database.database.url, ...(variant === 'postgres+redis' ? { REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: `masthead-test-${tag}:` } : {}) };
      [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    });

    after(async () => {
      const codes = await Promise.all([a?.stop(), b?.stop()]);
      if (variant === 'postgres+redis') await clearRedisPrefix(`masthead-test-${tag}:`);
      await database?.destroy();
      assert.deepEqual(codes, [0, 0], 'both processes shut down cleanly');
    });

    it('shows a comment approved on one process live on a page served by the other', async () => {
      const reader = new HttpClient();
      const moderator = new HttpClient();
      assert.equal((await reader.submit(`${a.url}/account/sign-in`, `${a.url}/account/sign-in`, { email: readerEmail, password: PASSWORD })).status, 303);
      assert.equal((await moderator.submit(`${b.url}/account/sign-in`, `${b.url}/account/sign-in`, { email: moderatorEmail, password: PASSWORD })).status, 303);
      const premod = await moderator.submit(`${a.url}/desk/stories/${slug}/comments`, `${a.url}/desk/stories/${slug}/comments`, { mode: 'premod', slow: '0' });
      assert.equal(premod.status, 303);

      const before = await fetch(`${b.url}/stories/${slug}`).then((r) => r.text());
      assert.match(before, /0 comments/);
      const stream = listen(`${b.url}/stories/${slug}/comments/live`);
      await stream.ready;

      const held = await reader.submit(`${a.url}/stories/${slug}/comment`, `${a.url}/stories/${slug}/comments`, { body: `Held first, then approved (${tag}).` });
      assert.equal(held.status, 303);
      assert.match(held.location ?? '', /outcome=pending/);
      const id = /comment-([0-9a-f-]{36})/.exec(held.location ?? '')?.[1] ?? '';

      const approved = await moderator.post(`${a.url}/desk/comments/${id}/decide`, { _csrf: moderator.csrf, action: 'approve' });
      assert.equal(approved.status, 303);
      const latency = await until(() => stream.text().includes(`"id":"${id}"`), 1000);
      stream.close();
      console.log(`# ${variant}: approved on A, shown live on B after ${latency} ms`);
      assert.match(stream.text(), /event: count\ndata: \{"count":1,"label":"1 comment"\}/);
      const page = await fetch(`${b.url}/stories/${slug}`).then((r) => r.text());
      assert.match(page, new RegExp(`Held first, then approved \\(${tag}\\)`), 'the cached page on B follows at once');
      assert.match(page, /1 comment</);
    });

    it('shares rate limits between the processes', async () => {
      const reader = new HttpClient();
      await reader.submit(`${b.url}/account/sign-in`, `${b.url}/account/sign-in`, { email: readerEmail, password: PASSWORD });
      const moderator = new HttpClient();
      await moderator.submit(`${a.url}/account/sign-in`, `${a.url}/account/sign-in`, { email: moderatorEmail, password: PASSWORD });
      await moderator.submit(`${a.url}/desk/stories/${slug}/comments`, `${a.url}/desk/stories/${slug}/comments`, { mode: 'open', slow: '0' });
      // Five comments a minute per reader (one is already posted), alternating the processes.
      for (let i = 0; i < 4; i++) {
        const server = i % 2 === 0 ? a : b;
        const res = await reader.submit(`${server.url}/stories/${slug}/comment`, `${server.url}/stories/${slug}/comments`, { body: `Comment ${i} (${tag})` });
        assert.equal(res.status, 303, res.body.slice(0, 200));
      }
      const sixth = await reader.submit(`${b.url}/stories/${slug}/comment`, `${b.url}/stories/${slug}/comments`, { body: `One too many (${tag})` });
      assert.equal(sixth.status, 422);
      assert.match(sixth.body, /You are commenting very quickly/);

      const guesser = new HttpClient();
      for (let i = 0; i < 5; i++) {
        const server = i % 2 === 0 ? a : b;
        const res = await guesser.submit(`${server.url}/account/sign-in`, `${server.url}/account/sign-in`, { email: quietEmail, password: `wrong guess ${i}` });
        assert.equal(res.status, 401);
      }
      for (const server of [a, b]) {
        const locked = await guesser.submit(`${server.url}/account/sign-in`, `${server.url}/account/sign-in`, { email: quietEmail, password: PASSWORD });
        assert.equal(locked.status, 429, `${server.url} knows about the other's failures`);
      }
    });
  });
}
