// Staff management over HTTP on both engines: an admin invites people by email (a single-use,
// expiring link), changes roles, deactivates accounts (sessions end at once), resets a staff
// password; staff keep author profiles that their bylines and author pages show.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { createUser, type Role } from '../../src/modules/accounts/index.ts';
import { createStory } from '../../src/modules/stories/index.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { FormClient } from '../helpers/form-client.ts';
import { mailsTo } from '../helpers/outbox.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';
import { addStaff, STAFF_PASSWORD, type Staff } from '../helpers/staff.ts';

const ROLES: Role[] = ['reader', 'reporter', 'moderator', 'editor', 'admin'];
const NEW_PASSWORD = 'harbour lights at dusk';

const linkIn = (mail: string | undefined, path: string) => new RegExp(`${path}\\?token=([A-Za-z0-9_-]+)`).exec(mail ?? '')?.[1] ?? '';

for (const dialect of DIALECTS) {
  describe(`staff in the browser [${dialect}]`, { skip: skipReason(dialect) }, () => {
    let site: TestSite;
    let staff: Staff;
    before(async () => {
      site = await createTestSite(dialect);
      staff = await addStaff(site, ROLES);
    });
    after(() => site?.close());

    const userId = async (email: string) => (await site.web.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

    it('lets only admins open and use the staff pages; every staff member has a profile page', async () => {
      // The admin's own id: whatever gets past the role check is refused (409), so nothing acts.
      const someone = await userId('admin@kv7.example');
      const routes: [string, string, Role[]][] = [
        ['GET', '/desk/staff', ['admin']],
        ['POST', '/desk/staff/invite', ['admin']],
        ['POST', `/desk/staff/${someone}/role`, ['admin']],
        ['POST', `/desk/staff/${someone}/deactivate`, ['admin']],
        ['POST', `/desk/staff/${someone}/reset-password`, ['admin']],
        ['GET', `/desk/staff/${someone}/profile`, ['admin']],
        ['GET', '/desk/profile', ['reporter', 'moderator', 'editor', 'admin']],
        ['POST', '/desk/profile', ['reporter', 'moderator', 'editor', 'admin']],
      ];
      for (const role of ROLES) {
        const client = await staff.signedIn(role);
        await client.get('/account');
        for (const [method, url, allowed] of routes) {
          // Bodies that get past the role check are refused as incomplete, so nothing acts.
          const res = method === 'GET' ? await client.get(url) : await client.post(url, { _csrf: client.csrf, role: 'nonsense', name: '' });
          if (!allowed.includes(role)) assert.equal(res.statusCode, 403, `${role} ${method} ${url}`);
          else assert.ok(res.statusCode < 401 || res.statusCode === 409, `${role} ${method} ${url}: ${res.statusCode}`);
        }
      }
      const anonymous = new FormClient(site);
      assert.equal((await anonymous.get('/desk/staff')).statusCode, 303);
    });

    it('invites a new reporter by email; the link makes the account once, and signs them in', async () => {
      const admin = await staff.signedIn('admin');
      const sent = await admin.submit('/desk/staff', '/desk/staff/invite', { displayName: 'Nia Brooks', email: 'Nia.Brooks@kv7.example', role: 'reporter' });
      assert.equal(sent.headers.location, '/desk/staff?done=invited');
      const page = await admin.get('/desk/staff?done=invited');
      assert.match(page.body, /Nia Brooks \(nia\.brooks@kv7\.example\) as reporter/);
      const [mail] = await mailsTo(site, 'nia.brooks@kv7.example');
      const token = linkIn(mail, '/account/invite');
      assert.ok(token, 'the invitation carries a link');

      const invitee = new FormClient(site);
      const form = await invitee.get(`/account/invite?token=${token}`);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /as reporter/);
      const weak = await invitee.post('/account/invite', { _csrf: invitee.csrf, token, displayName: 'Nia Brooks', password: 'short' });
      assert.equal(weak.statusCode, 400, 'a weak password is refused and the link still works');
      const joined = await invitee.post('/account/invite', { _csrf: invitee.csrf, token, displayName: 'Nia Brooks', password: NEW_PASSWORD });
      assert.equal(joined.statusCode, 303);
      assert.equal(joined.headers.location, '/desk');
      assert.equal((await invitee.get('/desk/stories')).statusCode, 200, 'signed in, as a reporter');
      const again = new FormClient(site);
      assert.equal((await again.get(`/account/invite?token=${token}`)).statusCode, 400, 'the link works once');
      const log = (await admin.get('/desk/staff')).body;
      assert.match(log, /accept invitation/);
      assert.doesNotMatch(log, /Open invitations[\s\S]*nia\.brooks@kv7\.example\) as reporter/);
    });

    it('lets an existing reader accept on their own password, and refuses inviting current staff', async () => {
      await createUser(site.web.db, { email: 'ola@kv7.example', displayName: 'Ola Reader', password: STAFF_PASSWORD, verified: true });
      const admin = await staff.signedIn('admin');
      const already = await admin.submit('/desk/staff', '/desk/staff/invite', { displayName: 'Staff editor', email: 'editor@kv7.example', role: 'reporter' });
      assert.equal(already.statusCode, 409);
      await admin.submit('/desk/staff', '/desk/staff/invite', { displayName: 'Ola Reader', email: 'ola@kv7.example', role: 'moderator' });
      const token = linkIn((await mailsTo(site, 'ola@kv7.example')).at(-1), '/account/invite');
      const ola = new FormClient(site);
      assert.match((await ola.get(`/account/invite?token=${token}`)).body, /already has an account/);
      assert.equal((await ola.post('/account/invite', { _csrf: ola.csrf, token, password: 'not the password at all' })).statusCode, 400);
      assert.equal((await ola.post('/account/invite', { _csrf: ola.csrf, token, password: STAFF_PASSWORD })).statusCode, 303);
      const row = await site.web.db.selectFrom('users').select('role').where('email', '=', 'ola@kv7.example').executeTakeFirstOrThrow();
      assert.equal(row.role, 'moderator');
    });

    it('changes a role on the next page, and never the admin’s own', async () => {
      const admin = await staff.signedIn('admin');
      const editor = await staff.signedIn('editor');
      assert.equal((await editor.get('/desk/wire')).statusCode, 200);
      const changed = await admin.submit('/desk/staff', `/desk/staff/${await userId('editor@kv7.example')}/role`, { role: 'reporter' });
      assert.equal(changed.headers.location, '/desk/staff?done=role');
      assert.equal((await editor.get('/desk/wire')).statusCode, 403, 'the editor is a reporter now');
      const self = await admin.submit('/desk/staff', `/desk/staff/${await userId('admin@kv7.example')}/role`, { role: 'reader' });
      assert.equal(self.statusCode, 409);
      await admin.submit('/desk/staff', `/desk/staff/${await userId('editor@kv7.example')}/role`, { role: 'editor' });
      assert.match((await admin.get('/desk/staff')).body, /reporter → editor/);
    });

    it('deactivates an account: its sessions end at once and it cannot sign in until reactivated', async () => {
      const admin = await staff.signedIn('admin');
      const moderator = await staff.signedIn('moderator');
      assert.equal((await moderator.get('/desk/moderation')).statusCode, 200);
      const id = await userId('moderator@kv7.example');
      assert.equal((await admin.submit('/desk/staff', `/desk/staff/${id}/deactivate`, {})).headers.location, '/desk/staff?done=deactivate');
      assert.equal((await moderator.get('/desk/moderation')).statusCode, 303, 'the open session is gone');
      const retry = new FormClient(site);
      const refused = await retry.submit('/account/sign-in', '/account/sign-in', { email: 'moderator@kv7.example', password: STAFF_PASSWORD });
      assert.equal(refused.statusCode, 403);
      assert.match(refused.body, /deactivated/);
      await admin.submit('/desk/staff', `/desk/staff/${id}/reactivate`, {});
      assert.equal((await new FormClient(site).submit('/account/sign-in', '/account/sign-in', { email: 'moderator@kv7.example', password: STAFF_PASSWORD })).statusCode, 303);
    });

    it('resets a staff password: the old one stops working and the emailed link sets a new one', async () => {
      const admin = await staff.signedIn('admin');
      const reporter = await staff.signedIn('reporter');
      await admin.submit('/desk/staff', `/desk/staff/${await userId('reporter@kv7.example')}/reset-password`, {});
      assert.equal((await reporter.get('/desk/stories')).statusCode, 303, 'signed out everywhere');
      assert.equal((await new FormClient(site).submit('/account/sign-in', '/account/sign-in', { email: 'reporter@kv7.example', password: STAFF_PASSWORD })).statusCode, 401);
      const token = linkIn((await mailsTo(site, 'reporter@kv7.example')).at(-1), '/account/reset/confirm');
      assert.ok(token);
      const back = new FormClient(site);
      await back.get(`/account/reset/confirm?token=${token}`);
      assert.equal((await back.post('/account/reset/confirm', { _csrf: back.csrf, token, password: NEW_PASSWORD })).statusCode, 303);
      assert.equal((await new FormClient(site).submit('/account/sign-in', '/account/sign-in', { email: 'reporter@kv7.example', password: NEW_PASSWORD })).statusCode, 303);
    });

    it('keeps an author profile that the author page, its JSON-LD and earlier bylines show', async () => {
      // A byline with the name before the profile existed: the profile takes that page over.
      const story = await createStory(site.web.db, { headline: 'Harvest festival draws a crowd', bodyHtml: '<p>Thousands came.</p>', authors: [{ name: 'Staff editor', affiliation: null }], topics: [], publishedAt: new Date().toISOString() });
      const editor = await staff.signedIn('editor');
      const saved = await editor.submit('/desk/profile', '/desk/profile', { name: 'Staff editor', jobTitle: 'Senior reporter', bio: 'Covers the county courts.\n\nBefore that, ten years on the farm beat.', slug: '' });
      assert.equal(saved.headers.location, '/desk/profile?done=profile');
      const photo = await sharp({ create: { width: 600, height: 600, channels: 3, background: { r: 90, g: 120, b: 60 } } }).jpeg().toBuffer();
      await editor.get('/desk/profile');
      const uploaded = await editor.postFile('/desk/profile/photo', { _csrf: editor.csrf }, { field: 'photo', name: 'me.jpg', type: 'image/jpeg', bytes: photo });
      assert.equal(uploaded.headers.location, '/desk/profile?done=photo');
      const page = await site.app.inject({ url: '/authors/staff-editor' });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Senior reporter/);
      assert.match(page.body, /Covers the county courts\./);
      assert.match(page.body, /Harvest festival draws a crowd/, 'the earlier byline links to the profile');
      assert.match(page.body, /class="author-photo"/);
      const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page.body)?.[1] ?? '{}') as { mainEntity?: { jobTitle?: string; image?: string; worksFor?: unknown } };
      assert.equal(ld.mainEntity?.jobTitle, 'Senior reporter');
      assert.match(ld.mainEntity?.image ?? '', /\/media\//);
      assert.ok(ld.mainEntity?.worksFor);
      assert.match((await site.app.inject({ url: `/stories/${story.slug}` })).body, /href="\/authors\/staff-editor"/);

      const bad = await editor.submit('/desk/profile', '/desk/profile', { name: 'Staff editor', jobTitle: '', bio: '', slug: 'Not A Slug!' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /lower-case letters/);
      const admin = await staff.signedIn('admin');
      const other = await admin.submit(`/desk/staff/${await userId('editor@kv7.example')}/profile`, `/desk/staff/${await userId('editor@kv7.example')}/profile`, { name: 'Staff editor', jobTitle: 'Courts reporter', bio: '', slug: 'staff-editor' });
      assert.equal(other.statusCode, 303);
      assert.match((await site.app.inject({ url: '/authors/staff-editor' })).body, /Courts reporter/);
      // A new address: the old one answers with a redirect, and no other page may take it.
      await admin.submit(`/desk/staff/${await userId('editor@kv7.example')}/profile`, `/desk/staff/${await userId('editor@kv7.example')}/profile`, { name: 'Staff editor', jobTitle: 'Courts reporter', bio: '', slug: 'courts-editor' });
      const moved = await site.app.inject({ url: '/authors/staff-editor' });
      assert.equal(moved.statusCode, 301);
      assert.equal(moved.headers.location, '/authors/courts-editor');
      assert.match((await site.app.inject({ url: '/authors/courts-editor' })).body, /Courts reporter/);
      const taken = await admin.submit(`/desk/staff/${await userId('admin@kv7.example')}/profile`, `/desk/staff/${await userId('admin@kv7.example')}/profile`, { name: 'Staff admin', jobTitle: '', bio: '', slug: 'staff-editor' });
      assert.equal(taken.statusCode, 400);
      assert.match(taken.body, /Another author page had that address/);
    });
  });
}
