// Limits on guessing: per address and per account, on sign-in and on password-reset requests.
// Counts live in a shared store, so every app process enforces the same limits.
import { AppError, type ErrorCode } from '../../errors.ts';
import type { AttemptCounter } from '../../storage/index.ts';

export const LIMITS = {
  /** Any sign-in attempts from one address. */
  signInPerIp: { max: 30, windowMs: 15 * 60_000 },
  /** Wrong passwords for one account, from anywhere. */
  /** Sign-in attempts for one account, from anywhere, until one succeeds. */
  signInFailuresPerAccount: { max: 5, windowMs: 15 * 60_000 },
  resetPerIp: { max: 10, windowMs: 60 * 60_000 },
  resetPerAccount: { max: 3, windowMs: 60 * 60_000 },
  /** Verification emails sent again for one account, and from one address. */
  resendPerAccount: { max: 3, windowMs: 60 * 60_000 },
  resendPerIp: { max: 10, windowMs: 60 * 60_000 },
  /** Sign-up emails to one address, whether it is new or has an account (so the two answer alike). */
  signUpMailPerAddress: { max: 3, windowMs: 60 * 60_000 },
} as const;

export class TooManyAttempts extends AppError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(code, message);
  }
}

function wait(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

const FIRST_DELAY_MS = 15_000;
const MAX_DELAY_MS = 15 * 60_000;
/** How long an address the account signed in from stays known (the cleanup job keeps them that long). */
export const KNOWN_ADDRESS_MS = 180 * 86_400_000;
export const KNOWN_ADDRESS_PREFIX = 'sign-in:known:';

export function bruteForceGuard(counter: AttemptCounter) {
  const ipKey = (kind: string, ip: string) => `${kind}:ip:${ip}`;
  const accountKey = (kind: string, email: string) => `${kind}:account:${email.trim().toLowerCase()}`;
  const knownKey = (email: string, ip: string) => `${KNOWN_ADDRESS_PREFIX}${email.trim().toLowerCase()}:${ip}`;
  return {
    /**
     * Before checking a password: throws when this address or this account must wait. The
     * account's attempt is counted first, atomically (and forgotten on success), so a burst
     * of parallel guesses cannot all pass a check made before any was counted (#10.5). Past
     * the limit the account is slowed, not locked: each attempt waits a delay that doubles
     * with the attempts made (30 seconds after the limit, up to 15 minutes) (#10.19). An address the account signed in
     * from before is not held back by guesses made elsewhere.
     */
    async beforeSignIn(ip: string, email: string): Promise<void> {
      const fromIp = await counter.hit(ipKey('sign-in', ip), LIMITS.signInPerIp.windowMs);
      if (fromIp.hits > LIMITS.signInPerIp.max) {
        throw new TooManyAttempts('SIGN_IN_TOO_MANY_FROM_NETWORK', `Too many sign-in attempts from your network. Try again in ${wait(fromIp.retryAfterSeconds)}.`, fromIp.retryAfterSeconds);
      }
      const known = await counter.peek(knownKey(email, ip), KNOWN_ADDRESS_MS);
      if (known.hits > 0) return;
      const { max, windowMs } = LIMITS.signInFailuresPerAccount;
      const attempts = await counter.hit(accountKey('sign-in', email), windowMs);
      if (attempts.hits < max) return;
      // From the limit on, one attempt per delay: whoever starts the delay goes ahead.
      const delayMs = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (attempts.hits - max));
      const delay = await counter.hit(accountKey('sign-in-delay', email), delayMs);
      if (attempts.hits === max || delay.hits === 1) return;
      throw new TooManyAttempts('SIGN_IN_LOCKED', `Too many wrong passwords for this account. Try again in ${wait(delay.retryAfterSeconds)}, or reset your password.`, delay.retryAfterSeconds);
    },
    async signInSucceeded(email: string, ip: string): Promise<void> {
      await counter.reset(accountKey('sign-in', email));
      await counter.reset(accountKey('sign-in-delay', email));
      await counter.hit(knownKey(email, ip), KNOWN_ADDRESS_MS);
    },
    /** Before sending a verification email again: a few an hour per account and per address (#10.11). */
    async beforeVerificationResend(ip: string, email: string): Promise<void> {
      const fromIp = await counter.hit(ipKey('resend', ip), LIMITS.resendPerIp.windowMs);
      const forAccount = await counter.hit(accountKey('resend', email), LIMITS.resendPerAccount.windowMs);
      const over = fromIp.hits > LIMITS.resendPerIp.max ? fromIp : forAccount.hits > LIMITS.resendPerAccount.max ? forAccount : null;
      if (over) throw new TooManyAttempts('VERIFY_RESEND_TOO_MANY', `We have sent the confirmation email several times already. Check your spam folder, or try again in ${wait(over.retryAfterSeconds)}.`, over.retryAfterSeconds);
    },
    /** Before a sign-up's email: a few an hour per address, so the form cannot flood an inbox. */
    async beforeSignUpMail(email: string): Promise<void> {
      const forAddress = await counter.hit(accountKey('sign-up', email), LIMITS.signUpMailPerAddress.windowMs);
      if (forAddress.hits > LIMITS.signUpMailPerAddress.max) {
        throw new TooManyAttempts('SIGN_UP_TOO_MANY_FOR_ADDRESS', `We have already sent several messages to this address. Check your inbox and spam folder, or try again in ${wait(forAddress.retryAfterSeconds)}.`, forAddress.retryAfterSeconds);
      }
    },
    async beforeReset(ip: string, email: string): Promise<void> {
      const fromIp = await counter.hit(ipKey('reset', ip), LIMITS.resetPerIp.windowMs);
      if (fromIp.hits > LIMITS.resetPerIp.max) {
        throw new TooManyAttempts('RESET_TOO_MANY_FROM_NETWORK', `Too many reset requests from your network. Try again in ${wait(fromIp.retryAfterSeconds)}.`, fromIp.retryAfterSeconds);
      }
      const forAccount = await counter.hit(accountKey('reset', email), LIMITS.resetPerAccount.windowMs);
      if (forAccount.hits > LIMITS.resetPerAccount.max) {
        throw new TooManyAttempts('RESET_TOO_MANY_FOR_ACCOUNT', `We have already sent several reset links to this address. Try again in ${wait(forAccount.retryAfterSeconds)}.`, forAccount.retryAfterSeconds);
      }
    },
  };
}

export type BruteForceGuard = ReturnType<typeof bruteForceGuard>;
