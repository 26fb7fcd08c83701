// What every benchmark shares: autocannon in a child process, the real server as a child
// process, a bare node:http ceiling, and a fresh database per engine.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const WORK = path.join(ROOT, 'bench', '.work');
const AUTOCANNON = path.join(ROOT, 'node_modules', 'autocannon', 'autocannon.js');
export const CONNECTIONS = 50;
export const DURATION = Number(process.env.BENCH_SECONDS || 5);
export const RUNS = Number(process.env.BENCH_RUNS || 3);
const PG_ADMIN = process.env.DATABASE_URL_TEST || 'postgres://postgres@127.0.0.1:5432/test';

export interface Measure {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** The server's CPU time (user + system) per request answered, when its process was given. */
  cpuMicros: number | null;
}

interface AutocannonResult {
  requests: { average: number; total: number };
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
export function autocannonRun(url: string, seconds: number, connections = CONNECTIONS, headers: Record<string, string> = {}): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    const headerArgs = Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]);
    const child = spawn(process.execPath, [AUTOCANNON, '--json', '-c', String(connections), '-d', String(seconds), ...headerArgs, url], {
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

/** The p-th percentile of sorted samples. */
export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** A process's CPU time so far (user + system), in microseconds, read from /proc (Linux). */
export function processCpuMicros(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    return statCpuMicros(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** utime + stime of a /proc/PID/stat line (fields after the command name, which may hold spaces). */
function statCpuMicros(stat: string): number {
  const fields = stat.split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS) * 1e6;
}
/** CPU time of every PostgreSQL process on this machine (its backends do the database's share of the work). */
export function postgresCpuMicros(): number {
  let total = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.includes('(postgres)')) total += statCpuMicros(stat);
    } catch {
      // The process ended while we looked.
    }
  }
  return total;
}

/** USER_HZ: 100 on every Linux the project runs on. */
const CLOCK_TICKS = 100;

export interface LoadOptions {
  /** The server's process, whose CPU per request is reported beside req/s. */
  server?: ChildProcess;
  /**
   * Connections at once (default CONNECTIONS). Rows that measure a render per request use one:
   * requests that arrive together for the same page share one render.
   */
  connections?: number;
  /** Request headers, as the clients measured send them (feed readers ask for gzip). */
  headers?: Record<string, string>;
}

/** Warm-up, then RUNS measured runs; the run with the median throughput is reported. */
export async function load(name: string, url: string, options: LoadOptions = {}): Promise<Measure> {
  const connections = options.connections ?? CONNECTIONS;
  await autocannonRun(url, 3, connections, options.headers);
  const runs: Measure[] = [];
  for (let i = 0; i < RUNS; i++) {
    const cpuBefore = processCpuMicros(options.server?.pid);
    const result = await autocannonRun(url, DURATION, connections, options.headers);
    const cpuAfter = processCpuMicros(options.server?.pid);
    if (process.env.BENCH_DEBUG) console.log(JSON.stringify({ url, requests: result.requests.average, statusCodeStats: result.statusCodeStats }));
    runs.push({
      name,
      rps: Math.round(result.requests.average),
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
      cpuMicros: cpuBefore !== null && cpuAfter !== null && result.requests.total > 0 ? Math.round((cpuAfter - cpuBefore) / result.requests.total) : null,
    });
  }
  runs.sort((a, b) => a.rps - b.rps);
  const median = runs[Math.floor(runs.length / 2)]!;
  const spread = runs.map((r) => r.rps).join(' / ');
  const cpu = median.cpuMicros !== null ? `, server CPU ${median.cpuMicros} µs/request` : '';
  console.log(`  ${name}: ${median.rps} req/s${cpu}, p50 ${median.p50} ms, p99 ${median.p99} ms (runs: ${spread})${median.non2xx || median.errors ? ` (non-2xx ${median.non2xx}, errors ${median.errors})` : ''}`);
  return median;
}

export function startProcess(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; url: string }> {
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

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

export function startSite(databaseUrl: string, env: Record<string, string> = {}) {
  return startProcess(
    // BENCH_PROFILE=folder writes a CPU profile of each site the benchmarks start (node --cpu-prof).
    [...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-interval=200', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []), 'bin/masthead.js', 'serve'],
    // The load comes from one address (loopback): the per-address HTTP limit would refuse it.
    { DATABASE_URL: databaseUrl, PORT: '0', MASTHEAD_DEMO: 'off', LOG_LEVEL: 'info', MASTHEAD_DATA_DIR: WORK, MASTHEAD_HTTP_RATE_LIMIT: 'off', ...env },
    /"url":"(http:\/\/[^"]+)".*Masthead is serving/,
  );
}

/** The same bytes and headers from node:http with nothing else in the way: the ceiling. */
export async function startBare(storyUrl: string) {
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

export async function prepare(dialect: 'sqlite' | 'postgres'): Promise<{ url: string; cleanup(): Promise<void> }> {
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

/** Peak resident memory of a child process, sampled from /proc while it runs. */
export function watchPeakRss(child: ChildProcess): () => number {
  let peak = 0;
  const timer = setInterval(() => {
    try {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
      if (hwm) peak = Math.max(peak, Number(hwm));
    } catch {
      // the process has just exited
    }
  }, 50);
  return () => {
    clearInterval(timer);
    return Math.round(peak / 1024);
  };
}
