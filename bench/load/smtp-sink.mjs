// A local SMTP sink for the alert benchmark, in its own process so it does not share the
// sender's CPU: accepts every message, keeps nothing, and prints its count every 250 ms.
import { SMTPServer } from 'smtp-server';

let count = 0;
let first = 0;
let last = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      count += 1;
      last = Date.now();
      if (count === 1) first = last;
      callback();
    });
  },
});
server.on('error', () => {});
server.listen(0, '127.0.0.1', () => {
  console.log(`sink=smtp://127.0.0.1:${server.server.address().port}`);
  setInterval(() => console.log(JSON.stringify({ count, first, last })), 250);
});
