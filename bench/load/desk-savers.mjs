// Load generator for `npm run bench`: signed-in editors each save their own story again and
// again for SECONDS, each save made from the version the last one gave (a 303 is a save; anything
// else is counted by status). Without a rate, each editor saves again as soon as the last save is
// answered (the most the server can take); with one, the editors together save that many times a
// second on a fixed schedule, and latency counts from when a save was due. Plain Node in its own
// process. Prints one JSON line.
import http from 'node:http';

const { url, editors, seconds, rate } = JSON.parse(process.env.BENCH_DESK);
const agent = new http.Agent({ keepAlive: true, maxSockets: editors.length });
const latencies = [];
const statuses = {};
const deadline = performance.now() + seconds * 1000;

function save(editor, version, n, due = performance.now()) {
  const body = new URLSearchParams({
    _csrf: editor.csrf,
    version: String(version),
    headline: `Council weighs the bridge budget, take ${n}`,
    standfirst: 'The vote is set for Tuesday night.',
    body: `<p>Draft ${n} from ${editor.name}: the council met for three hours.</p><p>“We have to fix it,” the mayor said.</p><h2>What comes next</h2><p>A second vote is due in March.</p>`,
    authors: editor.name,
    outlet: 'Kestrel Valley 7',
    topic: '',
    rights: '',
    slug: '',
  }).toString();
  return new Promise((resolve) => {
    const started = due;
    const req = http.request(
      new URL(`${url}/desk/stories/${editor.story}/save`),
      { method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), cookie: `mh_session=${editor.token}` } },
      (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - started);
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
          resolve(res.statusCode === 303);
        });
      },
    );
    req.on('error', () => {
      statuses.error = (statuses.error ?? 0) + 1;
      resolve(false);
    });
    req.end(body);
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function editor(e, index) {
  let version = e.version;
  let n = 0;
  if (!rate) {
    while (performance.now() < deadline) if (await save(e, version, n++)) version++;
    return;
  }
  // Each editor's share of the rate, the editors spread evenly so saves do not come in bursts.
  const interval = (1000 * editors.length) / rate;
  let due = performance.now() + (interval * index) / editors.length;
  while (due < deadline) {
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    if (await save(e, version, n++, due)) version++;
    due += interval;
  }
}

const started = performance.now();
await Promise.all(editors.map(editor));
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pick = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
console.log(JSON.stringify({ requests: latencies.length, perSecond: latencies.length / elapsed, p50: pick(50), p99: pick(99), statuses }));
agent.destroy();
