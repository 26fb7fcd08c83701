// The conversation under load: comments posted through the whole pipeline over HTTP by 50
// writers at once, 1,000 readers on one story's live stream, and a story page with 5,000
// comments rendered without the page cache.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createConversation } from '../src/modules/comments/index.ts';
import { addWords, saveModerationSettings } from '../src/modules/moderation/index.ts';
import { createStory } from '../src/modules/stories/index.ts';
import { createDb, migrateToLatest, type Db } from '../src/storage/index.ts';
import { makeSessions } from './sessions.ts';
import { CONNECTIONS, load, percentile, postgresCpuMicros, processCpuMicros, ROOT, RUNS, startSite, stop, type Measure } from './harness.ts';

const WRITERS = 50;
const WRITE_SECONDS = Number(process.env.BENCH_SECONDS || 5);
const LISTENERS = Number(process.env.BENCH_LISTENERS || 1000);
const LIVE_COMMENTS = 20;
const BIG_THREAD = 5000;

export interface CommentBench {
  dialect: 'sqlite' | 'postgres';
  /** As fast as 50 writers can go. */
  posting: Posting;
  /** 500 a second on a schedule, from the same 50 writers. */
  paced: Posting;
  live: { connections: number; comments: number; deliveries: number; p50: number; p99: number; max: number; peakRssMb: number; idleRssMb: number };
  bigThread: Measure;
}

interface Posting {
  perSecond: number;
  p50: number;
  p99: number;
  /** For the paced runs: every run's p99, the reported one being their median. */
  runsP99?: number[];
  requests: number;
  statuses: Record<string, number>;
  /** CPU per post: the app server's, and PostgreSQL's backends' (null on SQLite). */
  serverCpuMicros?: number;
  databaseCpuMicros?: number | null;
}

/** The paced rate each engine is held to: SQLite 500 comments/s, PostgreSQL 1,000 (p99 < 50 ms both). */
const PACED_RATE = { sqlite: 500, postgres: 1000 } as const;

interface Session {
  name: string;
  token: string;
  csrf: string;
}

/** Readers signed in directly in the database: the benchmark measures posting, not sign-in. */
const makeReaders = async (db: Db, count: number, prefix: string): Promise<Session[]> => makeSessions(db, count, { prefix, label: 'Bench Reader', role: 'reader' });

function runJsonChild(script: string, env: Record<string, string>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bench', 'load', script)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => {
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? ''));
      } catch {
        reject(new Error(`${script} exited ${code}: ${out.slice(0, 300)}`));
      }
    });
  });
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}


async function measureLive(site: { child: ChildProcess; url: string }, slug: string, poster: Session): Promise<CommentBench['live']> {
  const listeners = spawn(process.execPath, [path.join(ROOT, 'bench', 'load', 'sse-listeners.mjs')], {
    env: { ...process.env, BENCH_LISTENERS: JSON.stringify({ url: `${site.url}/stories/${slug}/comments/live`, connections: LISTENERS }) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  listeners.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`listeners not ready: ${out}`)), 60_000);
    const check = setInterval(() => {
      if (out.includes('ready')) {
        clearInterval(check);
        clearTimeout(timer);
        resolve();
      }
    }, 20);
  });
  const pid = site.child.pid ?? 0;
  const idleRssMb = rssMb(pid);
  let peakRssMb = idleRssMb;
  const sampler = setInterval(() => (peakRssMb = Math.max(peakRssMb, rssMb(pid))), 50);
  const sentAt = new Map<string, number>();
  for (let i = 0; i < LIVE_COMMENTS; i++) {
    const started = Date.now();
    const res = await fetch(`${site.url}/stories/${slug}/comments`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `mh_session=${poster.token}` },
      body: new URLSearchParams({ _csrf: poster.csrf, body: `Live update number ${i}: the river is still rising at the Mill Street gauge.` }).toString(),
    });
    const id = /comment-([0-9a-f-]{36})/.exec(res.headers.get('location') ?? '')?.[1];
    if (!id) throw new Error(`live post ${i} answered ${res.status}`);
    sentAt.set(id, started);
    await new Promise((r) => setTimeout(r, 250));
  }
  await new Promise((r) => setTimeout(r, 1500));
  clearInterval(sampler);
  const done = new Promise<void>((resolve) => listeners.on('exit', () => resolve()));
  listeners.stdin.write('stop\n');
  await done;
  const result = JSON.parse(out.split('\n').filter((l) => l.startsWith('{')).pop() ?? '{}') as { seen: Record<string, number[]>; failed: number; ready: number };
  const delays: number[] = [];
  for (const [id, started] of sentAt) for (const at of result.seen[id] ?? []) delays.push(at - started);
  delays.sort((a, b) => a - b);
  return {
    connections: result.ready,
    comments: sentAt.size,
    deliveries: delays.length,
    p50: percentile(delays, 50),
    p99: percentile(delays, 99),
    max: delays[delays.length - 1] ?? 0,
    peakRssMb,
    idleRssMb,
  };
}

