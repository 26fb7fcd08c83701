// The newsroom desk over HTTP on both engines: who may open each desk route (a matrix of role ×
// route, GET and POST), and an editor's day in plain forms: write, save, lose nothing to a
// second save, schedule, publish, release held wire copy, withdraw.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import type { Role } from '../../src/modules/accounts/index.ts';
import { upsertSource } from '../../src/modules/ingest/index.ts';
import { createStory } from '../../src/modules/stories/index.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { FormClient } from '../helpers/form-client.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';
import { addStaff, storyIdIn, type Staff } from '../helpers/staff.ts';

const ROLES: Role[] = ['reader', 'reporter', 'moderator', 'editor', 'admin'];

for (const dialect of DIALECTS) {
  describe(`the newsroom desk over HTTP [${dialect}]`, { skip: skipReason(dialect) }, () => {
    let site: TestSite;
    let staff: Staff;
    const signedIn = (role: Role) => staff.signedIn(role);
    before(async () => {
      site = await createTestSite(dialect);
      staff = await addStaff(site, ROLES);
    });
    after(() => site?.close());

    it('checks roles on every newsroom route: a matrix of role × route', async () => {
      const editor = await signedIn('editor');
      const made = await editor.submit('/desk/stories/new', '/desk/stories', { headline: 'Matrix story', body: 'Text.' });
      const id = storyIdIn(made.headers.location);
      assert.ok(id);
      const writers: Role[] = ['reporter', 'editor', 'admin'];
      const editors: Role[] = ['editor', 'admin'];
      // [method, url, roles the route lets in, roles the module then refuses (403)]
      const routes: [string, string, Role[], Role[]][] = [
        ['GET', '/desk', [...writers, 'moderator'], []],
        ['GET', '/desk/stories', writers, []],
        ['GET', '/desk/stories/new', writers, []],
        ['GET', `/desk/stories/${id}`, writers, []],
        ['GET', '/desk/wire', editors, []],
        ['GET', '/desk/log', editors, []],
        ['GET', '/desk/newsletters', editors, []],
        ['POST', '/desk/stories', writers, []],
        ['POST', `/desk/stories/${id}/save`, writers, ['reporter']],
        ['POST', `/desk/stories/${id}/publish`, writers, ['reporter']],
        ['POST', `/desk/stories/${id}/spike`, writers, ['reporter']],
        ['POST', `/desk/stories/${id}/wire-update`, editors, []],
        ['POST', `/desk/stories/${id}/autosave`, writers, ['reporter']],
        ['POST', '/desk/stories/autosave', writers, []],
        ['GET', '/desk/moderation', ['moderator', 'editor', 'admin'], []],
        ['GET', '/desk/media/pick', writers, []],
        ['POST', '/desk/media', writers, []],
        ['POST', '/desk/site/logo', ['admin'], []],
        ['POST', '/desk/site/icon-remove', ['admin'], []],
      ];
      const clients: [string, FormClient][] = [['anonymous', new FormClient(site)]];
      for (const role of ROLES) clients.push([role, await signedIn(role)]);
      const table: string[] = [];
      for (const [who, client] of clients) {
        await client.get('/account/sign-in');
        for (const [method, url, allowed, refusedByModule] of routes) {
          // A body that gets past the role check and is refused as incomplete (400), never acts.
          const res = method === 'GET' ? await client.get(url) : await client.post(url, { _csrf: client.csrf, headline: '', version: '0' });
          table.push(`${who.padEnd(9)} ${method.padEnd(4)} ${url} → ${res.statusCode}`);
          if (who === 'anonymous') assert.equal(res.statusCode, method === 'GET' ? 303 : 401, `${who} ${method} ${url}`);
          else if (!allowed.includes(who as Role) || refusedByModule.includes(who as Role)) assert.equal(res.statusCode, 403, `${who} ${method} ${url}`);
          else assert.ok(res.statusCode < 401 || res.statusCode === 409, `${who} ${method} ${url}: ${res.statusCode}`);
        }
      }
      console.log(`# role × newsroom route\n${table.join('\n')}`);
    });

    it('writes, saves, keeps both texts of two saves, and publishes, in plain forms', async () => {
      const editor = await signedIn('editor');
      const other = await signedIn('admin');
      const made = await editor.submit('/desk/stories/new', '/desk/stories', {
        headline: 'Food bank opens a second pantry',
        standfirst: 'The east side gets its own pantry on Fridays.',
        dateline: 'KESTREL FALLS',
        body: 'Volunteers opened the doors at noon.\n\n“We ran out of shelves,” the manager said.',
        authors: 'Staff editor, Staff admin',
        outlet: 'Kestrel Valley 7',
        topic: 'community',
      });
      assert.equal(made.statusCode, 303);
      const id = storyIdIn(made.headers.location);
      const opened = await editor.get(`/desk/stories/${id}?done=created`);
      assert.match(opened.body, /Draft saved\./);
      assert.match(opened.body, /<strong>Draft<\/strong>/);
      // Both open version 1; the first save wins, the second is shown both texts and loses nothing.
      await other.get(`/desk/stories/${id}`);
      const first = await editor.post(`/desk/stories/${id}/save`, { _csrf: editor.csrf, version: '1', headline: 'Food bank opens a second pantry', body: 'First save text.', topic: 'community' });
      assert.equal(first.headers.location, `/desk/stories/${id}?done=saved`);
      const second = await other.post(`/desk/stories/${id}/save`, { _csrf: other.csrf, version: '1', headline: 'Food bank opens east side pantry', body: 'Second save text.', topic: 'community' });
      assert.equal(second.statusCode, 409);
      assert.match(second.body, /First save text\./);
      assert.match(second.body, /Second save text\./);
      assert.match(second.body, /name="version" value="2"/);
      const retried = await other.post(`/desk/stories/${id}/save`, { _csrf: other.csrf, version: '2', headline: 'Food bank opens east side pantry', body: 'Second save text.\n\nFirst save text.', topic: 'community' });
      assert.equal(retried.statusCode, 303);
      const published = await editor.submit(`/desk/stories/${id}`, `/desk/stories/${id}/publish`, {});
      assert.equal(published.headers.location, `/desk/stories/${id}?done=publish`);
      const slug = /href="\/stories\/([^"]+)">Read it on the site/.exec((await editor.get(`/desk/stories/${id}`)).body)?.[1];
      assert.ok(slug);
      const page = await site.app.inject({ url: `/stories/${slug}` });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Food bank opens east side pantry/);
      assert.match(page.body, /<p>Second save text.<\/p>/);
      const list = await editor.get('/desk/stories?q=pantry');
      assert.match(list.body, /Food bank opens east side pantry/);
      assert.match(list.body, />Published</);
      const log = await editor.get('/desk/log');
      assert.match(log.body, /Staff admin/);
      assert.equal((await editor.get('/desk/stories/log')).headers.location, '/desk/log', 'the old address still leads there');
      // One person's actions, and one story's.
      const adminId = staff.users.admin!.id;
      const theirs = await editor.get(`/desk/log?person=${adminId}`);
      assert.match(theirs.body, new RegExp(`<option value="${adminId}" selected>Staff admin</option>`));
      const names = [...theirs.body.matchAll(/<tr><td><time[^>]*>[^<]*<\/time><\/td><td>([^<]+)<\/td>/g)].map((m) => m[1]);
      assert.ok(names.length > 0 && names.every((n) => n === 'Staff admin'), `only the admin's actions: ${names.join(', ')}`);
      const storyLog = await editor.get(`/desk/log?story=${id}`);
      assert.match(storyLog.body, /Only <a href="\/desk\/stories\//);
      assert.doesNotMatch(storyLog.body, /Matrix story/);
    });

    it('previews a draft as readers will see it, to staff only, never cached or indexed', async () => {
      const reporter = await signedIn('reporter');
      const made = await reporter.submit('/desk/stories/new', '/desk/stories', { headline: 'Museum plans a night opening', body: 'Doors open at 7pm.\n\nEntry is free.', dateline: 'KESTREL FALLS' });
      const id = storyIdIn(made.headers.location);
      const editorPage = await reporter.get(`/desk/stories/${id}`);
      assert.match(editorPage.body, new RegExp(`href="/desk/stories/${id}/preview"`));
      const preview = await reporter.get(`/desk/stories/${id}/preview`);
      assert.equal(preview.statusCode, 200);
      assert.equal(preview.headers['cache-control'], 'no-store');
      assert.equal(preview.headers['x-robots-tag'], 'noindex, nofollow');
      assert.match(preview.body, /<meta name="robots" content="noindex, nofollow"/);
      assert.doesNotMatch(preview.body, /rel="canonical"/);
      assert.match(preview.body, /Preview: this story is draft and readers cannot see this page/);
      assert.match(preview.body, /<h1[^>]*>Museum plans a night opening<\/h1>/);
      assert.match(preview.body, /KESTREL FALLS — <\/span>Doors open at 7pm\./);
      const { slug } = await site.web.db.selectFrom('stories').select('slug').where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal((await site.app.inject({ url: `/stories/${slug}` })).statusCode, 404, 'readers still cannot open it');
      assert.equal((await new FormClient(site).get(`/desk/stories/${id}/preview`)).statusCode, 303, 'signed out: to sign-in');
      const moderator = await signedIn('moderator');
      assert.equal((await moderator.get(`/desk/stories/${id}/preview`)).statusCode, 403);
    });

    it('corrects a published story: on the story, in its JSON-LD and on /corrections', async () => {
      const editor = await signedIn('editor');
      const made = await editor.submit('/desk/stories/new', '/desk/stories', { headline: 'Council votes to repave Elm Street', body: 'The vote was 5-2.' });
      const id = storyIdIn(made.headers.location);
      const early = await editor.submit(`/desk/stories/${id}`, `/desk/stories/${id}/correct`, { kind: 'correction', note: 'The vote was 4-3, not 5-2.' });
      assert.equal(early.statusCode, 409, 'a draft takes no correction');
      await editor.submit(`/desk/stories/${id}`, `/desk/stories/${id}/publish`, {});
      const short = await editor.submit(`/desk/stories/${id}`, `/desk/stories/${id}/correct`, { kind: 'correction', note: 'Oops' });
      assert.equal(short.statusCode, 400);
      const corrected = await editor.submit(`/desk/stories/${id}`, `/desk/stories/${id}/correct`, { kind: 'correction', note: 'An earlier version gave the vote as 5-2. It was 4-3.' });
      assert.equal(corrected.headers.location, `/desk/stories/${id}?done=correct`);
      const reporter = await signedIn('reporter');
      assert.equal((await reporter.submit(`/desk/stories/${id}`, `/desk/stories/${id}/correct`, { kind: 'correction', note: 'A reporter cannot add this note.' })).statusCode, 403);
      const slug = /href="\/stories\/([^"]+)">Read it on the site/.exec((await editor.get(`/desk/stories/${id}`)).body)?.[1];
      const page = (await site.app.inject({ url: `/stories/${slug}` })).body;
      assert.match(page, /<h2 id="corrections-heading">Correction<\/h2>/);
      assert.match(page, /It was 4-3\./);
      const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/.exec(page)?.[1] ?? '{}') as { correction?: { '@type': string; text: string }[] };
      assert.equal(ld.correction?.[0]?.['@type'], 'CorrectionComment');
      assert.match(ld.correction?.[0]?.text ?? '', /It was 4-3/);
      await editor.submit(`/desk/stories/${id}`, `/desk/stories/${id}/correct`, { kind: 'clarification', note: 'The repaving starts in April, after the thaw.' });
      const list = (await site.app.inject({ url: '/corrections' })).body;
      assert.match(list, /Council votes to repave Elm Street/);
      assert.ok(list.indexOf('Clarification: The repaving starts in April') < list.indexOf('It was 4-3.'), 'newest first');
      assert.match(list, /<a href="\/corrections">Corrections<\/a>/, 'the footer links to the page');
    });

    it('schedules from the form in the station’s time, and refuses a time gone by', async () => {
      const editor = await signedIn('editor');
      const made = await editor.submit('/desk/stories/new', '/desk/stories', { headline: 'Parade route announced', body: 'Downtown, at ten.' });
      const id = storyIdIn(made.headers.location);
      const past = await editor.submit(`/desk/stories/${id}`, `/desk/stories/${id}/schedule`, { at: '2020-01-01T10:00' });
      assert.equal(past.statusCode, 400);
      assert.match(past.body, /Choose a time in the future/);
      const year = new Date().getUTCFullYear() + 1;
      const ok = await editor.submit(`/desk/stories/${id}`, `/desk/stories/${id}/schedule`, { at: `${year}-06-01T09:30` });
      assert.equal(ok.headers.location, `/desk/stories/${id}?done=schedule`);
      const row = await site.web.db.selectFrom('stories').select(['status', 'publish_at']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.status, 'scheduled');
      assert.ok(row.publish_at?.startsWith(`${year}-06-01T`));
    });

    it('lists held wire copy in the queue and releases it', async () => {
      const source = await upsertSource(site.database.handle.db, { kind: 'wire', defaultRights: null, canonicalPolicy: 'original', slug: 'queue-wire', name: 'Queue Wire', shortName: 'QW', publishPolicy: 'hold' });
      const held = await createStory(site.web.db, { headline: 'Harbour strike talks resume', bodyHtml: '<p>Wire text.</p>', authors: [], topics: [], publishedAt: new Date().toISOString(), status: 'held', sourceId: source.id, originGuid: 'qw-1', version: 3, urgency: 2 });
      const editor = await signedIn('editor');
      const queue = await editor.get('/desk/wire');
      assert.match(queue.body, /Harbour strike talks resume/);
      assert.match(queue.body, /Held from the wire/);
      assert.match(queue.body, /<td class="desk-flag">2 \(flash\)<\/td>/, 'the wire’s urgency');
      assert.match(queue.body, /<td>1 \(wire v3\)<\/td>/, 'one version so far, the wire’s third');
      assert.equal((await site.app.inject({ url: `/stories/${held.slug}` })).statusCode, 404);
      const released = await editor.submit(`/desk/stories/${held.id}`, `/desk/stories/${held.id}/release`, {});
      assert.equal(released.statusCode, 303);
      assert.equal((await site.app.inject({ url: `/stories/${held.slug}` })).statusCode, 200);
      assert.doesNotMatch((await editor.get('/desk/wire')).body, /Harbour strike talks resume/);
    });

    it('saves drafts by itself for the rich editor: JSON answers, the same lock as Save, never a live story', async () => {
      const editor = await signedIn('editor');
      const page = await editor.get('/desk/stories/new');
      const script = /<script src="(\/assets\/story-editor\.[0-9a-f]{10}\.js)" defer/.exec(page.body)?.[1];
      assert.ok(script, 'the new-story page loads the editor');
      assert.match(page.body, /data-rich-editor(="")? data-autosave="\/desk\/stories\/autosave"/);
      const served = await site.app.inject({ url: script });
      assert.equal(served.statusCode, 200);
      assert.match(String(served.headers['content-type']), /javascript/);
      assert.match(String(served.headers['cache-control']), /immutable/);
      const untitled = await editor.post('/desk/stories/autosave', { _csrf: editor.csrf, headline: '', body: '<p>Notes.</p>' });
      assert.equal(untitled.statusCode, 400);
      assert.equal(untitled.json().error.code, 'STORY_HEADLINE_REQUIRED');
      const created = await editor.post('/desk/stories/autosave', { _csrf: editor.csrf, headline: 'Pool reopens after repairs', body: '<p>The pool <strong>reopens</strong> on Saturday.</p>' });
      assert.equal(created.statusCode, 200);
      const { id, version, autosaveUrl } = created.json() as { id: string; version: number; autosaveUrl: string };
      assert.equal(version, 1);
      const next = await editor.post(autosaveUrl, { _csrf: editor.csrf, version: '1', headline: 'Pool reopens after repairs', body: '<p>The pool <strong>reopens</strong> on Saturday at nine.</p>' });
      assert.equal(next.json().version, 2);
      const stale = await editor.post(autosaveUrl, { _csrf: editor.csrf, version: '1', headline: 'Pool reopens', body: '<p>Older text.</p>' });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().error.code, 'STORY_EDIT_CONFLICT');
      const row = await site.web.db.selectFrom('stories').select(['body_html', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { body_html: '<p>The pool <strong>reopens</strong> on Saturday at nine.</p>', version: 2 });
      await editor.submit(`/desk/stories/${id}`, `/desk/stories/${id}/publish`, {});
      const live = await editor.post(autosaveUrl, { _csrf: editor.csrf, version: '2', headline: 'Pool reopens after repairs', body: '<p>Typing.</p>' });
      assert.equal(live.json().error.code, 'STORY_NOT_EDITABLE', 'a published story changes only on Save');
      assert.doesNotMatch((await editor.get(`/desk/stories/${id}`)).body, /data-autosave=/);
    });

    it('files a story under more topics, flags it breaking and chooses its canonical policy', async () => {
      const editor = await signedIn('editor');
      const made = await editor.submit('/desk/stories/new', '/desk/stories', { headline: 'Ice storm knocks out power to 9,000', body: 'Crews are out across the valley.', topic: 'local-news', breaking: '1', canonical: 'noindex' });
      const id = storyIdIn(made.headers.location);
      // Several checkboxes with one name: the form sends the field once per box ticked.
      const form = new URLSearchParams({ _csrf: editor.csrf, version: '1', headline: 'Ice storm knocks out power to 9,000', body: 'Crews are out across the valley.', topic: 'local-news', breaking: '1', canonical: 'noindex' });
      form.append('also', 'weather');
      form.append('also', 'community');
      form.append('also', 'local-news');
      const saved = await editor.post(`/desk/stories/${id}/save`, form);
      assert.equal(saved.statusCode, 303);
      const opened = await editor.get(`/desk/stories/${id}`);
      assert.match(opened.body, /id="story-also-weather" name="also" type="checkbox" value="weather" checked/);
      assert.match(opened.body, /id="story-breaking" name="breaking" type="checkbox" value="1" checked/);
      await editor.submit(`/desk/stories/${id}`, `/desk/stories/${id}/publish`, {});
      const row = await site.web.db.selectFrom('stories').select(['slug', 'breaking', 'canonical_policy']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual({ breaking: Number(row.breaking), canonical: row.canonical_policy }, { breaking: 1, canonical: 'noindex' });
      const topics = await site.web.db.selectFrom('story_topics as st').innerJoin('topics as t', 't.id', 'st.topic_id').select(['t.slug', 'st.is_primary']).where('st.story_id', '=', id).orderBy('t.slug').execute();
      assert.deepEqual(topics.map((t) => `${t.slug}:${Number(t.is_primary)}`), ['community:0', 'local-news:1', 'weather:0']);
      const page = await site.app.inject({ url: `/stories/${row.slug}` });
      assert.match(page.body, /class="breaking-label">Breaking news/);
      assert.match(page.body, /<meta name="robots" content="noindex/);
      assert.match((await site.app.inject({ url: '/topics/weather' })).body, /Ice storm knocks out power/);
      // Unticked, the label goes; the policy back to the default, the page is indexable again.
      await editor.submit(`/desk/stories/${id}`, `/desk/stories/${id}/save`, { version: '2', headline: 'Ice storm knocks out power to 9,000', body: 'Crews are out across the valley.', topic: 'local-news', canonical: '' });
      const after = await site.app.inject({ url: `/stories/${row.slug}` });
      assert.doesNotMatch(after.body, /breaking-label/);
      assert.doesNotMatch(after.body, /<meta name="robots" content="noindex/);
    });

    it('compares two versions word by word and restores an earlier one as the newest', async () => {
      const editor = await signedIn('editor');
      const made = await editor.submit('/desk/stories/new', '/desk/stories', { headline: 'Water main break on Oak Street', body: 'Crews expect repairs by Tuesday.' });
      const id = storyIdIn(made.headers.location);
      await editor.submit(`/desk/stories/${id}`, `/desk/stories/${id}/save`, { version: '1', headline: 'Water main break closes Oak Street', body: 'Crews expect repairs by Thursday.' });
      const editorPage = await editor.get(`/desk/stories/${id}`);
      assert.match(editorPage.body, new RegExp(`href="/desk/stories/${id}/compare\\?from=1&amp;to=2"`));
      const compare = await editor.get(`/desk/stories/${id}/compare?from=1&to=2`);
      assert.equal(compare.statusCode, 200);
      const diff = compare.body.replace(/<\/?span>/g, '');
      assert.match(diff, /Water main break <del>on<\/del><ins>closes<\/ins> Oak Street/);
      assert.match(diff, /repairs by <del>Tuesday.<\/del><ins>Thursday.<\/ins>/);
      assert.equal((await editor.get(`/desk/stories/${id}/compare?from=9&to=2`)).statusCode, 404);
      const restored = await editor.submit(`/desk/stories/${id}/compare?from=1&to=2`, `/desk/stories/${id}/restore`, { version: '1' });
      assert.equal(restored.headers.location, `/desk/stories/${id}?done=restore`);
      const row = await site.web.db.selectFrom('stories').select(['version', 'headline', 'body_html']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual([row.version, row.headline], [3, 'Water main break on Oak Street']);
      assert.match(row.body_html, /Tuesday/);
      const [entry] = await site.web.db.selectFrom('desk_log').select(['action', 'version', 'detail']).where('story_id', '=', id).orderBy('at', 'desc').orderBy('id', 'desc').execute();
      assert.deepEqual(entry, { action: 'restore', version: 3, detail: 'the text of version 1' });
    });

    it('changes a story’s address freely before publication, and with a 301 from the old one after', async () => {
      const editor = await signedIn('editor');
      const made = await editor.submit('/desk/stories/new', '/desk/stories', { headline: 'Bike lanes planned for Main', body: 'Two miles of lanes.' });
      const id = storyIdIn(made.headers.location);
      const save = (version: number, slug: string) => editor.submit(`/desk/stories/${id}`, `/desk/stories/${id}/save`, { version: String(version), headline: 'Bike lanes planned for Main', body: 'Two miles of lanes.', slug });
      assert.equal((await save(1, 'bike-lanes-main-street')).statusCode, 303);
      await editor.submit(`/desk/stories/${id}`, `/desk/stories/${id}/publish`, {});
      assert.equal((await site.app.inject({ url: '/stories/bike-lanes-main-street' })).statusCode, 200);
      assert.equal((await site.app.inject({ url: '/stories/bike-lanes-planned-for-main' })).statusCode, 404, 'the draft’s first address was never public');
      const bad = await save(2, 'Bike Lanes!');
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /lower-case letters, digits and single hyphens/);
      const taken = await save(2, 'council-approves-4-2-million-repair-of-the-mill-street-bridge');
      assert.equal(taken.statusCode, 409);
      assert.equal((await save(2, 'main-street-bike-lanes')).statusCode, 303);
      const moved = await site.app.inject({ url: '/stories/bike-lanes-main-street' });
      assert.equal(moved.statusCode, 301);
      assert.equal(moved.headers.location, '/stories/main-street-bike-lanes');
      assert.equal((await site.app.inject({ url: '/stories/main-street-bike-lanes' })).statusCode, 200);
      // Back to the first public address: it is the story's again, and the second one now redirects.
      assert.equal((await save(3, 'bike-lanes-main-street')).statusCode, 303);
      assert.equal((await site.app.inject({ url: '/stories/bike-lanes-main-street' })).statusCode, 200);
      assert.equal((await site.app.inject({ url: '/stories/main-street-bike-lanes' })).headers.location, '/stories/bike-lanes-main-street');
    });

    it('lets an admin make the site the station’s own, and names a wrong field', async () => {
      const admin = await signedIn('admin');
      const form = await admin.get('/desk/site');
      assert.match(form.body, /id="site-siteName" name="siteName" type="text" value="Kestrel Valley 7"/);
      const fields = { siteName: 'River City 4', tagline: 'News for the river towns', about: 'River City 4 has covered the valley since 1962.', contactEmail: 'tips@rivercity4.example', contactPhone: '555-0100', contactAddress: '12 Dock Street, River City', timezone: 'Mars/Olympus', language: 'en' };
      const bad = await admin.submit('/desk/site', '/desk/site', fields);
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /“Mars\/Olympus” is not a time zone/);
      assert.match(bad.body, /id="site-timezone" name="timezone" type="text" value="Mars\/Olympus" aria-describedby="site-timezone-hint form-error" aria-invalid="true"/);
      const saved = await admin.submit('/desk/site', '/desk/site', { ...fields, timezone: 'America/Chicago' });
      assert.equal(saved.headers.location, '/desk/site?done=saved');
      const home = (await site.app.inject({ url: '/' })).body;
      assert.match(home, /<a class="site-name" href="\/">River City 4<\/a>/);
      assert.match(home, /News for the river towns/);
      assert.match(home, /12 Dock Street, River City/);
      assert.match((await site.app.inject({ url: '/about' })).body, /has covered the valley since 1962/);
      // The station's colour: refused when white text on it would be hard to read, else every page takes it.
      const light = await admin.submit('/desk/site', '/desk/site', { ...fields, timezone: 'America/Chicago', brandColour: '#ffd700' });
      assert.equal(light.statusCode, 400);
      assert.match(light.body, /too light for white text/);
      assert.equal((await admin.submit('/desk/site', '/desk/site', { ...fields, timezone: 'America/Chicago', brandColour: '#1A5E20' })).statusCode, 303);
      const themed = (await site.app.inject({ url: '/' })).body;
      const theme = /<link rel="stylesheet" href="(\/assets\/theme\.[0-9a-f]{10}\.css)"\/>/.exec(themed)?.[1] ?? '';
      assert.ok(theme, 'pages link the station’s colour');
      const css = await site.app.inject({ url: theme });
      assert.equal(css.statusCode, 200);
      assert.match(css.body, /--brand: #1a5e20;/);
      assert.match(String(css.headers['cache-control']), /immutable/);
      // The menu: these topics in this order, the rest out of it; an unknown topic is refused.
      const unknown = await admin.submit('/desk/site', '/desk/site/navigation', { nav1: 'no-such-topic' });
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.body, /There is no topic “no-such-topic”/);
      const menu = await admin.submit('/desk/site', '/desk/site/navigation', { nav1: 'weather', nav2: 'local-news', nav3: '', nav4: 'weather' });
      assert.equal(menu.headers.location, '/desk/site?done=menu');
      const nav = /<nav class="site-nav"[\s\S]*?<\/nav>/.exec((await site.app.inject({ url: '/' })).body)?.[0] ?? '';
      assert.deepEqual([...nav.matchAll(/<li><a href="([^"]+)"/g)].map((m) => m[1]), ['/', '/topics/weather', '/topics/local-news']);
      assert.match((await admin.get('/desk/site')).body, /<option value="weather" selected>Weather<\/option>/);
      // The logo and icon: made at the sizes pages use; a file that is no picture is refused with the reason.
      const logo = await sharp({ create: { width: 600, height: 200, channels: 4, background: { r: 255, g: 255, b: 255, alpha: 0 } } }).composite([{ input: Buffer.from('<svg width="600" height="200"><text x="10" y="140" font-size="120" fill="#fff">RC4</text></svg>'), top: 0, left: 0 }]).png().toBuffer();
      const set = await admin.postFile('/desk/site/logo', { _csrf: admin.csrf }, { field: 'image', name: 'logo.png', type: 'image/png', bytes: logo });
      assert.equal(set.headers.location, '/desk/site?done=logo');
      const withLogo = (await site.app.inject({ url: '/' })).body;
      const logoUrl = /<a class="site-name site-name--logo" href="\/"><img src="(\/media\/site\/logo-[0-9a-f]{20}\.png)" width="144" height="48" alt="River City 4"\/><\/a>/.exec(withLogo)?.[1];
      assert.ok(logoUrl, 'the header shows the logo, named for screen readers');
      assert.equal((await sharp((await site.app.inject({ url: logoUrl })).rawPayload).metadata()).height, 96, 'made 96 pixels high, for the 48-pixel header at 2x');
      await admin.get('/desk/site');
      const icon = await admin.postFile('/desk/site/icon', { _csrf: admin.csrf }, { field: 'image', name: 'icon.png', type: 'image/png', bytes: logo });
      assert.equal(icon.headers.location, '/desk/site?done=icon');
      const withIcon = (await site.app.inject({ url: '/about' })).body;
      assert.match(withIcon, /<link rel="icon" href="\/media\/site\/icon-[0-9a-f]{20}-64\.png" type="image\/png"\/><link rel="apple-touch-icon" href="\/media\/site\/icon-[0-9a-f]{20}-180\.png"\/>/);
      assert.match(String((await site.app.inject({ url: '/favicon.ico' })).headers.location), /^\/media\/site\/icon-[0-9a-f]{20}-64\.png$/, 'browsers asking for /favicon.ico get the station’s icon');
      const notPicture = await admin.postFile('/desk/site/icon', { _csrf: admin.csrf }, { field: 'image', name: 'icon.png', type: 'image/png', bytes: Buffer.from('not a picture at all') });
      assert.equal(notPicture.statusCode, 422);
      assert.match(notPicture.body, /not a picture this site can read/);
      await admin.get('/desk/site');
      assert.equal((await admin.post('/desk/site/logo-remove', { _csrf: admin.csrf })).headers.location, '/desk/site?done=logo-removed');
      assert.match((await site.app.inject({ url: '/' })).body, /<a class="site-name" href="\/">River City 4<\/a>/, 'without a logo, the name in type again');
      const editor = await signedIn('editor');
      assert.equal((await editor.get('/desk/site')).statusCode, 403);
      assert.equal((await editor.post('/desk/site', { _csrf: editor.csrf, ...fields })).statusCode, 403);
      assert.equal((await editor.post('/desk/site/navigation', { _csrf: editor.csrf, nav1: 'weather' })).statusCode, 403);
    });
  });
}
