import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';

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
});
