// Redis for the multi-process suites: REDIS_URL_TEST, else the local server. Under CI=true a
// missing Redis fails the run instead of skipping.
import net from 'node:net';
import { IN_CI } from './databases.ts';

export const REDIS_TEST_URL = process.env.REDIS_URL_TEST || 'redis://127.0.0.1:6379';

async function probe(): Promise<string | null> {
  const url = new URL(REDIS_TEST_URL);
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port || 6379) });
    const done = (problem: string | null) => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(2000, () => done('timed out'));
    socket.on('error', (error) => done(error.message));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => done(data.toString().startsWith('+PONG') ? null : `answered ${data.toString().trim()}`));
  });
}

const problem = await probe();

export function redisSkipReason(): string | false {
  if (IN_CI || problem === null) return false;
  return `Redis not reachable at ${REDIS_TEST_URL}: ${problem}`;
}

/** Removes a test's keys (its counters expire anyway; this keeps a shared Redis tidy). */
export async function clearRedisPrefix(prefix: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const client = new Redis(REDIS_TEST_URL);
  try {
    const keys = await client.keys(`${prefix}*`);
    if (keys.length > 0) await client.del(...keys);
  } finally {
    client.disconnect();
  }
}
