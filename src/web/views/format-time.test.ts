import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDateTime, formatShortDate, safeTimeZone, zonedWallClock } from './format-time.ts';

describe('time formatting', () => {
  it('formats in the station time zone', () => {
    assert.equal(formatDateTime('2026-11-25T16:10:00Z', 'America/Los_Angeles'), '8:10 AM PST, Wed November 25, 2026');
    assert.equal(formatShortDate('2026-11-25T06:10:00Z', 'America/Los_Angeles'), 'Nov 24, 2026');
  });

  it('falls back to UTC for unknown zones', () => {
    assert.equal(safeTimeZone('Mars/Olympus'), 'UTC');
    assert.equal(safeTimeZone('Europe/Oslo'), 'Europe/Oslo');
  });
  it('reads a wall-clock time in the station zone, across a change of offset', () => {
    assert.equal(zonedWallClock('2026-12-24T18:30', 'America/Chicago')?.toISOString(), '2026-12-25T00:30:00.000Z');
    assert.equal(zonedWallClock('2026-07-04T09:00', 'America/Chicago')?.toISOString(), '2026-07-04T14:00:00.000Z');
    assert.equal(zonedWallClock('2026-07-04T09:00', 'UTC')?.toISOString(), '2026-07-04T09:00:00.000Z');
    assert.equal(zonedWallClock('tomorrow at nine', 'UTC'), null);
  });
});
