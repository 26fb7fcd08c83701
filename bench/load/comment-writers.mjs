// Load generator for `npm run bench`: signed-in readers post distinct comments to one story for
// SECONDS. Without a rate, each writer posts again as soon as its last post is answered (the
// most the server can take). With a rate, the writers together post that many per second on a
// fixed schedule, and latency counts from when a post was due, so a slow server cannot hide
// its queue. Plain Node (no tsx) in its own process. Prints one JSON line.
import http from 'node:http';

const { url, story, sessions, seconds, rate } = JSON.parse(process.env.BENCH_WRITERS);
const target = new URL(`${url}/stories/${story}/comments`);
const agent = new http.Agent({ keepAlive: true, maxSockets: sessions.length });
const latencies = [];
const statuses = {};
const deadline = performance.now() + seconds * 1000;
// Distinct text in every run: the pipeline refuses a writer's repeat of their own comment.
const run = Math.random().toString(36).slice(2, 8);

function post(session, n, due = performance.now()) {
  const body = new URLSearchParams({ _csrf: session.csrf, body: `Bench comment ${run}-${n} from ${session.name}: the council should publish the bridge inspection report in full.` }).toString();
  return new Promise((resolve) => {
    const started = due;
    const req = http.request(
      target,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), cookie: `mh_session=${session.token}` },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - started);
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
          resolve();
        });
      },
    );
    req.on('error', () => {
      statuses.error = (statuses.error ?? 0) + 1;
      resolve();
    });
    req.end(body);
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function writer(session, index) {
  let n = 0;
  if (!rate) {
    while (performance.now() < deadline) await post(session, n++);
    return;
  }
  // Each writer's share of the rate, spread evenly so the posts do not arrive in bursts.
  const interval = (1000 * sessions.length) / rate;
  let due = performance.now() + (interval * index) / sessions.length;
  while (due < deadline) {
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    await post(session, n++, due);
    due += interval;
  }
}

const started = performance.now();
await Promise.all(sessions.map((session, index) => writer(session, index)));
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
const cpu = process.cpuUsage();
console.log(JSON.stringify({ requests: latencies.length, seconds: elapsed, perSecond: latencies.length / elapsed, p50: pct(50), p90: pct(90), p99: pct(99), max: latencies[latencies.length - 1] ?? 0, over50: latencies.filter((l) => l > 50).length, generatorCpuSeconds: (cpu.user + cpu.system) / 1e6, statuses }));
agent.destroy();
