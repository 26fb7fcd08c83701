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

export function bruteForceGuard(counter: AttemptCounter) {
  const ipKey = (kind: string, ip: string) => `${kind}:ip:${ip}`;
  const accountKey = (kind: string, email: string) => `${kind}:account:${email.trim().toLowerCase()}`;
  return {
    /**
     * Before checking a password: throws when this address or this account must wait. The
     * account's attempt is counted here, atomically, before the password is looked at (and
     * forgotten on success): a burst of parallel guesses cannot all pass a check made before
     * any of them was counted (security review #10.5).
     */
    async beforeSignIn(ip: string, email: string): Promise<void> {
      const failures = await counter.hit(accountKey('sign-in', email), LIMITS.signInFailuresPerAccount.windowMs);
      if (failures.hits > LIMITS.signInFailuresPerAccount.max) {
        throw new TooManyAttempts('SIGN_IN_LOCKED', `Too many wrong passwords for this account. Try again in ${wait(failures.retryAfterSeconds)}, or reset your password.`, failures.retryAfterSeconds);
      }
      const fromIp = await counter.hit(ipKey('sign-in', ip), LIMITS.signInPerIp.windowMs);
      if (fromIp.hits > LIMITS.signInPerIp.max) {
        throw new TooManyAttempts('SIGN_IN_TOO_MANY_FROM_NETWORK', `Too many sign-in attempts from your network. Try again in ${wait(fromIp.retryAfterSeconds)}.`, fromIp.retryAfterSeconds);
      }
    },
    async signInSucceeded(email: string): Promise<void> {
      await counter.reset(accountKey('sign-in', email));
    },
    /** Before sending a verification email again: a few an hour per account and per address (#10.11). */
    async beforeVerificationResend(ip: string, email: string): Promise<void> {
      const fromIp = await counter.hit(ipKey('resend', ip), LIMITS.resendPerIp.windowMs);
      const forAccount = await counter.hit(accountKey('resend', email), LIMITS.resendPerAccount.windowMs);
      const over = fromIp.hits > LIMITS.resendPerIp.max ? fromIp : forAccount.hits > LIMITS.resendPerAccount.max ? forAccount : null;
      if (over) throw new TooManyAttempts('VERIFY_RESEND_TOO_MANY', `We have sent the confirmation email several times already. Check your spam folder, or try again in ${wait(over.retryAfterSeconds)}.`, over.retryAfterSeconds);
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
