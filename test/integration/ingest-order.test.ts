// Deliveries in any order (issue #13): the copies of one item — versions, corrections,
// withholds, kills and repeats — end in the same story whatever order they arrive in. Each
// scenario is written three ways (with version numbers, with only times, with neither); every
// one is delivered in its own order and in shuffled orders from a fixed seed, each order to its
// own item id, and every end state must equal the in-order one.
import assert from 'node:assert/strict';
import path from 'node:path';
import { it } from 'node:test';
import { folderPictureFetcher, ingestPayload, upsertSource, type Source } from '../../src/modules/ingest/index.ts';
import { describeEachDialect } from '../helpers/databases.ts';

type Mode = 'numbers' | 'times' | 'neither';
type Copy = { step: number; status?: 'withheld' | 'canceled'; headline?: string; body?: string; ednote?: string };

const FIRST = '2026-11-20T08:00:00.000Z';

/** One copy as ninjs, numbered and timed by its step as the mode allows. */
function ninjs(guid: string, mode: Mode, copy: Copy): Record<string, unknown> {
  const at = new Date(Date.parse(FIRST) + copy.step * 37 * 60_000).toISOString();
  return {
    uri: guid,
    type: 'text',
    ...(mode === 'numbers' ? { version: String(copy.step), versioncreated: at } : mode === 'times' ? { versioncreated: at } : {}),
    ...(copy.status ? { pubstatus: copy.status } : {}),
    headlines: [{ role: 'main', value: copy.headline ?? 'Gale closes the harbour road' }],
    bodies: [{ role: 'main', contenttype: 'text/html', value: copy.body ?? '<p>The harbour road is closed.</p>' }],
    ...(copy.ednote ? { ednote: copy.ednote } : {}),
    subjects: [{ name: 'World' }],
  };
}

const SCENARIOS: Record<string, Copy[]> = {
  'versions, a corrected copy, a withhold and a later correction': [
    { step: 1 },
    { step: 2, headline: 'CORRECTED-Gale closes the harbour road', body: '<p>The harbour road is closed until Friday.</p>' },
    { step: 3, status: 'withheld', body: '<p>The harbour road is closed until Friday.</p>' },
    { step: 4, body: '<p>The harbour road is closed until Saturday.</p>', ednote: 'Corrects the day the road reopens.' },
    { step: 2, headline: 'CORRECTED-Gale closes the harbour road', body: '<p>The harbour road is closed until Friday.</p>' },
  ],
  'the same copies, then a kill': [
    { step: 1 },
    { step: 2, body: '<p>The harbour road is closed until Friday.</p>' },
    { step: 3, status: 'withheld', body: '<p>The harbour road is closed until Friday.</p>' },
    { step: 4, body: '<p>The harbour road is closed until Saturday.</p>', ednote: 'Corrects the day the road reopens.' },
    { step: 5, status: 'canceled' },
  ],
  'a kill, then the item issued again': [
    { step: 1 },
    { step: 2, status: 'canceled' },
    { step: 3, headline: 'Harbour road reopens after the gale', body: '<p>The road reopened at noon.</p>' },
    { step: 1 },
  ],
};

/** Deterministic shuffles (mulberry32): the same orders on every run and both engines. */
function shuffles<T>(items: T[], count: number, seed: number): T[][] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () => {
    const order = [...items];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    return order;
  });
}

