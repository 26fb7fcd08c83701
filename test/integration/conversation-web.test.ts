// The conversation over HTTP on both engines: the story page's section, writing and replying
// without JavaScript, the writer told every outcome, edits, deletes, reports, paging, the live
// stream, the moderators' desk, and who may open which staff route.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createUser, type User } from '../../src/modules/accounts/index.ts';
import { addWords } from '../../src/modules/moderation/index.ts';
import type { Role } from '../../src/modules/accounts/index.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { FormClient } from '../helpers/form-client.ts';
import { outbox } from '../helpers/outbox.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';

const PASSWORD = 'lantern over the ferry';
const BRIDGE = '/stories/council-approves-4-2-million-repair-of-the-mill-street-bridge';
const FREEZE = '/stories/first-hard-freeze-of-the-season-expected-tuesday-night';
const commentIdIn = (location: string | undefined) => /comment-([0-9a-f-]{36})/.exec(location ?? '')?.[1] ?? '';

for (const dialect of DIALECTS) {
  describe(`conversation on the web [${dialect}]`, { skip: skipReason(dialect) }, () => {
    let site: TestSite;
    let n = 0;
    const users: Partial<Record<Role, User>> = {};

    async function person(role: Role = 'reader', name?: string): Promise<{ user: User; client: FormClient }> {
      const user = await createUser(site.web.db, { email: `p${++n}-${role}@example.org`, displayName: name ?? `Person ${n}`, password: PASSWORD, role, verified: true });
      const client = new FormClient(site);
      await client.signIn(user.email, PASSWORD);
      return { user, client };
    }

    async function write(client: FormClient, story: string, body: string, extra: Record<string, string> = {}) {
      return client.submit(`${story}/comment`, `${story}/comments`, { body, ...extra });
    }

    before(async () => {
      site = await createTestSite(dialect);
      for (const role of ['reader', 'moderator', 'editor', 'admin'] as Role[]) users[role] = (await person(role)).user;
    });
    after(async () => {
      await site?.close();
    });

    it('shows "Be part of the conversation" with the guidelines, the count and a jump link', async () => {
      const page = await site.app.inject(BRIDGE);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<a href="#comments">Jump to comments<\/a> <span data-comment-count="true">7 comments<\/span>/);
      assert.match(page.body, /<h2 id="comments-heading">Be part of the conversation<\/h2>/);
      assert.match(page.body, /<a href="\/community-guidelines">Community Guidelines<\/a>/);
      assert.match(page.body, /Commenting needs an account: <a href="\/account\/sign-in\?next=/);
      assert.match(page.body, /<span class="badge badge--featured">Featured<\/span>/);
      assert.match(page.body, /<script src="\/assets\/live-comments\.[0-9a-f]{10}\.js" defer><\/script>/);
      const guidelines = await site.app.inject('/community-guidelines');
      assert.equal(guidelines.statusCode, 200);
      assert.match(guidelines.body, /<strong>Attack arguments, not people.<\/strong>/);
      const signedOut = await site.app.inject(`${FREEZE}/comment`);
      assert.match(signedOut.body, /Sign in to comment/);
      assert.doesNotMatch(signedOut.body, /<textarea/);
    });

    it('posts a comment without JavaScript and goes back to it on the story page', async () => {
      const { client } = await person('reader', 'Wren Castillo');
      const posted = await write(client, FREEZE, 'Covering the *tomatoes* tonight.');
      assert.equal(posted.statusCode, 303);
      assert.match(posted.headers.location ?? '', new RegExp(`^${FREEZE}#comment-[0-9a-f-]{36}$`));
      const page = await site.app.inject(FREEZE);
      assert.match(page.body, /<p>Covering the <em>tomatoes<\/em> tonight.<\/p>/);
      assert.match(page.body, /Wren Castillo/);
      assert.match(page.body, /data-comment-count="true">1 comment</);

      const id = commentIdIn(posted.headers.location);
      const reply = await client.submit(`/comments/${id}`, `${FREEZE}/comments`, { body: 'Update: frost by 5am.', parent: id });
      assert.equal(reply.statusCode, 303);
      assert.match(reply.headers.location ?? '', /^\/comments\/[0-9a-f-]{36}\?outcome=published#comment-/);
      const shown = await client.get(reply.headers.location ?? '');
      assert.match(shown.body, /Your comment is published./);
      assert.match(shown.body, /Edit your comment/);
      assert.match(shown.body, /Delete this comment/);
    });

    it('refuses with the reason and keeps the text; asks once about toxic text, then holds it', async () => {
      await addWords(site.web.db, { id: 'x', name: 'Test' }, 'toxic', ['nitwit'], 1);
      const { client } = await person();
      const empty = await write(client, FREEZE, '   ');
      assert.equal(empty.statusCode, 422);
      assert.match(empty.body, /Write something before posting/);
      const long = await write(client, FREEZE, `Frost ${'x'.repeat(3000)}`);
      assert.equal(long.statusCode, 422);
      assert.match(long.body, /up to 3000 characters; this one has 3006/);
      assert.match(long.body, /Frost xxxx/);

      const first = await write(client, FREEZE, 'Only a nitwit forgets the hose.');
      assert.equal(first.statusCode, 200);
      assert.match(first.body, /Are you sure you want to post it\?/);
      assert.match(first.body, /name="confirmed" value="1"/);
      assert.match(first.body, />Only a nitwit forgets the hose.<\/textarea>/);
      const second = await client.post(`${FREEZE}/comments`, { _csrf: client.csrf, body: 'Only a nitwit forgets the hose.', confirmed: '1' });
      assert.equal(second.statusCode, 303);
      assert.match(second.headers.location ?? '', /outcome=pending/);
      const held = await client.get(second.headers.location ?? '');
      assert.match(held.body, /Your comment is held for review/);
      assert.match(held.body, /Toxicity 1.00 \(word list\) is above 0.8/);
      const stranger = await site.app.inject(`/comments/${commentIdIn(second.headers.location)}`);
      assert.equal(stranger.statusCode, 404, 'held comments are for their writer and staff only');
    });

    it('edits within the window (marked edited), deletes to a placeholder, and refuses others', async () => {
      const { client } = await person('reader', 'Ola Brandt');
      const other = (await person()).client;
      const posted = await write(client, FREEZE, 'Teh frost is early.');
      const id = commentIdIn(posted.headers.location);
      const forged = await other.submit(`/comments/${id}`, `/comments/${id}/edit`, { body: 'hijacked' });
      assert.equal(forged.statusCode, 403);
      const edited = await client.submit(`/comments/${id}`, `/comments/${id}/edit`, { body: 'The frost is early.' });
      assert.match(edited.headers.location ?? '', /outcome=edited/);
      const page = await client.get(edited.headers.location ?? '');
      assert.match(page.body, /Your changes are saved/);
      assert.match(page.body, /\(edited\)/);
      const deleted = await client.submit(`/comments/${id}`, `/comments/${id}/delete`, {});
      assert.equal(deleted.statusCode, 303);
      const gone = await site.app.inject(FREEZE);
      assert.doesNotMatch(gone.body, /The frost is early/);
    });

    it('takes reports with a reason, and needs a note for "other"', async () => {
      const writer = (await person()).client;
      const posted = await write(writer, FREEZE, 'Buy cheap firewood at my shop!');
      const id = commentIdIn(posted.headers.location);
      const reporter = (await person()).client;
      const noNote = await reporter.submit(`/comments/${id}/report`, `/comments/${id}/report`, { reason: 'other' });
      assert.equal(noNote.statusCode, 400);
      assert.match(noNote.body, /Say what is wrong in the note/);
      const sent = await reporter.submit(`/comments/${id}/report`, `/comments/${id}/report`, { reason: 'spam', note: 'An advert' });
      assert.equal(sent.statusCode, 303);
      assert.match(sent.headers.location ?? '', /outcome=reported/);
      const again = await reporter.submit(`/comments/${id}/report`, `/comments/${id}/report`, { reason: 'spam' });
      assert.equal(again.statusCode, 409);
    });

    it('pages a long thread with "More comments" and sorts it', async () => {
      const story = '/stories/kestrel-falls-library-adds-sunday-hours-for-the-winter';
      const writers = await Promise.all(Array.from({ length: 5 }, () => person()));
      for (let i = 0; i < 23; i++) {
        const res = await write(writers[i % 5]!.client, story, `Library comment number ${i}.`);
        assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      }
      // The story page shows the first ten threads and stays light; the comments pages go on by twenty.
      const first = await site.app.inject(story);
      assert.deepEqual([...first.body.matchAll(/Library comment number (\d+)\./g)].map((m) => m[1]), ['22', '21', '20', '19', '18', '17', '16', '15', '14', '13']);
      const css = await site.app.inject(/<link rel="stylesheet" href="([^"]+)"/.exec(first.body)?.[1] ?? '');
      assert.ok(Buffer.byteLength(first.body) + Buffer.byteLength(css.body) < 50 * 1024, `${Buffer.byteLength(first.body)} + ${Buffer.byteLength(css.body)} bytes`);
      const more = /href="([^"]+)" rel="next">More comments/.exec(first.body)?.[1]?.replace(/&amp;/g, '&');
      assert.ok(more);
      const second = await site.app.inject(more);
      assert.equal(second.statusCode, 200);
      assert.equal((second.body.match(/Library comment number/g) ?? []).length, 13);
      assert.match(second.body, /Library comment number 12\.[\s\S]*Library comment number 0\./);
      assert.doesNotMatch(second.body, /rel="next">More comments/);
      const oldest = await site.app.inject(`${story}/comments?sort=oldest`);
      assert.match(oldest.body, /<strong aria-current="true">Oldest<\/strong>/);
      assert.ok(oldest.body.indexOf('number 0.') < oldest.body.indexOf('number 1.'));
      assert.equal((await site.app.inject(`${story}/comments?after=not-a-cursor`)).statusCode, 404);
    });

    it('streams new comments and counts to open pages (Server-Sent Events)', async () => {
      await site.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = site.app.server.address() as AddressInfo;
      const received: string[] = [];
      const request = http.get(`http://127.0.0.1:${port}${FREEZE}/comments/live`);
      const response = await new Promise<http.IncomingMessage>((resolve) => request.on('response', resolve));
      assert.equal(response.headers['content-type'], 'text/event-stream; charset=utf-8');
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => received.push(chunk));
      const { client } = await person('reader', 'Live Writer');
      const posted = await write(client, FREEZE, 'Seen live, hopefully.');
      const id = commentIdIn(posted.headers.location);
      const deadline = Date.now() + 3000;
      while (!received.join('').includes(`"id":"${id}"`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      request.destroy();
      const stream = received.join('');
      assert.match(stream, /^retry: 3000\nevent: count\ndata: \{"count":\d+,"label":"\d+ comments?"\}/);
      assert.match(stream, new RegExp(`event: comment\\ndata: \\{"id":"${id}","parentId":null,"html":"<li class=\\\\"comment\\\\" id=\\\\"comment-${id}\\\\">`));
      assert.match(stream, /Seen live, hopefully./);
    });

    it('lets moderators approve, reject with a reason the writer sees, feature, and act on users', async () => {
      const mod = new FormClient(site);
      await mod.signIn(users.moderator!.email, PASSWORD);
      await addWords(site.web.db, { id: 'x', name: 'Test' }, 'suspect', ['frostbite']);
      const { client, user: writer } = await person('reader', 'Held Writer');
      const held = await write(client, FREEZE, 'Frostbite warning for the hikers.');
      const id = commentIdIn(held.headers.location);
      const queue = await mod.get('/desk/moderation?queue=pending');
      assert.equal(queue.statusCode, 200);
      assert.match(queue.body, /Frostbite warning for the hikers/);
      assert.match(queue.body, /<strong>suspect-words<\/strong> \(hold\): Suspect words: frostbite./);
      const approved = await mod.post(`/desk/comments/${id}/decide`, { _csrf: mod.csrf, action: 'approve', back: '/desk/moderation?queue=pending' });
      assert.equal(approved.statusCode, 303);
      assert.match((await site.app.inject(FREEZE)).body, /Frostbite warning for the hikers/);
      await mod.post(`/desk/comments/${id}/decide`, { _csrf: mod.csrf, action: 'feature' });
      assert.match((await site.app.inject(FREEZE)).body, /Featured comments/);
      await mod.post(`/desk/comments/${id}/decide`, { _csrf: mod.csrf, action: 'reject', reason: 'Medical claims need a source.' });
      assert.doesNotMatch((await site.app.inject(FREEZE)).body, /Frostbite warning/);
      const writerView = await client.get(`/comments/${id}`);
      assert.match(writerView.body, /<strong>Rejected.<\/strong> Medical claims need a source./);

      const suspend = await mod.post(`/desk/users/${writer.id}`, { _csrf: mod.csrf, action: 'suspend', hours: '48', reason: 'Cooling off' });
      assert.equal(suspend.statusCode, 303);
      const refused = await write(client, FREEZE, 'Am I still here?');
      assert.equal(refused.statusCode, 422);
      assert.match(refused.body, /suspended from commenting until/);
      const noReason = await mod.post(`/desk/users/${writer.id}`, { _csrf: mod.csrf, action: 'ban', reason: '' });
      assert.equal(noReason.statusCode, 400);
      assert.match(noReason.body, /Give a reason/);
      const staff = await mod.post(`/desk/users/${users.admin!.id}`, { _csrf: mod.csrf, action: 'ban', reason: 'no' });
      assert.equal(staff.statusCode, 400);

      const closed = await mod.submit('/desk/stories/first-hard-freeze-of-the-season-expected-tuesday-night/comments', '/desk/stories/first-hard-freeze-of-the-season-expected-tuesday-night/comments', { mode: 'closed', slow: '0' });
      assert.equal(closed.statusCode, 303);
      assert.match((await site.app.inject(FREEZE)).body, /Comments are closed on this story./);
      await mod.post('/desk/stories/first-hard-freeze-of-the-season-expected-tuesday-night/comments', { _csrf: mod.csrf, mode: 'default', slow: '0' });

      const words = await mod.submit('/desk/moderation/words', '/desk/moderation/words', { list: 'banned', words: 'blockhead\nnumbskull' });
      assert.equal(words.statusCode, 303);
      assert.match((await mod.get('/desk/moderation/words')).body, /blockhead/);
      const log = await mod.get('/desk/moderation/log');
      for (const action of ['approve comment', 'feature comment', 'reject comment', 'suspend user', 'set comments closed', 'add banned words', 'hold comment']) {
        assert.match(log.body, new RegExp(`<td>${action}</td>`), action);
      }
    });

    it('sends the optional emails to readers who turned them on, and to no one else', async () => {
      const mails = () => outbox(site);
      const { client: asker, user: askerUser } = await person('reader', 'Iris Optin');
      const { client: other, user: otherUser } = await person('reader', 'Otto Optout');
      const saved = await asker.submit('/account', '/account/notifications', { replies: '1', decisions: '1' });
      assert.equal(saved.headers.location, '/account?done=notifications');
      assert.match((await asker.get('/account')).body, /id="notify-replies" name="replies" value="1" checked/);
      const before = (await mails()).length;
      const posted = await write(asker, FREEZE, 'Will the buses run on time?');
      const askerComment = commentIdIn(posted.headers.location);
      await other.submit(`/comments/${askerComment}`, `${FREEZE}/comments`, { body: 'They did last winter.', parent: askerComment });
      // Otto did not opt in: Iris replying to him sends nothing.
      const ottoComment = commentIdIn((await write(other, FREEZE, 'Salt the roads early.')).headers.location);
      await asker.submit(`/comments/${ottoComment}`, `${FREEZE}/comments`, { body: 'Agreed.', parent: ottoComment });
      await new Promise((r) => setTimeout(r, 100));
      const sent = (await mails()).slice(before);
      assert.equal(sent.length, 1, sent.join('\n---\n'));
      assert.match(sent[0] ?? '', new RegExp(`To: ${askerUser.email}`));
      assert.match(sent[0] ?? '', /Subject: Otto Optout replied to your comment on "First hard freeze/);
      assert.doesNotMatch(sent.join(''), new RegExp(otherUser.email));

      await addWords(site.web.db, { id: 'x', name: 'Test' }, 'suspect', ['icicle']);
      const held = commentIdIn((await write(asker, FREEZE, 'Icicle danger on Main Street.')).headers.location);
      const mod = new FormClient(site);
      await mod.signIn(users.moderator!.email, PASSWORD);
      await mod.get('/desk/moderation');
      await mod.post(`/desk/comments/${held}/decide`, { _csrf: mod.csrf, action: 'reject', reason: 'Please report hazards to the city line.' });
      await new Promise((r) => setTimeout(r, 100));
      const decision = (await mails()).slice(before + 1);
      assert.equal(decision.length, 1);
      assert.match(decision[0] ?? '', /Subject: Your comment on "First hard freeze[^"]*" was not published/);
      assert.match(decision[0] ?? '', /The reason: Please report hazards to the city line./);
    });

    it('lets only admins change the conversation settings and the guidelines', async () => {
      const admin = new FormClient(site);
      await admin.signIn(users.admin!.email, PASSWORD);
      const bad = await admin.submit('/desk/settings', '/desk/settings', { siteMode: 'post', reportThreshold: '0', guidelines: 'Be kind to one another, always and everywhere.' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Reports that hide a comment must be a number from 1 to 100 \(got 0\)/);
      const ok = await admin.submit('/desk/settings', '/desk/settings', { siteMode: 'post', reportThreshold: '4', maxLength: '2000', guidelines: 'Be kind to one another, always and **everywhere**.' });
      assert.equal(ok.statusCode, 303);
      assert.match((await site.app.inject('/community-guidelines')).body, /always and <strong>everywhere<\/strong>/);
      assert.match((await admin.get('/desk/settings')).body, /id="reportThreshold" name="reportThreshold" type="number" value="4"/);
    });

    it('checks roles on every staff route: a matrix of role × route', async () => {
      const clients: Record<string, FormClient> = { anonymous: new FormClient(site) };
      for (const role of ['reader', 'moderator', 'editor', 'admin'] as Role[]) {
        clients[role] = new FormClient(site);
        await clients[role].signIn(users[role]!.email, PASSWORD);
      }
      const anyComment = /id="comment-([0-9a-f-]{36})"/.exec((await site.app.inject(BRIDGE)).body)?.[1];
      assert.ok(anyComment);
      const slug = 'council-approves-4-2-million-repair-of-the-mill-street-bridge';
      const moderatorRoutes = [
        ['GET', '/desk/moderation'],
        ['GET', `/desk/comments/${anyComment}`],
        ['GET', `/desk/users/${users.reader!.id}`],
        ['GET', '/desk/moderation/words'],
        ['GET', `/desk/stories/${slug}/comments`],
        ['GET', '/desk/moderation/log'],
        ['POST', `/desk/comments/${anyComment}/decide`],
        ['POST', `/desk/users/${users.reader!.id}`],
        ['POST', '/desk/moderation/words'],
        ['POST', '/desk/moderation/words/remove'],
        ['POST', `/desk/stories/${slug}/comments`],
      ] as const;
      const adminRoutes = [
        ['GET', '/desk/settings'],
        ['POST', '/desk/settings'],
      ] as const;
      const expected = (role: string, adminOnly: boolean, method: string) => {
        if (role === 'anonymous') return method === 'GET' ? 303 : 401;
        if (role === 'reader' || (adminOnly && role !== 'admin')) return 403;
        return 'allowed';
      };
      const table: string[] = [];
      for (const [role, client] of Object.entries(clients)) {
        await client.get('/account/sign-in');
        for (const [routes, adminOnly] of [[moderatorRoutes, false], [adminRoutes, true]] as const) {
          for (const [method, url] of routes) {
            // A harmless body for POSTs: allowed roles get past the check and fail validation (400) or act.
            const res = method === 'GET' ? await client.get(url) : await client.post(url, { _csrf: client.csrf, action: 'nothing', list: 'none', mode: 'nonsense' });
            const want = expected(role, adminOnly, method);
            table.push(`${role.padEnd(9)} ${method.padEnd(4)} ${url} → ${res.statusCode}`);
            if (want === 'allowed') assert.ok(res.statusCode < 401 || res.statusCode === 404 || res.statusCode === 409, `${role} ${method} ${url}: ${res.statusCode}`);
            else assert.equal(res.statusCode, want, `${role} ${method} ${url}`);
          }
        }
      }
      console.log(`# role × staff route\n${table.join('\n')}`);
      const noToken = await clients.admin!.post('/desk/moderation/words', { list: 'banned', words: 'x' });
      assert.equal(noToken.statusCode, 403, 'a staff POST without the CSRF token is refused');
    });
  });
}
