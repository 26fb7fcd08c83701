// Story search on both engines (decision 0020): ranking, phrases, exclusions, folding and
// stemming, filters, paging, excerpts, hostile input, and the index moving with the stories.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { AppError } from '../../src/errors.ts';
import { indexStories, reindexSearch, searchIndexProblems, searchStories, syncSearchIndex, type SearchOptions } from '../../src/modules/search/index.ts';
import { createStory, reviseStory, setStoryStatus, withdrawStory, type StoryDraft } from '../../src/modules/stories/index.ts';
import { isPostgres, type Queryable } from '../../src/storage/index.ts';
import { describeEachDialect } from '../helpers/databases.ts';

const reader: SearchOptions = { audience: 'reader' };
const staff: SearchOptions = { audience: 'staff' };

function draft(overrides: Partial<StoryDraft>): StoryDraft {
  return {
    headline: 'A quiet week at the harbour',
    bodyHtml: '<p>Nothing much moved on the water.</p>',
    authors: [{ name: 'Dana Whitlock', affiliation: 'KV7' }],
    topics: [{ name: 'Local News' }],
    publishedAt: '2026-11-20T09:00:00.000Z',
    ...overrides,
  };
}

async function headlines(db: Queryable, q: string, options: SearchOptions = reader): Promise<string[]> {
  const found = await searchStories(db, q, options);
  assert.ok(found.ok, `"${q}" is a query`);
  return found.hits.map((h) => h.headline.map((p) => p.text).join(''));
}

