// The links in list mail that work without signing in: unsubscribe (one click, RFC 8058) and
// the preferences page. Each carries the subscriber's id and an HMAC of it under a secret the
// site keeps, so a link cannot be made for someone else's address; it names no email address.
import { createHmac, timingSafeEqual } from 'node:crypto';

const mac = (secret: Buffer, subscriberId: string) => createHmac('sha256', secret).update(`subscriber:${subscriberId}`).digest('base64url').slice(0, 32);

export function subscriberToken(secret: Buffer, subscriberId: string): string {
  return `${subscriberId}.${mac(secret, subscriberId)}`;
}

/** The subscriber a token names, or null when it is not one this site made. */
export function subscriberFromToken(secret: Buffer, token: string): string | null {
  const match = /^([0-9a-f-]{36})\.([\w-]{32})$/.exec(token);
  if (!match) return null;
  const [, id = '', given = ''] = match;
  const expected = Buffer.from(mac(secret, id));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? id : null;
}
