// npm run bench: reader-page throughput on SQLite and PostgreSQL, measured with autocannon
// against the real server (a child process), beside a bare node:http server that returns the
// same bytes. Seeds its own data; writes bench/RESULTS.md.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { seedDemo } from '../src/modules/demo/index.ts';
import { createDb, migrateToLatest } from '../src/storage/index.ts';
import { benchBackfill, benchIngestThroughput, benchNotModifiedPoll, type BackfillResult, type IngestThroughput, type PollCost } from './ingest.ts';
import { compareRenderers, type RendererResult } from './renderers.ts';
import { growStories } from './seed.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const WORK = path.join(ROOT, 'bench', '.work');
const AUTOCANNON = path.join(ROOT, 'node_modules', 'autocannon', 'autocannon.js');
const CONNECTIONS = 50;
const DURATION = Number(process.env.BENCH_SECONDS || 5);
const RUNS = Number(process.env.BENCH_RUNS || 3);
const PG_ADMIN = process.env.DATABASE_URL_TEST || 'postgres://postgres@127.0.0.1:5432/test';
const STORY = '/stories/flood-barriers-hold-as-the-sable-river-crests-in-delta-towns';

interface Measure {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats?: unknown;
}

/**
 * autocannon in its own process: inside this one it would share an event loop and a heap
 * with the seeding just done, and measure its own pauses.
 */
function autocannonRun(url: string, seconds: number): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [AUTOCANNON, '--json', '-c', String(CONNECTIONS), '-d', String(seconds), url], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => {
      try {
        resolve(JSON.parse(out) as AutocannonResult);
      } catch {
        reject(new Error(`autocannon exited ${code}: ${out.slice(0, 500)}`));
      }
    });
  });
}

/** Warm-up, then RUNS measured runs; the run with the median throughput is reported. */
async function load(name: string, url: string): Promise<Measure> {
  await autocannonRun(url, 3);
  const runs: Measure[] = [];
  for (let i = 0; i < RUNS; i++) {
    const result = await autocannonRun(url, DURATION);
    if (process.env.BENCH_DEBUG) console.log(JSON.stringify({ url, requests: result.requests.average, statusCodeStats: result.statusCodeStats }));
    runs.push({
      name,
      rps: Math.round(result.requests.average),
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
    });
  }
  runs.sort((a, b) => a.rps - b.rps);
  const median = runs[Math.floor(runs.length / 2)]!;
  const spread = runs.map((r) => r.rps).join(' / ');
  console.log(`  ${name}: ${median.rps} req/s, p50 ${median.p50} ms, p99 ${median.p99} ms (runs: ${spread})${median.non2xx || median.errors ? ` (non-2xx ${median.non2xx}, errors ${median.errors})` : ''}`);
  return median;
}

function startProcess(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no start: ${out}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = ready.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function startSite(databaseUrl: string) {
  return startProcess(
    ['bin/masthead.js', 'serve'],
    { DATABASE_URL: databaseUrl, PORT: '0', MASTHEAD_DEMO: 'off', LOG_LEVEL: 'info', MASTHEAD_DATA_DIR: WORK },
    /"url":"(http:\/\/[^"]+)".*Masthead is serving/,
  );
}

/** The same bytes and headers from node:http with nothing else in the way: the ceiling. */
async function startBare(storyUrl: string) {
  const response = await fetch(storyUrl);
  const body = Buffer.from(await response.arrayBuffer());
  fs.writeFileSync(path.join(WORK, 'story.html'), body);
  const script = `
    const http = require('node:http');
    const body = require('node:fs').readFileSync(${JSON.stringify(path.join(WORK, 'story.html'))});
    const headers = { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length, 'cache-control': 'public, max-age=60' };
    const server = http.createServer((req, res) => { res.writeHead(200, headers); res.end(body); });
    server.listen(0, '127.0.0.1', () => console.log('url=http://127.0.0.1:' + server.address().port));
  `;
  return startProcess(['-e', script], {}, /url=(http:\/\/\S+)/);
}

