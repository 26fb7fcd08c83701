// The tip line under load (issue #14's targets): 10 sources uploading a 25 MB file each at once
// (server RSS growth < 60 MB: files stream through the sealer to disk), 100 text-only tips a
// second (p99 < 100 ms on SQLite), and the desk's inbox at 100,000 tips (first page < 50 ms).
// Real server, real multipart forms with their CSRF token; each source comes from its own
// address (X-Forwarded-For behind TRUST_PROXY), as the per-network limit expects.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { seedDemo } from '../src/modules/demo/index.ts';
import { loadKeyring, sealJson } from '../src/modules/tips/index.ts';
import { createDb, migrateToLatest, timeOrderedId, type Db } from '../src/storage/index.ts';
import { percentile, processCpuMicros, startSite, stop, WORK } from './harness.ts';
import { settle } from './seed.ts';
import { makeSessions } from './sessions.ts';

const UPLOADS = 10;
const UPLOAD_BYTES = 25 * 1024 * 1024;
const TIPS_PER_SECOND = 100;
const TIP_SECONDS = Number(process.env.BENCH_SECONDS || 10);
const INBOX_TIPS = 100_000;
const INBOX_REQUESTS = 300;
const KEY_FILE = path.join(`${WORK}-keys`, 'tips.key');

export interface TipsBench {
  dialect: 'sqlite' | 'postgres';
  uploads: { count: number; mb: number; seconds: number; rssBeforeMb: number; rssPeakMb: number; kept: number };
  text: { rate: number; sent: number; ok: number; p50: number; p99: number; serverCpuMicros: number };
  inbox: { tips: number; p50: number; p99: number; serverCpuMicros: number };
}

const rssMb = (pid: number | undefined): number => {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
};

/** A browser's visit to the form: its cookie and the form's action with the CSRF token. */
async function formSession(url: string): Promise<{ cookie: string; action: string }> {
  const res = await fetch(`${url}/tips`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const action = /action="(\/tips\?_csrf=[^"]+)"/.exec(await res.text())?.[1]?.replaceAll('&amp;', '&');
  if (!action) throw new Error('the tip form has no action');
  return { cookie, action };
}

const BOUNDARY = '----masthead-bench';
const field = (name: string, value: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;

/** A multipart body made as it is sent: the fields, then `bytes` of an MP4 file, in 64 KiB pieces. */
function uploadBody(what: string, bytes: number): Readable {
  return Readable.from(
    (function* () {
      yield Buffer.from(field('what', what) + field('website', '') + `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="clip.mp4"\r\nContent-Type: video/mp4\r\n\r\n`);
      yield Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypisom'), Buffer.alloc(12)]);
      const piece = Buffer.alloc(64 * 1024, 0x2a);
      for (let sent = 24; sent < bytes; sent += piece.length) yield piece.subarray(0, Math.min(piece.length, bytes - sent));
      yield Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
    })(),
  );
}

let network = 0;
const nextAddress = () => {
  network += 1;
  return `10.${(network >> 16) & 255}.${(network >> 8) & 255}.${network & 255}`;
};

async function post(url: string, session: { cookie: string; action: string }, body: Readable | Buffer): Promise<number> {
  const res = await fetch(url + session.action, {
    method: 'POST',
    headers: { cookie: session.cookie, 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'x-forwarded-for': nextAddress() },
    body: Buffer.isBuffer(body) ? body : (Readable.toWeb(body as Readable) as ReadableStream),
    duplex: 'half',
  } as RequestInit);
  await res.arrayBuffer();
  return res.status;
}

async function benchUploads(url: string, pid: number | undefined): Promise<TipsBench['uploads']> {
  const sessions = await Promise.all(Array.from({ length: UPLOADS }, () => formSession(url)));
  // Let the server settle after start-up, so the baseline is its resting size.
  await new Promise((r) => setTimeout(r, 1000));
  const rssBeforeMb = rssMb(pid);
  let rssPeakMb = rssBeforeMb;
  const sampler = setInterval(() => (rssPeakMb = Math.max(rssPeakMb, rssMb(pid))), 25);
  const started = performance.now();
  const statuses = await Promise.all(sessions.map((s, i) => post(url, s, uploadBody(`Bench upload ${i}: a long video of the flood.`, UPLOAD_BYTES))));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  rssPeakMb = Math.max(rssPeakMb, rssMb(pid));
  return { count: UPLOADS, mb: UPLOAD_BYTES / 1024 / 1024, seconds, rssBeforeMb, rssPeakMb, kept: statuses.filter((s) => s === 200).length };
}

async function benchTextTips(url: string, pid: number | undefined): Promise<TipsBench['text']> {
  const session = await formSession(url);
  const total = TIPS_PER_SECOND * TIP_SECONDS;
  const latencies: number[] = [];
  let ok = 0;
  const cpuBefore = processCpuMicros(pid) ?? 0;
  const start = performance.now();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    // On a schedule: latency counts from when the tip was due, so a slow server cannot hide a queue.
    const due = start + (i * 1000) / TIPS_PER_SECOND;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const body = Buffer.from(field('what', `Bench tip ${i}: the crossing lights at Fifth and Main have been out since noon.`) + field('whereWhen', 'Fifth and Main') + field('website', '') + `--${BOUNDARY}--\r\n`);
    sends.push(
      post(url, session, body).then((status) => {
        latencies.push(performance.now() - due);
        if (status === 200) ok++;
      }),
    );
  }
  await Promise.all(sends);
  const serverCpuMicros = Math.round(((processCpuMicros(pid) ?? 0) - cpuBefore) / total);
  latencies.sort((a, b) => a - b);
  return { rate: TIPS_PER_SECOND, sent: total, ok, p50: percentile(latencies, 50), p99: percentile(latencies, 99), serverCpuMicros };
}

