// Password hashing with node:crypto scrypt (no native dependency) and the sign-up policy.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;

const PARAMS = { N: 16384, r: 8, p: 1 };

/**
 * scrypt runs on libuv's thread pool (four threads), which file reads share: 300 sign-ins at
 * once left media files waiting seconds. At most two hashes run together; the rest queue, so
 * a flood of sign-ins slows sign-in and nothing else (security review #10.11).
 */
const MAX_CONCURRENT_HASHES = 2;
let hashing = 0;
const waiting: (() => void)[] = [];
async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (hashing >= MAX_CONCURRENT_HASHES) await new Promise<void>((resolve) => waiting.push(resolve));
  else hashing++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else hashing--;
  }
}

/** How many hashes are running and waiting (tests watch the bound). */
export const hashingLoad = () => ({ running: hashing, waiting: waiting.length });
const KEY_LENGTH = 32;
export const MIN_PASSWORD_LENGTH = 10;

/** "scrypt$N$r$p$salt$hash", so the cost can rise later without breaking stored hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await withHashSlot(() => scrypt(password, salt, KEY_LENGTH, { ...PARAMS, maxmem: 64 * 1024 * 1024 }));
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await withHashSlot(() => scrypt(password, Buffer.from(salt, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 }));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

// Passwords of ten or more characters that people choose most often (written for this project
// from the patterns every breach list shares: keyboard runs, counting, "password" and friends).
const COMMON = new Set([
  '1234567890', '0123456789', '0987654321', '1111111111', '0000000000', '1234512345', '1122334455',
  'qwertyuiop', 'asdfghjkl;', 'zxcvbnm123', 'qwerty1234', 'qwerty12345', '1q2w3e4r5t', 'q1w2e3r4t5',
  'password12', 'password123', 'password1234', 'passw0rd123', 'p@ssword123', 'password!!', 'mypassword',
  'iloveyou12', 'iloveyou123', 'letmein123', 'welcome123', 'welcome2024', 'welcome2025', 'welcome2026',
  'football12', 'football123', 'baseball123', 'basketball', 'superman123', 'batman1234', 'princess123',
  'sunshine123', 'starwars123', 'dragon1234', 'monkey1234', 'master1234', 'shadow1234', 'trustno1234',
  'administrator', 'admin12345', 'changeme123', 'abcdefghij', 'abcd123456', 'abc1234567', 'aaaaaaaaaa',
  'qazwsxedcrfv', '1qaz2wsx3edc', 'zaq12wsxcde3', 'computer123', 'internet123', 'whatever123',
]);

/** Why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, context: { email?: string; name?: string } = {}): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > 200) return 'Use at most 200 characters.';
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'That password is among the most common ones; choose another.';
  if (/^(.)\1+$/.test(password)) return 'That password repeats one character; choose another.';
  if (/^(?:0123456789|1234567890|9876543210|abcdefghijklmnopqrstuvwxyz)/.test(lower) || '01234567890123456789'.includes(lower)) {
    return 'That password is a simple sequence; choose another.';
  }
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return 'Do not use your email address in your password.';
  return null;
}
