// Follows, breaking alerts, digests and newsletters over HTTP, on both engines: plain-form
// follows with the cached pages unchanged, the state request, the account's choices and the
// Following page; an alert queued once for instant followers of a breaking wire story and never
// for held or embargoed copy, again only for a major update; one-click unsubscribe with a bare
// POST; a newsletter sign-up confirmed by its link, its digest, preferences, export and deletion;
// and the desk's newsletter page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser, type User } from '../../src/modules/accounts/index.ts';
import { localTime, queueDigests, queueDueAlerts } from '../../src/modules/follows/index.ts';
import { folderPictureFetcher, ingestPayload, upsertSource } from '../../src/modules/ingest/index.ts';
import type { EmailMessage } from '../../src/modules/notify/index.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { FormClient } from '../helpers/form-client.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';
import { addStaff, STAFF_PASSWORD, type Staff } from '../helpers/staff.ts';

for (const dialect of DIALECTS) {
  describe(`follows, alerts and newsletters [${dialect}]`, { skip: skipReason(dialect) }, () => {
    let site: TestSite;
    let staff: Staff;
    const sent: EmailMessage[] = [];
    const readers: Record<string, { user: User; client: FormClient }> = {};
    before(async () => {
      site = await createTestSite(dialect, { mailer: { send: async (message) => void sent.push(message) } });
      staff = await addStaff(site, ['editor', 'reporter']);
      for (const [name, verified] of [['fan', true], ['digester', true], ['unconfirmed', false]] as const) {
        const user = await createUser(site.web.db, { email: `${name}@example.org`, displayName: `Reader ${name}`, password: STAFF_PASSWORD, verified });
        const client = new FormClient(site);
        await client.signIn(user.email, STAFF_PASSWORD);
        readers[name] = { user, client };
      }
    });
    after(() => site?.close());

    const mailTo = (address: string) => sent.filter((m) => m.to === address);
    const follow = async (client: FormClient, target: string, cadence: string) => {
      const [kind, slug] = target.split(':');
      const form = await client.get(`/follow?${kind}=${slug}`);
      assert.equal(form.statusCode, 200);
      return client.post('/follow', { _csrf: client.csrf, target, action: 'follow', cadence });
    };
    const wire = async (slug: string, policy: 'publish' | 'hold' = 'publish') =>
      upsertSource(site.database.handle.db, { kind: 'wire', defaultRights: null, canonicalPolicy: 'original', slug, name: `Wire ${slug}`, shortName: slug.toUpperCase(), publishPolicy: policy, defaultTopic: 'Weather' });
    const receive = async (source: Awaited<ReturnType<typeof wire>>, item: Record<string, unknown>) =>
      (await ingestPayload({ db: site.web.db, mediaDir: site.config.mediaDir, events: site.web.events }, { source, bytes: Buffer.from(JSON.stringify(item)), transport: 'push', origin: null, fetchPicture: folderPictureFetcher(process.cwd()) })).items[0]!;
    const ninjs = (uri: string, headline: string, extra: Record<string, unknown> = {}) => ({
      uri,
      type: 'text',
      version: '1',
      headlines: [{ role: 'main', value: headline }],
      bodies: [{ role: 'main', contenttype: 'text/html', value: `<p>${headline}. More follows from the valley.</p>` }],
      ...extra,
    });
    const alertsAndSend = async () => {
      const report = await queueDueAlerts(site.web.db);
      await site.app.outbox.flush();
      return report;
    };

    it('follows a topic with plain forms; the cached page stays the same for everyone; the state request tells', async () => {
      const { client } = readers.fan!;
      const anonymous = await site.app.inject('/topics/weather');
      const signedIn = await client.get('/topics/weather');
      assert.equal(signedIn.body, anonymous.body, 'the topic page is not personalised');
      assert.match(anonymous.body, /<form class="follow-form" method="get" action="\/follow" data-follow="topic:weather">/);
      assert.match(anonymous.body, /<script src="\/assets\/follow\.[0-9a-f]{10}\.js" defer/);

      // Not signed in: the page asks to sign in (and offers email without an account).
      const guest = await site.app.inject('/follow?topic=weather');
      assert.match(guest.body, /href="\/account\/sign-in\?next=%2Ffollow%3Ftopic%3Dweather"/);
      assert.match(guest.body, /href="\/newsletter\?topic=weather"/);
      const forged = await new FormClient(site).post('/follow', { target: 'topic:weather', action: 'follow' });
      assert.equal(forged.statusCode, 403, 'no token, no follow');

      const done = await follow(client, 'topic:weather', 'instant');
      assert.equal(done.statusCode, 200);
      assert.match(done.body, /You follow Weather\./);
      const state = await client.get('/follow/state?targets=topic:weather,author:nobody-here,bogus');
      assert.equal(state.headers['cache-control'], 'no-store');
      const parsed = JSON.parse(state.body) as { signedIn: boolean; csrf: string; follows: Record<string, string> };
      assert.deepEqual(parsed.follows, { 'topic:weather': 'instant' });
      assert.equal(parsed.signedIn, true);
      assert.deepEqual(JSON.parse((await site.app.inject('/follow/state?targets=topic:weather')).body), { signedIn: false, follows: {} });

      // The script's way: JSON in, JSON out.
      const viaScript = await site.app.inject({ method: 'POST', url: '/follow', remoteAddress: client.address, headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '), accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: parsed.csrf, target: 'topic:sports', action: 'follow' }).toString() });
      assert.deepEqual(JSON.parse(viaScript.body), { following: true, cadence: 'instant' });
      const unknown = await site.app.inject({ method: 'POST', url: '/follow', remoteAddress: client.address, headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '), accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: parsed.csrf, target: 'topic:no-such-topic', action: 'follow' }).toString() });
      assert.equal(JSON.parse(unknown.body).error.code, 'FOLLOW_TARGET_INVALID');
      assert.equal((await client.post('/follow', { _csrf: client.csrf, target: 'topic:sports', action: 'unfollow' })).statusCode, 200);
    });

    it('keeps an alert choice per follow and shows the latest stories on the Following page', async () => {
      const { client } = readers.digester!;
      await follow(client, 'topic:weather', 'instant');
      const page = await client.get('/account/follows');
      assert.match(page.body, /<select id="cadence-topic:weather" name="cadence:topic:weather">/);
      const saved = await client.post('/account/follows', { _csrf: client.csrf, 'cadence:topic:weather': 'daily', digestHour: '6', weeklyDay: '5', emailOn: '1' });
      assert.equal(saved.headers.location, '/account/follows?done=saved');
      const again = await client.get('/account/follows');
      assert.match(again.body, /<option value="daily" selected>Daily digest<\/option>/);
      assert.match(again.body, /<option value="6" selected>06:00<\/option>/);
      const following = await client.get('/following');
      assert.equal(following.statusCode, 200);
      assert.match(following.body, /<h1>Following<\/h1>/);
      const weatherStory = await site.web.db.selectFrom('stories as s').innerJoin('story_topics as t', 't.story_id', 's.id').innerJoin('topics as tp', 'tp.id', 't.topic_id').select('s.headline').where('tp.slug', '=', 'weather').where('s.status', '=', 'published').executeTakeFirstOrThrow();
      assert.ok(following.body.includes(weatherStory.headline.replace(/&/g, '&amp;')), 'a story from the followed topic');
      assert.equal((await site.app.inject('/following')).statusCode, 303, 'the Following page asks a guest to sign in');
      await follow(readers.unconfirmed!.client, 'topic:weather', 'instant');
    });

    it('alerts instant followers of a breaking wire story once, never for held, embargoed or routine copy', async () => {
      const source = await wire('alert-wire');
      const before = sent.length;
      const routine = await receive(source, ninjs('aw-routine', 'Library extends weekend hours', { urgency: 5 }));
      assert.equal(routine.outcome, 'created');
      const breaking = await receive(source, ninjs('aw-flash', 'Tornado warning for Kestrel Falls', { urgency: 1 }));
      assert.equal(breaking.outcome, 'created');
      const report = await alertsAndSend();
      assert.deepEqual(report.stories, [breaking.storyId]);
      const alerts = sent.slice(before);
      assert.deepEqual(alerts.map((m) => m.to), ['fan@example.org'], 'the instant follower only: not the digest reader, not an unconfirmed address');
      const [alert] = alerts;
      assert.equal(alert?.subject, 'Breaking news: Tornado warning for Kestrel Falls');
      assert.match(alert?.text ?? '', /http:\/\/news\.test\/stories\/tornado-warning-for-kestrel-falls/);
      assert.match(alert?.html ?? '', /<a href="http:\/\/news\.test\/stories\/tornado-warning-for-kestrel-falls">Tornado warning for Kestrel Falls<\/a>/);
      assert.match(alert?.headers?.['List-Unsubscribe'] ?? '', /^<http:\/\/news\.test\/newsletter\/unsubscribe\?t=[\w%.-]+>$/);
      assert.equal(alert?.headers?.['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click');
      assert.match(alert?.text ?? '', /Unsubscribe from all of it: http:\/\/news\.test\/newsletter\/unsubscribe\?t=/);

      // The same item again, a new version, another pass: nothing more.
      await receive(source, ninjs('aw-flash', 'Tornado warning for Kestrel Falls', { urgency: 1 }));
      await receive(source, { ...ninjs('aw-flash', 'Tornado warning for Kestrel Falls extended', { urgency: 1 }), version: '2' });
      assert.deepEqual((await alertsAndSend()).stories, []);
      assert.equal(sent.length, before + 1);

      // Held and embargoed copy alerts nobody until it is public.
      const held = await receive(await wire('held-wire', 'hold'), ninjs('hw-flash', 'Dam inspection ordered', { urgency: 1 }));
      const embargoed = await receive(source, ninjs('aw-embargo', 'Budget figures due', { urgency: 2, embargoed: new Date(Date.now() + 3600_000).toISOString() }));
      assert.equal(embargoed.outcome, 'held-embargo');
      assert.deepEqual((await alertsAndSend()).stories, []);
      const editor = await staff.signedIn('editor');
      assert.equal((await editor.submit(`/desk/stories/${held.storyId}`, `/desk/stories/${held.storyId}/release`, {})).statusCode, 303);
      assert.deepEqual((await alertsAndSend()).stories, [held.storyId]);
      assert.equal(mailTo('fan@example.org').at(-1)?.subject, 'Breaking news: Dam inspection ordered');

      // A breaking story withdrawn before its alert went: the alert is not sent.
      const gone = await receive(source, ninjs('aw-gone', 'Boil-water notice issued', { urgency: 1 }));
      await queueDueAlerts(site.web.db);
      await receive(source, { ...ninjs('aw-gone', 'Boil-water notice issued'), version: '2', pubstatus: 'canceled' });
      const count = sent.length;
      await site.app.outbox.flush();
      assert.equal(sent.length, count, 'a withdrawn story alerts nobody');
      const row = await site.web.db.selectFrom('email_outbox').select('status').where('key', 'like', `alert:${gone.storyId}:%`).executeTakeFirstOrThrow();
      assert.equal(row.status, 'cancelled');
    });

    it('queues a round once when two processes look at the same moment', async () => {
      const source = await wire('alert-wire');
      const flash = await receive(source, ninjs('aw-race', 'Evacuation order for the river road', { urgency: 1 }));
      const [a, b] = await Promise.all([queueDueAlerts(site.web.db), queueDueAlerts(site.web.db)]);
      assert.equal(a.recipients + b.recipients, 1, 'one message for the one instant follower');
      assert.deepEqual([...a.stories, ...b.stories], [flash.storyId]);
      const rows = await site.web.db.selectFrom('email_outbox').select('key').where('key', 'like', `alert:${flash.storyId}:%`).execute();
      assert.equal(rows.length, 1);
      await site.app.outbox.flush();
    });

    it('alerts again only when an editor marks a major update', async () => {
      const story = await site.web.db.selectFrom('stories').select(['id', 'version', 'headline']).where('slug', '=', 'tornado-warning-for-kestrel-falls').executeTakeFirstOrThrow();
      const editor = await staff.signedIn('editor');
      // The wire's urgency 1 made it breaking: the desk's form offers a major update.
      const form = await editor.get(`/desk/stories/${story.id}`);
      const values = (name: string) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(form.body)?.[1] ?? '';
      assert.match(form.body, /<input id="story-major-update" name="majorUpdate" type="checkbox" value="1"/);
      const routine = await site.web.db.selectFrom('stories').select('id').where('slug', '=', 'library-extends-weekend-hours').executeTakeFirstOrThrow();
      assert.doesNotMatch((await editor.get(`/desk/stories/${routine.id}`)).body, /name="majorUpdate"/, 'not offered for routine copy');
      const save = (extra: Record<string, string>) =>
        editor.post(`/desk/stories/${story.id}/save`, { _csrf: editor.csrf, version: String(story.version), headline: 'Tornado warning for Kestrel Falls and Millbrook', standfirst: '', dateline: '', body: '<p>The warning now covers Millbrook.</p>', authors: '', outlet: values('outlet'), topic: 'weather', rights: '', slug: '', breaking: '1', ...extra });
      const before = sent.length;
      assert.equal((await save({})).statusCode, 303);
      assert.deepEqual((await alertsAndSend()).stories, [], 'an update alone alerts nobody');
      const next = await site.web.db.selectFrom('stories').select('version').where('id', '=', story.id).executeTakeFirstOrThrow();
      const major = await editor.post(`/desk/stories/${story.id}/save`, { _csrf: editor.csrf, version: String(next.version), headline: 'Tornado touches down near Millbrook', standfirst: '', dateline: '', body: '<p>The tornado touched down.</p>', authors: '', outlet: values('outlet'), topic: 'weather', rights: '', slug: '', breaking: '1', majorUpdate: '1' });
      assert.equal(major.statusCode, 303);
      assert.deepEqual((await alertsAndSend()).stories, [story.id]);
      assert.deepEqual(sent.slice(before).map((m) => [m.to, m.subject]), [['fan@example.org', 'Update: Tornado touches down near Millbrook']]);
      assert.match((await editor.get('/desk/log')).body, /major update: followers alerted again \(round 1\)/);
    });

    it('unsubscribes with a bare one-click POST, before the next send', async () => {
      const link = /<(http:\/\/news\.test)(\/newsletter\/unsubscribe\?t=[^>]+)>/.exec(mailTo('fan@example.org')[0]?.headers?.['List-Unsubscribe'] ?? '')?.[2];
      assert.ok(link);
      // A mail scanner opening the link changes nothing.
      assert.match((await site.app.inject(link)).body, /<button type="submit">Unsubscribe<\/button>/);
      // Waiting mail is cancelled at once, and nothing new is queued.
      const source = await wire('alert-wire');
      const flash = await receive(source, ninjs('aw-late', 'Power restored across the valley', { urgency: 1 }));
      await queueDueAlerts(site.web.db);
      const oneClick = await site.app.inject({ method: 'POST', url: link, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
      assert.equal(oneClick.statusCode, 200);
      assert.match(oneClick.body, /You are unsubscribed/);
      const before = sent.length;
      await site.app.outbox.flush();
      assert.equal(sent.length, before, 'the alert queued before the unsubscribe is not sent');
      const waiting = await site.web.db.selectFrom('email_outbox').select(['status', 'last_error']).where('key', 'like', `alert:${flash.storyId}:%`).executeTakeFirstOrThrow();
      assert.deepEqual(waiting, { status: 'cancelled', last_error: 'unsubscribed' });
      const forged = await site.app.inject({ method: 'POST', url: '/newsletter/unsubscribe?t=00000000-0000-0000-0000-000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(forged.statusCode, 400);
      // The account page turns email back on.
      const { client } = readers.fan!;
      await client.get('/account/follows');
      assert.doesNotMatch((await client.get('/account/follows')).body, /id="email-on" name="emailOn" value="1" checked/);
      await client.post('/account/follows', { _csrf: client.csrf, 'cadence:topic:weather': 'instant', digestHour: '7', weeklyDay: '1', emailOn: '1' });
      assert.match((await client.get('/account/follows')).body, /id="email-on" name="emailOn" value="1" checked/);
    });

    it('signs up for email without an account: confirmed by its link, a digest, preferences, export and deletion', async () => {
      const guest = new FormClient(site);
      const refused = await guest.submit('/newsletter', '/newsletter', { email: 'not-an-address', cadence: 'daily', topic: 'weather' });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /Enter a valid email address/);
      const none = await guest.submit('/newsletter', '/newsletter', { email: 'list@example.org', cadence: 'daily' });
      assert.match(none.body, /Choose at least one topic/);
      const before = sent.length;
      const signUp = await guest.submit('/newsletter?topic=weather', '/newsletter', { email: 'List@Example.org', cadence: 'daily', topic: 'weather' });
      assert.equal(signUp.headers.location, '/newsletter/sent');
      await site.app.outbox.flush();
      const [confirm] = sent.slice(before);
      assert.equal(confirm?.to, 'list@example.org');
      assert.match(confirm?.subject ?? '', /^Confirm your .* email alerts$/);
      const link = /http:\/\/news\.test(\/newsletter\/confirm\?token=\S+)/.exec(confirm?.text ?? '')?.[1];
      assert.ok(link);
      const tz = (await site.web.db.selectFrom('settings').select('value').where('key', '=', 'timezone').executeTakeFirst())?.value ?? 'UTC';
      const hour = localTime(new Date(), tz).hour;
      // Only this address is due this hour: the readers of earlier tests chose their own hours.
      await site.web.db.updateTable('subscribers').set({ digest_hour: (hour + 12) % 24 }).execute();
      await site.web.db.updateTable('subscribers').set({ digest_hour: hour }).where('email', '=', 'list@example.org').execute();
      assert.equal(await queueDigests(site.web.db, 'daily', { timeZone: tz }), 0, 'nothing before the address is confirmed');

      const opened = await guest.get(link);
      assert.match(opened.body, /<button type="submit">Confirm<\/button>/);
      const token = decodeURIComponent(/name="token" value="([^"]+)"/.exec(opened.body)?.[1] ?? '');
      const confirmed = await guest.post('/newsletter/confirm', { _csrf: guest.csrf, token });
      assert.match(confirmed.body, /You are signed up/);
      assert.equal((await guest.post('/newsletter/confirm', { _csrf: guest.csrf, token })).statusCode, 400, 'a link confirms once');

      await site.web.db.updateTable('subscribers').set({ digest_hour: hour }).where('email', '=', 'list@example.org').execute();
      assert.equal(await queueDigests(site.web.db, 'daily', { timeZone: tz }), 1);
      assert.equal(await queueDigests(site.web.db, 'daily', { timeZone: tz }), 0, 'one digest a day');
      await site.app.outbox.flush();
      const digest = mailTo('list@example.org').at(-1);
      assert.match(digest?.subject ?? '', /^Your daily .* digest: /);
      assert.match(digest?.text ?? '', /== Weather ==/);
      assert.match(digest?.text ?? '', /Tornado touches down near Millbrook/);
      assert.match(digest?.html ?? '', /<h2[^>]*>Weather<\/h2>/);
      assert.equal(digest?.headers?.['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click');

      const prefsLink = /Change what you get: http:\/\/news\.test(\/newsletter\/preferences\?t=\S+)/.exec(digest?.text ?? '')?.[1];
      assert.ok(prefsLink);
      const prefs = await guest.get(prefsLink);
      assert.match(prefs.body, /For <strong>list@example.org<\/strong>/);
      const t = new URL(prefsLink, 'http://x').searchParams.get('t') ?? '';
      const saved = await guest.post(`/newsletter/preferences?t=${encodeURIComponent(t)}`, { _csrf: guest.csrf, 'topic:weather': 'weekly', 'topic:sports': 'daily', digestHour: '8', weeklyDay: '3', emailOn: '1' });
      assert.equal(saved.statusCode, 303);
      const exported = await guest.get(`/newsletter/preferences/export?t=${encodeURIComponent(t)}`);
      assert.match(String(exported.headers['content-disposition']), /attachment/);
      const data = JSON.parse(exported.body) as { email: string; follows: { name: string; cadence: string }[]; messages: { kind: string }[] };
      assert.equal(data.email, 'list@example.org');
      assert.deepEqual(data.follows.map((f) => [f.name, f.cadence]).sort(), [['Sports', 'daily'], ['Weather', 'weekly']]);
      assert.deepEqual(data.messages.map((m) => m.kind), ['newsletter.confirm', 'digest']);
      await guest.get(`/newsletter/preferences?t=${encodeURIComponent(t)}`);
      const deleted = await guest.post(`/newsletter/preferences/delete?t=${encodeURIComponent(t)}`, { _csrf: guest.csrf });
      assert.match(deleted.body, /Your address is deleted/);
      assert.equal(await site.web.db.selectFrom('subscribers').select('id').where('email', '=', 'list@example.org').executeTakeFirst(), undefined);
      assert.equal((await site.web.db.selectFrom('email_outbox').select('key').where('to_address', '=', 'list@example.org').execute()).length, 0);
    });

    it('shows editors the newsletter: followers per topic, alerts, sends and the next digest', async () => {
      const editor = await staff.signedIn('editor');
      const page = await editor.get('/desk/newsletters');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1 id="desk-heading">Newsletters and alerts<\/h1>/);
      assert.match(page.body, /<a href="\/topics\/weather">Weather<\/a><\/td><td>2<\/td><td>1<\/td>/, 'two instant followers of Weather and one daily');
      assert.match(page.body, /Tornado touches down near Millbrook<\/a><\/td><td>Major update 1<\/td>/);
      assert.match(page.body, /<td>alert<\/td><td>sent<\/td>/);
      assert.match(page.body, /<pre class="email-preview">Your daily [^<]* digest, /);
      const html = await editor.get('/desk/newsletters/preview/daily');
      assert.match(String(html.headers['content-security-policy']), /^sandbox; default-src 'none'/);
      assert.match(html.body, /<h2[^>]*>Weather<\/h2>/);
      const reporter = await staff.signedIn('reporter');
      assert.equal((await reporter.get('/desk/newsletters')).statusCode, 403);
    });
  });
}
