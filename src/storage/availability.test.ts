import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDatabaseUnavailable } from './availability.ts';

describe('isDatabaseUnavailable', () => {
  it('recognises network and server-shutdown failures', () => {
    assert.equal(isDatabaseUnavailable(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })), true);
    assert.equal(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '57P01' })), true);
    assert.equal(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '08006' })), true);
    assert.equal(isDatabaseUnavailable(new Error('Connection terminated unexpectedly')), true);
    assert.equal(isDatabaseUnavailable(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'SQLITE_IOERR_READ' }) })), true);
  });

  it('leaves query bugs and constraint errors alone', () => {
    assert.equal(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '23505' })), false);
    assert.equal(isDatabaseUnavailable(Object.assign(new Error('x'), { code: 'SQLITE_CONSTRAINT_UNIQUE' })), false);
    assert.equal(isDatabaseUnavailable(new TypeError('undefined is not a function')), false);
    assert.equal(isDatabaseUnavailable(undefined), false);
  });
});
