import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timeOrderedId } from './ids.ts';

test('time-ordered ids are RFC 9562 version 7 UUIDs carrying their millisecond', () => {
  const at = Date.parse('2026-11-28T06:30:00.123Z');
  const id = timeOrderedId(at);
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(parseInt(id.replace(/-/g, '').slice(0, 12), 16), at);
});

test('ids made later sort after earlier ones, and ids made in the same millisecond differ', () => {
  const start = Date.parse('2026-11-28T06:30:00Z');
  const ids = Array.from({ length: 200 }, (_, i) => timeOrderedId(start + i));
  assert.deepEqual([...ids].sort(), ids);
  const same = new Set(Array.from({ length: 1000 }, () => timeOrderedId(start)));
  assert.equal(same.size, 1000);
});

test('ids are monotonic: within one millisecond, past the 4,096 a millisecond holds, and when the clock steps back', () => {
  const at = Date.parse('2030-01-01T00:00:00Z');
  const ids = [...Array.from({ length: 5000 }, () => timeOrderedId(at)), timeOrderedId(at - 60_000), timeOrderedId(at + 5)];
  for (let i = 1; i < ids.length; i++) assert.ok(ids[i]! > ids[i - 1]!, `id ${i} sorts after id ${i - 1}`);
});