async function prepare(dialect: 'sqlite' | 'postgres'): Promise<{ url: string; cleanup(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const file = path.join(WORK, 'bench.db');
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    return { url: `sqlite:${file}`, cleanup: async () => {} };
  }
  const name = `masthead_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async cleanup() {
      const client = new pg.Client({ connectionString: PG_ADMIN });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

interface IngestResults {
  throughput: IngestThroughput[];
  backfill: BackfillResult;
  poll: PollCost;
}

interface DialectResult {
  dialect: string;
  story1k: Measure;
  home1k: Measure;
  bare: Measure;
  story100k: Measure;
  home100k: Measure;
  seedSeconds: number;
}

async function benchDialect(dialect: 'sqlite' | 'postgres'): Promise<DialectResult> {
  console.log(`\n${dialect}`);
  const target = await prepare(dialect);
  try {
    const handle = await createDb({ database: dialect === 'sqlite' ? { kind: 'sqlite', file: target.url.slice(7) } : { kind: 'postgres', url: target.url } });
    await migrateToLatest(handle.db);
    await seedDemo(handle.db, path.join(WORK, 'media'));
    await growStories(handle.db, 1_000);

    let site = await startSite(target.url);
    const story1k = await load('story page, 1,000 stories', site.url + STORY);
    const bare = await startBare(site.url + STORY);
    const bareMeasure = await load('bare node:http, same bytes', bare.url + '/');
    await stop(bare.child);
    const home1k = await load('home page, 1,000 stories', site.url + '/');
    await stop(site.child);

    const seedStart = performance.now();
    await growStories(handle.db, 100_000);
    const seedSeconds = (performance.now() - seedStart) / 1000;
    console.log(`  grew to 100,000 stories in ${seedSeconds.toFixed(1)} s`);
    await handle.close();

    site = await startSite(target.url);
    const story100k = await load('story page, 100,000 stories', site.url + '/stories/bench-story-50000');
    const home100k = await load('home page, 100,000 stories', site.url + '/');
    await stop(site.child);
    return { dialect, story1k, home1k, bare: bareMeasure, story100k, home100k, seedSeconds };
  } finally {
    await target.cleanup();
  }
}

function verdict(ok: boolean): string {
  return ok ? 'met' : '**missed**';
}

function ingestReport(ingest: IngestResults): string[] {
  const lines = [
    '',
    '## Ingest',
    '',
    '| engine | format | items | seconds | items/s | target | verdict |',
    '|---|---|---:|---:|---:|---|---|',
  ];
  for (const t of ingest.throughput) {
    const target = t.dialect === 'sqlite' ? 2000 : 1000;
    lines.push(`| ${t.dialect} | ${t.format} | ${t.items} | ${t.seconds.toFixed(1)} | ${t.perSecond} | ≥ ${target.toLocaleString('en-US')} items/s | ${verdict(t.perSecond >= target)} |`);
  }
  lines.push(
    '',
    '| measure | figure | target | verdict |',
    '|---|---:|---|---|',
    `| 100,000-item backfill (\`masthead ingest FOLDER\`, SQLite): peak RSS | ${ingest.backfill.peakRssMb} MB (${ingest.backfill.seconds.toFixed(0)} s) | < 300 MB | ${verdict(ingest.backfill.peakRssMb < 300)} |`,
    `| poll answered 304: CPU per poll | ${ingest.poll.cpuMsPerPoll.toFixed(2)} ms (wall ${ingest.poll.wallMsPerPoll.toFixed(2)} ms) | < 5 ms | ${verdict(ingest.poll.cpuMsPerPoll < 5)} |`,
    '',
    'Items arrive as payloads of 500 (ninjs 2.x lists and RSS 2.0 feeds), through the same',
    '`ingestPayload` path every transport uses: stored, parsed, applied, outcomes recorded.',
  );
  return lines;
}