export async function benchComments(dialect: 'sqlite' | 'postgres', databaseUrl: string): Promise<CommentBench> {
  console.log(`\ncomments (${dialect})`);
  const handle = await createDb({ database: dialect === 'sqlite' ? { kind: 'sqlite', file: databaseUrl.slice(7) } : { kind: 'postgres', url: databaseUrl } });
  await migrateToLatest(handle.db);
  const db = handle.db;
  const mod = { id: 'bench', name: 'Bench' };
  // A realistic policy: word lists to match against, limits loose enough for 50 busy writers.
  await saveModerationSettings(db, { perMinute: '1000', linksNeedApproved: '0' });
  await addWords(db, mod, 'banned', ['scumbag', 'shut your mouth', 'slimeball', 'dirtbag']);
  await addWords(db, mod, 'suspect', ['scam', 'cover-up', 'rigged', 'corrupt']);
  await addWords(db, mod, 'toxic', ['idiot', 'moron', 'stupid', 'pathetic', 'loser', 'clown']);
  const story = (headline: string) => createStory(db, { headline, bodyHtml: '<p>A story for the benchmark.</p>', authors: [], topics: [], publishedAt: '2026-11-27T09:00:00Z' });
  const hot = await story('Comments pour in on the bridge vote');
  const live = await story('Live: the river crests tonight');
  const big = await story('The story with five thousand comments');
  const writers = await makeReaders(db, WRITERS, 'writer');
  const [poster] = await makeReaders(db, 1, 'poster');
  if (!poster) throw new Error('no poster');

  // 5,000 comments through the pipeline, a third of them replies, dated a few seconds apart.
  const seedStart = performance.now();
  const authors = await makeReaders(db, 100, 'thread');
  const authorIds = (await db.selectFrom('users').select('id').where('email', 'like', 'thread%').execute()).map((r) => r.id);
  let clock = Date.parse('2026-11-27T10:00:00Z');
  const conversation = createConversation({ db, now: () => new Date(clock), wordListTtlMs: 60_000 });
  const roots: string[] = [];
  for (let i = 0; i < BIG_THREAD; i++) {
    clock += 3000;
    const parentId = i % 3 === 2 && roots.length > 0 ? roots[(i * 7) % roots.length] : null;
    const result = await conversation.post({ storyId: big.id, userId: authorIds[i % authorIds.length] ?? '', body: `Thread comment ${i} about the flood barriers and what they cost the county.`, parentId: parentId ?? null });
    if ('comment' in result && !parentId) roots.push(result.comment.id);
  }
  console.log(`  seeded ${BIG_THREAD} comments in ${((performance.now() - seedStart) / 1000).toFixed(1)} s (${authors.length} writers)`);
  await handle.close();

  const site = await startSite(databaseUrl);
  try {
    const write = async (rate: number | null) => {
      const server = processCpuMicros(site.child.pid);
      const database = dialect === 'postgres' ? postgresCpuMicros() : null;
      const posting = (await runJsonChild('comment-writers.mjs', { BENCH_WRITERS: JSON.stringify({ url: site.url, story: hot.slug, sessions: writers, seconds: WRITE_SECONDS, rate }) })) as Posting;
      const posts = Math.max(posting.requests, 1);
      posting.serverCpuMicros = Math.round(((processCpuMicros(site.child.pid) ?? 0) - (server ?? 0)) / posts);
      posting.databaseCpuMicros = database === null ? null : Math.round((postgresCpuMicros() - database) / posts);
      return posting;
    };
    const say = (label: string, p: Posting) =>
      console.log(
        `  ${label}: ${Math.round(p.perSecond)} comments/s, p50 ${p.p50.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms, server CPU ${p.serverCpuMicros} µs/post${(p.databaseCpuMicros !== null && p.databaseCpuMicros !== undefined) ? `, PostgreSQL ${p.databaseCpuMicros} µs/post` : ''}, statuses ${JSON.stringify(p.statuses)}`,
      );
    // A warm-up, then RUNS paced runs (the target; the median run by p99 is reported), then flat out.
    const rate = PACED_RATE[dialect];
    await write(rate);
    const pacedRuns: Posting[] = [];
    for (let i = 0; i < RUNS; i++) {
      pacedRuns.push(await write(rate));
      say(`paced at ${rate}/s (${WRITERS} writers, ${WRITE_SECONDS} s), run ${i + 1}`, pacedRuns[i]!);
    }
    const paced = [...pacedRuns].sort((a, b) => a.p99 - b.p99)[Math.floor(pacedRuns.length / 2)]!;
    paced.runsP99 = pacedRuns.map((r) => Math.round(r.p99));
    const posting = await write(null);
    say(`flat out (${WRITERS} writers, ${WRITE_SECONDS} s)`, posting);

    const liveResult = await measureLive(site, live.slug, poster);
    console.log(`  live: ${liveResult.connections} streams, ${liveResult.deliveries} deliveries of ${liveResult.comments} comments, p50 ${liveResult.p50} ms, p99 ${liveResult.p99} ms, max ${liveResult.max} ms; server RSS ${liveResult.idleRssMb} MB idle, ${liveResult.peakRssMb} MB peak`);
    await stop(site.child);
    // Without the page cache: every request renders the page, as after each new comment.
    const uncached = await startSite(databaseUrl, { MASTHEAD_PAGE_CACHE_MB: '0' });
    const bigThread = await load(`story page, ${BIG_THREAD.toLocaleString('en-US')} comments, page cache off`, `${uncached.url}/stories/${big.slug}`);
    await stop(uncached.child);
    return { dialect, posting, paced, live: liveResult, bigThread };
  } finally {
    await stop(site.child);
  }
}

