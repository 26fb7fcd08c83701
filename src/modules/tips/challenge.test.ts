import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSolution, createChallenge, solutionText, solveChallenge } from './challenge.ts';

describe('the tip form’s proof of work', () => {
  it('has one answer below its maximum, found by trying', () => {
    const secret = Buffer.alloc(32, 1);
    const challenge = createChallenge(secret);
    const n = solveChallenge(challenge);
    assert.ok(n >= 0 && n <= challenge.max);
    assert.match(solutionText(challenge, n), /^[0-9a-f]{24}\.\d{13}:\d+:[0-9a-f]{64}$/);
  });
});

describe('checking a proof of work', () => {
  it('takes the right number, refuses a wrong one, a forged signature and an expired salt', () => {
    const secret = Buffer.alloc(32, 2);
    const challenge = createChallenge(secret);
    const n = solveChallenge(challenge);
    assert.equal(checkSolution(secret, solutionText(challenge, n)).kind, 'checked');
    assert.equal(checkSolution(secret, solutionText(challenge, n + 1)).kind, 'invalid');
    assert.equal(checkSolution(Buffer.alloc(32, 3), solutionText(challenge, n)).kind, 'invalid');
    assert.equal(checkSolution(secret, undefined).kind, 'missing');
    assert.equal(checkSolution(secret, 'nonsense').kind, 'invalid');
    const old = createChallenge(secret, Date.now() - 3 * 3600_000);
    assert.equal(checkSolution(secret, solutionText(old, solveChallenge(old))).kind, 'invalid');
  });
});