describeEachDialect('wire copies in any order', (db) => {
  let source: Source;
  let n = 0;

  /** Delivers the copies one payload each, in this order, to a new item id; returns its end state. */
  async function deliver(mode: Mode, copies: Copy[], together = false) {
    const guid = `urn:order:${mode}:${n++}`;
    // Together: one payload listing every copy, applied as one chunk in one transaction.
    const payloads = together ? [copies.map((copy) => ninjs(guid, mode, copy))] : copies.map((copy) => ninjs(guid, mode, copy));
    for (const payload of payloads) {
      await ingestPayload(
        { db: db().handle.db, mediaDir: path.join(db().dir, 'media') },
        { source, bytes: Buffer.from(JSON.stringify(payload)), transport: 'file', origin: 'order.json', fetchPicture: folderPictureFetcher(db().dir) },
      );
    }
    const story = await db().handle.db.selectFrom('stories').selectAll().where('source_id', '=', source.id).where('origin_guid', '=', guid).executeTakeFirst();
    if (!story) return { stored: false };
    const corrections = await db().handle.db.selectFrom('story_corrections').select(['note', 'noted_at']).where('story_id', '=', story.id).execute();
    // With neither number nor time, the only clock is the receiving one: times are not compared.
    const timed = mode !== 'neither';
    return {
      stored: true,
      status: story.status,
      headline: story.headline,
      body: story.body_html,
      publishedAt: timed ? story.published_at : '',
      updatedAt: timed ? story.updated_at : '',
      withdrawnAt: timed ? story.withdrawn_at : story.withdrawn_at === null,
      withdrawnReason: story.withdrawn_reason,
      corrections: corrections.map((c) => `${timed ? c.noted_at : ''} ${c.note}`).sort(),
    };
  }

  it('has a source', async () => {
    source = await upsertSource(db().handle.db, { slug: 'order-wire', name: 'Order Wire', shortName: 'OW', kind: 'wire', defaultRights: null, canonicalPolicy: 'original' });
  });

  for (const [name, copies] of Object.entries(SCENARIOS)) {
    for (const mode of ['numbers', 'times', 'neither'] as const) {
      it(`converges: ${name}, with ${mode === 'neither' ? 'neither numbers nor times' : mode === 'numbers' ? 'version numbers' : 'only times'}`, async () => {
        const expected = await deliver(mode, copies);
        assert.equal(expected.stored, true);
        const orders = [[...copies].reverse(), ...shuffles(copies, 10, 0x5eed + copies.length)];
        for (const [i, order] of orders.entries()) {
          const together = i % 2 === 1;
          assert.deepEqual(await deliver(mode, order, together), expected, `order ${order.map((c) => `${c.step}${c.status?.[0] ?? ''}`).join(', ')}${together ? ' in one payload' : ''}`);
        }
      });
    }
  }

  it('ends where the wire meant, when it numbered its copies', async () => {
    const [corrected, killed, reissued] = await Promise.all(Object.values(SCENARIOS).map((copies) => deliver('numbers', [...copies].reverse())));
    assert.equal(corrected?.status, 'published', 'the withhold was lifted by the newer copy');
    assert.equal(corrected?.body, '<p>The harbour road is closed until Saturday.</p>');
    assert.equal(corrected?.headline, 'Gale closes the harbour road');
    assert.deepEqual(
      corrected?.corrections?.map((c) => c.replace(/^\S+ /, '')),
      ['An earlier version of this story contained an error that has been corrected.', 'Corrects the day the road reopens.'],
    );
    assert.equal(killed?.status, 'withdrawn');
    assert.equal(killed?.withdrawnReason, 'Order Wire withdrew this story.');
    assert.equal(reissued?.status, 'published');
    assert.equal(reissued?.headline, 'Harbour road reopens after the gale');
  });

  it('keeps a kill that comes before its item as a tombstone: the item never appears', async () => {
    const guid = 'urn:order:tombstone';
    const receive = (copy: Copy) =>
      ingestPayload(
        { db: db().handle.db, mediaDir: path.join(db().dir, 'media') },
        { source, bytes: Buffer.from(JSON.stringify(ninjs(guid, 'numbers', copy))), transport: 'file', origin: 'order.json', fetchPicture: folderPictureFetcher(db().dir) },
      );
    const kill = await receive({ step: 2, status: 'canceled' });
    assert.deepEqual(kill.items.map((i) => [i.outcome, i.storyId]), [['withdrawn', null]]);
    assert.match(kill.items[0]?.reason ?? '', /before it arrived/);
    const late = await receive({ step: 1 });
    assert.equal(late.items[0]?.outcome, 'withdrawn');
    const story = await db().handle.db.selectFrom('stories').select(['status', 'slug']).where('origin_guid', '=', guid).executeTakeFirstOrThrow();
    assert.equal(story.status, 'withdrawn');
    const tombstones = await db().handle.db.selectFrom('wire_tombstones').select('guid').where('guid', '=', guid).execute();
    assert.deepEqual(tombstones, [], 'the story carries the kill now');
  });
});
