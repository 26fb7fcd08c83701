// Wire copy the desk edits, on both engines: a later wire version never overwrites the
// station's words; it waits as a diff, and the editor merges it, takes it, or keeps the local
// text. A kill still withdraws at once. Over HTTP: the editor sees the diff and chooses.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Role } from '../../src/modules/accounts/index.ts';
import { folderPictureFetcher, ingestPayload, upsertSource, type Source } from '../../src/modules/ingest/index.ts';
import { getDeskStory, listDeskStories, saveStory, settleWireUpdate, type DeskActor, type DeskStory } from '../../src/modules/stories/index.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';
import { addStaff, type Staff } from '../helpers/staff.ts';
import { AppError } from '../../src/errors.ts';

const ROLES: Role[] = ['reporter', 'editor'];

const paragraphs = (...texts: string[]) => texts.map((t) => `<p>${t}</p>`).join('');

function item(guid: string, version: number, headline: string, body: string, extra: Record<string, unknown> = {}) {
  return {
    uri: guid,
    type: 'text',
    version: String(version),
    versioncreated: `2026-11-20T1${version}:00:00Z`,
    headlines: [{ role: 'main', value: headline }],
    bodies: [{ role: 'main', contenttype: 'text/html', value: body }],
    ...extra,
  };
}