function report(results: DialectResult[], renderers: RendererResult[], ingest: IngestResults | null): string {
  const lines = [
    '# Benchmark results',
    '',
    `Recorded by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}.`,
    `autocannon with ${CONNECTIONS} connections: a 3 s warm-up, then ${RUNS} runs of ${DURATION} s; the run with the median throughput is shown. Load generator and server share the machine's cores; this machine's figures vary from run to run, so compare rows measured in the same run.`,
    '',
    '## Reader pages',
    '',
    '| engine | measure | req/s | p50 ms | p99 ms | target | verdict |',
    '|---|---|---:|---:|---:|---|---|',
  ];
  for (const r of results) {
    const ratio = r.story1k.rps / r.bare.rps;
    const scale = r.story100k.rps / r.story1k.rps;
    const row = (m: Measure, target: string, ok: boolean) => `| ${r.dialect} | ${m.name} | ${m.rps} | ${m.p50} | ${m.p99} | ${target} | ${verdict(ok)} |`;
    lines.push(
      row(r.story1k, '≥ 3,000 req/s, p99 < 50 ms', r.story1k.rps >= 3000 && r.story1k.p99 < 50 && r.story1k.non2xx === 0),
      row(r.bare, 'ceiling', true),
      `| ${r.dialect} | story ÷ bare node:http | ${ratio.toFixed(2)} | | | ≥ 0.4 | ${verdict(ratio >= 0.4)} |`,
      row(r.home1k, '≥ 1,500 req/s', r.home1k.rps >= 1500 && r.home1k.non2xx === 0),
      row(r.story100k, 'within 10% of 1,000', scale >= 0.9 && r.story100k.non2xx === 0),
      `| ${r.dialect} | story 100k ÷ story 1k | ${scale.toFixed(2)} | | | ≥ 0.90 | ${verdict(scale >= 0.9)} |`,
      row(r.home100k, '(for information)', true),
    );
  }
  lines.push('', '## Rendering the story page without the page cache', '', '| renderer | renders/s | mean µs |', '|---|---:|---:|');
  for (const r of renderers) lines.push(`| ${r.name} | ${r.perSecond} | ${r.meanMicros} |`);
  lines.push(
    '',
    'Story pages are rendered once per change and then served from the page cache, so the',
    'figures above measure the cached path; this table is the cost of a render after a change.',
  );
  if (ingest) lines.push(...ingestReport(ingest));
  lines.push('');
  return lines.join('\n');
}

fs.mkdirSync(WORK, { recursive: true });
console.log('renderers (story-shaped markup):');
const renderers = await compareRenderers();
for (const r of renderers) console.log(`  ${r.name}: ${r.perSecond} renders/s (${r.meanMicros} µs)`);
const results: DialectResult[] = [];
const dialects = (process.env.BENCH_DIALECTS || 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
const parts = (process.env.BENCH_PARTS || 'pages,ingest').split(',');
if (parts.includes('pages')) for (const dialect of dialects) results.push(await benchDialect(dialect));
let ingest: IngestResults | null = null;
if (parts.includes('ingest')) {
  console.log('\ningest');
  const throughputs: IngestThroughput[] = [];
  for (const dialect of dialects) {
    const target = await prepare(dialect);
    try {
      const database = dialect === 'sqlite' ? { kind: 'sqlite' as const, file: target.url.slice(7) } : { kind: 'postgres' as const, url: target.url };
      throughputs.push(...(await benchIngestThroughput(dialect, database, WORK)));
    } finally {
      await target.cleanup();
    }
  }
  ingest = { throughput: throughputs, backfill: await benchBackfill(WORK), poll: await benchNotModifiedPoll(WORK) };
}
const markdown = report(results, renderers, ingest);
fs.writeFileSync(path.join(ROOT, 'bench', 'RESULTS.md'), markdown);
console.log(`\n${markdown}`);
