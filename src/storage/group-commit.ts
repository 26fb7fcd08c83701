// Group commit: short write transactions that arrive together share one database transaction
// and so one commit. On SQLite a commit appends every page it touched to the WAL and drives the
// checkpoints; forty comments posted in the same instant touch the same few index pages, so one
// commit for the burst writes a fraction of what forty would.
import type { Db, Tx } from './database.ts';

export interface GroupCommit {
  /**
   * Runs `work` in a transaction shared with whatever else arrived in the same turn of the event
   * loop. Resolves after the commit, so callers announce their change only once it is durable.
   * `work` must touch only the database: if any job in a group fails, the group is rolled back
   * and each job runs again alone, so one bad job fails only its own caller.
   */
  run<T>(work: (tx: Tx) => Promise<T>, lockKey?: string): Promise<T>;
}

interface Job {
  work: (tx: Tx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  lockKey: string | undefined;
}

export interface GroupCommitOptions {
  maxGroup?: number;
  /**
   * Runs first in each group's transaction with the jobs' lock keys (sorted, once each): one
   * statement locks what every job needs, so two processes' groups wait for each other in the
   * same order, and the jobs' own reads see what the other committed.
   */
  lock?: (tx: Tx, keys: string[]) => Promise<void>;
}

export function groupCommit(db: Db, options: GroupCommitOptions = {}): GroupCommit {
  const maxGroup = options.maxGroup ?? 64;
  let queue: Job[] = [];
  let scheduled = false;
  let writing = false;

  function schedule() {
    if (scheduled || writing || queue.length === 0) return;
    scheduled = true;
    // setImmediate, not a microtask: requests whose bytes arrived in the same poll of the event
    // loop all reach this queue before the group is written.
    setImmediate(() => {
      scheduled = false;
      void flush();
    });
  }

  const lockFor = async (tx: Tx, jobs: Job[]) => {
    const keys = [...new Set(jobs.flatMap((j) => (j.lockKey === undefined ? [] : [j.lockKey])))].sort();
    if (options.lock && keys.length > 0) await options.lock(tx, keys);
  };

  async function runAlone(job: Job) {
    try {
      job.resolve(
        await db.transaction().execute(async (tx) => {
          await lockFor(tx, [job]);
          return job.work(tx);
        }),
      );
    } catch (error) {
      job.reject(error);
    }
  }

  async function flush() {
    const group = queue.slice(0, maxGroup);
    queue = queue.slice(group.length);
    writing = true;
    try {
      if (group.length === 1) {
        await runAlone(group[0]!);
        return;
      }
      let values: unknown[];
      try {
        values = await db.transaction().execute(async (tx) => {
          await lockFor(tx, group);
          const out: unknown[] = [];
          for (const job of group) out.push(await job.work(tx));
          return out;
        });
      } catch {
        for (const job of group) await runAlone(job);
        return;
      }
      group.forEach((job, i) => job.resolve(values[i]));
    } finally {
      writing = false;
      schedule();
    }
  }

  return {
    run<T>(work: (tx: Tx) => Promise<T>, lockKey?: string): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject, lockKey });
        schedule();
      });
    },
  };
}
