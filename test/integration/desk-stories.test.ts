// The newsroom's use cases on both engines: a reporter's draft, its review, an editor's
// publish, two saves from the same version, a schedule the job keeps once, held wire copy
// released or spiked, a withdrawal; each checked on the reader site and in the desk log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser } from '../../src/modules/accounts/index.ts';
import { upsertSource } from '../../src/modules/ingest/index.ts';
import {
  createDraft,
  createStory,
  listDeskLog,
  listDeskStories,
  publishDue,
  publishStory,
  releaseStory,
  saveStory,
  scheduleStory,
  spikeStory,
  StoryEditConflict,
  submitStory,
  unpublishStory,
  withdrawFromDesk,
  type DeskActor,
  type DeskStoryInput,
} from '../../src/modules/stories/index.ts';
import { AppError } from '../../src/errors.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';

const input = (over: Partial<DeskStoryInput> = {}): DeskStoryInput => ({
  headline: 'Library extends weekend hours for exam season',
  standfirst: 'The main branch opens until 9pm on Saturdays through June.',
  dateline: 'KESTREL FALLS',
  body: 'The county library will stay open later on Saturdays.\n\nThe change starts next week.',
  authors: ['Dana Whitfield'],
  outlet: 'Kestrel Valley 7',
  topicSlugs: ['local-news'],
  rightsLine: '',
  ...over,
});

/** The code of the AppError `work` throws. */
async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return 'NO_ERROR';
}

