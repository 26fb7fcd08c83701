// Signed-in people for the benchmarks, made directly in the database: the benchmarks measure
// posting and saving, not sign-in. Each has a session token and the CSRF token its forms would
// carry (an HMAC of the session under the site's secret).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Role } from '../src/modules/accounts/index.ts';
import { siteSecret } from '../src/modules/settings/index.ts';
import { csrfTokenFor } from '../src/web/plugins/forms.ts';
import type { Db } from '../src/storage/index.ts';

export interface BenchSession {
  id: string;
  name: string;
  token: string;
  csrf: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** `count` accounts with the role, `<prefix><n>@bench.example` named `<label> <n>`, each signed in for a day. */
export async function makeSessions(db: Db, count: number, options: { prefix: string; label: string; role: Role }): Promise<BenchSession[]> {
  const secret = await siteSecret(db, 'csrf');
  const now = new Date().toISOString();
  const later = new Date(Date.now() + 86_400_000).toISOString();
  const sessions: BenchSession[] = [];
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    const token = randomBytes(32).toString('base64url');
    const name = `${options.label} ${i}`;
    await db.insertInto('users').values({ id, email: `${options.prefix}${i}@bench.example`, display_name: name, password_hash: 'unusable', role: options.role, email_verified_at: now, created_at: now }).execute();
    await db.insertInto('sessions').values({ token_sha256: sha256(token), user_id: id, created_at: now, expires_at: later }).execute();
    sessions.push({ id, name, token, csrf: csrfTokenFor(secret, `s:${token}`) });
  }
  return sessions;
}