describeEachDialect('story search', (database) => {
  const db = () => database().handle.db;

  it('ranks a headline match above a body match, and finds bodies, captions, bylines and topics', async () => {
    await createStory(db(), draft({ headline: 'Council weighs a new budget for the library', bodyHtml: '<p>The vote is next month.</p>', publishedAt: '2026-11-21T09:00:00.000Z' }));
    await createStory(db(), draft({ headline: 'Road repairs begin on Elm Street', bodyHtml: '<p>Crews said the library car park stays open.</p>', publishedAt: '2026-11-21T10:00:00.000Z' }));
    assert.deepEqual(await headlines(db(), 'library'), ['Council weighs a new budget for the library', 'Road repairs begin on Elm Street']);

    await db().insertInto('media').values({ id: 'photo-heron', sha256: 'a'.repeat(64), mime: 'image/jpeg', width: 800, height: 600, original_path: 'x.jpg', caption: 'A grey heron waits on the breakwater.', credit: 'Priya Marsh/Harbour Photo Pool', alt_text: 'A heron', rights: null, created_at: '2026-11-01T00:00:00.000Z' }).execute();
    await createStory(db(), draft({ headline: 'Birdwatchers count the winter visitors', heroMediaId: 'photo-heron', authors: [{ name: 'Tobias Renn', affiliation: 'Lakeport Ledger' }], topics: [{ name: 'Wildlife' }] }));
    for (const q of ['heron', 'breakwater', 'Marsh', 'Renn', 'ledger', 'wildlife']) assert.deepEqual(await headlines(db(), q), ['Birdwatchers count the winter visitors'], q);
  });

  it('stems and folds accents and case the same for the text and the query', async () => {
    await createStory(db(), draft({ headline: 'Café owners celebrate the élection results', bodyHtml: '<p>The STRASSE fair opens on Friday; Straße signs went up.</p>' }));
    for (const q of ['cafe', 'CAFÉ', 'election', 'elections', 'celebrating', 'strasse', 'straße']) assert.deepEqual(await headlines(db(), q), ['Café owners celebrate the élection results'], q);
  });

  it('matches quoted phrases only where the words stand together, and leaves out -words', async () => {
    await createStory(db(), draft({ headline: 'Ferry timetable changes in spring', bodyHtml: '<p>The north shore ferry will run hourly.</p>' }));
    await createStory(db(), draft({ headline: 'Shore path closed after storm', bodyHtml: '<p>The north end of the ferry dock flooded; the shore path is shut.</p>' }));
    assert.deepEqual(await headlines(db(), '"north shore" ferry'), ['Ferry timetable changes in spring']);
    assert.deepEqual((await headlines(db(), 'ferry shore')).sort(), ['Ferry timetable changes in spring', 'Shore path closed after storm']);
    assert.deepEqual(await headlines(db(), 'ferry shore -timetable'), ['Shore path closed after storm']);
    assert.deepEqual(await headlines(db(), 'ferry -"north shore"'), ['Shore path closed after storm']);
    // Three words: each neighbouring pair in the right place, not merely somewhere in the story.
    await createStory(db(), draft({ headline: 'Harbour notes', bodyHtml: '<p>North shore residents met; the shore ferry was late.</p>' }));
    assert.deepEqual(await headlines(db(), '"north shore ferry"'), ['Ferry timetable changes in spring']);
    assert.deepEqual(await headlines(db(), '"NORTH  Shore"').then((h) => h.sort()), ['Ferry timetable changes in spring', 'Harbour notes']);
  });

  it('filters by topic, author and published day, and refuses a date that is not one', async () => {
    await createStory(db(), draft({ headline: 'Orchard harvest beats last year', topics: [{ name: 'Farming' }], authors: [{ name: 'Mira Okafor', affiliation: 'KV7' }], publishedAt: '2026-10-02T08:00:00.000Z' }));
    await createStory(db(), draft({ headline: 'Orchard tours for school groups', topics: [{ name: 'Schools' }], authors: [{ name: 'Lee Brandt', affiliation: 'KV7' }], publishedAt: '2026-10-09T08:00:00.000Z' }));
    assert.deepEqual(await headlines(db(), 'orchard', { ...reader, topicSlug: 'farming' }), ['Orchard harvest beats last year']);
    assert.deepEqual(await headlines(db(), 'orchard', { ...reader, authorSlug: 'lee-brandt' }), ['Orchard tours for school groups']);
    assert.deepEqual(await headlines(db(), 'orchard', { ...reader, fromDay: '2026-10-05' }), ['Orchard tours for school groups']);
    assert.deepEqual(await headlines(db(), 'orchard', { ...reader, toDay: '2026-10-02' }), ['Orchard harvest beats last year']);
    await assert.rejects(searchStories(db(), 'orchard', { ...reader, fromDay: '2026-02-30' }), (e) => e instanceof AppError && e.code === 'SEARCH_DATE_INVALID');
  });

  it('pages through every result once, by relevance and by newest, and refuses a forged cursor', async () => {
    for (let i = 0; i < 7; i++) {
      const words = ['lantern', ...Array.from({ length: i }, () => 'lantern')].join(' ');
      await createStory(db(), draft({ headline: `Lantern walk number ${i + 1}`, bodyHtml: `<p>${words} by the river.</p>`, publishedAt: `2026-11-0${i + 1}T12:00:00.000Z` }));
    }
    for (const sort of ['relevance', 'newest'] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await searchStories(db(), 'lantern', { ...reader, sort, limit: 3, cursor });
        assert.ok(page.ok);
        seen.push(...page.hits.map((h) => h.storyId));
        cursor = page.next ?? undefined;
      } while (cursor);
      assert.equal(seen.length, 7, sort);
      assert.equal(new Set(seen).size, 7, `${sort}: no story twice`);
      if (sort === 'newest') {
        const first = await headlines(db(), 'lantern', { ...reader, sort, limit: 1 });
        assert.deepEqual(first, ['Lantern walk number 7']);
      }
    }
    // A search ranks the newest matches only, and says when there were more.
    const windowed = await searchStories(db(), 'lantern', { ...reader, window: 4, limit: 10 });
    assert.ok(windowed.ok && windowed.capped);
    assert.deepEqual(windowed.hits.map((h) => h.headline.map((p) => p.text).join('')).sort(), ['Lantern walk number 4', 'Lantern walk number 5', 'Lantern walk number 6', 'Lantern walk number 7']);
    const all = await searchStories(db(), 'lantern', { ...reader, limit: 10 });
    assert.ok(all.ok && !all.capped);
    await assert.rejects(searchStories(db(), 'lantern', { ...reader, cursor: 'bm90LWEtY3Vyc29y' }), (e) => e instanceof AppError && e.code === 'SEARCH_CURSOR_INVALID');
  });

  it('cuts an excerpt around the words found, from the story\'s own text, as text parts', async () => {
    const filler = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    await createStory(db(), draft({ headline: 'Glassworks reopens', standfirst: 'A furnace lit again.', bodyHtml: `<p>${filler} the <b>kiln</b> crew cheered &lt;loudly&gt; ${filler}</p>` }));
    const found = await searchStories(db(), 'kiln', reader);
    assert.ok(found.ok);
    const excerpt = found.hits[0]!.excerpt;
    assert.ok(excerpt.cutBefore && excerpt.cutAfter);
    assert.deepEqual(excerpt.parts.filter((p) => p.hit).map((p) => p.text), ['kiln']);
    assert.match(excerpt.parts.map((p) => p.text).join(''), /kiln crew cheered <loudly>/);
  });

  it('gives results or a code, never an error, for whatever is typed', async () => {
    await createStory(db(), draft({ headline: 'Near the old mill, a new bakery' }));
    const hostile = ['NEAR(mill bakery)', 'mill*', '"', '"mill', '((mill', 'mill)', 'mill AND OR NOT', '-', '--mill', '\u0000mill\u0007', 'x'.repeat(10_240), '\uD800mill\uDFFF', ':', 'headline:mill', '^mill', "mill' or 1=1 --", '*', '{mill}', 'mill & bakery | !x', '<->', "'"];
    for (const q of hostile) {
      const found = await searchStories(db(), q, reader);
      if (!found.ok) assert.ok(['SEARCH_EMPTY', 'SEARCH_ONLY_EXCLUDED'].includes(found.code), q);
    }
    assert.deepEqual(await headlines(db(), 'mill* bakery)'), ['Near the old mill, a new bakery']);
    assert.deepEqual(await searchStories(db(), '  ', reader), { ok: false, code: 'SEARCH_EMPTY' });
    assert.deepEqual(await searchStories(db(), '-mill', reader), { ok: false, code: 'SEARCH_ONLY_EXCLUDED' });
  });

  it('shows readers published stories only, staff every status, and moves with each change at once', async () => {
    const story = await createStory(db(), draft({ headline: 'Pier lights switched on' }));
    await createStory(db(), draft({ headline: 'Pier repairs under embargo', status: 'embargoed', embargoUntil: '2030-01-01T00:00:00.000Z' }));
    await createStory(db(), draft({ headline: 'Pier held for the desk', status: 'held' }));
    assert.deepEqual(await headlines(db(), 'pier'), ['Pier lights switched on']);
    assert.deepEqual((await headlines(db(), 'pier', staff)).sort(), ['Pier held for the desk', 'Pier lights switched on', 'Pier repairs under embargo']);
    assert.deepEqual(await headlines(db(), 'pier', { ...staff, statuses: ['held'] }), ['Pier held for the desk']);

    await reviseStory(db(), story.id, draft({ headline: 'Boardwalk lights switched on' }), '2026-11-22T09:00:00.000Z');
    assert.deepEqual(await headlines(db(), 'pier'), []);
    assert.deepEqual(await headlines(db(), 'boardwalk'), ['Boardwalk lights switched on']);
    await withdrawStory(db(), story.id, { reason: 'Published in error' });
    assert.deepEqual(await headlines(db(), 'boardwalk'), []);
    assert.deepEqual(await headlines(db(), 'boardwalk', staff), ['Boardwalk lights switched on']);
    await setStoryStatus(db(), story.id, 'published');
    assert.deepEqual(await headlines(db(), 'boardwalk'), ['Boardwalk lights switched on']);
    assert.deepEqual(await searchIndexProblems(db()), []);
  });

  it('writes the same row again for an unchanged story, and builds rows for stories loaded without them', async () => {
    const story = await createStory(db(), draft({ headline: 'Tide tables for December' }));
    const before = await db().selectFrom('story_search').select(['doc_id', 'stamp', 'digest']).where('story_id', '=', story.id).executeTakeFirstOrThrow();
    await indexStories(db(), [story.id]);
    assert.deepEqual(await db().selectFrom('story_search').select(['doc_id', 'stamp', 'digest']).where('story_id', '=', story.id).executeTakeFirstOrThrow(), before);

    // As a bulk load or an upgraded site leaves them: stories with no search row.
    await db().deleteFrom('story_search').execute();
    assert.deepEqual(await headlines(db(), 'tide'), []);
    assert.ok((await syncSearchIndex(db())) > 0);
    assert.deepEqual(await headlines(db(), 'tide'), ['Tide tables for December']);
    assert.equal(await syncSearchIndex(db()), 0, 'nothing left to write');
    const all = await db().selectFrom('stories').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(await reindexSearch(db()), Number(all.n));
    assert.deepEqual(await searchIndexProblems(db()), []);
  });

  it('finds a row whose terms are gone from the index, and a rebuild writes them again', async () => {
    const story = await createStory(db(), draft({ headline: 'Lighthouse keeper retires' }));
    if (isPostgres(db())) await sql`update story_search set document = ''::tsvector where story_id = ${story.id}`.execute(db());
    else await sql`delete from story_fts where rowid = (select doc_id from story_search where story_id = ${story.id})`.execute(db());
    assert.deepEqual(await headlines(db(), 'lighthouse'), []);
    assert.deepEqual(await searchIndexProblems(db()), [{ storyId: story.id, problem: 'unindexed' }]);
    await reindexSearch(db());
    assert.deepEqual(await headlines(db(), 'lighthouse'), ['Lighthouse keeper retires']);
    assert.deepEqual(await searchIndexProblems(db()), []);
  });

  it('stems in the site language on PostgreSQL, rewriting the rows when it changes (SQLite stems English)', async () => {
    await createStory(db(), draft({ headline: 'Los coros cantaban en la plaza' }));
    assert.deepEqual(await headlines(db(), 'cantar'), []);
    await db().insertInto('settings').values({ key: 'language', value: 'es-MX' }).onConflict((oc) => oc.column('key').doUpdateSet({ value: 'es-MX' })).execute();
    await syncSearchIndex(db());
    if (isPostgres(db())) {
      assert.deepEqual(await headlines(db(), 'cantar'), ['Los coros cantaban en la plaza']);
      const recorded = await db().selectFrom('settings').select('value').where('key', '=', 'search.config').executeTakeFirstOrThrow();
      assert.equal(recorded.value, 'spanish');
    } else {
      assert.deepEqual(await headlines(db(), 'cantar'), []);
    }
    assert.deepEqual(await headlines(db(), 'cantaban'), ['Los coros cantaban en la plaza']);
    assert.deepEqual(await searchIndexProblems(db()), []);
    // Back to the default for whatever runs next on this database.
    await db().deleteFrom('settings').where('key', '=', 'language').execute();
    await syncSearchIndex(db());
  });
});
