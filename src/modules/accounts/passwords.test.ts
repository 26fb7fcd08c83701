import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashingLoad, hashPassword, passwordProblem, verifyPassword } from './passwords.ts';

describe('passwords', () => {
  it('hashes with scrypt and verifies only the right password', async () => {
    const hash = await hashPassword('river-bridge-lantern');
    assert.match(hash, /^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]+$/);
    assert.notEqual(hash, await hashPassword('river-bridge-lantern'), 'each hash has its own salt');
    assert.equal(await verifyPassword('river-bridge-lantern', hash), true);
    assert.equal(await verifyPassword('river-bridge-lantern!', hash), false);
    assert.equal(await verifyPassword('x', 'not-a-hash'), false);
  });

  it('refuses short, common, repeated, sequential and email-based passwords', () => {
    assert.match(passwordProblem('short') ?? '', /at least 10/);
    assert.match(passwordProblem('Password123') ?? '', /most common/);
    assert.match(passwordProblem('zzzzzzzzzzzz') ?? '', /repeats/);
    assert.match(passwordProblem('123456789012') ?? '', /sequence/);
    assert.match(passwordProblem('dana.ortiz-2026', { email: 'dana.ortiz@example.org' }) ?? '', /email address/);
    assert.equal(passwordProblem('lantern over the ferry'), null);
  });

  // Security review #10.11: scrypt shares libuv's thread pool with file reads.
  it('runs at most two hashes at once and queues the rest', async () => {
    const stored = await hashPassword('lantern over the ferry');
    const checks = Array.from({ length: 10 }, (_, i) => verifyPassword(i === 9 ? 'lantern over the ferry' : `wrong ${i}`, stored));
    assert.deepEqual(hashingLoad(), { running: 2, waiting: 8 });
    const results = await Promise.all(checks);
    assert.deepEqual(results, [...Array(9).fill(false), true]);
    assert.deepEqual(hashingLoad(), { running: 0, waiting: 0 });
  });
});
