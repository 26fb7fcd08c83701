// The file outbox a test site writes its email to (one file per message, named in order).
import fs from 'node:fs';
import path from 'node:path';
import type { TestSite } from './site.ts';

/** Every message written so far, oldest first. */
export function outbox(site: TestSite): string[] {
  const dir = site.config.outboxDir;
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).sort().map((f) => fs.readFileSync(path.join(dir, f), 'utf8')) : [];
}

/** Messages sent after the answer (sign-up, reset): waits up to 5 s for `count` more than `before`. */
export async function outboxAfter(site: TestSite, before: number, count: number): Promise<string[]> {
  for (let i = 0; i < 100 && outbox(site).length < before + count; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  return outbox(site).slice(before);
}

/** The messages to one address. */
export function mailsTo(site: TestSite, address: string): string[] {
  return outbox(site).filter((mail) => mail.includes(`To: ${address}`));
}