for (const dialect of DIALECTS) {
  describe(`desk stories [${dialect}]`, { skip: skipReason(dialect) }, () => {
    let site: TestSite;
    let reporter: DeskActor;
    let otherReporter: DeskActor;
    let editor: DeskActor;
    const status = async (slug: string) => (await site.app.inject({ url: `/stories/${slug}` })).statusCode;
    before(async () => {
      site = await createTestSite(dialect);
      const staff = async (email: string, name: string, role: DeskActor['role']) => {
        const user = await createUser(site.web.db, { email, displayName: name, password: 'lantern over the ferry', role, verified: true });
        return { id: user.id, name, role };
      };
      reporter = await staff('dana@kv7.example', 'Dana Whitfield', 'reporter');
      otherReporter = await staff('omar@kv7.example', 'Omar Reyes', 'reporter');
      editor = await staff('eve@kv7.example', 'Eve Marsh', 'editor');
    });
    after(() => site?.close());
    const ctx = () => ({ db: site.web.db, events: site.web.events });

    it('keeps a draft off the site through review, and publishes it when an editor says so', async () => {
      const draft = await createDraft(ctx(), reporter, input());
      assert.equal(await status(draft.slug), 404);
      assert.deepEqual(await saveStory(ctx(), reporter, draft.id, 1, input({ standfirst: 'Open until 9pm on Saturdays.' })), { version: 2 });
      assert.equal(await codeOf(saveStory(ctx(), otherReporter, draft.id, 2, input())), 'STORY_NOT_YOURS');
      assert.equal(await codeOf(publishStory(ctx(), reporter, draft.id)), 'DESK_EDITORS_ONLY');
      assert.equal(await submitStory(ctx(), reporter, draft.id), 'review');
      assert.equal(await status(draft.slug), 404);
      assert.equal(await publishStory(ctx(), editor, draft.id), 'published');
      const page = await site.app.inject({ url: `/stories/${draft.slug}` });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Library extends weekend hours for exam season/);
      assert.match(page.body, /<p>The change starts next week.<\/p>/);
      assert.match(page.body, /Open until 9pm on Saturdays./);
      assert.equal(await codeOf(saveStory(ctx(), reporter, draft.id, 2, input())), 'STORY_NOT_YOURS', 'a published story is the editors’ now');
      const log = await listDeskLog(site.web.db, { storyId: draft.id });
      assert.deepEqual(log.map((l) => [l.action, l.actorName, l.subject.kind === 'story' ? l.subject.version : null]).reverse(), [
        ['create', 'Dana Whitfield', 1],
        ['save', 'Dana Whitfield', 2],
        ['submit', 'Dana Whitfield', 2],
        ['publish', 'Eve Marsh', 2],
      ]);
    });

    it('refuses a save made from an older version, keeping both texts, and writes nothing', async () => {
      const draft = await createDraft(ctx(), editor, input({ headline: 'Bridge repairs close Mill Street lanes' }));
      await saveStory(ctx(), editor, draft.id, 1, input({ headline: 'Bridge repairs close Mill Street lanes', body: 'First editor’s text.' }));
      let conflict: unknown;
      try {
        await saveStory(ctx(), editor, draft.id, 1, input({ headline: 'Bridge repairs close two lanes', body: 'Second editor’s text.' }));
      } catch (error) {
        conflict = error;
      }
      assert.ok(conflict instanceof StoryEditConflict);
      assert.equal(conflict.code, 'STORY_EDIT_CONFLICT');
      assert.equal(conflict.current.version, 2);
      assert.match(conflict.current.bodyHtml, /First editor’s text/);
      assert.equal(conflict.yours.body, 'Second editor’s text.');
      const [row] = (await listDeskStories(site.web.db, { q: 'mill street' })).items;
      assert.equal(row?.version, 2);
      assert.equal(row?.headline, 'Bridge repairs close Mill Street lanes');
    });

    it('runs the passage of body HTML through the allow-list, as wire copy is', async () => {
      const draft = await createDraft(ctx(), editor, input({ headline: 'Council agenda posted', body: '<p onclick="x()">Agenda <script>alert(1)</script><a href="javascript:alert(1)">here</a></p>' }));
      await publishStory(ctx(), editor, draft.id);
      const page = (await site.app.inject({ url: `/stories/${draft.slug}` })).body;
      assert.doesNotMatch(page, /onclick|<script>alert|javascript:/);
      assert.match(page, /Agenda/);
    });

    it('publishes a scheduled story once, when its time comes', async () => {
      const draft = await createDraft(ctx(), editor, input({ headline: 'Polls open at 7am on Tuesday' }));
      assert.equal(await codeOf(scheduleStory(ctx(), editor, draft.id, new Date(Date.now() - 60_000))), 'STORY_SCHEDULE_INVALID');
      const at = new Date(Date.now() + 3600_000);
      assert.equal(await scheduleStory(ctx(), editor, draft.id, at), 'scheduled');
      assert.deepEqual(await publishDue(site.web.db, new Date(Date.now() + 60_000).toISOString()), [], 'not before its time');
      assert.equal(await status(draft.slug), 404);
      const later = new Date(at.getTime() + 1000).toISOString();
      const [first, second] = await Promise.all([publishDue(site.web.db, later), publishDue(site.web.db, later)]);
      assert.deepEqual([...(first ?? []), ...(second ?? [])], [draft.id], 'published by one run only');
      assert.equal(await status(draft.slug), 200);
      const [entry] = await listDeskLog(site.web.db, { storyId: draft.id });
      assert.deepEqual([entry?.action, entry?.actorName, entry?.detail], ['publish', 'Scheduler', 'on schedule']);
    });

    it('releases held wire copy, spikes another, and withdraws with a public reason', async () => {
      const source = await upsertSource(site.database.handle.db, { kind: 'wire', defaultRights: null, canonicalPolicy: 'original', slug: 'held-wire', name: 'Held Wire', shortName: 'HW', publishPolicy: 'hold' });
      const wire = (headline: string) => createStory(site.web.db, { headline, bodyHtml: '<p>From the wire.</p>', authors: [], topics: [], publishedAt: new Date().toISOString(), status: 'held', sourceId: source.id, originGuid: headline });
      const held = await wire('Storm warning for the coast');
      const unwanted = await wire('Celebrity spotted at airport');
      assert.equal(await status(held.slug), 404);
      assert.equal(await releaseStory(ctx(), editor, held.id), 'published');
      assert.equal(await status(held.slug), 200);
      assert.equal(await spikeStory(ctx(), editor, unwanted.id), 'spiked');
      assert.equal(await status(unwanted.slug), 404);
      assert.equal(await codeOf(saveStory(ctx(), editor, unwanted.id, 1, input())), 'STORY_NOT_EDITABLE', 'spiked copy is kept as it was');
      assert.equal(await codeOf(releaseStory(ctx(), editor, held.id)), 'STORY_TRANSITION_REFUSED');
      assert.equal(await codeOf(withdrawFromDesk(ctx(), editor, held.id, '')), 'WITHDRAW_REASON_REQUIRED');
      assert.equal(await withdrawFromDesk(ctx(), editor, held.id, 'The warning was lifted and the story no longer stands.'), 'withdrawn');
      const gone = await site.app.inject({ url: `/stories/${held.slug}` });
      assert.equal(gone.statusCode, 410);
      assert.match(gone.body, /no longer stands/);
      const embargoed = await createStory(site.web.db, { headline: 'Earnings report due at noon', bodyHtml: '<p>Embargoed.</p>', authors: [], topics: [], publishedAt: new Date().toISOString(), status: 'embargoed', embargoUntil: new Date(Date.now() + 3600_000).toISOString(), sourceId: source.id, originGuid: 'embargoed-1' });
      assert.equal(await codeOf(releaseStory(ctx(), editor, embargoed.id)), 'STORY_EMBARGOED', 'the desk cannot lift an embargo early');
      const back = await wire('Ferry service suspended');
      await releaseStory(ctx(), editor, back.id);
      assert.equal(await unpublishStory(ctx(), editor, back.id), 'held', 'unpublished wire copy is held again, not a draft');
      const spiked = await listDeskStories(site.web.db, { status: 'spiked' });
      assert.deepEqual(spiked.items.map((s) => s.headline), ['Celebrity spotted at airport']);
    });

    it('pages the desk list by last change, newest first, with filters', async () => {
      const all = await listDeskStories(site.web.db, {});
      assert.ok(all.items.length > 0);
      const times = all.items.map((s) => s.modifiedAt);
      assert.deepEqual(times, [...times].sort().reverse());
      if (all.next) {
        const next = await listDeskStories(site.web.db, { cursor: all.next });
        assert.ok(next.items.every((s) => !all.items.some((t) => t.id === s.id)), 'no story on two pages');
      }
      const found = await listDeskStories(site.web.db, { q: '4.2 MILLION' });
      assert.deepEqual(found.items.map((s) => s.headline), ['Council approves $4.2 million repair of the Mill Street bridge']);
      assert.deepEqual((await listDeskStories(site.web.db, { q: '%' })).items, [], 'a % in the search is a letter, not a wildcard');
      assert.deepEqual((await listDeskStories(site.web.db, { q: 'a_b' })).items, [], 'and so is _');
      const local = await listDeskStories(site.web.db, { origin: 'local', status: 'draft' });
      assert.ok(local.items.every((s) => s.sourceName === null && s.status === 'draft'));
    });
  });
}
