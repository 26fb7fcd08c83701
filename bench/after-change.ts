// What a reader's request costs the server right after the newsroom or a commenter changed
// something on the page: during breaking news every request may follow a change, so the page
// cache misses. The benchmark makes the change itself (through its own database connection,
// so the write is not counted), then asks for the page, one request at a time, and divides
// the server's CPU time by the requests. The server runs with MASTHEAD_STAMP_TTL_MS=0, so
// it sees each change at once and reads every stamp on every request: the worst case.
import type { ChildProcess } from 'node:child_process';
import { sql } from 'kysely';
import type { Db } from '../src/storage/index.ts';
import { processCpuMicros } from './harness.ts';

export interface ChangeCost {
  name: string;
  requests: number;
  cpuMicros: number;
  wallMicros: number;
}

const WARM_UP = 300;

// Every change, in every benchmark of the run, moves its stamp past all the earlier ones.
let clock = 0;
const nextStamp = () => new Date(Date.UTC(2030, 0, 1) + ++clock).toISOString();
const REQUESTS = Number(process.env.BENCH_CHANGES || 3_000);

/** Moves a story's stamp, as an edit does (the page is keyed on modified_at). */
export function storyChange(db: Db, storyId: string) {
  return async () => {
    const at = nextStamp();
    await db.updateTable('stories').set({ modified_at: at }).where('id', '=', storyId).execute();
  };
}

/** Moves a thread's stamp, as a new comment does. */
export function threadChange(db: Db, storyId: string) {
  return async () => {
    const at = nextStamp();
    await db
      .insertInto('comment_threads')
      .values({ story_id: storyId, modified_at: at })
      .onConflict((oc) => oc.column('story_id').doUpdateSet({ modified_at: at }))
      .execute();
  };
}

async function get(url: string): Promise<void> {
  const response = await fetch(url);
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
}

export interface ChangeTarget {
  url: string;
  change: () => Promise<void>;
}

/**
 * Each target is a reader on one page and the change before each of their requests; targets
 * run side by side (a busy site during breaking news: several stories changing at once, each
 * read right after), so the server's CPU per request is not just the cost of waking up for one
 * request at a time.
 */
export async function costAfterChange(name: string, server: ChildProcess, targets: ChangeTarget[]): Promise<ChangeCost> {
  const perTarget = Math.ceil(REQUESTS / targets.length);
  const run = (count: number) =>
    Promise.all(
      targets.map(async (target) => {
        let wall = 0;
        for (let i = 0; i < count; i++) {
          await target.change();
          const start = performance.now();
          await get(target.url);
          wall += performance.now() - start;
        }
        return wall;
      }),
    );
  await run(Math.ceil(WARM_UP / targets.length));
  // The whole run's server CPU: the server does nothing else meanwhile (the changes are made
  // behind its back), and /proc counts in 10 ms ticks, too coarse for one request.
  const cpuBefore = processCpuMicros(server.pid);
  const walls = await run(perTarget);
  const cpuAfter = processCpuMicros(server.pid);
  if (cpuBefore === null || cpuAfter === null) throw new Error("the server's CPU time cannot be read (Linux /proc only)");
  const requests = perTarget * targets.length;
  const wall = walls.reduce((a, b) => a + b, 0);
  const result = { name, requests, cpuMicros: Math.round((cpuAfter - cpuBefore) / requests), wallMicros: Math.round((wall / requests) * 1000) };
  console.log(`  ${name}: server CPU ${result.cpuMicros} µs/request, wall ${result.wallMicros} µs (${requests} requests from ${targets.length} readers, each after a change)`);
  return result;
}

/** Any story's change moves the stamp the home page is keyed on. */
export function anyStoryChange(db: Db) {
  return async () => {
    const at = nextStamp();
    await sql`update stories set modified_at = ${at} where id = (select id from stories order by published_at desc limit 1)`.execute(db);
  };
}
