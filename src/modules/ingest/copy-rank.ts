// Which of two wire copies of one item is the newer, decided from the copies alone, never from
// the order they arrived in (decision 0018): so versions, corrections, withholds and kills
// converge to the same story whatever order a wire, a retry or a backfill delivers them.
//
// A copy's rank, compared as a string, is:
//   1. its version: the wire's number, else its time in minutes (as feeds are numbered), else 0;
//   2. its standing: a cancel outranks a withhold, which outranks usable copy, at the same
//      version (wires do not always number their kill notices);
//   3. its time, to the millisecond;
//   4. its text's hash: two different texts with the same version and time (or with neither)
//      give the wire no order, so every instance and every order picks the same one.
import type { PubStatus, WireItem } from './wire-item.ts';

export type CopyRank = string;

const STANDING: Record<PubStatus, number> = { usable: 0, withheld: 1, canceled: 2 };
const NO_TIME = '0000-00-00T00:00:00.000Z';
const MINUTES_FROM = Date.UTC(2000, 0, 1);

/** The number a copy is ordered by first (the same scale feeds use for versions from times). */
export function primaryVersion(item: Pick<WireItem, 'version' | 'versionCreated'>): number {
  if (item.version !== null) return item.version;
  const time = item.versionCreated ? Date.parse(item.versionCreated) : Number.NaN;
  return Number.isNaN(time) ? 0 : Math.max(0, Math.floor((time - MINUTES_FROM) / 60_000));
}

function encode(version: number, standing: number, time: string | null, hash: string): CopyRank {
  return `${String(Math.max(0, Math.min(version, 9_999_999_999_999))).padStart(13, '0')}|${standing}|${time ?? NO_TIME}|${hash}`;
}

export function rankOf(item: WireItem, hash: string): CopyRank {
  const time = item.versionCreated && !Number.isNaN(Date.parse(item.versionCreated)) ? new Date(item.versionCreated).toISOString() : null;
  return encode(primaryVersion(item), STANDING[item.pubStatus], time, hash);
}

/**
 * The rank of a story ingested before ranks were kept: its version and standing, no time, its
 * stored hash. A copy that carries the same version and text is then the same copy.
 */
export function legacyRank(version: number, status: string, hash: string | null): CopyRank {
  return encode(version, status === 'withdrawn' ? STANDING.canceled : status === 'withheld' ? STANDING.withheld : STANDING.usable, null, hash ?? '');
}

/** The rank's version, for messages ("version 3 is older than 5"). */
export const rankVersion = (rank: CopyRank): number => Number(rank.slice(0, 13));