/** 100,000 tips written straight to the tables, sealed with the site's key as real ones are. */
async function growTips(db: Db, count: number): Promise<void> {
  const { keyring } = loadKeyring(KEY_FILE);
  const have = Number((await db.selectFrom('tips').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const statuses = ['new', 'assigned', 'in_progress', 'used', 'declined', 'spam'] as const;
  for (let at = have; at < count; at += 500) {
    const rows = Array.from({ length: Math.min(500, count - at) }, (_, k) => {
      const id = timeOrderedId();
      // A minute apart up to now: the newest first in the inbox, none old enough for retention to take.
      const created = new Date(Date.now() - (count - at - k) * 60_000).toISOString();
      const status = statuses[(at + k) % statuses.length]!;
      return {
        id,
        receipt_sha256: `bench-${id}`,
        status,
        spam_reason: status === 'spam' ? ('honeypot' as const) : null,
        assigned_to: null,
        story_id: null,
        duplicate_of: null,
        sealed: sealJson(keyring, { what: `Seeded tip ${at + k}`, whereWhen: '', name: '', contact: '', consent: false }, `tip:${id}`),
        created_at: created,
        updated_at: created,
        closed_at: ['used', 'declined', 'spam'].includes(status) ? created : null,
        tipster_at: created,
      };
    });
    await db.insertInto('tips').values(rows).execute();
  }
}

async function benchInbox(url: string, db: Db, pid: number | undefined): Promise<TipsBench['inbox']> {
  const [editor] = await makeSessions(db, 1, { prefix: 'tip-editor', label: 'Tip Editor', role: 'editor' });
  const get = async () => {
    const started = performance.now();
    const res = await fetch(`${url}/desk/tips`, { headers: { cookie: `mh_session=${editor!.token}` } });
    if (res.status !== 200) throw new Error(`the inbox answered ${res.status}`);
    await res.arrayBuffer();
    return performance.now() - started;
  };
  for (let i = 0; i < 20; i++) await get();
  const cpuBefore = processCpuMicros(pid) ?? 0;
  const times: number[] = [];
  for (let i = 0; i < INBOX_REQUESTS; i++) times.push(await get());
  const serverCpuMicros = Math.round(((processCpuMicros(pid) ?? 0) - cpuBefore) / INBOX_REQUESTS);
  times.sort((a, b) => a - b);
  const tips = Number((await db.selectFrom('tips').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { tips, p50: percentile(times, 50), p99: percentile(times, 99), serverCpuMicros };
}

export async function benchTips(dialect: 'sqlite' | 'postgres', databaseUrl: string): Promise<TipsBench> {
  const handle = await createDb({ database: dialect === 'sqlite' ? { kind: 'sqlite', file: databaseUrl.slice(7) } : { kind: 'postgres', url: databaseUrl } });
  try {
    await migrateToLatest(handle.db);
    await seedDemo(handle.db, path.join(WORK, 'media'));
    const env = { TRUST_PROXY: '127.0.0.1', MASTHEAD_TIP_KEY_FILE: KEY_FILE, MASTHEAD_TIPS_DIR: path.join(WORK, 'tips') };
    let site = await startSite(databaseUrl, env);
    const uploads = await benchUploads(site.url, site.child.pid);
    console.log(`  ${UPLOADS} uploads of 25 MB at once: ${uploads.kept} kept in ${uploads.seconds.toFixed(1)} s, RSS ${uploads.rssBeforeMb} → peak ${uploads.rssPeakMb} MB`);
    const text = await benchTextTips(site.url, site.child.pid);
    console.log(`  ${text.rate} text tips/s for ${TIP_SECONDS} s: ${text.ok}/${text.sent} kept, p50 ${text.p50.toFixed(1)} ms, p99 ${text.p99.toFixed(1)} ms, ${text.serverCpuMicros} µs server CPU a tip`);
    await stop(site.child);
    await growTips(handle.db, INBOX_TIPS);
    await settle(handle.db, dialect);
    site = await startSite(databaseUrl, env);
    const inbox = await benchInbox(site.url, handle.db, site.child.pid);
    console.log(`  inbox first page at ${inbox.tips.toLocaleString('en-US')} tips: p50 ${inbox.p50.toFixed(1)} ms, p99 ${inbox.p99.toFixed(1)} ms, ${inbox.serverCpuMicros} µs server CPU`);
    await stop(site.child);
    fs.rmSync(path.join(WORK, 'tips'), { recursive: true, force: true });
    return { dialect, uploads, text, inbox };
  } finally {
    await handle.close();
  }
}

export function tipsReport(results: TipsBench[]): string[] {
  if (results.length === 0) return [];
  const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
  const lines = [
    '',
    '## The tip line',
    '',
    `${UPLOADS} sources each send a tip with a 25 MB video at once (server RSS sampled every 25 ms); ${TIPS_PER_SECOND} text-only tips a second for ${TIP_SECONDS} s on a schedule (latency from when each was due), each from its own address; the desk's inbox asked for ${INBOX_REQUESTS} times, one at a time, at ${INBOX_TIPS.toLocaleString('en-US')} tips. Multipart forms with their CSRF token, through the real server.`,
    '',
    '| engine | measure | figure | server CPU | target | verdict |',
    '|---|---|---:|---:|---|---|',
  ];
  for (const r of results) {
    const growth = r.uploads.rssPeakMb - r.uploads.rssBeforeMb;
    lines.push(
      `| ${r.dialect} | ${r.uploads.count} uploads of ${r.uploads.mb} MB at once: server RSS growth | ${growth} MB (${r.uploads.rssBeforeMb} → ${r.uploads.rssPeakMb} MB; ${r.uploads.kept} kept in ${r.uploads.seconds.toFixed(1)} s) | | < 60 MB | ${verdict(growth < 60 && r.uploads.kept === r.uploads.count)} |`,
      `| ${r.dialect} | ${r.text.rate} text-only tips/s | p50 ${r.text.p50.toFixed(1)} ms, p99 ${r.text.p99.toFixed(1)} ms (${r.text.ok} of ${r.text.sent} kept) | ${r.text.serverCpuMicros} µs/tip | ${r.dialect === 'sqlite' ? 'p99 < 100 ms' : '(for information)'} | ${r.dialect === 'sqlite' ? verdict(r.text.p99 < 100 && r.text.ok === r.text.sent) : ''} |`,
      `| ${r.dialect} | /desk/tips first page, ${r.inbox.tips.toLocaleString('en-US')} tips | p50 ${r.inbox.p50.toFixed(1)} ms, p99 ${r.inbox.p99.toFixed(1)} ms | ${r.inbox.serverCpuMicros} µs/request | < 50 ms | ${verdict(r.inbox.p99 < 50)} |`,
    );
  }
  return lines;
}
