// The file outbox a test site writes its email to (one file per message, named in order).
// Email is queued in the database and sent by the outbox sender; these helpers run a send pass
// first, as the sender job would a moment later.
import fs from 'node:fs';
import path from 'node:path';
import type { TestSite } from './site.ts';

function written(site: TestSite): string[] {
  const dir = site.config.outboxDir;
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).sort().map((f) => fs.readFileSync(path.join(dir, f), 'utf8')) : [];
}

/** Every message sent so far, oldest first, after sending what is queued. */
export async function outbox(site: TestSite): Promise<string[]> {
  await site.app.outbox.flush();
  return written(site);
}

/** The messages after the first `before`: sends what is queued, then expects at least `count` more. */
export async function outboxAfter(site: TestSite, before: number, count: number): Promise<string[]> {
  for (let i = 0; i < 100 && (await outbox(site)).length < before + count; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  return written(site).slice(before);
}

/** The messages to one address. */
export async function mailsTo(site: TestSite, address: string): Promise<string[]> {
  return (await outbox(site)).filter((mail) => mail.includes(`To: ${address}`));
}
