import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { repeat } from './repeat.ts';

describe('repeat', () => {
  it('runs on its timer, shares a pass in progress, and stops', async () => {
    let runs = 0;
    const errors: unknown[] = [];
    const job = repeat(
      async () => {
        runs++;
        await new Promise((r) => setTimeout(r, 30));
        return runs;
      },
      10,
      (e) => errors.push(e),
    );
    const [a, b] = await Promise.all([job.runOnce(), job.runOnce()]);
    assert.equal(a, b, 'two callers share one pass');
    await new Promise((r) => setTimeout(r, 300));
    await job.stop();
    const after = runs;
    assert.ok(after >= 2, `the timer ran it again (${after} runs)`);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(runs, after, 'no runs after stop()');
    assert.deepEqual(errors, []);
  });

  it('waits for a pass in progress when stopped', async () => {
    let finished = false;
    const job = repeat(
      async () => {
        await new Promise((r) => setTimeout(r, 50));
        finished = true;
      },
      60_000,
      () => {},
    );
    void job.runOnce();
    await job.stop();
    assert.equal(finished, true);
  });

  it('reports a failing pass and keeps going', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const job = repeat(async () => {
      runs++;
      throw new Error('database away');
    }, 10, (e) => errors.push(e));
    await new Promise((r) => setTimeout(r, 200));
    await job.stop();
    assert.ok(runs >= 2 && errors.length >= 2);
  });
});
