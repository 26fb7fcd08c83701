// Load generator for `npm run bench`: CONNECTIONS readers hold the live comment stream of one
// story open. Prints "ready" once every stream has its first event; on "stop" (stdin) prints
// one JSON line mapping each comment id to the times (Date.now()) each connection saw it.
import http from 'node:http';

const { url, connections } = JSON.parse(process.env.BENCH_LISTENERS);
const seen = new Map();
let ready = 0;
let failed = 0;
const requests = [];

for (let i = 0; i < connections; i++) {
  const req = http.get(url, { agent: false }, (res) => {
    let first = true;
    let buffer = '';
    res.setEncoding('utf8');
    res.on('data', (chunk) => {
      const now = Date.now();
      if (first) {
        first = false;
        if (++ready === connections) console.log('ready');
      }
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const match = /^event: comment\ndata: \{"id":"([0-9a-f-]{36})"/m.exec(event);
        if (match) {
          const list = seen.get(match[1]) ?? [];
          list.push(now);
          seen.set(match[1], list);
        }
      }
    });
  });
  req.on('error', () => {
    failed += 1;
  });
  requests.push(req);
}

process.stdin.setEncoding('utf8');
process.stdin.on('data', (line) => {
  if (!line.includes('stop')) return;
  for (const req of requests) req.destroy();
  // A large answer: exit only once it has all been written to the pipe.
  process.stdout.write(`${JSON.stringify({ failed, ready, seen: Object.fromEntries(seen) })}\n`, () => process.exit(0));
});
