import assert from 'node:assert/strict';
import { it } from 'node:test';
import { fromJson, jsonArrayFrom, precompiled, type Queryable } from '../../src/storage/index.ts';
import { describeEachDialect } from '../helpers/databases.ts';

const NOW = '2026-11-30T10:00:00.000Z';

describeEachDialect('precompiled queries and JSON reads', (get) => {
  const topicBySlug = precompiled((db: Queryable, slug: string) => db.selectFrom('topics').select(['id', 'name']).where('slug', '=', slug).where('name', '<>', 'never'));
  const topicsIn = precompiled((db: Queryable, slugs: readonly string[]) => db.selectFrom('topics').select('slug').where('slug', 'in', slugs).orderBy('slug'));

  it('runs one compiled query with each call\'s own arguments, keeping the builder\'s constants', async () => {
    const { db } = get().handle;
    for (const [slug, name] of [['weather', 'Weather'], ['sports', 'Sports'], ['schools', 'Schools']]) {
      await db.insertInto('topics').values({ id: `t-${slug}`, slug: slug!, name: name!, description: null, parent_id: null, nav_position: null, created_at: NOW }).execute();
    }
    assert.deepEqual(await topicBySlug(db, 'weather'), [{ id: 't-weather', name: 'Weather' }]);
    assert.deepEqual(await topicBySlug(db, 'sports'), [{ id: 't-sports', name: 'Sports' }]);
    assert.deepEqual(await topicBySlug(db, "sports' or '1'='1"), [], 'an argument is a value, never SQL');
    assert.deepEqual(await topicsIn(db, ['weather']), [{ slug: 'weather' }]);
    assert.deepEqual(await topicsIn(db, ['weather', 'schools', 'nope']), [{ slug: 'schools' }, { slug: 'weather' }], 'lists of another length compile apart');
    // Inside a transaction too (the same compiled SQL on the transaction's connection).
    await db.transaction().execute(async (tx) => {
      assert.deepEqual(await topicBySlug(tx, 'schools'), [{ id: 't-schools', name: 'Schools' }]);
    });
  });

  it('refuses a builder that changes an argument on its way into the query', async () => {
    const { db } = get().handle;
    const lowered = precompiled((q: Queryable, slug: string) => q.selectFrom('topics').select('id').where('slug', 'like', `${slug}%`));
    await assert.rejects(lowered(db, 'Weather'), /unchanged/);
  });

  it('gathers rows into JSON in the query and reads them back alike on both engines', async () => {
    const { db } = get().handle;
    const rows = await db
      .selectFrom('topics as t')
      .select(['t.slug'])
      .select((eb) => jsonArrayFrom(db, eb.selectFrom('topics as o').select(['o.slug', 'o.name']).where('o.slug', '<>', 'sports').whereRef('o.id', '=', 't.id')).as('same'))
      .where('t.slug', 'in', ['sports', 'weather'])
      .orderBy('t.slug')
      .execute();
    assert.deepEqual(
      rows.map((r) => ({ slug: r.slug, same: fromJson(r.same) })),
      [
        { slug: 'sports', same: [] },
        { slug: 'weather', same: [{ slug: 'weather', name: 'Weather' }] },
      ],
    );
    assert.equal(fromJson(null), null);
  });
});
