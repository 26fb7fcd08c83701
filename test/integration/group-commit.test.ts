import assert from 'node:assert/strict';
import { it } from 'node:test';
import { groupCommit, type Tx } from '../../src/storage/index.ts';
import { describeEachDialect } from '../helpers/databases.ts';

let counter = 0;

describeEachDialect('group commit', (database) => {
  const db = () => database().handle.db;
  const key = () => `group-commit-${++counter}`;
  const write = (k: string) => async (tx: Tx) => {
    await tx.insertInto('settings').values({ key: k, value: 'written' }).execute();
    return tx;
  };
  const stored = async (keys: string[]) =>
    (await db().selectFrom('settings').select('key').where('key', 'in', keys).execute()).map((r) => r.key).sort();

  it('writes jobs that arrive together in one transaction, and answers each only after the commit', async () => {
    const commits = groupCommit(db());
    const keys = [key(), key(), key(), key()];
    const seenAfterCommit: string[][] = [];
    const txs = await Promise.all(
      keys.map((k) =>
        commits.run(write(k)).then(async (tx) => {
          // Another connection (PostgreSQL) or the same one outside the transaction sees the row.
          seenAfterCommit.push(await stored([k]));
          return tx;
        }),
      ),
    );
    assert.equal(new Set(txs).size, 1, 'all four ran in the same transaction');
    assert.deepEqual(seenAfterCommit.sort(), keys.map((k) => [k]).sort());
  });

  it('fails only the job that failed: the rest of its group is written', async () => {
    const commits = groupCommit(db());
    const good = [key(), key(), key()];
    const bad = key();
    const results = await Promise.allSettled([
      commits.run(write(good[0]!)),
      commits.run(async (tx) => {
        await write(bad)(tx);
        throw new Error('this job changes its mind');
      }),
      commits.run(write(good[1]!)),
      // The same key twice: the database refuses the second insert.
      commits.run(write(good[2]!)),
      commits.run(write(good[2]!)),
    ]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'rejected']);
    assert.match(String((results[1] as PromiseRejectedResult).reason), /changes its mind/);
    assert.deepEqual(await stored([...good, bad]), [...good].sort());
  });

  it('keeps jobs that arrive while a group is being written for the next group, up to the group size', async () => {
    const commits = groupCommit(db(), { maxGroup: 3 });
    const keys = Array.from({ length: 7 }, key);
    const first = keys.slice(0, 5).map((k) => commits.run(write(k)));
    // Queued while the first group's transaction is open.
    await new Promise((resolve) => setImmediate(resolve));
    const late = keys.slice(5).map((k) => commits.run(write(k)));
    const txs = await Promise.all([...first, ...late]);
    assert.equal(new Set(txs.slice(0, 3)).size, 1, 'the first three share a transaction');
    assert.notEqual(txs[3], txs[0], 'the fourth waited for the next group');
    assert.equal(new Set(txs).size, 3, 'seven jobs in groups of at most three');
    assert.deepEqual(await stored(keys), [...keys].sort());
  });
});