function verdict(ok: boolean): string {
  return ok ? 'met' : '**missed**';
}

export function commentsReport(results: CommentBench[]): string[] {
  const lines = ['', '## The conversation', '', '| engine | measure | figure | target | verdict |', '|---|---|---|---|---|'];
  for (const r of results) {
    const rate = PACED_RATE[r.dialect];
    const unpublished = (p: Posting) => Object.entries(p.statuses).filter(([status]) => status !== '303').reduce((n, [, v]) => n + v, 0);
    const figure = (p: Posting) =>
      `${Math.round(p.perSecond)} comments/s, p50 ${p.p50.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms, CPU per post: server ${p.serverCpuMicros ?? '?'} µs${(p.databaseCpuMicros !== null && p.databaseCpuMicros !== undefined) ? `, PostgreSQL ${p.databaseCpuMicros} µs` : ''} (${p.requests} posts, ${unpublished(p)} not published${p.runsP99 ? `; p99 of the ${p.runsP99.length} runs: ${p.runsP99.join(' / ')} ms` : ''})`;
    const met = r.paced.perSecond >= rate * 0.98 && r.paced.p99 < 50 && unpublished(r.paced) === 0;
    lines.push(
      `| ${r.dialect} | posting through the whole pipeline over HTTP: ${rate}/s from ${WRITERS} writers | ${figure(r.paced)} | ≥ ${rate.toLocaleString('en-US')}/s, p99 < 50 ms | ${verdict(met)} |`,
      `| ${r.dialect} | the same ${WRITERS} writers flat out | ${figure(r.posting)} | (capacity) | |`,
      `| ${r.dialect} | ${r.live.connections} live streams on one story: new comment delivered | p50 ${r.live.p50} ms, p99 ${r.live.p99} ms, max ${r.live.max} ms (${r.live.deliveries} deliveries of ${r.live.comments} comments) | p99 < 1 s | ${verdict(r.live.p99 < 1000 && r.live.deliveries === r.live.connections * r.live.comments)} |`,
      `| ${r.dialect} | server RSS with those streams open | ${r.live.idleRssMb} MB, peak ${r.live.peakRssMb} MB | < 300 MB | ${verdict(r.live.peakRssMb < 300)} |`,
      `| ${r.dialect} | ${r.bigThread.name} | ${r.bigThread.rps} req/s, p50 ${r.bigThread.p50} ms at ${CONNECTIONS} connections (requests that arrive together share one render) | (for information) | |`,
    );
  }
  lines.push(
    '',
    `Posting: ${CONNECTIONS} writers, each with its own session, post distinct text to one story from a separate`,
    `process: paced, they post ${PACED_RATE.sqlite} (SQLite) or ${PACED_RATE.postgres.toLocaleString('en-US')} (PostgreSQL) a second together on a fixed schedule and latency counts from when each post`,
    'was due (queueing included); flat out, each posts again as soon as it is answered. Every post runs the full pipeline (word',
    'lists, toxicity, rate limits, repeat check), writes the comment and its counts in one',
    'transaction, and tells the live channel. Live: a separate process holds the streams open;',
    `${LIVE_COMMENTS} comments are posted 250 ms apart and each delivery is timed from the moment its POST was sent.`,
  );
  return lines;
}