for (const dialect of DIALECTS) {
  describe(`wire copy the desk edited [${dialect}]`, { skip: skipReason(dialect) }, () => {
    let site: TestSite;
    let staff: Staff;
    let source: Source;
    let editor: DeskActor;
    const receive = async (payload: unknown) =>
      (
        await ingestPayload(
          { db: site.web.db, mediaDir: site.config.mediaDir, events: site.web.events },
          { source, bytes: Buffer.from(JSON.stringify(payload)), transport: 'push', origin: null, fetchPicture: folderPictureFetcher(path.resolve('fixtures')) },
        )
      ).items[0]!;
    const desk = () => ({ db: site.web.db, events: site.web.events });
    const opened = async (id: string): Promise<DeskStory> => (await getDeskStory(site.web.db, id))!;
    const localEdit = (story: DeskStory, headline: string, body: string) =>
      saveStory(desk(), editor, story.id, story.version, {
        headline,
        standfirst: story.standfirst,
        dateline: story.dateline,
        body,
        authors: story.authors,
        outlet: story.outlet,
        topicSlugs: story.topicSlugs,
        rightsLine: story.rightsLine,
      });
    const readerPage = async (slug: string) => (await site.app.inject({ url: `/stories/${slug}` })).body;

    before(async () => {
      site = await createTestSite(dialect);
      staff = await addStaff(site, ROLES);
      const user = staff.users.editor!;
      editor = { id: user.id, name: user.displayName, role: user.role };
      source = await upsertSource(site.web.db, { kind: 'wire', defaultRights: '© Test Wire', canonicalPolicy: 'original', slug: 'edits-wire', name: 'Edits Wire', shortName: 'EW' });
    });
    after(() => site?.close());

    it('takes a new wire version directly while the desk has not touched the story', async () => {
      const first = await receive(item('ew:plain', 1, 'Bridge inspection finds cracks', paragraphs('Engineers found cracks.')));
      assert.equal(first.outcome, 'created');
      const second = await receive(item('ew:plain', 2, 'Bridge inspection finds cracks in two piers', paragraphs('Engineers found cracks in two piers.')));
      assert.equal(second.outcome, 'updated');
      assert.match(await readerPage(first.slug!), /cracks in two piers/);
    });

    it('counts changed text under the same version number but a later time as an update, and a true repeat as unchanged', async () => {
      const first = await receive(item('ew:same', 1, 'Ferry timetable changes', paragraphs('The early sailing moves to 6:15.')));
      assert.equal((await receive(item('ew:same', 1, 'Ferry timetable changes', paragraphs('The early sailing moves to 6:15.')))).outcome, 'unchanged');
      const fixed = item('ew:same', 1, 'Ferry timetable changes', paragraphs('The early sailing moves to 6:30.'), { versioncreated: '2026-11-20T11:05:00Z' });
      assert.equal((await receive(fixed)).outcome, 'updated');
      assert.match(await readerPage(first.slug!), /moves to 6:30/);
      // Arriving again after the fix, the first copy is older: it changes nothing.
      assert.equal((await receive(item('ew:same', 1, 'Ferry timetable changes', paragraphs('The early sailing moves to 6:15.')))).outcome, 'older-ignored');
    });

    it('holds a wire version of an edited story as a diff, then merges it with the station’s edits', async () => {
      const created = await receive(item('ew:flood', 1, 'River rises after storm', paragraphs('The river rose two feet.', 'Roads near the bank are closed.', 'More rain is forecast.')));
      const id = created.storyId!;
      await localEdit(await opened(id), 'River rises after storm in Kestrel Falls', paragraphs('The river rose two feet.', 'Roads near the bank are closed, including Mill Street.', 'More rain is forecast.'));

      const update = await receive(item('ew:flood', 2, 'River rises after storm', paragraphs('The river rose two feet.', 'Roads near the bank are closed.', 'More rain is forecast.', 'Shelters opened at the high school.')));
      assert.equal(update.outcome, 'update-held', 'the station’s words are not overwritten');
      const page = await readerPage(created.slug!);
      assert.match(page, /including Mill Street/);
      assert.doesNotMatch(page, /Shelters opened/);
      const waiting = await opened(id);
      assert.equal(waiting.wireUpdate?.wireVersion, 2);
      assert.match(waiting.wireUpdate?.bodyHtml ?? '', /Shelters opened/);
      const listed = await listDeskStories(site.web.db, { wireUpdateWaiting: true });
      assert.ok(listed.items.some((s) => s.id === id && s.wireUpdateWaiting));

      const merged = await settleWireUpdate(desk(), editor, id, waiting.version, 'merge');
      assert.equal(merged.conflicts, 0);
      const after = await opened(id);
      assert.equal(after.headline, 'River rises after storm in Kestrel Falls');
      assert.match(after.bodyHtml, /including Mill Street/);
      assert.match(after.bodyHtml, /Shelters opened at the high school/);
      assert.equal(after.wireUpdate, null);
      assert.equal(after.localEdits, true);
      assert.match(await readerPage(created.slug!), /Shelters opened/);

      // Both sides change the same paragraph: the station's words stay, and the merge says so.
      await receive(item('ew:flood', 3, 'River rises after storm', paragraphs('The river rose two feet.', 'Roads near the bank are closed, and the bridge too.', 'More rain is forecast.', 'Shelters opened at the high school.')));
      const conflicted = await settleWireUpdate(desk(), editor, id, (await opened(id)).version, 'merge');
      assert.equal(conflicted.conflicts, 1);
      assert.match((await opened(id)).bodyHtml, /including Mill Street/);

      // Taking the wire's version makes it plain wire copy again: the next version applies at once.
      await receive(item('ew:flood', 4, 'River crests below record', paragraphs('The river crested at 14 feet.')));
      await settleWireUpdate(desk(), editor, id, (await opened(id)).version, 'accept');
      const accepted = await opened(id);
      assert.equal(accepted.headline, 'River crests below record');
      assert.equal(accepted.localEdits, false);
      assert.equal((await receive(item('ew:flood', 5, 'River falls back', paragraphs('The river fell overnight.')))).outcome, 'updated');
      assert.equal((await opened(id)).headline, 'River falls back');
    });

    it('keeps the station’s text when asked, and measures the next version against the one set aside', async () => {
      const created = await receive(item('ew:keep', 1, 'School board meets', paragraphs('The board meets on Monday.')));
      const id = created.storyId!;
      await localEdit(await opened(id), 'School board meets on budget', paragraphs('The board meets on Monday to set the budget.'));
      await receive(item('ew:keep', 2, 'School board meets', paragraphs('The board meets on Tuesday.')));
      const kept = await settleWireUpdate(desk(), editor, id, (await opened(id)).version, 'keep');
      const story = await opened(id);
      assert.equal(kept.version, story.version, 'keeping adds no version');
      assert.equal(story.headline, 'School board meets on budget');
      assert.equal(story.wireUpdate, null);
      // The wire's v2 text is the base now: v3 changing only the headline merges it alone.
      await receive(item('ew:keep', 3, 'School board meets Tuesday', paragraphs('The board meets on Tuesday.')));
      const waiting = await opened(id);
      await settleWireUpdate(desk(), editor, id, waiting.version, 'merge');
      const merged = await opened(id);
      assert.equal(merged.headline, 'School board meets on budget', 'both changed the headline: the station’s stays');
      assert.match(merged.bodyHtml, /to set the budget/);
    });

    it('follows the wire’s word on standing for an edited story: withheld, then usable again', async () => {
      const created = await receive(item('ew:withhold', 1, 'Plant fire under investigation', paragraphs('Fire crews stayed overnight.')));
      const id = created.storyId!;
      await localEdit(await opened(id), 'Kestrel Falls plant fire under investigation', paragraphs('Fire crews stayed overnight.'));
      assert.equal((await receive(item('ew:withhold', 2, 'Plant fire under investigation', paragraphs('Withheld.'), { pubstatus: 'withheld' }))).outcome, 'withheld');
      assert.equal((await site.app.inject({ url: `/stories/${created.slug}` })).statusCode, 404, 'off the site while withheld');
      assert.equal((await receive(item('ew:withhold', 3, 'Plant fire under investigation', paragraphs('Fire crews stayed overnight. The cause is not known.')))).outcome, 'update-held');
      const page = await site.app.inject({ url: `/stories/${created.slug}` });
      assert.equal(page.statusCode, 200, 'usable again: back on the site');
      assert.match(page.body, /Kestrel Falls plant fire/, 'with the station’s text, the wire’s waiting');
      assert.match((await opened(id)).wireUpdate?.bodyHtml ?? '', /cause is not known/);
    });

    it('withdraws an edited story at once on a kill, and forgets the waiting version', async () => {
      const created = await receive(item('ew:kill', 1, 'Factory to close', paragraphs('The plant will close in March.')));
      const id = created.storyId!;
      await localEdit(await opened(id), 'Kestrel Falls factory to close', paragraphs('The plant will close in March.'));
      await receive(item('ew:kill', 2, 'Factory to close', paragraphs('The plant will close in April.')));
      const kill = await receive(item('ew:kill', 3, 'Factory to close', paragraphs('Withdrawn.'), { pubstatus: 'canceled' }));
      assert.equal(kill.outcome, 'withdrawn');
      assert.equal((await site.app.inject({ url: `/stories/${created.slug}` })).statusCode, 410);
      const story = await opened(id);
      assert.equal(story.wireUpdate, null);
      await assert.rejects(settleWireUpdate(desk(), editor, id, story.version, 'accept'), (e: unknown) => e instanceof AppError && e.code === 'WIRE_UPDATE_NONE');
    });

    it('shows the diff on the editor page and lets an editor, not a reporter, choose', async () => {
      const created = await receive(item('ew:web', 1, 'Library roof repaired', paragraphs('Work finished on Friday.')));
      const id = created.storyId!;
      await localEdit(await opened(id), 'Library roof repaired at last', paragraphs('Work finished on Friday.'));
      await receive(item('ew:web', 2, 'Library roof repaired', paragraphs('Work finished on Friday, a week early.')));
      const client = await staff.signedIn('editor');
      const page = await client.get(`/desk/stories/${id}`);
      assert.match(page.body, /A new wire version is waiting/);
      assert.match(page.body.replace(/<\/?span>/g, ''), /<ins> a week early.<\/ins>|<del>Friday.<\/del><ins>Friday, a week early.<\/ins>/);
      assert.match((await client.get('/desk/wire')).body, /new wire version waiting/);
      const reporter = await staff.signedIn('reporter');
      await reporter.get(`/desk/stories/${id}`);
      assert.equal((await reporter.post(`/desk/stories/${id}/wire-update`, { _csrf: reporter.csrf, choice: 'accept', version: String((await opened(id)).version) })).statusCode, 403);
      const merged = await client.submit(`/desk/stories/${id}`, `/desk/stories/${id}/wire-update`, { choice: 'merge', version: String((await opened(id)).version) });
      assert.equal(merged.headers.location, `/desk/stories/${id}?done=wire-merge`);
      assert.match((await client.get(String(merged.headers.location))).body, /Merged: the station’s edits are kept/);
      const story = await opened(id);
      assert.equal(story.headline, 'Library roof repaired at last');
      assert.match(story.bodyHtml, /a week early/);
    });
  });
}
