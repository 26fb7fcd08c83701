// A proof-of-work challenge for the tip form, self-hosted and without cookies: the server picks
// a secret number below `max` and sends sha256(salt + number) with an HMAC over it; the
// browser finds the number by trying them all (about half a second), and sends it back. The
// salt carries its expiry and is remembered once spent, so one solution opens one tip. A bot
// that skips the work is held to the tighter limit of tips sent without it (JavaScript off).
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../../storage/index.ts';
import { sha256Hex as sha256 } from '../text/index.ts';

export const CHALLENGE_MAX = 60_000;
const LIFETIME_MS = 2 * 60 * 60 * 1000;

export interface TipChallenge {
  salt: string;
  challenge: string;
  max: number;
  signature: string;
}

const sign = (secret: Buffer, challenge: string) => createHmac('sha256', secret).update(challenge).digest('hex');

export function createChallenge(secret: Buffer, now = Date.now()): TipChallenge {
  const salt = `${randomBytes(12).toString('hex')}.${now + LIFETIME_MS}`;
  const challenge = sha256(salt + randomInt(CHALLENGE_MAX));
  return { salt, challenge, max: CHALLENGE_MAX, signature: sign(secret, challenge) };
}

/** The form's answer: "salt:number:signature". */
export const solutionText = (c: TipChallenge, number: number) => `${c.salt}:${number}:${c.signature}`;

/** Finds the number (for tests and the benchmark; the browser does the same in tip-form.js). */
export function solveChallenge(c: TipChallenge): number {
  for (let n = 0; n <= c.max; n++) if (sha256(c.salt + n) === c.challenge) return n;
  throw new Error('the challenge has no solution');
}

/** A solution whose work is right and not expired (not yet known to be unspent), or why not. */
export type ChallengeCheck = { kind: 'checked'; salt: string; expiresAt: string } | { kind: 'missing' } | { kind: 'invalid' };

/** Checks a solution's work and signature; needs no database. */
export function checkSolution(secret: Buffer, answer: string | undefined, now = Date.now()): ChallengeCheck {
  if (!answer) return { kind: 'missing' };
  const match = /^([0-9a-f]{24})\.(\d{13}):(\d{1,7}):([0-9a-f]{64})$/.exec(answer);
  if (!match) return { kind: 'invalid' };
  const salt = `${match[1]}.${match[2]}`;
  if (Number(match[2]) < now || Number(match[3]) > CHALLENGE_MAX) return { kind: 'invalid' };
  const expected = Buffer.from(sign(secret, sha256(salt + match[3])), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(match[4]!, 'hex'))) return { kind: 'invalid' };
  return { kind: 'checked', salt, expiresAt: new Date(Number(match[2])).toISOString() };
}

/** Spends a checked solution (in the tip's transaction, so a refused tip does not spend it); false when it was spent before. */
export async function spendSolution(db: Queryable, check: Extract<ChallengeCheck, { kind: 'checked' }>): Promise<boolean> {
  const spent = await db.insertInto('tip_challenges').values({ salt: check.salt, expires_at: check.expiresAt }).onConflict((oc) => oc.column('salt').doNothing()).returning('salt').executeTakeFirst();
  return spent !== undefined;
}

export async function purgeSpentChallenges(db: Queryable, now = new Date()): Promise<number> {
  const result = await db.deleteFrom('tip_challenges').where('expires_at', '<', now.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
